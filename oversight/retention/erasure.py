"""Removing each kind of personal record from a case. Nothing here commits or audits:
the caller (a retention run, a rights request, the complainant's own request) does both,
in the transaction that removes the record.

What the published statistics count is never touched (oversight/statistics/compute):
the case's row with its status, dates, channel, force, technology, relation, closure
reason, referral and outcome; its concerns and findings; every status change on its
timeline; its decisions' and reviews' existence, times and outcomes; its
recommendations' existence, force and response; and every message's row with its kind
and times. Only the words go: blanked where the row is counted, the row deleted where
nothing counts it.

Evidence files are deleted only after the commit that removed their rows:
`erase_evidence` queues each file's key (oversight.retention.files.queue)
in the caller's transaction, and the caller, once committed, calls
oversight.retention.files.delete_pending to delete the bytes and clear the queue.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa

from oversight.complaints.enums import Channel, TimelineKind
from oversight.complaints.models import Complaint, TimelineEntry
from oversight.complaints.services import PUBLIC_ACTOR
from oversight.extensions import db
from oversight.notify import drafts as draft_messages
from oversight.notify.models import OutboxMessage
from oversight.public.models import ComplaintDraft
from oversight.retention import files as pending
from oversight.retention.schedule import RecordKind

# Timeline entries whose words are the complainant's, or written for or about them.
FREE_TEXT_KINDS = frozenset(
    {
        TimelineKind.STATUS_CHANGE,
        TimelineKind.NOTE,
        TimelineKind.CORRESPONDENCE_IN,
        TimelineKind.CORRESPONDENCE_OUT,
        TimelineKind.EVIDENCE_ADDED,
        TimelineKind.DECISION,
        TimelineKind.REVIEW,
    }
)


def erase_contact_details(complaint: Complaint) -> bool:
    """Delete the complainant's contact details; the case goes on as an anonymous one.

    Messages not yet sent lose their address (they stay, for the case's record, and are
    never sent). True when there was anything to remove.
    """
    complainant = complaint.complainant
    if complainant is None:
        return False
    db.session.delete(complainant)
    complaint.complainant = None
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.complaint_id == complaint.id, OutboxMessage.sent_at.is_(None))
        .values(recipient=None)
    )
    return True


def _blank_bodies(entries: list[TimelineEntry]) -> bool:
    changed = False
    for entry in entries:
        if entry.body is not None:
            entry.body = None
            changed = True
    return changed


def erase_free_text(complaint: Complaint) -> bool:
    """Anonymise the case: every word typed by or about the person goes (where and when
    it happened, what happened, what they want, the decisions' and reviews' words, the
    recommendations' text, every body on the timeline but links and assignments) and
    the answers of the draft it was sent from. What the statistics count stays."""
    changed = any((complaint.place, complaint.what_happened, complaint.outcome_wanted)) or any(
        value is not None for value in (complaint.decision_summary, complaint.incident_date)
    )
    complaint.place = ""
    complaint.what_happened = ""
    complaint.outcome_wanted = ""
    complaint.decision_summary = None
    complaint.incident_date = None
    complaint.incident_date_approximate = False
    for decision in complaint.decisions:
        changed = changed or bool(decision.summary)
        decision.summary = ""
    for review in complaint.reviews:
        changed = changed or bool(review.reasons) or review.explanation is not None
        review.reasons = ""
        review.explanation = None
    for recommendation in complaint.recommendations:
        changed = changed or bool(recommendation.text)
        recommendation.text = ""
    entries = [entry for entry in complaint.timeline if entry.kind in FREE_TEXT_KINDS]
    changed = _blank_bodies(entries) or changed
    drafts = list(
        db.session.scalars(
            sa.select(ComplaintDraft).where(ComplaintDraft.complaint_id == complaint.id)
        )
    )
    for draft in drafts:
        draft_messages.forget(draft.id)
        db.session.delete(draft)
    return changed or bool(drafts)


def erase_evidence(complaint: Complaint) -> bool:
    """Delete the case's evidence rows and queue their files for deletion after the
    commit; the timeline keeps that evidence was added, without the file's name."""
    files = list(complaint.evidence)
    pending.queue([evidence.storage_key for evidence in files])
    for evidence in files:
        complaint.evidence.remove(evidence)
    added = [e for e in complaint.timeline if e.kind is TimelineKind.EVIDENCE_ADDED]
    return _blank_bodies(added) or bool(files)


def erase_internal_notes(complaint: Complaint) -> bool:
    """Delete staff's notes for themselves: internal notes on the timeline, the notes on
    findings and the reason given for the priority."""
    notes = [
        entry
        for entry in complaint.timeline
        if entry.kind is TimelineKind.NOTE and not entry.visible_to_complainant
    ]
    for entry in notes:
        complaint.timeline.remove(entry)
    changed = bool(notes) or complaint.priority_reason is not None
    complaint.priority_reason = None
    for finding in complaint.findings:
        changed = changed or finding.note is not None
        finding.note = None
    return changed


def erase_messages(complaint: Complaint) -> bool:
    """Blank every message to the complainant (its words and address; its row, kind and
    times stay, for the acknowledgement's timeliness) and the words of the case's
    written correspondence: requests for information and the replies sent online."""
    result = db.session.execute(
        sa.update(OutboxMessage)
        .where(
            OutboxMessage.complaint_id == complaint.id,
            sa.or_(OutboxMessage.body != "", OutboxMessage.recipient.is_not(None)),
        )
        .values(body="", recipient=None)
        .execution_options(synchronize_session="fetch")
    )
    written = [
        entry
        for entry in complaint.timeline
        if entry.kind is TimelineKind.CORRESPONDENCE_OUT
        or (entry.kind is TimelineKind.CORRESPONDENCE_IN and entry.actor == PUBLIC_ACTOR)
    ]
    return _blank_bodies(written) or bool(result.rowcount)  # type: ignore[attr-defined]


def erase_logged_calls(complaint: Complaint) -> bool:
    """Blank what staff wrote down of calls and letters: replies logged by a caseworker,
    and a complaint made by phone, email or post as it was typed in."""
    logged = [
        entry
        for entry in complaint.timeline
        if entry.kind is TimelineKind.CORRESPONDENCE_IN and entry.actor != PUBLIC_ACTOR
    ]
    changed = _blank_bodies(logged)
    if complaint.channel is not Channel.WEB:
        changed = changed or any(
            (complaint.place, complaint.what_happened, complaint.outcome_wanted)
        )
        complaint.place = ""
        complaint.what_happened = ""
        complaint.outcome_wanted = ""
    return changed


# The eraser of each kind kept with a case (drafts and sessions are not a case's).
ERASERS: dict[RecordKind, Callable[[Complaint], bool]] = {
    RecordKind.CONTACT_DETAILS: erase_contact_details,
    RecordKind.FREE_TEXT: erase_free_text,
    RecordKind.EVIDENCE: erase_evidence,
    RecordKind.INTERNAL_NOTES: erase_internal_notes,
    RecordKind.MESSAGES: erase_messages,
    RecordKind.LOGGED_CALLS: erase_logged_calls,
}


def anonymise(complaint: Complaint) -> bool:
    """Every kind at once: the case keeps only what the statistics count. True when
    there was anything to remove. The caller commits, then deletes the queued files."""
    changed = False
    for erase in ERASERS.values():
        changed = erase(complaint) or changed
    return changed
