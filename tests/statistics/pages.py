"""Releases published for the public statistics pages' tests: a register of complaints
for July to September 2026, each carrying words that must never be published, and
releases prepared, approved for a given time and published, each step committed as a
view would commit it.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from oversight.extensions import db as _db
from oversight.models import utcnow
from oversight.statistics import services
from oversight.statistics.enums import ReleaseStatus
from oversight.statistics.models import StatisticsRelease
from oversight.statistics.periods import parse_period
from tests.factories import make_complaint, make_deployment
from tests.statistics import calendar_data

TITLE = "Facial recognition oversight statistics"
# Complaints received in July to September 2026, by technology: 3 is withheld as [c].
TECHNOLOGIES = {"lfr": 27, "rfr": 20, "oifr": 10, "other_biometric": 3}
SECRET_PLACE = "Flat 4, 12 Quiet Lane, Splott"
SECRET_STORY = "An officer photographed my daughter at the bus stop."


def add_complaints() -> list[Any]:
    """60 complaints in July 2026, each carrying words that must never be published."""
    complaints = []
    for technology, count in TECHNOLOGIES.items():
        for number in range(count):
            complaints.append(
                make_complaint(
                    received_at=datetime(2026, 7, 1 + number, 11, tzinfo=UTC),
                    technology=technology,
                    place=SECRET_PLACE,
                    what_happened=SECRET_STORY,
                    name="Jo Bloggs",
                    email="jo.secret@example.com",
                )
            )
    make_deployment(deployed_on="2026-08-01")
    return complaints


def approve(
    statistician: Any,
    publisher: Any,
    code: str = "2026-Q3",
    *,
    at: datetime | None = None,
    note: str | None = None,
) -> StatisticsRelease:
    """A release prepared and approved for publication at `at` (now by default); committed."""
    release = services.prepare(parse_period(code), statistician, revision_note=note)
    calendar_data.approve(release, publisher, at)
    _db.session.commit()
    return release


def publish(statistician: Any, publisher: Any, code: str = "2026-Q3", **kwargs: Any) -> Any:
    """A release prepared, approved and published now; committed."""
    release = approve(statistician, publisher, code, **kwargs)
    assert release.publish_at is not None
    services.publish_due(max(release.publish_at, utcnow()))
    _db.session.commit()
    assert release.status is ReleaseStatus.PUBLISHED
    return release


def later() -> datetime:
    return utcnow() + timedelta(days=7)
