"""Casework actions. Each takes plain arguments, changes one case, and records a
timeline entry and an audit event in the caller's transaction (the view commits once).

Two people acting on one case at once: every change first bumps the case's version
with a conditional UPDATE, so exactly one wins and the other gets CaseChanged.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from oversight import policy, problems
from oversight.audit import services as audit
from oversight.auth.models import User
from oversight.casework.states import ClosureReason, ReferralBody, check_move
from oversight.complaints import codes
from oversight.complaints import services as complaints
from oversight.complaints.enums import (
    Channel,
    Concern,
    Finding,
    ForceResponse,
    LinkKind,
    Priority,
    Status,
    TimelineKind,
)
from oversight.complaints.models import (
    CaseFinding,
    Complaint,
    ComplaintConcern,
    ComplaintLink,
    Recommendation,
    TimelineEntry,
)
from oversight.extensions import db
from oversight.forces.models import Force
from oversight.models import utcnow
from oversight.notify import services as notify
from oversight.notify.models import MessageKind, OutboxMessage
from oversight.problems import Changed, Problem
from oversight.workdays import add_working_days, local_date, working_days_between

REVIEW_WINDOW = timedelta(days=28)


class CaseChanged(Changed):
    """Someone else changed the case since this page was opened."""


class NotPermitted(problems.NotPermitted):
    """The user may not take this action on this case."""


class CaseProblem(Problem):
    """An action that cannot be done as asked; `field` names the answer at fault."""

    def __init__(self, field: str, message: Any) -> None:
        super().__init__(message, field)


def actor_of(user: User) -> str:
    return f"user:{user.id}"


def expect_version(complaint: Complaint, version: int) -> None:
    """Refuse a change sent from a page older than the case's latest change, before
    anything else is checked: whatever the page showed (who has the case, its status)
    may no longer hold, so the sender is told the case changed, not that they may not."""
    if complaint.version != version:
        raise CaseChanged


def claim(complaint: Complaint, expected_version: int) -> None:
    """Take the case for this change, or raise CaseChanged if it moved on meanwhile."""
    result = db.session.execute(
        sa.update(Complaint)
        .where(Complaint.id == complaint.id, Complaint.version == expected_version)
        .values(version=Complaint.version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise CaseChanged
    db.session.refresh(complaint)


def _timeline(complaint: Complaint, kind: TimelineKind, actor: str, **fields: Any) -> TimelineEntry:
    entry = TimelineEntry(complaint_id=complaint.id, kind=kind, actor=actor, at=utcnow(), **fields)
    db.session.add(entry)
    return entry


def record_case_event(action: str, complaint: Complaint, actor: str, **details: Any) -> None:
    """An audit event about a case: the case's reference is its object and in its details."""
    audit.record(
        action,
        actor=actor,
        object_type="case",
        object_id=complaint.reference,
        reference=complaint.reference,
        **details,
    )


# Allocation -----------------------------------------------------------------------------


def take(complaint: Complaint, user: User, version: int) -> None:
    expect_version(complaint, version)
    if not policy.can_take_case(user, complaint):
        raise NotPermitted
    claim(complaint, version)
    if complaint.assignee_id is not None:
        raise CaseProblem("assignee", _l("This case is already assigned"))
    complaint.assignee_id = user.id
    _timeline(complaint, TimelineKind.ASSIGNMENT, actor_of(user), body=user.name)
    record_case_event("case.taken", complaint, actor_of(user))


def assign(complaint: Complaint, assignee: User | None, by: User, version: int) -> None:
    expect_version(complaint, version)
    if not policy.can_assign_case(by, complaint):
        raise NotPermitted
    if assignee is not None and not assignee.has_any(policy.CASE_ROLES):
        raise CaseProblem("assignee", _l("Choose a caseworker"))
    claim(complaint, version)
    complaint.assignee_id = assignee.id if assignee else None
    _timeline(
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
) -> None:
    """Move the case along the workflow, or raise InvalidTransition."""
    expect_version(complaint, version)
    if by is not None and not policy.can_change_case(by, complaint):
        raise NotPermitted
    check_move(complaint.status, target, reason, referred_to)
    claim(complaint, version)
    who = actor or (actor_of(by) if by else "system")
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
    _timeline(
        complaint,
        TimelineKind.STATUS_CHANGE,
        who,
        from_status=previous,
        to_status=target,
        reason=reason,
        body=note or None,
        visible_to_complainant=visible,
    )
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
        move(complaint, Status.INVESTIGATING, by, version, note=decision.note)
    else:
        move(
            complaint,
            Status.CLOSED,
            by,
            version,
            reason=decision.reason,
            referred_to=decision.referred_to,
            note=decision.note,
        )


# Notes and correspondence ---------------------------------------------------------------


