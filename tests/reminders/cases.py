"""Cases and staff for the reminders tests, at fixed UK dates."""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa

from oversight.auth.models import Role, User
from oversight.complaints.enums import Status
from oversight.complaints.models import Complaint
from oversight.extensions import db
from oversight.reminders.models import Reminder, ReminderEmail, ReminderKind
from oversight.workdays import LONDON
from tests.factories import make_case, make_user

# A Tuesday with no bank holiday near: due soon runs to Thursday 26 November.
TUESDAY = date(2026, 11, 24)


def caseworker(email: str = "cw@example.test", **fields: Any) -> User:
    return make_user({Role.CASEWORKER}, email=email, name="Casey Worker", **fields)


def senior(email: str = "senior@example.test", **fields: Any) -> User:
    return make_user({Role.SENIOR_CASEWORKER}, email=email, name="Sam Senior", **fields)


def case(
    due_on: date | None,
    assignee: User | None = None,
    status: Status = Status.INVESTIGATING,
    received: date = date(2026, 11, 2),
    **fields: Any,
) -> Complaint:
    """A case at `status` with its due date set to `due_on` (flushed, not committed)."""
    complaint = make_case(
        status,
        assignee_id=assignee.id if assignee else None,
        received_at=datetime.combine(received, time(10), tzinfo=LONDON),
        **fields,
    )
    complaint.due_on = due_on
    db.session.flush()
    return complaint


def reminded(day: date | None = None) -> set[tuple[str, str, ReminderKind]]:
    """(reference, recipient's email, kind) of every reminder (of `day`, if given)."""
    query = (
        sa.select(Complaint.reference, User.email, Reminder.kind)
        .join(Complaint, Complaint.id == Reminder.complaint_id)
        .join(User, User.id == Reminder.recipient_id)
    )
    if day is not None:
        query = query.where(Reminder.day == day)
    db.session.expire_all()
    return {(row[0], row[1], row[2]) for row in db.session.execute(query)}


def emails() -> list[ReminderEmail]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(ReminderEmail).order_by(ReminderEmail.id)))


def send(runner: Any, day: date, *extra: str) -> Any:
    result = runner.invoke(args=["reminders", "send", "--today", day.isoformat(), *extra])
    assert result.exit_code == 0, result.output
    return result
