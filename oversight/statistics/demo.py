"""A published statistics release for the demo, so /statistics has something to show.

Once the demo complaints and deployment records are loaded (the release counts both),
the demo statistician prepares the release for the last complete quarter and the demo
publisher, a different person, approves it for publication at once; publish_due then
publishes it. Every step goes through the services, so the audit trail and the four-eyes
rule are those of a real release. Loaded once: when the quarter already has a release,
from an earlier run or made by hand, nothing is added.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from oversight.auth.models import User
from oversight.models import utcnow
from oversight.statistics import services
from oversight.statistics.models import StatisticsRelease
from oversight.statistics.periods import Period, quarter
from oversight.workdays import local_date


def last_complete_quarter(today: date) -> Period:
    """The calendar quarter that ended most recently before today."""
    first_of_this_quarter = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    last_day = first_of_this_quarter - timedelta(days=1)
    return quarter(last_day.year, (last_day.month - 1) // 3 + 1)


def _demo_people(config: Any) -> tuple[User, User]:
    """The demo statistician and publisher (made if the staff seed has not run)."""
    from oversight import demo
    from oversight.auth import services as accounts

    emails = [email for email, _, role in demo.STAFF if role in ("statistician", "publisher")]
    people = [accounts.find_by_email(email) for email in emails]
    if None in people:
        demo.seed_staff(config)
        people = [accounts.find_by_email(email) for email in emails]
    statistician, publisher = people
    if statistician is None or publisher is None:
        raise RuntimeError("The demo statistician and publisher accounts could not be made")
    return statistician, publisher


def seed_statistics(config: Any) -> StatisticsRelease | None:
    """Prepare, approve and publish the last complete quarter's release; None if that
    quarter already has one. Run it after the demo cases and deployments (the caller
    commits)."""
    from oversight.demo import NotForProduction

    if config["ENV_NAME"] == "production":
        raise NotForProduction("Demo data is not for production")
    period = last_complete_quarter(local_date(utcnow()))
    if services.latest(period.slug) is not None:
        return None
    statistician, publisher = _demo_people(config)
    release = services.prepare(period, statistician)
    services.approve(release, publisher, utcnow(), version=release.version)
    services.publish_due()
    return release
