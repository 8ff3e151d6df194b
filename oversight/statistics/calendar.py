"""The release calendar: releases announced ahead, each on a day at 09:30 UK time.

Staff (a statistician or a publisher) announce a period's release and the day it comes
out. Once announced, the day changes only with a reason, and every change is kept (who,
when, the old day, the new day, why) and audited. A period's first release is published
only as the calendar announces it: at 09:30 UK time on its announced day and at no other
time, and never if it is not in the calendar (`unannounced`, the one rule both
services.approve, which refuses it and sets that moment, and services.publish_due,
which holds back whatever the calendar says is not due, go through). Revisions are
corrections, outside the calendar, published when approved (the revisions policy,
outputs/statement.py).

An announced release can be cancelled before it is out, for a reason published with
it (an approved release waiting for the day goes back to draft); a cancelled one can be
announced again, for a new day, and its cancellation stays in its history. While it is
cancelled, its first release is neither approved nor published, as if not in the calendar.

The database holds the same rules, whoever writes to it (migrations 0009 and 0010): a
calendar entry covers a standard period and comes out after it ends; its day changes only
together with a recorded change from that day to the new one, or when it is announced
again after a cancellation; a cancellation has a reason, is of the release as announced
and not yet out, and, like a recorded change, is never altered or removed. The tables
are calendar_models.py's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import defer

from oversight import formatting, problems
from oversight.audit import services as audit
from oversight.auth.models import Role, User
from oversight.casework.changes import actor_of
from oversight.extensions import db
from oversight.models import utcnow
from oversight.statistics.calendar_models import CalendarCancellation, CalendarChange, CalendarEntry
from oversight.statistics.calendar_models import publication_moment as publication_moment
from oversight.statistics.enums import PUBLIC_STATUSES, PeriodKind, ReleaseStatus
from oversight.statistics.models import StatisticsRelease
from oversight.statistics.periods import Period, lag_days
from oversight.workdays import LONDON, is_working_day

REASON_MAX = 2000
CALENDAR_ROLES = frozenset({Role.STATISTICIAN, Role.PUBLISHER})


class CalendarProblem(problems.Problem):
    """A calendar change that cannot be made; the message says why. `field` names the
    form field it belongs to."""


class NotPermitted(problems.NotPermitted):
    """Only statisticians and publishers keep the calendar."""


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


def unannounced(release: StatisticsRelease) -> str | None:
    """Why the calendar keeps this release from being approved or published, if it does:
    a period's first release comes out only as announced in the calendar. None for a
    revision (corrections are published when approved: the revisions policy) and for a
    release for given dates (never published, for its own reason)."""
    if release.revision != 1 or release.period_kind is PeriodKind.CUSTOM:
        return None
    entry = entry_for(release.slug)
    if entry is None:
        return str(
            _l(
                "%(period)s is not in the release calendar: announce its release in the "
                "calendar first, then approve it",
                period=release.period.label,
            )
        )
    if entry.cancellation is not None:
        return str(
            _l(
                "The release of %(period)s is cancelled in the release calendar: announce "
                "it again in the calendar first, then approve it",
                period=release.period.label,
            )
        )
    return None


def held_back(release: StatisticsRelease, now: datetime) -> bool:
    """Whether the calendar holds the release back at `now`: it is a first release not
    in the calendar, or its announced moment is later."""
    if unannounced(release) is not None:
        return True
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


def audit_entry(action: str, entry: CalendarEntry, user: User, **details: str) -> None:
    """Audit a step of the calendar; `details` are the event's own (audit.EVENTS)."""
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
    existing = entry_for(period.slug)
    if existing is not None and existing.cancellation is not None:
        return _announce_again(existing, day, user)
    if existing is not None:
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
    audit_entry("statistics.release_announced", entry, user, release_date=day.isoformat())
    return entry


def _announce_again(entry: CalendarEntry, day: date, user: User) -> CalendarEntry:
    """A cancelled release announced again, for a new day; its cancellation stays."""
    _check_day(entry.period, day)
    entry.announcement += 1
    entry.release_date = day
    entry.announced_by_id = user.id
    entry.announced_at = utcnow()
    entry.version += 1
    db.session.flush()
    _follow(entry)
    audit_entry("statistics.release_announced", entry, user, release_date=day.isoformat())
    return entry


