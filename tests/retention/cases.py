"""Closed cases holding every kind of personal record the schedule covers, and what is
left of each kind after a run."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app

from oversight.complaints.enums import Channel, ClosureReason, Finding, Status, TimelineKind
from oversight.complaints.evidence import evidence_store
from oversight.complaints.models import Complaint, Evidence, Recommendation, TimelineEntry
from oversight.extensions import db
from oversight.forces.models import force_by_slug
from oversight.notify.models import MessageKind, OutboxMessage
from oversight.retention.models import PendingFileDeletion, RetentionApplied
from oversight.retention.schedule import RecordKind
from tests import files
from tests.factories import make_case

# A BST evening in UTC: the UK date is the next day, 28 August 2026.
CLOSED_AT = datetime(2026, 8, 27, 23, 30, tzinfo=UTC)
SECRET = "Jo's neighbour Sam saw it"  # words about the person, in every free text


def closed_case(closed_at: datetime = CLOSED_AT, channel: Channel = Channel.WEB) -> Complaint:
    """A case decided and closed at `closed_at`, with contact details, evidence (a file in
    the store), internal and public notes, correspondence (sent, replied online, logged
    by staff), messages, a decision, a review and a recommendation. Flushed."""
    complaint = make_case(
        Status.DECISION_ISSUED,
        findings=Finding.UPHELD,
        place=f"Outside the stadium. {SECRET}",
        what_happened=f"A van scanned faces. {SECRET}",
        outcome_wanted=f"An apology. {SECRET}",
        priority_reason=f"Vulnerable person. {SECRET}",
    )
    complaint.channel = channel
    complaint.decision_summary = f"The force put up no signs. {SECRET}"
    complaint.decisions[0].summary = complaint.decision_summary
    for finding in complaint.findings:
        finding.note = f"Checked the signage log. {SECRET}"
    stored = evidence_store().save(io.BytesIO(files.pdf()), "letter.pdf")
    complaint.evidence.append(
        Evidence(
            original_name=f"{SECRET}.pdf",
            content_type=stored.content_type,
            size=stored.size,
            sha256=stored.sha256,
            storage_key=stored.key,
            uploaded_by="public",
        )
    )
    entries = [
        (TimelineKind.NOTE, "user:1", False, f"Internal: called the force. {SECRET}"),
        (TimelineKind.NOTE, "user:1", True, f"For you: we called the force. {SECRET}"),
        (TimelineKind.CORRESPONDENCE_OUT, "user:1", True, f"Which day? {SECRET}"),
        (TimelineKind.CORRESPONDENCE_IN, "public", True, f"The 14th. {SECRET}"),
        (TimelineKind.CORRESPONDENCE_IN, "user:1", False, f"Phoned: the 14th. {SECRET}"),
        (TimelineKind.EVIDENCE_ADDED, "public", True, f"{SECRET}.pdf"),
        (TimelineKind.DECISION, "user:1", True, complaint.decision_summary),
    ]
    for kind, actor, visible, body in entries:
        complaint.timeline.append(
            TimelineEntry(kind=kind, actor=actor, body=body, visible_to_complainant=visible)
        )
    complaint.timeline.append(
        TimelineEntry(
            kind=TimelineKind.STATUS_CHANGE,
            actor="user:1",
            at=closed_at,
            from_status=Status.DECISION_ISSUED,
            to_status=Status.CLOSED,
            reason=ClosureReason.OUTCOME_ISSUED,
            body=f"Closed. {SECRET}",
            visible_to_complainant=True,
        )
    )
    complaint.recommendations.append(
        Recommendation(
            force=force_by_slug("south-wales"),
            text=f"Put up signs. {SECRET}",
            due_date=closed_at.date(),
            created_by="user:1",
        )
    )
    for kind in (MessageKind.ACKNOWLEDGEMENT, MessageKind.OUTCOME):
        db.session.add(
            OutboxMessage(
                complaint_id=complaint.id,
                kind=kind,
                language="en",
                recipient="jo@example.com",
                subject="Your complaint",
                body=f"Dear Jo Bloggs. {SECRET}",
                sent_at=complaint.received_at,
            )
        )
    complaint.status = Status.CLOSED
    complaint.closed_at = closed_at
    complaint.closure_reason = ClosureReason.OUTCOME_ISSUED
    complaint.due_on = None
    db.session.flush()
    return complaint


def _timeline(complaint: Complaint, kind: TimelineKind, **where: Any) -> list[str | None]:
    return [
        entry.body
        for entry in complaint.timeline
        if entry.kind is kind and all(getattr(entry, k) == v for k, v in where.items())
    ]


def left(case: Complaint | int) -> dict[RecordKind, bool]:
    """For each kind, whether any of its records is still on the case (or case id)."""
    case_id = case if isinstance(case, int) else case.id
    db.session.expire_all()
    complaint = db.session.get(Complaint, case_id)
    messages = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.complaint_id == complaint.id)
    ).all()
    logged = _timeline(complaint, TimelineKind.CORRESPONDENCE_IN, actor="user:1")
    free = [
        complaint.what_happened,
        complaint.decision_summary,
        *(d.summary for d in complaint.decisions),
        *(r.reasons for r in complaint.reviews),
        *(r.text for r in complaint.recommendations),
        *_timeline(complaint, TimelineKind.NOTE, visible_to_complainant=True),
        *_timeline(complaint, TimelineKind.STATUS_CHANGE),
        *_timeline(complaint, TimelineKind.DECISION),
    ]
    if complaint.channel is Channel.WEB:
        free.append(complaint.place)
    return {
        RecordKind.CONTACT_DETAILS: complaint.complainant is not None,
        RecordKind.FREE_TEXT: any(text for text in free),
        RecordKind.EVIDENCE: bool(complaint.evidence)
        or any(_timeline(complaint, TimelineKind.EVIDENCE_ADDED)),
        RecordKind.INTERNAL_NOTES: bool(
            _timeline(complaint, TimelineKind.NOTE, visible_to_complainant=False)
        )
        or complaint.priority_reason is not None
        or any(f.note for f in complaint.findings),
        RecordKind.MESSAGES: any(m.body or m.recipient for m in messages)
        or any(_timeline(complaint, TimelineKind.CORRESPONDENCE_OUT))
        or any(_timeline(complaint, TimelineKind.CORRESPONDENCE_IN, actor="public")),
        RecordKind.LOGGED_CALLS: any(logged)
        or (complaint.channel is not Channel.WEB and bool(complaint.place)),
    }


def files_kept(keys: list[str]) -> list[str]:
    """The evidence files among these still in the store."""
    store = evidence_store()
    return [key for key in keys if store.exists(key)]


def applied(complaint_id: int) -> set[RecordKind]:
    return set(
        db.session.scalars(
            sa.select(RetentionApplied.kind).where(RetentionApplied.complaint_id == complaint_id)
        )
    )


def pending_keys() -> set[str]:
    return set(db.session.scalars(sa.select(PendingFileDeletion.storage_key)))


def run(runner: Any, *args: str) -> Any:
    """`flask retention run` with these arguments; fails the test if the command did."""
    result = runner.invoke(args=["retention", "run", *args])
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    return result


def storage_root() -> str:
    return str(current_app.config["EVIDENCE_STORAGE_DIR"])
