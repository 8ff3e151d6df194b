"""Legal holds: a hold on a case stops every retention rule until it is released.

A senior caseworker sets one with a reason (a claim, an investigation, a request from a
court or another body) and releases it with a reason; who did each and when is kept,
and each is audited. At most one hold is active on a case (the database holds this too:
a partial unique index). Services raise the typed errors of oversight.problems and never
commit.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from oversight import policy
from oversight.auth.models import User
from oversight.casework.changes import actor_of, record_case_event
from oversight.complaints.models import Complaint
from oversight.extensions import db
from oversight.models import utcnow
from oversight.problems import NotPermitted, Problem
from oversight.retention.models import LegalHold

REASON_MAX = 2000


class HoldProblem(Problem):
    """A hold that cannot be set or released as asked."""


def active_hold(complaint: Complaint) -> LegalHold | None:
    return db.session.scalar(
        sa.select(LegalHold).where(
            LegalHold.complaint_id == complaint.id, LegalHold.released_at.is_(None)
        )
    )


def holds_of(complaint: Complaint) -> list[LegalHold]:
    """Every hold on the case, newest first."""
    return list(
        db.session.scalars(
            sa.select(LegalHold)
            .where(LegalHold.complaint_id == complaint.id)
            .order_by(LegalHold.set_at.desc(), LegalHold.id.desc())
        )
    )


def _reason(text: str | None, field: str) -> str:
    reason = (text or "").replace("\x00", "").strip()
    if not reason:
        raise HoldProblem(_l("Enter the reason"), field)
    if len(reason) > REASON_MAX:
        raise HoldProblem(_l("The reason must be 2,000 characters or fewer"), field)
    return reason


def set_hold(complaint: Complaint, reason: str, by: User) -> LegalHold:
    """Put the case on legal hold: no retention rule touches it until it is released."""
    if not policy.can_hold_case(by, complaint):
        raise NotPermitted
    reason = _reason(reason, "reason")
    # The case's row first, so two holds asked for at once are set one after the other.
    db.session.execute(
        sa.select(Complaint.id).where(Complaint.id == complaint.id).with_for_update()
    )
    if active_hold(complaint) is not None:
        raise HoldProblem(_l("This case is already on legal hold"))
    hold = LegalHold(complaint_id=complaint.id, reason=reason, set_by_id=by.id, set_at=utcnow())
    try:
        with db.session.begin_nested():
            db.session.add(hold)
    except IntegrityError:  # another hold was set in the same moment
        raise HoldProblem(_l("This case is already on legal hold")) from None
    record_case_event("case.legal_hold_set", complaint, actor_of(by))
    return hold


def release_hold(complaint: Complaint, reason: str, by: User) -> LegalHold:
    """Release the case's hold: the schedule applies to it again from the next run."""
    if not policy.can_hold_case(by, complaint):
        raise NotPermitted
    reason = _reason(reason, "release_reason")
    hold = active_hold(complaint)
    if hold is None:
        raise HoldProblem(_l("This case is not on legal hold"))
    hold.released_at, hold.released_by_id, hold.release_reason = utcnow(), by.id, reason
    record_case_event("case.legal_hold_released", complaint, actor_of(by))
    return hold


def active_holds() -> list[LegalHold]:
    """Every active hold, the oldest first (for review)."""
    return list(
        db.session.scalars(
            sa.select(LegalHold)
            .where(LegalHold.released_at.is_(None))
            .order_by(LegalHold.set_at, LegalHold.id)
        )
    )


def released_holds(limit: int = 200) -> list[LegalHold]:
    """Released holds, the latest released first."""
    return list(
        db.session.scalars(
            sa.select(LegalHold)
            .where(LegalHold.released_at.is_not(None))
            .order_by(LegalHold.released_at.desc(), LegalHold.id.desc())
            .limit(limit)
        )
    )
