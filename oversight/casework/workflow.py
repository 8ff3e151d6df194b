"""The case's way through the workflow: who has it (take, assign), moving it from status
to status, triage, and logging a complaint that arrived by email, post or phone.

Each action follows oversight.casework.changes: plain arguments, the version checked
first, a timeline entry and an audit event in the caller's transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l

from oversight import policy
from oversight.auth.models import User
from oversight.casework.changes import (
    CaseProblem,
    NotPermitted,
    actor_of,
    add_timeline_entry,
    claim,
    expect_version,
    record_case_event,
)
from oversight.casework.states import ClosureReason, ReferralBody, check_move, check_plain_move
from oversight.complaints import codes
from oversight.complaints import services as complaints
from oversight.complaints.answers import Answers
from oversight.complaints.enums import Channel, Concern, Priority, Status, TimelineKind
from oversight.complaints.models import Complaint, ComplaintConcern
from oversight.models import utcnow
from oversight.notify import services as notify
from oversight.notify.models import MessageKind
from oversight.notify.wording.compose import triage_key
from oversight.workdays import add_working_days, local_date, working_days_between

# Allocation -----------------------------------------------------------------------------

# The database holds this rule too (ck_complaints_signer_not_assignee).
SIGNER_NOT_ASSIGNEE = _l(
    "The findings on this case were signed off by this person, so the case cannot be"
    " assigned to them. Choose someone else"
)


def take(complaint: Complaint, user: User, version: int) -> None:
    expect_version(complaint, version)
    if complaint.signed_off_by_id == user.id:
        raise CaseProblem("assignee", SIGNER_NOT_ASSIGNEE)
    if not policy.can_take_case(user, complaint):
        raise NotPermitted
    claim(complaint, version)
    if complaint.assignee_id is not None:
        raise CaseProblem("assignee", _l("This case is already assigned"))
    complaint.assignee_id = user.id
    add_timeline_entry(complaint, TimelineKind.ASSIGNMENT, actor_of(user), body=user.name)
    record_case_event("case.taken", complaint, actor_of(user))


def assign(complaint: Complaint, assignee: User | None, by: User, version: int) -> None:
    expect_version(complaint, version)
    if not policy.can_assign_case(by, complaint):
        raise NotPermitted
    if assignee is not None and not assignee.has_any(policy.CASE_ROLES):
        raise CaseProblem("assignee", _l("Choose a caseworker"))
    if assignee is not None and assignee.id == complaint.signed_off_by_id:
        raise CaseProblem("assignee", SIGNER_NOT_ASSIGNEE)
    claim(complaint, version)
    complaint.assignee_id = assignee.id if assignee else None
    add_timeline_entry(
        complaint, TimelineKind.ASSIGNMENT, actor_of(by), body=assignee.name if assignee else None
    )
    record_case_event(
        "case.assigned", complaint, actor_of(by), assignee=assignee.id if assignee else None
    )


# The workflow ---------------------------------------------------------------------------


def move(
    complaint: Complaint,
    target: Status,
    by: User | None,
    version: int,
    *,
    reason: ClosureReason | None = None,
    referred_to: ReferralBody | None = None,
    note: str | None = None,
    actor: str | None = None,
    visible: bool = True,
    note_visible: bool = True,
) -> None:
    """A change of status: move the case along the workflow, or raise InvalidTransition.
    The moves that belong to an action of their own (states.OWN_ACTION: the decision, a
    review and its outcome) are refused here, whoever asks and however.

    `visible`: whether the complainant sees the move. `note_visible`: whether they see
    the note; a note for staff only goes on an internal entry of its own, so the move
    itself still shows."""
    expect_version(complaint, version)
    if by is not None and not policy.can_change_case(by, complaint):
        raise NotPermitted
    check_move(complaint.status, target, reason, referred_to)
    check_plain_move(complaint.status, target, reason)
    claim(complaint, version)
    who = actor or (actor_of(by) if by else "system")
    _enter(
        complaint,
        target,
        who,
        reason=reason,
        referred_to=referred_to,
        note=note,
        visible=visible,
        note_visible=note_visible,
    )


def _enter(
    complaint: Complaint,
    target: Status,
    who: str,
    *,
    reason: ClosureReason | None = None,
    referred_to: ReferralBody | None = None,
    note: str | None = None,
    visible: bool = True,
    note_visible: bool = True,
) -> None:
    """Make a move the table allows, on a case the caller has claimed. Only `move` and
    the actions that own a move (oversight.casework.decisions) call it: they check
    their own rules first."""
    check_move(complaint.status, target, reason, referred_to)
    now = utcnow()
    previous = complaint.status
    if previous is Status.AWAITING_INFORMATION and complaint.awaiting_since is not None:
        # The decision clock stood still while we waited for the complainant.
        paused = working_days_between(local_date(complaint.awaiting_since), local_date(now))
        complaint.decision_by = add_working_days(complaint.decision_by, paused)
        complaint.awaiting_since = None
    if target is Status.AWAITING_INFORMATION:
        complaint.awaiting_since = now
    if target is Status.CLOSED:
        complaint.closed_at = now
        complaint.closure_reason = reason
        complaint.referred_to = referred_to
    if target is Status.REVIEW_REQUESTED:
        complaint.review_requested_at = now
    if target is Status.INVESTIGATING and previous is Status.REVIEW_REQUESTED:
        complaint.signed_off_by_id = None
        complaint.signed_off_at = None
    complaint.status = target
    complaint.due_on = complaint.next_due()
    add_timeline_entry(
        complaint,
        TimelineKind.STATUS_CHANGE,
        who,
        from_status=previous,
        to_status=target,
        reason=reason,
        body=(note or None) if note_visible else None,
        visible_to_complainant=visible,
    )
    if note and not note_visible:
        add_timeline_entry(complaint, TimelineKind.NOTE, who, body=note)
    record_case_event(
        "case.status_changed",
        complaint,
        who,
        from_status=previous.value,
        to_status=target.value,
        reason=reason.value if reason else None,
    )


@dataclass(frozen=True)
class Triage:
    in_remit: bool
    priority: Priority
    priority_reason: str | None
    concerns: set[Concern]
    referred_to: ReferralBody | None = None
    reason: ClosureReason | None = None
    note: str | None = None
    # Whether the complainant reads the note (on the move's timeline entry); internal unless chosen.
    note_for_complainant: bool = False


def triage(complaint: Complaint, decision: Triage, by: User, version: int) -> None:
    """Record the triage decision; in remit goes on to investigation, otherwise it closes."""
    expect_version(complaint, version)
    if not policy.can_change_case(by, complaint):
        raise NotPermitted
    if complaint.status is not Status.IN_TRIAGE:
        raise CaseProblem("in_remit", _l("Only a case being assessed can be triaged"))
    if not decision.concerns:
        raise CaseProblem("concerns", _l("Select at least one concern"))
    if decision.priority is not Priority.STANDARD and not decision.priority_reason:
        raise CaseProblem("priority_reason", _l("Give the reason for the priority"))
    if not decision.in_remit and decision.reason not in (
        ClosureReason.REFERRED,
        ClosureReason.OUT_OF_REMIT,
    ):
        raise CaseProblem("reason", _l("Select whether the complaint is referred or out of remit"))
    if decision.reason is ClosureReason.REFERRED and decision.referred_to is None:
        raise CaseProblem("referred_to", _l("Select the body the complaint is referred to"))
    complaint.in_remit = decision.in_remit
    complaint.priority = decision.priority
    complaint.priority_rank = decision.priority.rank
    complaint.priority_reason = decision.priority_reason
    complaint.concerns = [ComplaintConcern(concern=c) for c in sorted(decision.concerns)]
    record_case_event(
        "case.triaged",
        complaint,
        actor_of(by),
        in_remit=decision.in_remit,
        priority=decision.priority.value,
        concerns=sorted(c.value for c in decision.concerns),
    )
    if decision.in_remit:
        move(
            complaint,
            Status.INVESTIGATING,
            by,
            version,
            note=decision.note,
            note_visible=decision.note_for_complainant,
        )
    else:
        move(
            complaint,
            Status.CLOSED,
            by,
            version,
            reason=decision.reason,
            referred_to=decision.referred_to,
            note=decision.note,
            note_visible=decision.note_for_complainant,
        )
    # The complainant hears the outcome, with the note if it was written for them.
    notify.queue_message(
        complaint,
        MessageKind.STATUS_CHANGE,
        template=triage_key(complaint),
        note=decision.note if decision.note_for_complainant else None,
    )


# Complaints that arrive another way -----------------------------------------------------


def log_complaint(
    answers: Answers,
    channel: Channel,
    by: User,
    received_at: datetime,
    targets: complaints.Targets,
    *,
    tracking_code: str | None = None,
    submission_key: str | None = None,
) -> tuple[Complaint, str]:
    """A caseworker logs an email, post or phone complaint; returns it and its tracking code
    (a new random one unless given). `submission_key` is unique: logging a second
    complaint with the same one raises IntegrityError once the session is flushed."""
    if channel is Channel.WEB:
        raise CaseProblem("channel", _l("Choose how the complaint arrived"))
    code = tracking_code or codes.new_tracking_code()
    complaint = complaints.create_complaint(
        answers,
        tracking_code=code,
        received_at=received_at,
        targets=targets,
        channel=channel,
        submission_key=submission_key,
        actor=actor_of(by),
    )
    record_case_event("case.logged", complaint, actor_of(by), channel=channel.value)
    return complaint, code
