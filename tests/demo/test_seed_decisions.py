"""The demo's decisions keep the casework rules (issue 12): findings by the caseworker,
signed off by a senior who neither holds the case nor recorded the findings, each
decision kept as sent, and reviews of decisions with each outcome."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from oversight.auth.models import Role, User
from oversight.casework.states import ClosureReason
from oversight.complaints import codes
from oversight.complaints.enums import ReviewOutcome, Status, TimelineKind
from oversight.complaints.models import Complaint, Decision, Review
from tests.helpers import login_as, post_page


@pytest.fixture(autouse=True)
def _quick_tracking_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        codes,
        "hash_tracking_code",
        lambda code: generate_password_hash(
            codes.normalise_tracking_code(code), method="pbkdf2:sha256:1"
        ),
    )


@pytest.fixture(name="decided")
def decided_fixture(runner, db) -> list[Complaint]:
    """The demo cases that were ever decided."""
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    return [c for c in db.session.scalars(sa.select(Complaint)) if c.decisions]


def decided_moves(complaint: Complaint) -> int:
    return sum(
        1
        for e in complaint.timeline
        if e.kind is TimelineKind.STATUS_CHANGE and e.to_status is Status.DECISION_ISSUED
    )


def test_every_decision_is_kept_as_sent_and_signed_off_by_another_senior(decided, db):
    seniors = {
        u.id for u in db.session.scalars(sa.select(User)) if Role.SENIOR_CASEWORKER in u.roles
    }
    assert len(decided) >= 10
    for case in decided:
        assert [d.number for d in case.decisions] == list(range(1, decided_moves(case) + 1)), (
            case.reference
        )
        concerns = sorted(c.concern for c in case.concerns)
        assert sorted(f.concern for f in case.findings) == concerns
        assert case.findings_by_id is not None
        assert {f.recorded_by_id for f in case.findings} == {case.findings_by_id}
        for decision in case.decisions:
            assert decision.signed_off_by_id in seniors
            assert decision.signed_off_by_id not in (case.assignee_id, case.findings_by_id)
            assert [f["concern"] for f in decision.findings] == [c.value for c in concerns]
            assert decision.summary and decision.issued_at is not None
        last = case.decisions[-1]
        assert case.decision_issued_at is not None and case.overall_outcome is last.overall_outcome
        if case.signed_off_by_id is not None:
            assert case.signed_off_by_id == last.signed_off_by_id
        assert {f["finding"] for f in last.findings} == {f.finding.value for f in case.findings}
    # Every case closed with its outcome, or still waiting on it, was decided.
    outcome_issued = db.session.scalars(
        sa.select(Complaint).where(
            sa.or_(
                Complaint.closure_reason == ClosureReason.OUTCOME_ISSUED,
                Complaint.status.in_([Status.DECISION_ISSUED, Status.REVIEW_REQUESTED]),
            )
        )
    ).all()
    assert {c.id for c in outcome_issued} == {c.id for c in decided}
    # A senior's own case was signed off by the other senior: both seniors sign off.
    assert any(c.assignee_id in seniors for c in decided)
    assert {d.signed_off_by_id for c in decided for d in c.decisions} == seniors


def test_the_demo_has_reviews_waiting_upheld_and_not_upheld(decided, db):
    reviews = list(db.session.scalars(sa.select(Review)))
    asked = [c for c in decided if c.review_requested_at is not None]
    assert {r.complaint_id for r in reviews} == {c.id for c in asked}
    assert {r.outcome for r in reviews} == {None, *ReviewOutcome}
    for review in reviews:
        case = review.complaint
        assert review.decision.complaint_id == case.id and review.reasons
        if review.outcome is None:
            assert case.status is Status.REVIEW_REQUESTED
            assert review.decided_at is None
            continue
        assert review.decided_at is not None and review.explanation
        assert review.decided_by_id not in (
            case.assignee_id,
            case.findings_by_id,
            review.decision.signed_off_by_id,
        )
        assert case.status is Status.CLOSED
        assert case.closure_reason is ClosureReason.OUTCOME_ISSUED
        # Upheld: the decision was made again; not upheld: the first decision stands.
        upheld = review.outcome is ReviewOutcome.UPHELD
        assert [d.number for d in case.decisions] == ([1, 2] if upheld else [1])
        assert review.decision.number == 1
        told = [e for e in case.timeline if e.kind is TimelineKind.REVIEW]
        assert [e.body for e in told] == [review.explanation]
        assert all(e.visible_to_complainant for e in told)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Decision)) == sum(
        len(c.decisions) for c in decided
    )


def test_the_decided_demo_cases_show_on_the_case_page_and_to_the_complainant(
    app, decided, db, client
):
    senior = db.session.scalar(sa.select(User).where(User.email == "senior@demo.example.com"))
    login_as(client, senior)
    for case in decided:
        page = client.get(f"/staff/cases/{case.reference}")
        assert page.status_code == 200, case.reference
    # The complainant of a case decided again after a review follows it on /track.
    again = next(c for c in decided if len(c.decisions) == 2)
    number = int(again.submission_key.removeprefix("demo-"))
    tracked = post_page(
        app.test_client(),
        "/track",
        {"reference": again.reference, "tracking_code": f"DEMO-TRAK-{number:04d}"},
    )
    assert tracked.status_code == 200
    assert again.reference in tracked.get_data(as_text=True)
