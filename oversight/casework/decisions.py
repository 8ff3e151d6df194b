"""Findings, recommendations and the decision: recording the findings on each concern,
recommendations to a force and its response, a senior caseworker's sign-off, issuing the
decision, and the complainant's review of each decision (once, within 28 days) and its
outcome.

The rules (the database holds the sign-off's too): every concern has a finding; the
findings are signed off by a senior caseworker who is neither the case's assignee nor
anyone who recorded or changed them; any change to the findings after that cancels the
sign-off; and "decision sent" is reached only by issue_decision, which checks all of it
again at the moment it sends.

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
    add_timeline_entry,
    claim,
    expect_version,
    record_case_event,
)
from oversight.casework.states import ClosureReason
from oversight.casework.workflow import _enter
from oversight.complaints import services as complaints
from oversight.complaints.enums import (
    Concern,
    Finding,
    ForceResponse,
    ReviewOutcome,
    Status,
    TimelineKind,
)
from oversight.complaints.models import CaseFinding, Complaint, Decision, Recommendation, Review
from oversight.extensions import db
from oversight.forces.models import Force
from oversight.models import utcnow
from oversight.notify import services as notify
from oversight.notify.models import MessageKind
from oversight.notify.wording import keys as wording_keys
from oversight.workdays import add_working_days, local_date

REVIEW_WINDOW = timedelta(days=28)

# Each finding in plain words, as the complainant reads it about one of their concerns.
NOT_SIGNED_OFF = _l("A senior caseworker must sign off the findings first")


def record_findings(
    complaint: Complaint,
    findings: dict[Concern, Finding],
    overall: Finding,
    summary: str,
    by: User,
    version: int,
) -> None:
    """Record or change the findings. A change cancels any sign-off; sending the same
    findings again changes nothing, so a sign-off stands."""
    expect_version(complaint, version)
    if not policy.can_change_case(by, complaint):
        raise NotPermitted
    if complaint.status is not Status.INVESTIGATING:
        raise CaseProblem("overall", _l("Findings are recorded while a case is being investigated"))
    concerns = {c.concern for c in complaint.concerns}
    if concerns - set(findings):
        raise CaseProblem("findings", _l("Give a finding for every concern"))
    if set(findings) - concerns:
        raise CaseProblem("findings", _l("Give findings only on the concerns of the case"))
    claim(complaint, version)
    changed = _apply_findings(complaint, findings, by)
    if (complaint.overall_outcome, complaint.decision_summary) != (overall, summary):
        complaint.overall_outcome = overall
        complaint.decision_summary = summary
        changed = True
    if changed:
        if complaint.signed_off_by_id is not None:
            # Cleared before the new author is set: the database refuses an author as signer.
            complaint.signed_off_by_id = None
            complaint.signed_off_at = None
            record_case_event("case.sign_off_cancelled", complaint, actor_of(by))
        complaint.findings_by_id = by.id
    record_case_event(
        "case.findings_recorded", complaint, actor_of(by), overall=overall.value, changed=changed
    )


def _apply_findings(complaint: Complaint, findings: dict[Concern, Finding], by: User) -> bool:
    """Set each concern's finding; a row keeps its recorder unless its finding changes."""
    rows = {row.concern: row for row in complaint.findings}
    changed = False
    kept = []
    for concern, finding in sorted(findings.items()):
        row = rows.get(concern)
        if row is None:
            row = CaseFinding(concern=concern, finding=finding, recorded_by_id=by.id)
            changed = True
        elif row.finding != finding:
            row.finding = finding
            row.recorded_by_id = by.id
            changed = True
        kept.append(row)
    if len(kept) != len(rows):
        changed = True
    complaint.findings = kept
    return changed


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


def findings_problem(complaint: Complaint) -> str | None:
    """Why the findings cannot be signed off or sent as they are, or None."""
    if complaint.status is not Status.INVESTIGATING:
        return str(_l("A decision is made only while the case is being investigated"))
    found = {f.concern for f in complaint.findings}
    if complaint.overall_outcome is None or not complaint.findings:
        return str(_l("Record the findings before signing off"))
    if {c.concern for c in complaint.concerns} - found:
        return str(_l("Give a finding for every concern before the findings are signed off"))
    if not complaint.decision_summary:
        return str(_l("Write the summary of the decision for the complainant"))
    return None


def sign_off(complaint: Complaint, by: User, version: int) -> None:
    """A senior caseworker signs off the findings before the decision is issued."""
    expect_version(complaint, version)
    if not policy.can_sign_off(by, complaint):
        raise NotPermitted
    problem = findings_problem(complaint)
    if problem is not None:
        raise CaseProblem("sign_off", problem)
    if complaint.signed_off_by_id is not None:
        raise CaseProblem("sign_off", _l("These findings are already signed off"))
    claim(complaint, version)
    complaint.signed_off_by_id = by.id
    complaint.signed_off_at = utcnow()
    record_case_event("case.signed_off", complaint, actor_of(by))


def issue_problem(complaint: Complaint) -> str | None:
    """Why the decision cannot be sent now, or None: every rule checked again at issue."""
    problem = findings_problem(complaint)
    if problem is not None:
        return problem
    if complaint.signed_off_by_id is None:
        return str(NOT_SIGNED_OFF)
    signer = db.session.get(User, complaint.signed_off_by_id)
    if signer is None or not policy.can_sign_off(signer, complaint):
        return str(
            _l(
                "The sign-off no longer holds: the person who signed off can no longer sign off"
                " this case. Ask another senior caseworker to sign off the findings"
            )
        )
    return None


