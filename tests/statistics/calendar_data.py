"""What the release calendar's tests share: a quarter that has long ended, days ahead to
announce its release on (working days, counted from the real today so the tests keep
working as time passes), and an entry written straight to the table, as the services
would never write it (a day already past), for the checks that must refuse it."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from oversight.extensions import db
from oversight.models import utcnow
from oversight.statistics import calendar
from oversight.statistics.calendar import CalendarEntry
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