def _reason(text: str, missing: str) -> str:
    """The reason as published: stripped, no NUL (PostgreSQL holds none), not too long."""
    reason = text.replace("\x00", "").strip()
    if not reason:
        raise CalendarProblem(missing, "reason")
    if len(reason) > REASON_MAX:
        raise CalendarProblem(
            _l("The reason must be %(max)s characters or fewer", max=REASON_MAX), "reason"
        )
    return reason


def _check_version(entry: CalendarEntry, version: int | None) -> None:
    if version is not None and version != entry.version:
        raise CalendarProblem(
            _l("Someone else changed this release date while you had it open. Check it again.")
        )


def change_date(
    entry: CalendarEntry, day: date, reason: str, user: User, *, version: int | None = None
) -> CalendarChange:
    """Move an announced release to another day, for a reason that is published with it."""
    _check_role(user)
    _check_version(entry, version)
    if is_out(entry):
        raise CalendarProblem(_l("This release has been published: its date cannot change"))
    if entry.cancellation is not None:
        raise CalendarProblem(
            _l("This release is cancelled: announce it again, for its new date, instead")
        )
    reason = _reason(reason, str(_l("Enter why the release date is changing")))
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
    audit_entry(
        "statistics.release_date_changed",
        entry,
        user,
        old_date=change.old_date.isoformat(),
        new_date=day.isoformat(),
        reason=reason,
    )
    return change


def cancel(
    entry: CalendarEntry, reason: str, user: User, *, version: int | None = None
) -> CalendarCancellation:
    """Cancel an announced release before it comes out, for a reason published with it.
    An approved release waiting for the day goes back to draft: a publisher approves it
    again once it is announced again."""
    _check_role(user)
    _check_version(entry, version)
    if is_out(entry):
        raise CalendarProblem(_l("This release has been published: it cannot be cancelled"))
    if entry.cancellation is not None:
        raise CalendarProblem(_l("This release is already cancelled"))
    reason = _reason(reason, str(_l("Enter why the release is cancelled")))
    cancellation = CalendarCancellation(
        entry=entry,
        announcement=entry.announcement,
        release_date=entry.release_date,
        cancelled_by_id=user.id,
        cancelled_at=utcnow(),
        reason=reason,
    )
    db.session.add(cancellation)
    entry.version += 1
    db.session.flush()
    release = _first_release(entry.slug)
    if release is not None and release.status is ReleaseStatus.APPROVED:
        release.back_to_draft()
        audit.record(
            "statistics.approval_withdrawn",
            actor=actor_of(user),
            object_type="statistics_release",
            object_id=str(release.id),
            outcome=audit.SUCCESS,
            period=release.slug,
            revision=release.revision,
        )
    audit_entry(
        "statistics.release_cancelled",
        entry,
        user,
        release_date=cancellation.release_date.isoformat(),
        reason=reason,
    )
    return cancellation


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
    late: bool  # its moment has passed and it is neither out nor cancelled

    @property
    def published_at(self) -> datetime | None:
        return self.release.published_at if self.release is not None else None

    @property
    def cancellation(self) -> CalendarCancellation | None:
        return self.entry.cancellation


def listings(now: datetime | None = None) -> tuple[list[Listing], list[Listing]]:
    """The calendar: upcoming releases (soonest first), then past ones (newest first).
    A cancelled release stays among the upcoming ones, saying so, until its day has gone."""
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
        gone = entry.publish_at <= now
        cancelled = entry.cancellation is not None
        listing = Listing(entry, release, release is None and gone and not cancelled)
        (past if release is not None or (cancelled and gone) else upcoming).append(listing)
    past.reverse()
    return upcoming, past


def next_release(now: datetime | None = None) -> CalendarEntry | None:
    """The next release the calendar announces that is not yet out."""
    upcoming, _past = listings(now)
    return next(
        (listing.entry for listing in upcoming if not listing.late and not listing.cancellation),
        None,
    )
