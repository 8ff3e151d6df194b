"""A published statistics release for the demo, so /statistics has something to show.

Once the demo complaints and deployment records are loaded (the release counts both),
the demo statistician prepares the release for the last quarter that may be published and the demo
publisher, a different person, approves it for publication at once; publish_due then
publishes it. Every step goes through the services, so the audit trail and the four-eyes
rule are those of a real release. Loaded once: when the quarter already has a release,
from an earlier run or made by hand, nothing is added.

The demo statistician also announces the next quarter's release in the release calendar,
for the first working day it may be published, so /statistics/calendar has a release to
come; once, as the release is.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from oversight.models import utcnow
from oversight.statistics import calendar, periods, services
from oversight.statistics.calendar import CalendarEntry
from oversight.statistics.models import StatisticsRelease
from oversight.statistics.periods import Period, last_publishable_quarter, quarter
from oversight.workdays import is_working_day, local_date


def seed_statistics(config: Any) -> StatisticsRelease | None:
    """Prepare, approve and publish the release of the last quarter that may be published
    (ended, and its lag for late records passed); None if that
    quarter already has one. Run it after the demo cases and deployments (the caller
    commits)."""
    from oversight.demo import NotForProduction
    from oversight.demo.staff import demo_accounts

    if config["ENV_NAME"] == "production":
        raise NotForProduction("Demo data is not for production")
    period = last_publishable_quarter(local_date(utcnow()), periods.lag_days())
    if services.latest(period.slug) is not None:
        return None
    statistician, publisher = demo_accounts(config, "statistician", "publisher")
    release = services.prepare(period, statistician)
    services.approve(release, publisher, utcnow(), version=release.version)
    services.publish_due()
    return release


def next_quarter(period: Period) -> Period:
    """The calendar quarter after a quarter."""
    number = (period.start.month - 1) // 3 + 1
    return quarter(period.start.year + number // 4, number % 4 + 1)


def seed_calendar(config: Any) -> CalendarEntry | None:
    """Announce the release of the quarter after the last one that may be published, for
    the first working day it may be; None if it is in the calendar already (the caller
    commits)."""
    from oversight.demo import NotForProduction
    from oversight.demo.staff import demo_accounts

    if config["ENV_NAME"] == "production":
        raise NotForProduction("Demo data is not for production")
    today = local_date(utcnow())
    coming = next_quarter(last_publishable_quarter(today, periods.lag_days()))
    if calendar.entry_for(coming.slug) is not None:
        return None
    day = max(coming.publishable_from(periods.lag_days()), today + timedelta(days=1))
    while not is_working_day(day):
        day += timedelta(days=1)
    (statistician,) = demo_accounts(config, "statistician")
    return calendar.announce(coming, day, statistician)
