"""The rules of the decision, every way round: "decision sent" is reached only by issuing
the decision, only with a finding on every concern signed off by a senior who is neither
the assignee nor an author of the findings; a change to the findings cancels the
sign-off; and the database refuses what the services would. Runs on SQLite and, with
TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import sqlalchemy as sa

from oversight.auth.models import Role, User
from oversight.casework import decisions, states, workflow
from oversight.casework.changes import CaseChanged, CaseProblem, NotPermitted
from oversight.casework.states import InvalidTransition
from oversight.complaints.enums import ClosureReason, Concern, Finding, ReferralBody, Status
from oversight.complaints.models import Complaint, ComplaintConcern, Decision
from oversight.notify.models import MessageKind, OutboxMessage
from tests.casework.cases import FINDINGS, act, case
from tests.factories import make_case, make_user
from tests.helpers import login_as

ALL_UPHELD = {Concern.NO_NOTICE: Finding.UPHELD, Concern.PROTEST_OR_EVENT: Finding.UPHELD}


def staff(db) -> dict[str, User]:
    people = {
        "worker": make_user({Role.CASEWORKER}, "worker@example.test", "Casey Worker"),
        "senior": make_user({Role.SENIOR_CASEWORKER}, "senior@example.test", "Sam Senior"),
        "other": make_user({Role.SENIOR_CASEWORKER}, "other@example.test", "Robin Other"),
    }
    db.session.commit()
    return people


def findings_by(complaint: Complaint, user: User, findings=ALL_UPHELD) -> None:
    decisions.record_findings(
        complaint, findings, Finding.UPHELD, "No signs were up.", user, complaint.version
    )


def ready(db, people) -> Complaint:
    """An investigating case assigned to the worker, findings recorded by the worker and
    signed off by the senior: ready to issue."""
    complaint = make_case(Status.INVESTIGATING, assignee_id=people["worker"].id)
    db.session.commit()
    findings_by(complaint, people["worker"])
    decisions.sign_off(complaint, people["senior"], complaint.version)
    db.session.commit()
    return complaint


# --------------------------------------------------------------- every status move, by table


MOVES = [(current, target) for current in Status for target in Status if current != target]
OWN_ACTION = set(states.OWN_ACTION)


@pytest.mark.parametrize(("current", "target"), MOVES, ids=lambda s: s.value)
def test_a_change_of_status_makes_only_the_moves_that_are_not_an_actions_own(db, current, target):
    people = staff(db)
    complaint = make_case(current)
    db.session.commit()
    reason = None
    if target is Status.CLOSED:
        allowed = states.plain_closing_reasons(current)
        reason = sorted(allowed)[0] if allowed else ClosureReason.OUTCOME_ISSUED
    referred = ReferralBody.IOPC if reason is ClosureReason.REFERRED else None
    plain = target in states.allowed_from(current) and (current, target) not in OWN_ACTION
    if target is Status.CLOSED and not states.plain_closing_reasons(current):
        plain = False
    before = complaint.version
    if plain:
        workflow.move(
            complaint, target, people["senior"], before, reason=reason, referred_to=referred
        )
        db.session.commit()
        assert case(db, complaint.reference).status is target
    else:
        with pytest.raises(InvalidTransition):
            workflow.move(
                complaint, target, people["senior"], before, reason=reason, referred_to=referred
            )
        db.session.rollback()
        assert case(db, complaint.reference).status is current
        assert case(db, complaint.reference).version == before


def test_decision_sent_is_never_a_plain_move_from_anywhere():
    for current in Status:
        assert Status.DECISION_ISSUED not in states.plain_moves_from(current)
        assert Status.REVIEW_REQUESTED not in states.plain_moves_from(current)


# ---------------------------------------------------------- every precondition of issuing


def _no_findings(db, people) -> Complaint:
    complaint = make_case(Status.INVESTIGATING, assignee_id=people["worker"].id)
    db.session.commit()
    return complaint


def _not_signed_off(db, people) -> Complaint:
    complaint = _no_findings(db, people)
    findings_by(complaint, people["worker"])
    db.session.commit()
    return complaint


def _changed_after_sign_off(db, people) -> Complaint:
    complaint = ready(db, people)
    findings_by(
        complaint,
        people["worker"],
        {Concern.NO_NOTICE: Finding.NOT_UPHELD, Concern.PROTEST_OR_EVENT: Finding.UPHELD},
    )
    db.session.commit()
    return complaint


def _concern_added_after_sign_off(db, people) -> Complaint:
    complaint = ready(db, people)
    complaint.concerns.append(ComplaintConcern(concern=Concern.RETENTION))
    db.session.commit()
    return complaint


def _signer_no_longer_senior(db, people) -> Complaint:
    complaint = ready(db, people)
    people["senior"].roles = {Role.CASEWORKER}
    db.session.commit()
    return complaint


def _not_investigating(db, people) -> Complaint:
    complaint = ready(db, people)
    workflow.move(complaint, Status.AWAITING_INFORMATION, people["worker"], complaint.version)
    db.session.commit()
    return complaint


PRECONDITIONS: dict[str, Callable[..., Complaint]] = {
    "no findings": _no_findings,
    "findings not signed off": _not_signed_off,
    "findings changed after sign-off": _changed_after_sign_off,
    "a concern with no finding": _concern_added_after_sign_off,
    "the signer is no longer a senior": _signer_no_longer_senior,
    "not being investigated": _not_investigating,
}


@pytest.mark.parametrize("name", PRECONDITIONS)
def test_a_decision_missing_any_precondition_is_refused_with_a_message(db, name):
    people = staff(db)
    complaint = PRECONDITIONS[name](db, people)
    status, version = complaint.status, complaint.version
    with pytest.raises(CaseProblem) as refused:
        decisions.issue_decision(complaint, people["worker"], complaint.version)
    assert str(refused.value.message)
    db.session.rollback()
    again = case(db, complaint.reference)
    assert (again.status, again.version, again.decisions) == (status, version, [])


@pytest.mark.parametrize("name", PRECONDITIONS)
def test_the_issue_button_on_the_case_page_refuses_it_too(client, db, name):
    people = staff(db)
    complaint = PRECONDITIONS[name](db, people)
    status = complaint.status
    login_as(client, people["worker"])
    response = act(client, db, complaint.reference, "issue-decision")
    assert response.status_code in (400, 409)
    assert "govuk-error-summary" in response.get_data(as_text=True)
    assert case(db, complaint.reference).status is status


def test_a_stale_issue_form_is_refused(db):
    people = staff(db)
    complaint = ready(db, people)
    with pytest.raises(CaseChanged):
        decisions.issue_decision(complaint, people["worker"], complaint.version - 1)


def test_a_decision_with_every_rule_met_is_sent_once_and_kept_as_sent(db):
    people = staff(db)
    complaint = ready(db, people)
    decision = decisions.issue_decision(complaint, people["worker"], complaint.version)
    db.session.commit()
    sent = case(db, complaint.reference)
    assert sent.status is Status.DECISION_ISSUED
    assert sent.decision_issued_at is not None
    [kept] = db.session.scalars(sa.select(Decision).where(Decision.complaint_id == sent.id))
    assert (kept.number, kept.signed_off_by_id) == (1, people["senior"].id)
    assert kept.findings == [
        {"concern": "no_notice", "finding": "upheld"},
        {"concern": "protest_or_event", "finding": "upheld"},
    ]
    assert decision.id == kept.id
    [message] = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == MessageKind.OUTCOME)
    )
    assert "There was no notice or signage" in message.body
    with pytest.raises(CaseProblem):
        decisions.issue_decision(sent, people["worker"], sent.version)


# ------------------------------------------------------------------ who may sign off


def test_the_assignee_may_not_sign_off(db):
    people = staff(db)
    complaint = make_case(Status.INVESTIGATING, assignee_id=people["other"].id)
    db.session.commit()
    findings_by(complaint, people["senior"])
    with pytest.raises(NotPermitted):
        decisions.sign_off(complaint, people["other"], complaint.version)


def test_on_an_unassigned_case_the_senior_who_recorded_the_findings_may_not_sign_them_off(db):
    people = staff(db)
    complaint = make_case(Status.INVESTIGATING)
    db.session.commit()
    findings_by(complaint, people["senior"])
    db.session.commit()
    with pytest.raises(NotPermitted):
        decisions.sign_off(complaint, people["senior"], complaint.version)
    decisions.sign_off(complaint, people["other"], complaint.version)
    db.session.commit()
    assert case(db, complaint.reference).signed_off_by_id == people["other"].id


def test_a_senior_who_changed_one_finding_may_not_sign_off_even_after_another_change(db):
    people = staff(db)
    complaint = make_case(Status.INVESTIGATING)
    db.session.commit()
    findings_by(complaint, people["worker"])
    findings_by(
        complaint,
        people["senior"],
        {Concern.NO_NOTICE: Finding.NOT_UPHELD, Concern.PROTEST_OR_EVENT: Finding.UPHELD},
    )
    # The worker changes the other concern: the senior's finding on no_notice stands.
    findings_by(
        complaint,
        people["worker"],
        {Concern.NO_NOTICE: Finding.NOT_UPHELD, Concern.PROTEST_OR_EVENT: Finding.NOT_UPHELD},
    )
    db.session.commit()
    with pytest.raises(NotPermitted):
        decisions.sign_off(complaint, people["senior"], complaint.version)


def test_sending_the_same_findings_again_keeps_the_sign_off_and_a_change_cancels_it(db):
    people = staff(db)
    complaint = ready(db, people)
    findings_by(complaint, people["worker"])
    db.session.commit()
    assert case(db, complaint.reference).signed_off_by_id == people["senior"].id
    findings_by(
        complaint,
        people["worker"],
        {Concern.NO_NOTICE: Finding.NOT_UPHELD, Concern.PROTEST_OR_EVENT: Finding.UPHELD},
    )
    db.session.commit()
    assert case(db, complaint.reference).signed_off_by_id is None


def test_assigning_the_case_to_the_person_who_signed_it_off_is_refused(db):
    people = staff(db)
    complaint = ready(db, people)
    with pytest.raises(CaseProblem):
        workflow.assign(complaint, people["senior"], people["other"], complaint.version)


def test_the_sign_off_button_is_not_shown_to_an_author_of_the_findings(client, db):
    people = staff(db)
    complaint = make_case(Status.INVESTIGATING)
    db.session.commit()
    login_as(client, people["senior"])
    assert act(client, db, complaint.reference, "findings", FINDINGS).status_code == 302
    page = client.get(f"/staff/cases/{complaint.reference}").get_data(as_text=True)
    assert f"/staff/cases/{complaint.reference}/sign-off" not in page
    response = act(client, db, complaint.reference, "sign-off")
    assert response.status_code == 403
    assert case(db, complaint.reference).signed_off_by_id is None


# ------------------------------------------------------------- the database holds it too


def _refused(db, change: Callable[[Complaint], None]) -> bool:
    complaint = db.session.scalar(sa.select(Complaint))
    change(complaint)
    try:
        db.session.flush()
    except sa.exc.IntegrityError:
        db.session.rollback()
        return True
    db.session.rollback()
    return False


def test_the_database_refuses_a_decided_case_without_a_sign_off_and_a_signer_who_is_an_author(
    db,
):
    people = staff(db)
    ready(db, people)
    assert _refused(db, lambda c: setattr(c, "signed_off_by_id", c.findings_by_id))
    assert _refused(db, lambda c: setattr(c, "assignee_id", c.signed_off_by_id))

    def decided_unsigned(c: Complaint) -> None:
        c.signed_off_by_id = None
        c.status = Status.DECISION_ISSUED

    assert _refused(db, decided_unsigned)
