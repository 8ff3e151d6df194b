"""Reviews per decision: each decision may be reviewed once, within 28 days of being sent;
a reopened case is due again from the review request; a review ends with its own outcome,
decided by a senior who did not sign that decision off, which the complainant sees. Runs
on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from oversight.auth.models import Role, User
from oversight.casework import decisions
from oversight.casework.changes import CaseProblem, NotPermitted
from oversight.complaints.enums import Concern, Finding, ReviewOutcome, Status, TimelineKind
from oversight.complaints.models import Complaint, Review
from oversight.models import utcnow
from oversight.notify.models import MessageKind, OutboxMessage
from oversight.workdays import add_working_days, local_date
from tests.casework.cases import case
from tests.factories import TARGETS, make_case, make_user
from tests.helpers import csrf_token

UPHELD = {Concern.NO_NOTICE: Finding.UPHELD, Concern.PROTEST_OR_EVENT: Finding.UPHELD}


@pytest.fixture
def people(db) -> dict[str, User]:
    found = {
        "worker": make_user({Role.CASEWORKER}, "worker@example.test", "Casey Worker"),
        "senior": make_user({Role.SENIOR_CASEWORKER}, "senior@example.test", "Sam Senior"),
        "other": make_user({Role.SENIOR_CASEWORKER}, "other@example.test", "Robin Other"),
    }
    db.session.commit()
    return found


def decide(db, complaint: Complaint, people, findings=UPHELD) -> None:
    worker, senior = people["worker"], people["senior"]
    decisions.record_findings(
        complaint, findings, Finding.UPHELD, "No signs.", worker, complaint.version
    )
    decisions.sign_off(complaint, senior, complaint.version)
    decisions.issue_decision(complaint, worker, complaint.version)
    db.session.commit()


def decided_case(db, people) -> Complaint:
    complaint = make_case(Status.INVESTIGATING, assignee_id=people["worker"].id)
    db.session.commit()
    decide(db, complaint, people)
    return complaint


def ask(db, complaint: Complaint, days_after: float = 1) -> Review:
    issued = complaint.decisions[-1].issued_at
    review = decisions.request_review(
        complaint, "You did not look at my photos.", issued + timedelta(days=days_after), TARGETS
    )
    db.session.commit()
    return review


def test_a_decision_may_be_reviewed_once_and_the_next_decision_once_again(db, people):
    complaint = decided_case(db, people)
    first = ask(db, complaint)
    assert first.decision.number == 1
    decisions.decide_review(
        complaint, ReviewOutcome.UPHELD, "We will look again.", people["other"], complaint.version
    )
    db.session.commit()
    assert case(db, complaint.reference).status is Status.INVESTIGATING
    assert case(db, complaint.reference).signed_off_by_id is None
    # The first decision's review is spent; a second decision may be reviewed in turn.
    decide(
        db,
        complaint,
        people,
        {Concern.NO_NOTICE: Finding.NOT_UPHELD, Concern.PROTEST_OR_EVENT: Finding.UPHELD},
    )
    assert [d.number for d in case(db, complaint.reference).decisions] == [1, 2]
    second = ask(db, complaint)
    assert second.decision.number == 2
    decisions.decide_review(
        complaint, ReviewOutcome.NOT_UPHELD, "It stands.", people["other"], complaint.version
    )
    db.session.commit()
    assert not decisions.review_open(complaint, utcnow())
    with pytest.raises(CaseProblem):
        decisions.request_review(complaint, "Again", utcnow(), TARGETS)


@pytest.mark.parametrize(("days", "open_"), [(27.9, True), (28.1, False)])
def test_a_review_is_asked_within_28_days_of_that_decision(db, people, days, open_):
    complaint = decided_case(db, people)
    issued = complaint.decisions[-1].issued_at
    assert decisions.review_open(complaint, issued + timedelta(days=days)) is open_


def test_the_database_keeps_one_review_per_decision(db, people):
    complaint = decided_case(db, people)
    ask(db, complaint)
    db.session.add(
        Review(
            complaint_id=complaint.id,
            decision_id=complaint.decisions[-1].id,
            reasons="Twice",
            requested_at=utcnow(),
        )
    )
    with pytest.raises(sa.exc.IntegrityError):
        db.session.flush()
    db.session.rollback()


def test_a_reopened_case_is_due_again_from_the_review_request(db, people):
    complaint = decided_case(db, people)
    asked_at = complaint.decisions[-1].issued_at + timedelta(days=20)
    decisions.request_review(complaint, "Please look again.", asked_at, TARGETS)
    db.session.commit()
    reopened = case(db, complaint.reference)
    expected = add_working_days(local_date(asked_at), TARGETS.decision)
    assert reopened.decision_by == expected
    assert reopened.due_on == expected
    assert not reopened.overdue(local_date(asked_at) + timedelta(days=1))
    assert reopened.review_requested_at == asked_at == reopened.reviews[-1].requested_at


def test_a_review_not_upheld_closes_the_case_and_the_complainant_is_told(db, people):
    complaint = decided_case(db, people)
    ask(db, complaint)
    decisions.decide_review(
        complaint,
        ReviewOutcome.NOT_UPHELD,
        "We checked the footage; our decision stands.",
        people["other"],
        complaint.version,
    )
    db.session.commit()
    closed = case(db, complaint.reference)
    assert closed.status is Status.CLOSED
    [review] = closed.reviews
    assert (review.outcome, review.decided_by_id) == (ReviewOutcome.NOT_UPHELD, people["other"].id)
    entry = [e for e in closed.timeline if e.kind is TimelineKind.REVIEW][-1]
    assert entry.visible_to_complainant
    assert entry.body == "We checked the footage; our decision stands."
    [message] = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == MessageKind.REVIEW_OUTCOME)
    )
    assert "our decision stands" in message.body


def test_the_senior_who_signed_the_decision_off_may_not_decide_its_review(db, people):
    complaint = decided_case(db, people)
    ask(db, complaint)
    for who in ("senior", "worker"):
        with pytest.raises(NotPermitted):
            decisions.decide_review(
                complaint, ReviewOutcome.UPHELD, "x", people[who], complaint.version
            )
    db.session.rollback()
    assert case(db, complaint.reference).status is Status.REVIEW_REQUESTED


def test_a_review_outcome_needs_a_review_waiting(db, people):
    complaint = decided_case(db, people)
    with pytest.raises(CaseProblem):
        decisions.decide_review(
            complaint, ReviewOutcome.UPHELD, "x", people["other"], complaint.version
        )


def test_the_complainant_asks_and_sees_the_outcome_on_the_tracking_page(client, db, people):
    complaint = decided_case(db, people)
    ask(db, complaint)
    decisions.decide_review(
        complaint,
        ReviewOutcome.UPHELD,
        "We will look at the footage again.",
        people["other"],
        complaint.version,
    )
    db.session.commit()
    response = client.get("/track")
    shown = client.post(
        "/track",
        data={
            "csrf_token": csrf_token(response.get_data(as_text=True)),
            "reference": complaint.reference,
            "tracking_code": "AAAA-BBBB-CCCC",
        },
    ).get_data(as_text=True)
    assert "We will look at the footage again." in shown


def test_a_review_outcome_and_a_finding_keep_their_own_labels():
    """They share the value "upheld": one's label must never replace the other's."""
    assert Finding.UPHELD.label == "Upheld"
    assert Finding.NOT_UPHELD.label == "Not upheld"
    assert ReviewOutcome.UPHELD.label.startswith("Review upheld")
    assert next(label for _, label in Finding.choices()) == "Upheld"
