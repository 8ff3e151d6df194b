"""Recording and verifying audit events. Each kind declares the details it carries.

Each event is a link in a keyed chain (HMAC under AUDIT_KEY): see oversight.audit.chain
for the links and their verification, oversight.audit.checkpoints for the signed
checkpoints kept outside the database."""

from __future__ import annotations

import uuid

import sqlalchemy as sa
from flask import g, has_request_context

from oversight.audit import chain
from oversight.audit.models import AuditChainHead, AuditEvent, Outcome
from oversight.extensions import db
from oversight.models import Json, utcnow

SUCCESS, FAILURE, DENIED = Outcome.SUCCESS, Outcome.FAILURE, Outcome.DENIED
OUTCOMES = frozenset(Outcome)

# Every event kind and the details it must carry: nothing more, nothing less.
EVENTS: dict[str, frozenset[str]] = {
    "complaint.submitted": frozenset({"reference", "channel", "evidence_count"}),
    "complaint.tracked": frozenset({"reference"}),
    "complaint.track_failed": frozenset(),
    "draft.saved": frozenset({"method"}),
    "draft.returned": frozenset({"method"}),
    "draft.return_failed": frozenset({"method"}),
    "case.viewed": frozenset({"reference"}),
    "complainant.viewed": frozenset({"reference"}),
    "evidence.downloaded": frozenset({"reference", "evidence_id"}),
    "auth.sign_in": frozenset({"email"}),
    "auth.sign_in_failed": frozenset({"email", "reason"}),
    "auth.mfa_enrolled": frozenset(),
    "auth.mfa_failed": frozenset({"reason"}),
    "auth.signed_out": frozenset({"reason"}),
    "auth.password_changed": frozenset(),
    "user.created": frozenset({"email", "roles"}),
    "user.changed": frozenset({"changes"}),
    "user.disabled": frozenset(),
    "user.enabled": frozenset(),
    "user.mfa_reset": frozenset(),
    "user.password_reset": frozenset(),
    "access.refused": frozenset({"endpoint", "method"}),
    "audit.viewed": frozenset({"filters"}),
    "audit.exported": frozenset({"filters", "count"}),
    "case.queue_viewed": frozenset({"filters", "count"}),
    "case.taken": frozenset({"reference"}),
    "case.assigned": frozenset({"reference", "assignee"}),
    "case.triaged": frozenset({"reference", "in_remit", "priority", "concerns"}),
    "case.status_changed": frozenset({"reference", "from_status", "to_status", "reason"}),
    "case.note_added": frozenset({"reference"}),
    "case.information_requested": frozenset({"reference"}),
    "case.reply_logged": frozenset({"reference"}),
    "case.reply_received": frozenset({"reference", "files"}),
    "case.evidence_added": frozenset({"reference", "evidence", "content_type"}),
    "case.reply_read": frozenset({"reference"}),
    "case.findings_recorded": frozenset({"reference", "overall", "changed"}),
    "case.sign_off_cancelled": frozenset({"reference"}),
    "case.recommendation_added": frozenset({"reference", "force"}),
    "case.recommendation_response": frozenset({"reference", "recommendation", "response"}),
    "case.signed_off": frozenset({"reference"}),
    "case.decision_issued": frozenset({"reference", "finding"}),
    "case.linked": frozenset({"reference", "other", "kind"}),
    "case.suggestion_dismissed": frozenset({"reference", "other"}),
    "case.logged": frozenset({"reference", "channel"}),
    "case.review_requested": frozenset({"reference"}),
    "case.review_decided": frozenset({"reference", "decision", "review_outcome"}),
    "case.deployment_link_changed": frozenset({"reference", "deployment", "state"}),
    "deployment.created": frozenset({"force", "via", "source"}),
    "deployment.corrected": frozenset({"force", "via", "version", "fields"}),
    "usage_return.created": frozenset({"force", "via"}),
    "usage_return.corrected": frozenset({"force", "via", "version", "fields"}),
    "deployments.imported": frozenset(
        {"kind", "file_sha256", "rows", "created", "corrected", "unchanged", "refused"}
    ),
    "force_token.issued": frozenset({"force", "name"}),
    "force_token.revoked": frozenset({"force", "name"}),
    "api.refused": frozenset({"endpoint", "reason"}),
    "statistics.prepared": frozenset({"period", "revision", "content_sha256"}),
    "statistics.recomputed": frozenset({"period", "revision", "content_sha256", "changed"}),
    "statistics.approved": frozenset({"period", "revision", "content_sha256", "publish_at"}),
    "statistics.approval_withdrawn": frozenset({"period", "revision"}),
    "statistics.published": frozenset({"period", "revision", "content_sha256"}),
    "statistics.superseded": frozenset({"period", "revision", "by_revision"}),
    "statistics.release_announced": frozenset({"period", "release_date"}),
    "statistics.release_date_changed": frozenset({"period", "old_date", "new_date", "reason"}),
    "statistics.release_cancelled": frozenset({"period", "release_date", "reason"}),
    "rights.request_logged": frozenset({"request", "kind", "received_via"}),
    "rights.request_viewed": frozenset({"request"}),
    "rights.letter_downloaded": frozenset({"request", "letter", "language"}),
    "rights.extended": frozenset({"request", "months", "due_on"}),
    "rights.identity_checked": frozenset({"request"}),
    "rights.searched": frozenset({"request", "fields", "count"}),
    "rights.case_chosen": frozenset({"request", "reference"}),
    "rights.case_unchosen": frozenset({"request", "reference"}),
    "rights.redaction_added": frozenset({"request", "redaction", "applies_to", "reason"}),
    "rights.redaction_removed": frozenset({"request", "redaction", "applies_to", "reason"}),
    "rights.records_viewed": frozenset({"request", "what"}),
    "message_template.saved": frozenset({"key", "language", "version"}),
    "message_template.previewed": frozenset({"key", "language", "reference"}),
    # The same look, on each case the request chose (for who looked at a person's data).
    "rights.case_read": frozenset({"request", "what"}),
    "rights.bundle_exported": frozenset({"request", "sha256", "cases", "evidence", "redactions"}),
    "rights.bundle_released": frozenset({"request", "sha256", "cases", "evidence", "redactions"}),
    "rights.outcome_recorded": frozenset({"request", "status"}),
    "retention.applied": frozenset({"reference", "kinds", "run_id"}),
    "retention.run": frozenset({"run_id", "today", "cases", "kinds", "drafts", "held"}),
    "case.legal_hold_set": frozenset({"reference"}),
    "case.legal_hold_released": frozenset({"reference"}),
    # The complainant's own information, from the track page (issue 15).
    "complaint.copy_downloaded": frozenset({"reference", "files"}),
    "case.withdrawn": frozenset({"reference"}),
    "case.contact_details_removed": frozenset({"reference"}),
    # Who looked at a person's data: the kind of search, never what was searched for.
    "access_log.viewed": frozenset({"search", "references", "count"}),
    "feedback.viewed": frozenset({"page"}),
    "feedback.marked_read": frozenset(),
    # One a run of `flask reminders send` (issue 16): counts only, never a name.
    "reminders.run": frozenset({"today", "working_day", "people", "cases", "reminders"}),
    # The staff home page's desk (issue 16): the case references it listed.
    "case.desk_viewed": frozenset({"references"}),
    # Staff drafts of long fields past DRAFT_KEEP, deleted (`flask drafts purge`): how many.
    # Saving, reading and discarding a draft is not audited (oversight/drafts/views.py).
    "drafts.purged": frozenset({"count", "older_than_days"}),
    # The queue (issue 16): a case's priority changed, a bulk action on the cases
    # selected (each case's own event beside it), saved views and the CSV export.
    "case.priority_changed": frozenset({"reference", "from_priority", "to_priority"}),
    "case.bulk_action": frozenset({"kind", "done", "refused"}),
    "case.queue_view_saved": frozenset({"filters", "shared"}),
    "case.queue_view_deleted": frozenset(),
    "case.queue_exported": frozenset({"filters", "count"}),
    # Letters by post (issue 17): a letter downloaded (it shows the complainant's name and
    # address) and marked posted.
    "letter.downloaded": frozenset({"reference", "message_id"}),
    "case.letter_posted": frozenset({"reference", "message_id"}),
}


