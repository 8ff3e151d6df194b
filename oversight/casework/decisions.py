"""Findings, recommendations and the decision: recording the findings on each concern,
recommendations to a force and its response, a senior caseworker's sign-off, issuing the
decision, and the complainant's one review of it within 28 days.

Each action follows oversight.casework.changes: plain arguments, the version checked
first, a timeline entry and an audit event in the caller's transaction.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from flask_babel import lazy_gettext as _l

from oversight import policy
from oversight.auth.models import User
from oversight.casework.changes import (
    CaseProblem,
    NotPermitted,
    actor_of,
    claim,
    expect_version,
    record_case_event,
)
from oversight.casework.states import ClosureReason
from oversight.casework.workflow import move
from oversight.complaints import services as complaints
from oversight.complaints.enums import Concern, Finding, ForceResponse, Status
from oversight.complaints.models import CaseFinding, Complaint, Recommendation
from oversight.extensions import db
from oversight.forces.models import Force
from oversight.models import utcnow
from oversight.notify import services as notify
from oversight.notify.models import MessageKind, OutboxMessage

REVIEW_WINDOW = timedelta(days=28)


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


# The complainant's review of the decision -----------------------------------------------


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
