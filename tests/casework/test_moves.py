"""The workflow through the staff pages: every allowed move is made, every refused one
says why, and closing takes a fitting reason. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import pytest

from oversight.casework.states import (
    ALLOWED_MOVES,
    CLOSURE_LABELS,
    REFERRAL_LABELS,
    ClosureReason,
    ReferralBody,
    plain_closing_reasons,
    plain_moves_from,
)
from oversight.complaints.enums import Concern, Finding, Status, TimelineKind
from oversight.complaints.models import Complaint
from tests.casework.cases import act, actions, at, case, events, page_of, snapshot
from tests.factories import make_case
from tests.helpers import login_as

# ---------------------------------------------------------------- the workflow

# A change of status makes every move of the table but those of their own action
# (tests/casework/test_decision_rules.py refuses those here and makes them there).
ALLOWED = [
    pytest.param(source, target, id=f"{source}-to-{target}")
    for source in Status
    for target in Status
    if target in plain_moves_from(source)
]
REFUSED = [
    pytest.param(source, target, id=f"{source}-to-{target}")
    for source in Status
    for target in Status
    if target not in ALLOWED_MOVES[source]
]


def closing_answers(source: Status, target: Status) -> dict[str, str]:
    if target is not Status.CLOSED:
        return {}
    reasons = plain_closing_reasons(source)
    reason = ClosureReason.WITHDRAWN if ClosureReason.WITHDRAWN in reasons else min(reasons)
    return {"reason": reason.value}


def case_at(status: Status) -> Complaint:
    """A case at `status` with whatever that status implies (findings once decided …)."""
    decided = status in (Status.DECISION_ISSUED, Status.CLOSED, Status.REVIEW_REQUESTED)
    return make_case(
        status,
        findings=Finding.UPHELD if decided else None,
        decision_issued_at=at("2026-07-01T10:00:00") if decided else None,
        closure_reason=ClosureReason.OUTCOME_ISSUED.value if status is Status.CLOSED else None,
    )


@pytest.mark.parametrize(("source", "target"), ALLOWED)
def test_every_allowed_move_is_made_with_a_timeline_entry_and_an_audit_event(
    client, db, senior_caseworker, source, target
):
    complaint = case_at(source)
    db.session.commit()
    login_as(client, senior_caseworker)
    entries = len(complaint.timeline)
    answers = closing_answers(source, target)
    response = act(client, db, complaint.reference, "move", {"target": target.value, **answers})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    moved = case(db, complaint.reference)
    assert moved.status is target
    assert moved.version == 2
    assert len(moved.timeline) == entries + 1
    entry = moved.timeline[-1]
    assert (entry.kind, entry.from_status, entry.to_status, entry.reason) == (
        TimelineKind.STATUS_CHANGE,
        source,
        target,
        answers.get("reason"),
    )
    assert entry.actor == f"user:{senior_caseworker.id}"
    [event] = events(db, "case.status_changed")
    assert event.details == {
        "reference": complaint.reference,
        "from_status": source.value,
        "to_status": target.value,
        "reason": answers.get("reason"),
    }


@pytest.mark.parametrize(("source", "target"), REFUSED)
def test_every_refused_move_says_why_and_changes_nothing(
    client, db, senior_caseworker, source, target
):
    complaint = case_at(source)
    db.session.commit()
    login_as(client, senior_caseworker)
    before = snapshot(db, complaint.reference)
    answers = {"reason": "withdrawn"} if target is Status.CLOSED else {}
    response = act(client, db, complaint.reference, "move", {"target": target.value, **answers})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert (
        f"A case that is ‘{source.staff_label}’ cannot be moved to ‘{target.staff_label}’" in html
    )
    allowed = sorted(s.staff_label for s in plain_moves_from(source))
    if allowed:
        assert f"It can be moved to: {', '.join(allowed)}." in html
    else:
        assert "It reopens only if the complainant asks for a review." in html
    assert 'class="govuk-error-summary' in html
    assert snapshot(db, complaint.reference) == before


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({}, "Select a reason for closing the case"),
        ({"reason": "referred"}, "Select the body the complaint is referred to"),
        ({"reason": "outcome_issued"}, "cannot be closed as ‘Outcome issued’"),
    ],
    ids=["no reason", "referral without a body", "outcome before a decision"],
)
def test_closing_is_refused_without_a_fitting_reason(client, db, caseworker, answers, message):
    complaint = make_case(Status.IN_TRIAGE)
    db.session.commit()
    login_as(client, caseworker)
    before = snapshot(db, complaint.reference)
    response = act(client, db, complaint.reference, "move", {"target": "closed", **answers})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert snapshot(db, complaint.reference) == before


def test_a_decided_case_closes_only_as_outcome_issued(client, db, caseworker):
    complaint = case_at(Status.DECISION_ISSUED)
    db.session.commit()
    login_as(client, caseworker)
    response = act(
        client, db, complaint.reference, "move", {"target": "closed", "reason": "withdrawn"}
    )
    assert response.status_code == 400
    assert "cannot be closed as ‘Withdrawn by the complainant’" in response.get_data(as_text=True)
    assert case(db, complaint.reference).status is Status.DECISION_ISSUED


def test_only_closing_takes_a_closure_reason(client, db, caseworker):
    complaint = make_case(Status.IN_TRIAGE)
    db.session.commit()
    login_as(client, caseworker)
    response = act(
        client,
        db,
        complaint.reference,
        "move",
        {"target": "investigating", "reason": "withdrawn"},
    )
    assert response.status_code == 400
    assert "Only closing a case takes a closure reason" in response.get_data(as_text=True)
    assert case(db, complaint.reference).status is Status.IN_TRIAGE


CLOSINGS = [
    pytest.param(Status.IN_TRIAGE, reason, id=reason.value)
    for reason in sorted(frozenset(ClosureReason) - {ClosureReason.OUTCOME_ISSUED})
] + [pytest.param(Status.DECISION_ISSUED, ClosureReason.OUTCOME_ISSUED, id="outcome_issued")]


@pytest.mark.parametrize(("source", "reason"), CLOSINGS)
def test_closing_records_its_reason_and_any_body_referred_to(
    client, db, senior_caseworker, source, reason
):
    complaint = case_at(source)
    db.session.commit()
    login_as(client, senior_caseworker)
    answers = {"target": "closed", "reason": reason.value}
    if reason is ClosureReason.REFERRED:
        answers["referred_to"] = ReferralBody.PIRC.value
    response = act(client, db, complaint.reference, "move", answers)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    closed = case(db, complaint.reference)
    assert closed.status is Status.CLOSED
    assert closed.closure_reason == reason.value
    assert closed.closed_at is not None
    assert closed.due_on is None
    assert closed.timeline[-1].reason == reason.value
    [event] = events(db, "case.status_changed")
    assert event.details["reason"] == reason.value
    html = page_of(client, complaint.reference)
    assert str(CLOSURE_LABELS[reason]) in html
    if reason is ClosureReason.REFERRED:
        assert closed.referred_to == ReferralBody.PIRC.value
        assert str(REFERRAL_LABELS[ReferralBody.PIRC]) in html
    else:
        assert closed.referred_to is None


def test_triage_out_of_remit_closes_the_case_as_referred_to_the_body_chosen(client, db, caseworker):
    complaint = make_case(Status.IN_TRIAGE)
    db.session.commit()
    login_as(client, caseworker)
    triage = {"in_remit": "no", "priority": "standard", "concerns": ["data_sharing"]}
    response = act(client, db, complaint.reference, "triage", triage)
    assert response.status_code == 400
    assert "Select whether the complaint is referred or out of remit" in response.get_data(
        as_text=True
    )
    response = act(client, db, complaint.reference, "triage", {**triage, "reason": "referred"})
    assert response.status_code == 400
    assert "Select the body the complaint is referred to" in response.get_data(as_text=True)
    assert case(db, complaint.reference).status is Status.IN_TRIAGE
    response = act(
        client,
        db,
        complaint.reference,
        "triage",
        {**triage, "reason": "referred", "referred_to": "ico"},
    )
    assert response.status_code == 302
    closed = case(db, complaint.reference)
    assert (closed.status, closed.closure_reason, closed.referred_to, closed.in_remit) == (
        Status.CLOSED,
        "referred",
        "ico",
        False,
    )
    assert [c.concern for c in closed.concerns] == [Concern.DATA_SHARING]
    assert actions(db)[-2:] == ["case.triaged", "case.status_changed"]


def test_triage_in_remit_records_priority_and_concerns_and_starts_the_investigation(
    client, db, caseworker
):
    complaint = make_case(Status.IN_TRIAGE)
    db.session.commit()
    login_as(client, caseworker)
    triage = {
        "in_remit": "yes",
        "priority": "urgent",
        "concerns": ["watchlist", "misidentification"],
    }
    response = act(client, db, complaint.reference, "triage", triage)
    assert response.status_code == 400
    assert "Give the reason for the priority" in response.get_data(as_text=True)
    response = act(
        client, db, complaint.reference, "triage", {**triage, "priority_reason": "Arrested"}
    )
    assert response.status_code == 302
    triaged = case(db, complaint.reference)
    assert triaged.status is Status.INVESTIGATING
    assert (triaged.priority.value, triaged.priority_rank, triaged.priority_reason) == (
        "urgent",
        1,
        "Arrested",
    )
    assert [c.concern for c in triaged.concerns] == [Concern.MISIDENTIFICATION, Concern.WATCHLIST]
    assert triaged.due_on == triaged.decision_by
