"""A published statistics release for the demo, so /statistics has something to show.

Once the demo complaints and deployment records are loaded (the release counts both),
the demo statistician prepares the release for the last quarter that may be published and the demo
publisher, a different person, approves it for publication at once; publish_due then
publishes it. Every step goes through the services, so the audit trail and the four-eyes
rule are those of a real release. Loaded once: when the quarter already has a release,
from an earlier run or made by hand, nothing is added.
"""

from __future__ import annotations

from typing import Any

from oversight.models import utcnow
from oversight.statistics import periods, services
from oversight.statistics.models import StatisticsRelease
from oversight.statistics.periods import last_publishable_quarter
from oversight.workdays import local_date


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
