"""The case workflow: one table of allowed moves between statuses.

Anything not in the table is refused with a message saying what is allowed.
Closing always needs a reason; a referral also names the body referred to.
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


class InvalidTransition(Problem):
    """A move the workflow does not allow; the message says why, in plain words."""


def allowed_from(status: Status) -> frozenset[Status]:
    return ALLOWED_MOVES[status]


def closing_reasons(status: Status) -> frozenset[ClosureReason]:
    return CLOSING_REASONS.get(status, EARLY_CLOSURE)


def check_move(
    current: Status,
    target: Status,
    reason: ClosureReason | None = None,
    referred_to: ReferralBody | None = None,
) -> None:
    """Raise InvalidTransition unless moving from `current` to `target` is allowed."""
    if target not in ALLOWED_MOVES[current]:
        allowed = ", ".join(sorted(str(s.label) for s in ALLOWED_MOVES[current]))
        raise InvalidTransition(
            str(
                _l(
                    "A case that is ‘%(current)s’ cannot be moved to ‘%(target)s’. It can be moved to: %(allowed)s.",
                    current=current.label,
                    target=target.label,
                    allowed=allowed,
                )
            )
        )
    if target is S.CLOSED:
        if reason is None:
            raise InvalidTransition(str(_l("Select a reason for closing the case")))
        if reason not in closing_reasons(current):
            raise InvalidTransition(
                str(
                    _l(
                        "A case that is ‘%(current)s’ cannot be closed as ‘%(reason)s’",
                        current=current.label,
                        reason=CLOSURE_LABELS[reason],
                    )
                )
            )
        if reason is ClosureReason.REFERRED and referred_to is None:
            raise InvalidTransition(str(_l("Select the body the complaint is referred to")))
    elif reason is not None or referred_to is not None:
        raise InvalidTransition(str(_l("Only closing a case takes a closure reason")))
