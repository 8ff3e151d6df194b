"""What a complainant can do about their own information from the track page: withdraw
the complaint, and have their contact details removed (their_copy.py builds the copy of
what they sent).

Each change goes through casework's one way of changing a case (the version bumped, the
move checked against the states table), writes a timeline entry for staff and an audit
event that carries no personal data; the view commits once.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

from oversight.casework import workflow
from oversight.casework.changes import CaseProblem, add_timeline_entry, claim, record_case_event
from oversight.casework.states import ClosureReason, InvalidTransition, check_move
from oversight.complaints.enums import Status, TimelineKind
from oversight.complaints.models import Complaint
from oversight.complaints.services import PUBLIC_ACTOR
from oversight.notify import services as notify
from oversight.notify.models import MessageKind, OutboxMessage
from oversight.retention import erasure

NOT_WITHDRAWABLE = _l(
    "Your complaint cannot be withdrawn now: it is closed or we have sent our decision"
)
# For staff, on the case's timeline: what happened, never what was removed.
CONTACT_DETAILS_REMOVED = (
    "The complainant asked for their contact details to be removed from the track page."
    " They were deleted: the case continues as an anonymous one."
)


def can_withdraw(complaint: Complaint) -> bool:
    """Until we send a decision: the states table must allow closing it as withdrawn from
    where it is, and no decision has gone out (a case under review has had one)."""
    if complaint.decisions or complaint.decision_issued_at is not None:
        return False
    try:
        check_move(complaint.status, Status.CLOSED, ClosureReason.WITHDRAWN)
    except InvalidTransition:
        return False
    return True


def withdraw(complaint: Complaint, reason: str, version: int) -> OutboxMessage:
    """Close the case as withdrawn by its complainant, with their reason (if any) on the
    move; returns the acknowledgement queued for them."""
    if not can_withdraw(complaint):
        raise CaseProblem("reason", NOT_WITHDRAWABLE)
    workflow.move(
        complaint,
        Status.CLOSED,
        None,
        version,
        reason=ClosureReason.WITHDRAWN,
        note=reason or None,
        actor=PUBLIC_ACTOR,
    )
    record_case_event("case.withdrawn", complaint, PUBLIC_ACTOR)
    return notify.queue_message(complaint, MessageKind.STATUS_CHANGE, template="withdrawal")


def remove_contact_details(complaint: Complaint) -> bool:
    """Delete the complainant's contact details at their request; the case goes on as an
    anonymous one. False when there were none to remove."""
    if complaint.complainant is None:
        return False
    claim(complaint, complaint.version)
    erasure.erase_contact_details(complaint)
    add_timeline_entry(complaint, TimelineKind.NOTE, PUBLIC_ACTOR, body=CONTACT_DETAILS_REMOVED)
    record_case_event("case.contact_details_removed", complaint, PUBLIC_ACTOR)
    return True
