"""Every record about a requester, from the cases chosen as theirs, as plain data (the
bundle's JSON, and what its HTML and PDF show): each complaint's fields, contact
details, concerns, findings, every timeline entry (internal notes too, for staff to
redact what is exempt), messages sent, decisions, reviews, recommendations, deployment
links and evidence metadata.

Nothing of anyone else: a link to another complaint says only that a link exists and
its kind, never the other complaint's reference or anything in it; a link's timeline
entry is shown the same way. Duplicate suggestions are not records of the requester
and are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from enum import Enum
from typing import TypeAlias

import sqlalchemy as sa

from oversight.complaints.enums import TimelineKind
from oversight.complaints.models import Complaint, ComplaintLink
from oversight.extensions import db
from oversight.links.models import DeploymentLink
from oversight.notify.models import OutboxMessage
from oversight.rights.redaction import redact_text

Value: TypeAlias = str | int | float | bool | None
Row: TypeAlias = dict[str, Value]
# One case's records: "reference", then sections, each a row or a list of rows.
Records: TypeAlias = dict[str, object]

# The sections of a case, in the order the documents show them, with their headings.
SECTIONS = {
    "complaint": "The complaint",
    "contact_details": "Contact details",
    "concerns": "Concerns",
    "findings": "Findings",
    "timeline": "History of the case",
    "messages": "Messages sent",
    "decisions": "Decisions",
    "reviews": "Reviews",
    "recommendations": "Recommendations to the police force",
    "deployments": "Deployment records linked",
    "evidence": "Evidence files",
    "links": "Links to other complaints",
}


def plain(value: object) -> Value:
    """A value as the documents hold it: enums by their label, times in ISO 8601."""
    if value is None or isinstance(value, (str, int, float, bool)):
        return value
    if isinstance(value, Enum):
        label = getattr(value, "label", None)
        return str(label) if label is not None else str(value.value)
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value)


def _row(**values: object) -> Row:
    return {name: plain(value) for name, value in values.items()}


def _timeline_body(kind: TimelineKind, body: str | None) -> str | None:
    if kind is TimelineKind.LINK:
        # "duplicate_of FR-…": the other complaint's reference is not the requester's.
        return "Linked to another complaint"
    return body


def case_records(complaint: Complaint) -> Records:
    person = complaint.complainant
    messages = db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.complaint_id == complaint.id)
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
    ).all()
    deployment_links = db.session.scalars(
        sa.select(DeploymentLink)
        .where(DeploymentLink.complaint_id == complaint.id)
        .order_by(DeploymentLink.id)
    ).all()
    links = db.session.scalars(
        sa.select(ComplaintLink)
        .where(
            sa.or_(
                ComplaintLink.complaint_id == complaint.id, ComplaintLink.other_id == complaint.id
            )
        )
        .order_by(ComplaintLink.id)
    ).all()
    return {
        "reference": complaint.reference,
        "complaint": _row(
            reference=complaint.reference,
            received_at=complaint.received_at,
            channel=complaint.channel,
            technology=complaint.technology,
            force=complaint.force.name if complaint.force else None,
            incident_date=complaint.incident_date,
            incident_date_approximate=complaint.incident_date_approximate,
            place=complaint.place,
            what_happened=complaint.what_happened,
            relation=complaint.relation,
            outcome_wanted=complaint.outcome_wanted,
            status=complaint.status,
            priority=complaint.priority,
            priority_reason=complaint.priority_reason,
            referred_to=complaint.referred_to,
            closure_reason=complaint.closure_reason,
            overall_outcome=complaint.overall_outcome,
            decision_summary=complaint.decision_summary,
            language=complaint.language,
            decision_issued_at=complaint.decision_issued_at,
            closed_at=complaint.closed_at,
        ),
        "contact_details": _row(
            name=person.name,
            email=person.email,
            phone=person.phone,
            postal_address=person.postal_address,
            preferred_contact=person.preferred_contact,
            preferred_language=person.preferred_language,
            accessibility_needs=person.accessibility_needs,
            consent_to_share=person.consent_to_share,
        )
        if person
        else None,
        "concerns": [_row(concern=c.concern) for c in complaint.concerns],
        "findings": [
            _row(concern=f.concern, finding=f.finding, note=f.note) for f in complaint.findings
        ],
        "timeline": [
            _row(
                at=entry.at,
                kind=entry.kind,
                by=entry.actor,
                from_status=entry.from_status,
                to_status=entry.to_status,
                reason=entry.reason,
                text=_timeline_body(entry.kind, entry.body),
                audience="for the complainant" if entry.visible_to_complainant else "internal",
            )
            for entry in complaint.timeline
        ],
        "messages": [
            _row(
                created_at=m.created_at,
                sent_at=m.sent_at,
                kind=m.kind,
                language=m.language,
                recipient=m.recipient,
                subject=m.subject,
                body=m.body,
            )
            for m in messages
        ],
        "decisions": [
            _row(
                number=d.number,
                issued_at=d.issued_at,
                overall_outcome=d.overall_outcome,
                summary=d.summary,
                findings="; ".join(
                    f"{f.get('concern')}: {f.get('finding')}"
                    for f in (d.findings if isinstance(d.findings, list) else [])
                    if isinstance(f, dict)
                ),
            )
            for d in complaint.decisions
        ],
        "reviews": [
            _row(
                requested_at=r.requested_at,
                reasons=r.reasons,
                outcome=r.outcome,
                explanation=r.explanation,
                decided_at=r.decided_at,
            )
            for r in complaint.reviews
        ],
        "recommendations": [
            _row(
                force=r.force.name,
                text=r.text,
                due_date=r.due_date,
                response=r.response,
                responded_at=r.responded_at,
                audience="for the complainant" if r.visible_to_complainant else "internal",
            )
            for r in complaint.recommendations
        ],
        "deployments": [
            _row(
                state=link.state,
                force=link.deployment.force.name if link.deployment.force else None,
                deployed_on=link.deployment.deployed_on,
                location=link.deployment.location_name,
                technology=link.deployment.technology,
            )
            for link in deployment_links
        ],
        "evidence": [
            _row(
                file=evidence_path(e.id, e.original_name),
                original_name=e.original_name,
                content_type=e.content_type.value,
                size=e.size,
                sha256=e.sha256,
                uploaded_by=e.uploaded_by,
                uploaded_at=e.uploaded_at,
            )
            for e in complaint.evidence
        ],
        "links": [_row(**{"kind": link.kind, "with": "another complaint"}) for link in links],
    }


def _safe_name(name: str) -> str:
    kept = "".join(c if c.isalnum() or c in "._-" else "_" for c in name)
    return kept.strip("._")[:80] or "file"


def evidence_path(evidence_id: int, original_name: str) -> str:
    return f"evidence/{evidence_id}-{_safe_name(original_name)}"


def redacted(value: object, phrases: Sequence[str]) -> object:
    """The records with every phrase replaced in every piece of text."""
    if not phrases:
        return value
    if isinstance(value, str):
        return redact_text(value, phrases)
    if isinstance(value, dict):
        return {key: redacted(item, phrases) for key, item in value.items()}
    if isinstance(value, list):
        return [redacted(item, phrases) for item in value]
    return value


def all_records(complaints: Sequence[Complaint]) -> list[Records]:
    return [case_records(complaint) for complaint in complaints]
