"""A published statistics release for the demo, so /statistics has something to show.

Once the demo complaints and deployment records are loaded (the release counts both),
the demo statistician prepares the release for the last quarter that may be published and the demo
publisher, a different person, approves it; it is published at 09:30 UK time on the day
the calendar announced for it, the last working day that has come since the quarter's lag
for late records passed. The calendar entry is the demo's history, announced four weeks
before that day: the services work forward in time only (an announcement is for a day to
come, an approval before the announced day), so the entry and the approval are written
here as they would have been, with their audit events, the four-eyes rule (held by the
database too) and the disclosure check; preparing and publishing go through the services.
Loaded once: when the quarter already has a release, from an earlier run or made by hand,
nothing is added. (On the rare morning before the first such day's 09:30, the release is
announced for that day and approved through the services, and comes out then.)

The demo statistician also announces the next quarter's release in the release calendar,
for the first working day it may be published, so /statistics/calendar has a release to
come; once, as the release is.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from oversight.audit import services as audit
from oversight.auth.models import User
from oversight.casework.changes import actor_of
from oversight.extensions import db
from oversight.models import utcnow
from oversight.statistics import calendar, periods, services
from oversight.statistics.calendar_models import CalendarEntry
from oversight.statistics.compute import attack
from oversight.statistics.enums import ReleaseStatus
from oversight.statistics.models import StatisticsRelease
from oversight.statistics.periods import Period, last_publishable_quarter, quarter
from oversight.workdays import is_working_day, local_date

# How long before its day the demo release was announced.
ANNOUNCED_AHEAD = timedelta(days=28)


def seed_statistics(config: Any) -> StatisticsRelease | None:
    """Prepare, approve and publish the release of the last quarter that may be published
    (ended, and its lag for late records passed), on the day the calendar announced for
    it; None if that quarter already has one. Run it after the demo cases and deployments
    (the caller commits)."""
    from oversight.demo import NotForProduction
    from oversight.demo.staff import demo_accounts

    if config["ENV_NAME"] == "production":
        raise NotForProduction("Demo data is not for production")
    now = utcnow()
    period = last_publishable_quarter(local_date(now), periods.lag_days())
    if services.latest(period.slug) is not None:
        return None
    statistician, publisher = demo_accounts(config, "statistician", "publisher")
    day = release_day(period, now)
    release = services.prepare(period, statistician)
    if day is None:  # its first day has not come: announced for it, it comes out then
        calendar.announce(period, first_day(period, local_date(now)), statistician)
        services.approve(release, publisher, now, version=release.version)
        return release
    if attack.check_release(release):
        return release  # a draft: a [c] could be worked out with what is already out
    entry = _announced_before(period, day, statistician)
    _approved_before(release, entry, publisher)
    services.publish_due(now)
    return release


def release_day(period: Period, now: datetime) -> date | None:
    """The last working day, from the first the period's release may come out on, whose
    09:30 UK time has come; None if there is none yet."""
    day = local_date(now)
    first = period.publishable_from(periods.lag_days())
    while day >= first:
        if is_working_day(day) and calendar.publication_moment(day) <= now:
            return day
        day -= timedelta(days=1)
    return None


def first_day(period: Period, today: date) -> date:
    """The first working day after today that the period's release may come out on."""
    day = max(period.publishable_from(periods.lag_days()), today + timedelta(days=1))
    while not is_working_day(day):
        day += timedelta(days=1)
    return day


def _announced_before(period: Period, day: date, user: User) -> CalendarEntry:
    """The period's release in the calendar, announced four weeks before its day."""
    entry = CalendarEntry(
        slug=period.slug,
        period_kind=period.kind,
        period_start=period.start,
        period_end=period.end,
        release_date=day,
        announced_by_id=user.id,
        announced_at=calendar.publication_moment(day) - ANNOUNCED_AHEAD,
    )
    db.session.add(entry)
    db.session.flush()
    calendar.audit_entry("statistics.release_announced", entry, user, release_date=day.isoformat())
    return entry


def _approved_before(release: StatisticsRelease, entry: CalendarEntry, user: User) -> None:
    """The release approved by the publisher the day before its announced day,
    to come out at 09:30 UK time on it (as services.approve would have)."""
    approved_at = entry.publish_at - timedelta(days=1)
    release.status = ReleaseStatus.APPROVED
    release.approved_by_id = user.id
    release.approved_at = approved_at
    release.publish_at = entry.publish_at
    release.version += 1
    audit.record(
        "statistics.approved",
        actor=actor_of(user),
        object_type="statistics_release",
        object_id=str(release.id),
        outcome=audit.SUCCESS,
        period=release.slug,
        revision=release.revision,
        content_sha256=release.content_sha256,
        publish_at=release.publish_at.isoformat(timespec="minutes"),
    )


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
    (statistician,) = demo_accounts(config, "statistician")
    return calendar.announce(coming, first_day(coming, today), statistician)
