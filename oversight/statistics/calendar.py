"""The release calendar: releases announced ahead, each on a day at 09:30 UK time.

Staff (a statistician or a publisher) announce a period's release and the day it comes
out. Once announced, the day changes only with a reason, and every change is kept (who,
when, the old day, the new day, why) and audited. The first release of a period in the
calendar is published at 09:30 UK time on its announced day and at no other time:
services.approve sets that moment, and services.publish_due holds back any release the
calendar says is not yet due. Revisions are corrections, published when approved (the
revisions policy, outputs/statement.py).

The database holds the same rules, whoever writes to it (migration 0009): a calendar
entry covers a standard period and comes out after it ends; its day changes only
together with a recorded change from that day to the new one; a recorded change is
never altered or removed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, defer, mapped_column, relationship

from oversight import formatting, problems
from oversight.audit import services as audit
from oversight.auth.models import Role, User
from oversight.casework.changes import actor_of
from oversight.extensions import db
from oversight.models import Base, enum_column, utcnow
from oversight.statistics.enums import PUBLIC_STATUSES, PeriodKind, ReleaseStatus
from oversight.statistics.models import StatisticsRelease
from oversight.statistics.periods import Period, lag_days
from oversight.workdays import LONDON, is_working_day

# Statistics go out at 09:30 UK time, as official statistics across government do.
PUBLICATION_TIME = time(9, 30)
REASON_MAX = 2000
CALENDAR_ROLES = frozenset({Role.STATISTICIAN, Role.PUBLISHER})


class CalendarEntry(Base):
    """A pre-announced release: the period it covers and the day it is published."""

    __tablename__ = "release_calendar"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(40), unique=True)  # the period's, e.g. 2026-q3
    period_kind: Mapped[PeriodKind] = enum_column(PeriodKind)
    period_start: Mapped[date]
    period_end: Mapped[date]
    release_date: Mapped[date]
    announced_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    announced_at: Mapped[datetime]
    version: Mapped[int] = mapped_column(default=1)

    announced_by: Mapped[User] = relationship(foreign_keys=[announced_by_id])
    changes: Mapped[list[CalendarChange]] = relationship(
        back_populates="entry", order_by="CalendarChange.id"
    )

    __table_args__ = (
        sa.CheckConstraint("period_end >= period_start", name="period_ends_after_start"),
        sa.CheckConstraint("period_kind <> 'custom'", name="standard_period"),
        sa.CheckConstraint("release_date > period_end", name="released_after_period"),
    )

    @property
    def period(self) -> Period:
        return Period(self.period_kind, self.period_start, self.period_end)

    @property
    def publish_at(self) -> datetime:
        return publication_moment(self.release_date)


class CalendarChange(Base):
    """A change to an announced day: who made it, when, from which day to which, and why."""

    __tablename__ = "release_calendar_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(sa.ForeignKey("release_calendar.id"), index=True)
    changed_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    changed_at: Mapped[datetime]
    old_date: Mapped[date]
    new_date: Mapped[date]
    reason: Mapped[str] = mapped_column(sa.Text)

    entry: Mapped[CalendarEntry] = relationship(back_populates="changes")
    changed_by: Mapped[User] = relationship(foreign_keys=[changed_by_id])

    __table_args__ = (
        sa.CheckConstraint("old_date <> new_date", name="date_changed"),
        sa.CheckConstraint("length(trim(reason)) > 0", name="has_reason"),
    )


class CalendarProblem(problems.Problem):
    """A calendar change that cannot be made; the message says why. `field` names the
    form field it belongs to."""


class NotPermitted(problems.NotPermitted):
    """Only statisticians and publishers keep the calendar."""


def publication_moment(day: date) -> datetime:
    """09:30 UK time (GMT or British Summer Time) on the day, in UTC."""
    return datetime.combine(day, PUBLICATION_TIME, tzinfo=LONDON).astimezone(UTC)


def today() -> date:
    return utcnow().astimezone(LONDON).date()


def entry_for(slug: str) -> CalendarEntry | None:
    return db.session.scalar(sa.select(CalendarEntry).where(CalendarEntry.slug == slug))


def _first_release(slug: str) -> StatisticsRelease | None:
    return db.session.scalar(
        sa.select(StatisticsRelease).where(
            StatisticsRelease.slug == slug, StatisticsRelease.revision == 1
        )
    )


def is_out(entry: CalendarEntry) -> bool:
    """Whether the entry's release has been published."""
    release = _first_release(entry.slug)
    return release is not None and release.status in PUBLIC_STATUSES


def announced_moment(release: StatisticsRelease) -> datetime | None:
    """When the calendar says this release comes out, if it does: the first release of
    a period in the calendar. None for a revision or a period not in the calendar."""
    if release.revision != 1:
        return None
    entry = entry_for(release.slug)
    return entry.publish_at if entry is not None else None


def held_back(release: StatisticsRelease, now: datetime) -> bool:
    """Whether the calendar holds the release back at `now`: its announced moment is later."""
    moment = announced_moment(release)
    return moment is not None and moment > now


def _check_role(user: User) -> None:
    if not CALENDAR_ROLES & set(user.roles):
        raise NotPermitted