def add_note(complaint: Complaint, text: str, by: User) -> None:
    if not policy.can_change_case(by, complaint):
        raise NotPermitted
    _timeline(complaint, TimelineKind.NOTE, actor_of(by), body=text)
    record_case_event("case.note_added", complaint, actor_of(by))


def request_information(complaint: Complaint, text: str, by: User, version: int) -> OutboxMessage:
    """Ask the complainant for more; the case waits for their reply."""
    move(complaint, Status.AWAITING_INFORMATION, by, version)
    _timeline(
        complaint,
        TimelineKind.CORRESPONDENCE_OUT,
        actor_of(by),
        body=text,
        visible_to_complainant=True,
    )
    message = notify.queue_message(
        complaint,
        MessageKind.REQUEST_FOR_INFORMATION,
        request=text,
    )
    record_case_event("case.information_requested", complaint, actor_of(by))
    return message


def log_reply(complaint: Complaint, text: str, by: User, version: int) -> None:
    """Record the complainant's reply; the case goes back to where it was."""
    expect_version(complaint, version)
    if complaint.status is not Status.AWAITING_INFORMATION:
        raise CaseProblem("reply", _l("This case is not waiting for a reply"))
    back_to = _status_before_waiting(complaint)
    _timeline(complaint, TimelineKind.CORRESPONDENCE_IN, actor_of(by), body=text)
    move(complaint, back_to, by, version)
    record_case_event("case.reply_logged", complaint, actor_of(by))


def _status_before_waiting(complaint: Complaint) -> Status:
    entry = db.session.scalar(
        sa.select(TimelineEntry)
        .where(
            TimelineEntry.complaint_id == complaint.id,
            TimelineEntry.to_status == Status.AWAITING_INFORMATION,
        )
        .order_by(TimelineEntry.id.desc())
        .limit(1)
    )
    if entry is not None and entry.from_status in (Status.IN_TRIAGE, Status.INVESTIGATING):
        return entry.from_status
    return Status.INVESTIGATING


# Findings, recommendations and the decision ---------------------------------------------


def record_findings(
    complaint: Complaint,
    findings: dict[Concern, Finding],
    overall: Finding,
    summary: str,
    by: User,
    version: int,
) -> None:
    expect_version(complaint, version)
    if not policy.can_change_case(by, complaint):
        raise NotPermitted
    if complaint.status not in (Status.INVESTIGATING,):
        raise CaseProblem("overall", _l("Findings are recorded while a case is being investigated"))
    missing = {c.concern for c in complaint.concerns} - set(findings)
    if missing:
        raise CaseProblem("findings", _l("Give a finding for every concern"))
    claim(complaint, version)
    complaint.findings = [CaseFinding(concern=c, finding=f) for c, f in sorted(findings.items())]
    complaint.overall_outcome = overall
    complaint.decision_summary = summary
    complaint.signed_off_by_id = None
    complaint.signed_off_at = None
    record_case_event("case.findings_recorded", complaint, actor_of(by), overall=overall.value)


def add_recommendation(
    complaint: Complaint, force: Force, text: str, due: date, by: User
) -> Recommendation:
    if not policy.can_change_case(by, complaint):
        raise NotPermitted
    recommendation = Recommendation(
        complaint_id=complaint.id,
        force_id=force.id,
        text=text,
        due_date=due,
        created_by=actor_of(by),
    )
    db.session.add(recommendation)
    db.session.flush()
    record_case_event("case.recommendation_added", complaint, actor_of(by), force=force.slug)
    return recommendation


def record_response(recommendation: Recommendation, response: ForceResponse, by: User) -> None:
    if not policy.can_change_case(by, recommendation.complaint):
        raise NotPermitted
    recommendation.response = response
    recommendation.responded_at = utcnow()
    record_case_event(
        "case.recommendation_response",
        recommendation.complaint,
        actor_of(by),
        recommendation=recommendation.id,
        response=response.value,
    )


def sign_off(complaint: Complaint, by: User, version: int) -> None:
    """A senior caseworker signs off the findings before the decision is issued."""
    expect_version(complaint, version)
    if not policy.can_sign_off(by, complaint):
        raise NotPermitted
    if complaint.overall_outcome is None:
        raise CaseProblem("sign_off", _l("Record the findings before signing off"))
    claim(complaint, version)
    complaint.signed_off_by_id = by.id
    complaint.signed_off_at = utcnow()
    record_case_event("case.signed_off", complaint, actor_of(by))


def issue_decision(complaint: Complaint, by: User, version: int) -> OutboxMessage:
    expect_version(complaint, version)
    if complaint.signed_off_by_id is None or complaint.overall_outcome is None:
        raise CaseProblem("issue", _l("A senior caseworker must sign off the findings first"))
    move(complaint, Status.DECISION_ISSUED, by, version)
    complaint.decision_issued_at = utcnow()
    message = notify.queue_message(complaint, MessageKind.OUTCOME)
    record_case_event(
        "case.decision_issued", complaint, actor_of(by), finding=complaint.overall_outcome.value
    )
    return message


