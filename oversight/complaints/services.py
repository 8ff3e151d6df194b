"""Making a complaint from a finished draft."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask import Config

from oversight.audit import services as audit
from oversight.complaints import codes
from oversight.complaints.answers import Answers
from oversight.complaints.enums import (
    Channel,
    Concern,
    ContactMethod,
    Language,
    Relation,
    Status,
    Technology,
    TimelineKind,
)
from oversight.complaints.models import (
    Complainant,
    Complaint,
    ComplaintConcern,
    Evidence,
    TimelineEntry,
)
from oversight.extensions import db
from oversight.forces.models import force_by_slug
from oversight.links import suggestions
from oversight.workdays import add_working_days, local_date

PUBLIC_ACTOR = "public"


class IncompleteDraft(ValueError):
    """The draft lacks an answer; `step` names the question to ask."""

    def __init__(self, step: str) -> None:
        super().__init__(step)
        self.step = step


@dataclass(frozen=True)
class Targets:
    """Working days from receipt to each due date."""

    acknowledge: int
    triage: int
    decision: int

    @classmethod
    def from_config(cls, config: Config) -> Targets:
        return cls(
            config["ACKNOWLEDGE_WORKING_DAYS"],
            config["TRIAGE_WORKING_DAYS"],
            config["DECISION_WORKING_DAYS"],
        )


def new_unique_reference() -> str:
    while True:
        reference = codes.new_reference()
        taken = db.session.scalar(sa.select(Complaint.id).where(Complaint.reference == reference))
        if taken is None:
            return reference


def find_by_submission(submission_key: str) -> Complaint | None:
    return db.session.scalar(sa.select(Complaint).where(Complaint.submission_key == submission_key))


def find_by_reference(reference: str) -> Complaint | None:
    return db.session.scalar(sa.select(Complaint).where(Complaint.reference == reference))


def create_complaint(
    answers: Answers,
    *,
    tracking_code: str,
    received_at: datetime,
    targets: Targets,
    channel: Channel = Channel.WEB,
    language: Language = Language.ENGLISH,
    submission_key: str | None = None,
    actor: str = PUBLIC_ACTOR,
) -> Complaint:
    """Add a complaint built from a complete set of answers to the session."""
    force = None
    if answers["force"] != "unknown":
        force = force_by_slug(answers["force"])
        if force is None:
            raise IncompleteDraft("force")
    received_on = local_date(received_at)
    complaint = Complaint(
        reference=new_unique_reference(),
        submission_key=submission_key,
        channel=channel,
        technology=Technology(answers["technology"]),
        force=force,
        incident_date=date.fromisoformat(answers["incident_date"]),
        incident_date_approximate=bool(answers.get("incident_date_approximate")),
        place=answers["place"],
        what_happened=answers["what_happened"],
        relation=Relation(answers["relation"]),
        outcome_wanted=answers["outcome_wanted"],
        status=Status.RECEIVED,
        language=language,
        tracking_code_hash=codes.hash_tracking_code(tracking_code),
        received_at=received_at,
        acknowledge_by=add_working_days(received_on, targets.acknowledge),
        triage_by=add_working_days(received_on, targets.triage),
        decision_by=add_working_days(received_on, targets.decision),
        created_at=received_at,
        updated_at=received_at,
    )
    complaint.due_on = complaint.next_due()
    complaint.concerns = [
        ComplaintConcern(concern=Concern(c)) for c in sorted(set(answers["concerns"]))
    ]
    if answers.get("wants_contact") == "yes":
        # The language they asked to be written to in, if they answered: it is the
        # complaint's language from then on (Welsh first when they asked for both).
        write_in = answers.get("write_in")
        if write_in in (Language.ENGLISH, Language.WELSH):
            language = complaint.language = Language(write_in)
        elif write_in == "both":
            language = complaint.language = Language.WELSH
        complaint.complainant = Complainant(
            name=answers["name"],
            email=answers.get("email"),
            phone=answers.get("phone"),
            postal_address=answers.get("postal_address"),
            preferred_contact=ContactMethod(answers["preferred_contact"]),
            preferred_language=language,
            accessibility_needs=answers.get("accessibility_needs"),
            consent_to_share=answers.get("consent_to_share") == "yes",
            both_languages=answers.get("write_in") == "both",
        )
    complaint.evidence = [
        Evidence(
            original_name=entry["name"],
            content_type=entry["type"],
            size=entry["size"],
            sha256=entry["sha256"],
            storage_key=entry["key"],
            uploaded_by=actor,
            uploaded_at=received_at,
        )
        for entry in answers.get("files", [])
    ]
    complaint.timeline = [
        TimelineEntry(
            kind=TimelineKind.STATUS_CHANGE,
            at=received_at,
            actor=actor,
            to_status=Status.RECEIVED,
            visible_to_complainant=True,
        )
    ]
    db.session.add(complaint)
    db.session.flush()
    audit.record(
        "complaint.submitted",
        actor=actor,
        object_type="complaint",
        object_id=complaint.reference,
        reference=complaint.reference,
        channel=channel.value,
        evidence_count=len(complaint.evidence),
    )
    # The deployment the person picked, if it still fits their answers (else dropped).
    named = suggestions.named_in_answers(answers, force, complaint.technology)
    if named is not None:
        suggestions.record_named(complaint, named, actor)
    return complaint
