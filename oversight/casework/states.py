"""The case workflow: one table of allowed moves between statuses.

Anything not in the table is refused with a message saying what is allowed.
Closing always needs a reason; a referral also names the body referred to.
A few moves in the table belong to their own action (OWN_ACTION): sending the decision,
asking for a review and its outcome. A plain change of status never makes them.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

# The closure vocabularies live with the complaint's other enums, since the models store
# them; they are re-exported here, beside the workflow that uses them.
from oversight.complaints.enums import CLOSURE_LABELS as CLOSURE_LABELS
from oversight.complaints.enums import REFERRAL_LABELS as REFERRAL_LABELS
from oversight.complaints.enums import ClosureReason as ClosureReason
from oversight.complaints.enums import ReferralBody as ReferralBody
from oversight.complaints.enums import Status
from oversight.problems import Problem

S = Status

ALLOWED_MOVES: dict[Status, frozenset[Status]] = {
    S.RECEIVED: frozenset({S.IN_TRIAGE, S.CLOSED}),
    S.IN_TRIAGE: frozenset({S.AWAITING_INFORMATION, S.INVESTIGATING, S.CLOSED}),
    S.AWAITING_INFORMATION: frozenset({S.IN_TRIAGE, S.INVESTIGATING, S.CLOSED}),
    S.INVESTIGATING: frozenset({S.AWAITING_INFORMATION, S.DECISION_ISSUED, S.CLOSED}),
    S.DECISION_ISSUED: frozenset({S.CLOSED}),
    S.CLOSED: frozenset({S.REVIEW_REQUESTED}),
    S.REVIEW_REQUESTED: frozenset({S.INVESTIGATING, S.CLOSED}),
}


# Only a case whose decision was issued closes with the outcome; the others close early.
CLOSING_REASONS: dict[Status, frozenset[ClosureReason]] = {
    S.DECISION_ISSUED: frozenset({ClosureReason.OUTCOME_ISSUED}),
    S.REVIEW_REQUESTED: frozenset({ClosureReason.OUTCOME_ISSUED, ClosureReason.WITHDRAWN}),
}
EARLY_CLOSURE = frozenset(ClosureReason) - {ClosureReason.OUTCOME_ISSUED}

# Moves only their own action makes (casework/decisions.py), and what to do instead.
OWN_ACTION: dict[tuple[Status, Status], object] = {
    (S.INVESTIGATING, S.DECISION_ISSUED): _l(
        "A decision is sent only with ‘Issue the decision’, once every concern has a finding"
        " and a senior caseworker has signed the findings off"
    ),
    (S.CLOSED, S.REVIEW_REQUESTED): _l(
        "Only the complainant can ask for a review, from the track your complaint page"
    ),
    (S.REVIEW_REQUESTED, S.INVESTIGATING): _l(
        "Record the outcome of the review: a review upheld takes the case back to investigation"
    ),
}
# Closing a case under review as "outcome issued" is the review's outcome (not upheld).
OWN_ACTION_CLOSING: dict[Status, tuple[frozenset[ClosureReason], object]] = {
    S.REVIEW_REQUESTED: (
        frozenset({ClosureReason.OUTCOME_ISSUED}),
        _l("Record the outcome of the review: a review not upheld closes the case"),
    ),
}


class InvalidTransition(Problem):
    """A move the workflow does not allow; the message says why, in plain words."""


def allowed_from(status: Status) -> frozenset[Status]:
    return ALLOWED_MOVES[status]


def closing_reasons(status: Status) -> frozenset[ClosureReason]:
    return CLOSING_REASONS.get(status, EARLY_CLOSURE)


def plain_moves_from(status: Status) -> frozenset[Status]:
    """Where a change of status may take a case: the table less the moves of OWN_ACTION."""
    return frozenset(t for t in ALLOWED_MOVES[status] if (status, t) not in OWN_ACTION)


def plain_closing_reasons(status: Status) -> frozenset[ClosureReason]:
    own = OWN_ACTION_CLOSING.get(status)
    return closing_reasons(status) - (own[0] if own else frozenset())


def check_plain_move(current: Status, target: Status, reason: ClosureReason | None = None) -> None:
    """Raise InvalidTransition for a move the table allows only to its own action."""
    own = OWN_ACTION.get((current, target))
    if own is not None:
        raise InvalidTransition(str(own))
    closing = OWN_ACTION_CLOSING.get(current)
    if target is S.CLOSED and closing is not None and reason in closing[0]:
        raise InvalidTransition(str(closing[1]))


def check_move(
    current: Status,
    target: Status,
    reason: ClosureReason | None = None,
    referred_to: ReferralBody | None = None,
) -> None:
    """Raise InvalidTransition unless moving from `current` to `target` is allowed."""
    if target not in ALLOWED_MOVES[current]:
        raise InvalidTransition(_refusal(current, target))
    if target is S.CLOSED:
        if reason is None:
            raise InvalidTransition(str(_l("Select a reason for closing the case")))
        if reason not in closing_reasons(current):
            raise InvalidTransition(
                str(
                    _l(
                        "A case that is ‘%(current)s’ cannot be closed as ‘%(reason)s’",
                        current=current.staff_label,
                        reason=CLOSURE_LABELS[reason],
                    )
                )
            )
        if reason is ClosureReason.REFERRED and referred_to is None:
            raise InvalidTransition(str(_l("Select the body the complaint is referred to")))
    elif reason is not None or referred_to is not None:
        raise InvalidTransition(str(_l("Only closing a case takes a closure reason")))


def _refusal(current: Status, target: Status) -> str:
    """Why the move is refused, and where a change of status can take the case instead."""
    allowed = ", ".join(sorted(s.staff_label for s in plain_moves_from(current)))
    if not allowed:
        return str(
            _l(
                "A case that is ‘%(current)s’ cannot be moved to ‘%(target)s’. It reopens only if the complainant asks for a review.",
                current=current.staff_label,
                target=target.staff_label,
            )
        )
    return str(
        _l(
            "A case that is ‘%(current)s’ cannot be moved to ‘%(target)s’. It can be moved to: %(allowed)s.",
            current=current.staff_label,
            target=target.staff_label,
            allowed=allowed,
        )
    )