def _check_day(period: Period, day: date) -> None:
    if day < period.publishable_from(lag_days()):
        raise CalendarProblem(
            _l(
                "The release date must be on or after %(first)s: the period ends on "
                "%(end)s and records made late are waited for",
                first=formatting.long_date(period.publishable_from(lag_days())),
                end=formatting.long_date(period.end),
            ),
            "release_date",
        )
    if day <= today():
        raise CalendarProblem(_l("The release date must be in the future"), "release_date")
    if not is_working_day(day):
        raise CalendarProblem(
            _l("The release date must be a working day, not a weekend or bank holiday"),
            "release_date",
        )


def _audit(action: str, entry: CalendarEntry, user: User, **details: str) -> None:
    audit.record(
        action,
        actor=actor_of(user),
        object_type="release_calendar",
        object_id=str(entry.id),
        outcome=audit.SUCCESS,
        period=entry.slug,
        **details,
    )


def announce(period: Period, day: date, user: User) -> CalendarEntry:
    """Announce the release of a standard period, to come out on `day` at 09:30 UK time."""
    _check_role(user)
    if period.kind is PeriodKind.CUSTOM:
        raise CalendarProblem(
            _l("Only a quarter, a calendar year or a financial year is published"), "period"
        )
    if entry_for(period.slug) is not None:
        raise CalendarProblem(
            _l(
                "The release for %(period)s is already in the calendar: change its date instead",
                period=period.label,
            ),
            "period",
        )
    first = _first_release(period.slug)
    if first is not None and first.status in PUBLIC_STATUSES:
        raise CalendarProblem(
            _l("%(period)s has already been published", period=period.label), "period"
        )
    _check_day(period, day)
    entry = CalendarEntry(
        slug=period.slug,
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        release_date=day,
        announced_by_id=user.id,
        announced_at=utcnow(),
    )
    db.session.add(entry)
    db.session.flush()
    _follow(entry)
    _audit("statistics.release_announced", entry, user, release_date=day.isoformat())
    return entry


def change_date(
    entry: CalendarEntry, day: date, reason: str, user: User, *, version: int | None = None
) -> CalendarChange:
    """Move an announced release to another day, for a reason that is published with it."""
    _check_role(user)
    if version is not None and version != entry.version:
        raise CalendarProblem(
            _l("Someone else changed this release date while you had it open. Check it again.")
        )
    if is_out(entry):
        raise CalendarProblem(_l("This release has been published: its date cannot change"))
    reason = reason.replace("\x00", "").strip()
    if not reason:
        raise CalendarProblem(_l("Enter why the release date is changing"), "reason")
    if len(reason) > REASON_MAX:
        raise CalendarProblem(
            _l("The reason must be %(max)s characters or fewer", max=REASON_MAX), "reason"
        )
    if day == entry.release_date:
        raise CalendarProblem(
            _l("The new release date is the date already announced: enter another"),
            "release_date",
        )
    _check_day(entry.period, day)
    change = CalendarChange(
        entry_id=entry.id,
        changed_by_id=user.id,
        changed_at=utcnow(),
        old_date=entry.release_date,
        new_date=day,
        reason=reason,
    )
    # The change first: the database takes a new day only beside its recorded change.
    db.session.add(change)
    db.session.flush()
    entry.release_date = day
    entry.version += 1
    db.session.flush()
    _follow(entry)
    _audit(
        "statistics.release_date_changed",
        entry,
        user,
        old_date=change.old_date.isoformat(),
        new_date=day.isoformat(),
        reason=reason,
    )
    return change


def _follow(entry: CalendarEntry) -> None:
    """An approved release waiting for its time now waits for the calendar's."""
    release = _first_release(entry.slug)
    if release is not None and release.status is ReleaseStatus.APPROVED:
        release.publish_at = entry.publish_at
        release.version += 1


# Reading the calendar -------------------------------------------------------------------


@dataclass(frozen=True)
class Listing:
    """An entry as the calendar shows it: with its release, once that is out."""

    entry: CalendarEntry
    release: StatisticsRelease | None  # the published first release, if out
    late: bool  # its moment has passed and it is not out

    @property
    def published_at(self) -> datetime | None:
        return self.release.published_at if self.release is not None else None


def listings(now: datetime | None = None) -> tuple[list[Listing], list[Listing]]:
    """The calendar: upcoming releases (soonest first), then past ones (newest first)."""
    now = now or utcnow()
    entries = db.session.scalars(
        sa.select(CalendarEntry).order_by(CalendarEntry.release_date, CalendarEntry.period_end)
    ).all()
    firsts = {
        release.slug: release
        for release in db.session.scalars(
            sa.select(StatisticsRelease)
            .where(
                StatisticsRelease.slug.in_([entry.slug for entry in entries]),
                StatisticsRelease.revision == 1,
                StatisticsRelease.status.in_(PUBLIC_STATUSES),
            )
            .options(defer(StatisticsRelease.content))
        )
    }
    upcoming: list[Listing] = []
    past: list[Listing] = []
    for entry in entries:
        release = firsts.get(entry.slug)
        listing = Listing(entry, release, release is None and entry.publish_at <= now)
        (past if release is not None else upcoming).append(listing)
    past.reverse()
    return upcoming, past


def next_release(now: datetime | None = None) -> CalendarEntry | None:
    """The next release the calendar announces that is not yet out."""
    upcoming, _past = listings(now)
    return next((listing.entry for listing in upcoming if not listing.late), None)
