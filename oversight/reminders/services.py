"""Deciding who is reminded of what on a UK day, and queueing it in one transaction.

`decide(config, today)` reads only: for each active assignee, their open cases with a due
date that are overdue (due before today) or due soon (today up to DUE_SOON_WORKING_DAYS
working days on); for each active senior caseworker, the open cases with a due date that
nobody has been given for more than REMINDER_UNASSIGNED_AFTER_WORKING_DAYS working days
since they were received. A case is reminded about only while its clock runs: a closed
case, a decided one and one waiting for the complainant (no due date) never are. Anyone
already emailed that day is left out: a person gets one reminder email a day, made by the
day's first run. On a weekend or bank holiday (England and Wales) nobody is reminded.

`queue(decision)` writes each person's email and its reminders, inserting with ON CONFLICT
DO NOTHING, so two runs at once (or a second run) add nothing twice, and records the run's
audit event. The command commits the decision and the queueing together, before any email
is sent (oversight.reminders.mail sends them as the outbox does).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from flask import Config
from sqlalchemy.dialects import postgresql, sqlite

from oversight.audit import services as audit
from oversight.auth.models import Role, User, UserRole
from oversight.casework.queries import OPEN, due_soon_until
from oversight.complaints.models import Complaint
from oversight.extensions import db
from oversight.models import utcnow
from oversight.reminders.models import Reminder, ReminderEmail, ReminderKind
from oversight.workdays import LONDON, is_working_day, local_date, working_days_between

ACTOR = "system:reminders"


@dataclass(frozen=True)
class Item:
    """One case one person is reminded of, in staff words only."""

    complaint_id: int
    reference: str
    kind: ReminderKind
    due_on: date
    received_on: date
    status_label: str


@dataclass
class Person:
    user_id: int
    email: str
    items: list[Item] = field(default_factory=list)

    def of_kind(self, kind: ReminderKind) -> list[Item]:
        return [item for item in self.items if item.kind is kind]


@dataclass
class Decision:
    today: date
    working_day: bool
    people: list[Person] = field(default_factory=list)  # by user id
    already_emailed: int = 0  # people whose email for the day an earlier run made

    def cases(self) -> int:
        return len({item.complaint_id for person in self.people for item in person.items})

    def reminders(self) -> int:
        return sum(len(person.items) for person in self.people)

    def counts(self) -> dict[ReminderKind, int]:
        return {
            kind: sum(len(person.of_kind(kind)) for person in self.people) for kind in ReminderKind
        }


@dataclass
class Queued:
    emails: int = 0
    reminders: int = 0
    cases: set[int] = field(default_factory=set)


def today_in_the_uk(now: datetime | None = None) -> date:
    return local_date(now or utcnow())


def begin() -> None:
    """Start the decision's transaction. On SQLite take the write lock first (BEGIN
    IMMEDIATE), so two runs at once wait for each other instead of one failing when both
    read and then write; PostgreSQL needs nothing (the unique constraints decide)."""
    db.session.commit()
    if _dialect() == "sqlite":
        db.session.execute(sa.text("BEGIN IMMEDIATE"))


def unassigned_since(config: Config, today: date) -> datetime:
    """Cases received before this moment (the start of a UK day) have been unassigned for
    more than REMINDER_UNASSIGNED_AFTER_WORKING_DAYS working days by `today`."""
    allowed = config["REMINDER_UNASSIGNED_AFTER_WORKING_DAYS"]
    first = today
    while working_days_between(first - timedelta(days=1), today) <= allowed:
        first -= timedelta(days=1)
    return datetime.combine(first, time(0), tzinfo=LONDON).astimezone(UTC)


def decide(config: Config, today: date) -> Decision:
    """Who is to be reminded of what on `today` (a UK date); reads only."""
    decision = Decision(today=today, working_day=is_working_day(today))
    if not decision.working_day:
        return decision
    emailed = set(
        db.session.scalars(sa.select(ReminderEmail.recipient_id).where(ReminderEmail.day == today))
    )
    decision.already_emailed = len(emailed)
    people: dict[int, Person] = {}

    def add(user: User, complaint: Complaint, kind: ReminderKind) -> None:
        if user.id in emailed:
            return
        person = people.setdefault(user.id, Person(user.id, user.email))
        assert complaint.due_on is not None
        person.items.append(
            Item(
                complaint_id=complaint.id,
                reference=complaint.reference,
                kind=kind,
                due_on=complaint.due_on,
                received_on=local_date(complaint.received_at),
                status_label=complaint.status.staff_label,
            )
        )

    ticking = sa.and_(Complaint.status.in_(OPEN), Complaint.due_on.is_not(None))
    assigned = db.session.execute(
        sa.select(Complaint, User)
        .join(User, User.id == Complaint.assignee_id)
        .where(ticking, Complaint.due_on <= due_soon_until(today), User.disabled_at.is_(None))
        .order_by(Complaint.due_on, Complaint.id)
    ).all()
    for complaint, user in assigned:
        overdue = complaint.due_on < today
        add(user, complaint, ReminderKind.OVERDUE if overdue else ReminderKind.DUE_SOON)
    unassigned = db.session.scalars(
        sa.select(Complaint)
        .where(
            ticking,
            Complaint.assignee_id.is_(None),
            Complaint.received_at < unassigned_since(config, today),
        )
        .order_by(Complaint.received_at, Complaint.id)
    ).all()
    if unassigned:
        seniors = db.session.scalars(
            sa.select(User)
            .join(UserRole, UserRole.user_id == User.id)
            .where(UserRole.role == Role.SENIOR_CASEWORKER, User.disabled_at.is_(None))
            .order_by(User.id)
        ).all()
        for senior in seniors:
            for complaint in unassigned:
                add(senior, complaint, ReminderKind.UNASSIGNED)
    decision.people = [people[user_id] for user_id in sorted(people)]
    return decision


def queue(decision: Decision, emails: Mapping[int, tuple[str, str]]) -> Queued:
    """Write each person's email (subject and body from `emails`, by user id) and their
    reminders, leaving out whatever is already there; then the run's audit event.
    People go in user id order, so two runs at once never wait on each other in a circle."""
    queued = Queued()
    now = utcnow()
    for person in decision.people:
        subject, body = emails[person.user_id]
        email_id = db.session.scalar(
            _insert_new(ReminderEmail)
            .values(
                recipient_id=person.user_id,
                day=decision.today,
                recipient=person.email,
                subject=subject,
                body=body,
                created_at=now,
                attempts=0,
            )
            .returning(ReminderEmail.id)
        )
        if email_id is None:
            continue  # another run made this person's email for the day meanwhile
        queued.emails += 1
        for item in person.items:
            added = db.session.scalar(
                _insert_new(Reminder)
                .values(
                    complaint_id=item.complaint_id,
                    recipient_id=person.user_id,
                    kind=item.kind,
                    day=decision.today,
                    email_id=email_id,
                )
                .returning(Reminder.id)
            )
            if added is None:
                continue  # already reminded (not while its email is new; kept all the same)
            queued.reminders += 1
            queued.cases.add(item.complaint_id)
    audit.record(
        "reminders.run",
        actor=ACTOR,
        object_type="reminders_run",
        object_id=decision.today.isoformat(),
        today=decision.today.isoformat(),
        working_day=decision.working_day,
        people=queued.emails,
        cases=len(queued.cases),
        reminders=queued.reminders,
    )
    return queued


def _dialect() -> str:
    return db.session.get_bind().dialect.name


def _insert_new(model: type[ReminderEmail] | type[Reminder]) -> sa.Insert:
    """INSERT … ON CONFLICT DO NOTHING: a row already there (by its unique constraint) is
    left as it is and nothing is added."""
    if _dialect() == "postgresql":
        return postgresql.insert(model).on_conflict_do_nothing()
    return sqlite.insert(model).on_conflict_do_nothing()
