"""The answers a complaint is made from, as the draft keeps them (JSON) and
oversight.complaints.services.create_complaint reads them: the public questions' answers
(oversight.public.questions), or those of a caseworker's form for a complaint that came
by email, post or phone (oversight.casework.intake.forms.LogComplaintForm).

Every key is optional while the questions are being answered; create_complaint reads
those a complete set must have. Choices are kept as their enum values (`Technology`,
`Concern`, `Relation`, `ContactMethod`), yes/no answers as "yes" or "no".
"""

from __future__ import annotations

from typing import Literal, NotRequired, TypedDict


class EvidenceFile(TypedDict):
    """A file uploaded with the complaint, as kept in the draft."""

    key: str  # where the evidence store keeps it
    name: str  # the file's name as the person sent it (cleaned), with its real extension
    type: str  # its content type, from its content
    size: int
    sha256: str
    cleaned: NotRequired[bool]  # a photo's location and camera details were removed


class Answers(TypedDict, total=False):
    technology: str
    force: str  # a force's slug, or "unknown"
    incident_date: str  # ISO date; the 1st of the month when approximate
    incident_date_approximate: bool
    place: str
    deployment: str  # a deployment's id, or "none"
    deployment_for: str  # the answers the deployment was picked for
    what_happened: str
    concerns: list[str]
    relation: str
    outcome_wanted: str
    files: list[EvidenceFile]
    wants_contact: str
    name: str
    email: str | None
    phone: str | None
    postal_address: str | None
    preferred_contact: str
    write_in: str | None  # "en", "cy" or "both" (Welsh then English)
    accessibility_needs: str | None
    consent_to_share: str


# The keys of Answers, for code that walks them (which a question asks, which it needs).
AnswerKey = Literal[
    "technology",
    "force",
    "incident_date",
    "incident_date_approximate",
    "place",
    "deployment",
    "deployment_for",
    "what_happened",
    "concerns",
    "relation",
    "outcome_wanted",
    "files",
    "wants_contact",
    "name",
    "email",
    "phone",
    "postal_address",
    "preferred_contact",
    "write_in",
    "accessibility_needs",
    "consent_to_share",
]