def issue_decision(complaint: Complaint, by: User, version: int) -> Decision:
    """Send the decision: the one way to "decision sent". Writes the decision as sent,
    a timeline entry the complainant sees, and queues the outcome message."""
    expect_version(complaint, version)
    if not policy.can_change_case(by, complaint):
        raise NotPermitted
    problem = issue_problem(complaint)
    if problem is not None:
        raise CaseProblem("issue", problem)
    claim(complaint, version)
    assert complaint.overall_outcome is not None and complaint.signed_off_by_id is not None
    now = utcnow()
    who = actor_of(by)
    decision = Decision(
        number=max((d.number for d in complaint.decisions), default=0) + 1,
        overall_outcome=complaint.overall_outcome,
        summary=complaint.decision_summary or "",
        findings=[
            {"concern": f.concern.value, "finding": f.finding.value} for f in complaint.findings
        ],
        signed_off_by_id=complaint.signed_off_by_id,
        issued_by=who,
        issued_at=now,
    )
    complaint.decisions.append(decision)
    # Set before the status: the database refuses "decision sent" without it.
    complaint.decision_issued_at = now
    _enter(complaint, Status.DECISION_ISSUED, who)
    add_timeline_entry(
        complaint, TimelineKind.DECISION, who, body=decision.summary, visible_to_complainant=True
    )
    # The template follows the overall outcome (decision_upheld …), with the findings per
    # concern and the recommendations for the complainant (wording/values.py).
    notify.queue_message(
        complaint,
        MessageKind.OUTCOME,
        template=wording_keys.decision(decision.overall_outcome),
        decision=decision,
    )
    record_case_event(
        "case.decision_issued", complaint, who, finding=complaint.overall_outcome.value
    )
    return decision


# The complainant's review of a decision -------------------------------------------------


def latest_decision(complaint: Complaint) -> Decision | None:
    return max(complaint.decisions, key=lambda d: d.number, default=None)


def review_open(complaint: Complaint, now: datetime) -> bool:
    """The latest decision may be reviewed once, within 28 days of being sent, while the
    case is decided or closed."""
    decision = latest_decision(complaint)
    return (
        decision is not None
        and decision.review is None
        and complaint.status in (Status.DECISION_ISSUED, Status.CLOSED)
        and now - decision.issued_at <= REVIEW_WINDOW
    )


def request_review(
    complaint: Complaint, reasons: str, now: datetime, targets: complaints.Targets
) -> Review:
    """Reopen the case for a review of its latest decision; the decision is due again
    the target's working days from today."""
    if not review_open(complaint, now):
        raise CaseProblem(
            "reasons", _l("A review can only be asked for within 28 days of our decision")
        )
    decision = latest_decision(complaint)
    assert decision is not None
    claim(complaint, complaint.version)
    who = complaints.PUBLIC_ACTOR
    if complaint.status is Status.DECISION_ISSUED:
        _enter(complaint, Status.CLOSED, who, reason=ClosureReason.OUTCOME_ISSUED)
    review = Review(reasons=reasons, requested_at=now)
    complaint.reviews.append(review)  # in the session first, then tied to its decision
    review.decision = decision
    complaint.decision_by = add_working_days(local_date(now), targets.decision)
    _enter(complaint, Status.REVIEW_REQUESTED, who, note=reasons)
    complaint.review_requested_at = now  # the latest review asked for, as its row says
    record_case_event("case.review_requested", complaint, who)
    return review


def open_review(complaint: Complaint) -> Review | None:
    """The review waiting for its outcome, if the case is under review."""
    if complaint.status is not Status.REVIEW_REQUESTED:
        return None
    return next((r for r in reversed(complaint.reviews) if r.outcome is None), None)


def decide_review(
    complaint: Complaint, outcome: ReviewOutcome, explanation: str, by: User, version: int
) -> Review:
    """The review's outcome. Upheld: the case goes back to investigation, the sign-off
    cleared, for a new decision. Not upheld: the decision stands and the case closes."""
    expect_version(complaint, version)
    review = open_review(complaint)
    if review is None:
        raise CaseProblem("outcome", _l("This case has no review waiting for its outcome"))
    if not policy.can_decide_review(by, review.decision):
        raise NotPermitted
    claim(complaint, version)
    who = actor_of(by)
    review.outcome = outcome
    review.explanation = explanation
    review.decided_by_id = by.id
    review.decided_at = utcnow()
    if outcome is ReviewOutcome.UPHELD:
        _enter(complaint, Status.INVESTIGATING, who)
    else:
        _enter(complaint, Status.CLOSED, who, reason=ClosureReason.OUTCOME_ISSUED)
    add_timeline_entry(
        complaint, TimelineKind.REVIEW, who, body=explanation, visible_to_complainant=True
    )
    notify.queue_message(
        complaint,
        MessageKind.REVIEW_OUTCOME,
        template=wording_keys.review_outcome(outcome),
        review=review,
    )
    record_case_event(
        "case.review_decided",
        complaint,
        who,
        decision=review.decision.number,
        review_outcome=outcome.value,
    )
    return review