class UnknownAuditEvent(ValueError):
    pass


def request_id() -> str | None:
    if not has_request_context():
        return None
    if "request_id" not in g:
        g.request_id = uuid.uuid4().hex
    return str(g.request_id)


# The chain's links live in oversight.audit.chain; these names stay for callers.
_digest = chain.digest
_fields = chain.fields
Verification = chain.Verification
verify = chain.verify


def record(
    action: str,
    *,
    actor: str,
    object_type: str,
    object_id: str | None = None,
    outcome: Outcome = SUCCESS,
    **details: Json,
) -> AuditEvent:
    """Add an audit event to the session; the caller's commit keeps it with the change."""
    expected = EVENTS.get(action)
    if expected is None or set(details) != expected or outcome not in OUTCOMES:
        raise UnknownAuditEvent(f"{action} ({outcome}) with details {sorted(details)}")
    head = db.session.execute(
        sa.update(AuditChainHead)
        .where(AuditChainHead.id == 1)
        .values(seq=AuditChainHead.seq + 1)
        .returning(AuditChainHead.seq, AuditChainHead.last_hash)
    ).one()
    event = AuditEvent(
        seq=head.seq,
        at=utcnow(),
        actor=actor,
        action=action,
        object_type=object_type,
        object_id=object_id,
        outcome=outcome,
        request_id=request_id(),
        details=details,
        prev_hash=head.last_hash,
    )
    # Always keyed: the boundary before it is where revision 0008 found the chain.
    event.hash = chain.mac(chain.keys()[0], head.last_hash, chain.fields(event))
    db.session.execute(
        sa.update(AuditChainHead).where(AuditChainHead.id == 1).values(last_hash=event.hash)
    )
    db.session.add(event)
    return event
