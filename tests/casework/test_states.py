"""The workflow table, tested over every pair of statuses."""

from __future__ import annotations

import itertools

import pytest

from oversight.casework.states import (
    ALLOWED_MOVES,
    ClosureReason,
    InvalidTransition,
    ReferralBody,
    check_move,
)
from oversight.complaints.enums import Status as S

EXPECTED = {
    (S.RECEIVED, S.IN_TRIAGE),
    (S.RECEIVED, S.CLOSED),
    (S.IN_TRIAGE, S.AWAITING_INFORMATION),
    (S.IN_TRIAGE, S.INVESTIGATING),
    (S.IN_TRIAGE, S.CLOSED),
    (S.AWAITING_INFORMATION, S.IN_TRIAGE),
    (S.AWAITING_INFORMATION, S.INVESTIGATING),
    (S.AWAITING_INFORMATION, S.CLOSED),
    (S.INVESTIGATING, S.AWAITING_INFORMATION),
    (S.INVESTIGATING, S.DECISION_ISSUED),
    (S.INVESTIGATING, S.CLOSED),
    (S.DECISION_ISSUED, S.CLOSED),
    (S.CLOSED, S.REVIEW_REQUESTED),
    (S.REVIEW_REQUESTED, S.INVESTIGATING),
    (S.REVIEW_REQUESTED, S.CLOSED),
}


def a_valid_reason(current: S, target: S) -> dict:
    if target is not S.CLOSED:
        return {}
    if current in (S.DECISION_ISSUED, S.REVIEW_REQUESTED):
        return {"reason": ClosureReason.OUTCOME_ISSUED}
    return {"reason": ClosureReason.WITHDRAWN}


@pytest.mark.parametrize(
    ("current", "target"), list(itertools.product(S, S)), ids=lambda s: s.value
)
def test_every_pair_of_statuses_is_allowed_only_if_in_the_table(app, current, target):
    with app.test_request_context():
        if (current, target) in EXPECTED:
            check_move(current, target, **a_valid_reason(current, target))
        else:
            with pytest.raises(InvalidTransition, match="cannot be moved to"):
                check_move(current, target, **a_valid_reason(current, target))


def test_the_table_is_exactly_the_designed_workflow():
    assert {(a, b) for a, targets in ALLOWED_MOVES.items() for b in targets} == EXPECTED


@pytest.mark.parametrize("current", [S.RECEIVED, S.IN_TRIAGE, S.INVESTIGATING, S.DECISION_ISSUED])
def test_closing_always_needs_a_reason(app, current):
    with app.test_request_context(), pytest.raises(InvalidTransition, match="reason for closing"):
        check_move(current, S.CLOSED)


def test_a_referral_names_the_body(app):
    with app.test_request_context():
        with pytest.raises(InvalidTransition, match="body the complaint is referred to"):
            check_move(S.IN_TRIAGE, S.CLOSED, ClosureReason.REFERRED)
        check_move(S.IN_TRIAGE, S.CLOSED, ClosureReason.REFERRED, ReferralBody.IOPC)


def test_only_a_decided_case_closes_with_the_outcome_issued(app):
    with app.test_request_context():
        with pytest.raises(InvalidTransition, match="cannot be closed as"):
            check_move(S.IN_TRIAGE, S.CLOSED, ClosureReason.OUTCOME_ISSUED)
        with pytest.raises(InvalidTransition, match="cannot be closed as"):
            check_move(S.DECISION_ISSUED, S.CLOSED, ClosureReason.WITHDRAWN)
        check_move(S.DECISION_ISSUED, S.CLOSED, ClosureReason.OUTCOME_ISSUED)


def test_a_move_that_is_not_closing_takes_no_reason(app):
    with app.test_request_context(), pytest.raises(InvalidTransition, match="Only closing"):
        check_move(S.RECEIVED, S.IN_TRIAGE, ClosureReason.WITHDRAWN)


def test_a_refused_move_says_what_is_allowed(app):
    with app.test_request_context(), pytest.raises(InvalidTransition) as refused:
        check_move(S.RECEIVED, S.DECISION_ISSUED)
    assert "‘Received’ cannot be moved to ‘Decision issued’" in str(refused.value)
    assert "In triage" in str(refused.value)