# Links ----------------------------------------------------------------------------------


def link(
    complaint: Complaint, other_reference: str, kind: LinkKind, by: User, version: int
) -> ComplaintLink:
    """Link two complaints; a duplicate closes with that reason."""
    expect_version(complaint, version)
    if not policy.can_change_case(by, complaint):
        raise NotPermitted
    other = complaints.find_by_reference(codes.normalise_reference(other_reference))
    if other is None:
        raise CaseProblem("other_reference", _l("There is no complaint with that reference"))
    if other.id == complaint.id:
        raise CaseProblem("other_reference", _l("A complaint cannot be linked to itself"))
    # Either way round: "related to" reads both ways, and a duplicate of a duplicate
    # of itself would close both complaints, each pointing at the other.
    pair = sa.or_(
        sa.and_(ComplaintLink.complaint_id == complaint.id, ComplaintLink.other_id == other.id),
        sa.and_(ComplaintLink.complaint_id == other.id, ComplaintLink.other_id == complaint.id),
    )
    exists = db.session.scalar(
        sa.select(ComplaintLink.id).where(pair, ComplaintLink.kind == kind).limit(1)
    )
    if exists is not None:
        raise CaseProblem("other_reference", _l("These complaints are already linked"))
    made = ComplaintLink(
        complaint_id=complaint.id, other_id=other.id, kind=kind, created_by=actor_of(by)
    )
    db.session.add(made)
    _timeline(complaint, TimelineKind.LINK, actor_of(by), body=f"{kind.value} {other.reference}")
    record_case_event(
        "case.linked", complaint, actor_of(by), other=other.reference, kind=kind.value
    )
    if kind is LinkKind.DUPLICATE_OF:
        move(
            complaint,
            Status.CLOSED,
            by,
            version,
            reason=ClosureReason.DUPLICATE,
            note=other.reference,
        )
    else:
        claim(complaint, version)
    return made


def links_of(complaint: Complaint) -> list[tuple[str, Complaint]]:
    """Both directions: (how it is linked, the other complaint)."""
    outgoing = db.session.scalars(
        sa.select(ComplaintLink).where(ComplaintLink.complaint_id == complaint.id)
    )
    incoming = db.session.scalars(
        sa.select(ComplaintLink).where(ComplaintLink.other_id == complaint.id)
    )
    shown: list[tuple[str, Complaint]] = [(str(link.kind.label), link.other) for link in outgoing]
    for link in incoming:
        label = _l("Has a duplicate") if link.kind is LinkKind.DUPLICATE_OF else link.kind.label
        shown.append((str(label), link.complaint))
    return shown


# Complaints that arrive another way -----------------------------------------------------


def log_complaint(
    answers: dict[str, Any],
    channel: Channel,
    by: User,
    received_at: datetime,
    targets: complaints.Targets,
) -> tuple[Complaint, str]:
    """A caseworker logs an email, post or phone complaint; returns it and its tracking code."""
    if channel is Channel.WEB:
        raise CaseProblem("channel", _l("Choose how the complaint arrived"))
    code = codes.new_tracking_code()
    complaint = complaints.create_complaint(
        answers,
        tracking_code=code,
        received_at=received_at,
        targets=targets,
        channel=channel,
        actor=actor_of(by),
    )
    record_case_event("case.logged", complaint, actor_of(by), channel=channel.value)
    return complaint, code


# The complainant's side -----------------------------------------------------------------


def review_open(complaint: Complaint, now: datetime) -> bool:
    """Within 28 days of the decision, a closed or decided case may be reviewed once."""
    return (
        complaint.decision_issued_at is not None
        and complaint.status in (Status.DECISION_ISSUED, Status.CLOSED)
        and complaint.review_requested_at is None
        and now - complaint.decision_issued_at <= REVIEW_WINDOW
    )


def request_review(complaint: Complaint, reasons: str, now: datetime) -> None:
    if not review_open(complaint, now):
        raise CaseProblem(
            "reasons", _l("A review can only be asked for within 28 days of our decision")
        )
    if complaint.status is Status.DECISION_ISSUED:
        move(
            complaint,
            Status.CLOSED,
            None,
            complaint.version,
            reason=ClosureReason.OUTCOME_ISSUED,
            actor=complaints.PUBLIC_ACTOR,
        )
    move(
        complaint,
        Status.REVIEW_REQUESTED,
        None,
        complaint.version,
        note=reasons,
        actor=complaints.PUBLIC_ACTOR,
    )
    record_case_event("case.review_requested", complaint, complaints.PUBLIC_ACTOR)
