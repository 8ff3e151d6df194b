"""What the release calendar's tests share: a quarter that has long ended, days ahead to
announce its release on (working days, counted from the real today so the tests keep
working as time passes), an entry written straight to the table, as the services
would never write it (a day already past), for the checks that must refuse it, and the
way every test approves and publishes a release: a period's first release is published
only as the calendar announces it, so it is put in the calendar first."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from oversight.extensions import db
from oversight.models import utcnow
from oversight.statistics import calendar, periods, services
from oversight.statistics.calendar import CalendarEntry
from oversight.statistics.models import StatisticsRelease
from oversight.statistics.periods import Period, last_complete_quarter, quarter
from oversight.workdays import is_working_day


def ended_quarter() -> Period:
    """A quarter that ended long enough ago for any lag for late records."""
    return last_complete_quarter(calendar.today() - timedelta(days=120))


def working_day(after_days: int) -> date:
    """The first working day at least `after_days` days from today."""
    day = calendar.today() + timedelta(days=after_days)
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def weekend_day(after_days: int) -> date:
    day = calendar.today() + timedelta(days=after_days)
    while day.weekday() != 5:
        day += timedelta(days=1)
    return day


def entry_in_the_past(user: Any) -> CalendarEntry:
    """An entry for a 2025 quarter whose announced day has gone by."""
    period = quarter(2025, 1)
    entry = CalendarEntry(
        slug=period.slug,
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        release_date=date(2025, 5, 15),
        announced_by_id=user.id,
        announced_at=utcnow() - timedelta(days=400),
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def first_day(period: Period) -> date:
    """The first working day after today that the period's release may come out on."""
    day = max(period.publishable_from(periods.lag_days()), calendar.today() + timedelta(days=1))
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def in_the_calendar(period: Period, user: Any, day: date | None = None) -> CalendarEntry:
    """The period's release in the calendar (written straight in, so no audit event of
    its own), for `day` or the first working day it may come out; the entry already
    there, if there is one."""
    entry = calendar.entry_for(period.slug)
    if entry is not None:
        return entry
    entry = CalendarEntry(
        slug=period.slug,
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        release_date=day or first_day(period),
        announced_by_id=user.id,
        announced_at=utcnow(),
    )
    db.session.add(entry)
    db.session.flush()
    return entry


def approve(
    release: StatisticsRelease, publisher: Any, at: datetime | None = None, **kwargs: Any
) -> datetime:
    """Approve the release as its publisher would, for `at` (now by default): a first
    release goes in the calendar first, and comes out on its announced day whatever `at`
    says. Returns when it is to be published."""
    if release.revision == 1:
        in_the_calendar(release.period, publisher)
    services.approve(release, publisher, at or utcnow(), **kwargs)
    assert release.publish_at is not None
    return release.publish_at


def approve_and_publish(
    release: StatisticsRelease, publisher: Any, at: datetime | None = None, **kwargs: Any
) -> StatisticsRelease:
    """Approve the release (as `approve`) and publish it when its time comes."""
    moment = approve(release, publisher, at, **kwargs)
    assert release in services.publish_due(moment)
    return release
