"""What the tests of a release's life share: a quarter with a few complaints in it, a
draft prepared for it and the same draft published, and the audit events written."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.statistics import services
from oversight.statistics.models import StatisticsRelease
from oversight.statistics.periods import quarter
from tests.factories import make_complaint
from tests.statistics.calendar_data import approve_and_publish, in_the_calendar

Q2 = quarter(2026, 2)  # April to June 2026
IN_Q2 = datetime(2026, 5, 12, 10, 0, tzinfo=UTC)
NOTE = "Twelve complaints received in May were logged late and are now counted."


def add_complaints(count: int, at: datetime = IN_Q2) -> None:
    for n in range(count):
        make_complaint(received_at=at + timedelta(hours=n))


def received(release: StatisticsRelease) -> dict[str, Any]:
    """The headline count of complaints received in the release's period."""
    [headline] = [h for h in release.content["headlines"] if h["id"] == "complaints_received"]
    return dict(headline["current"])


def events(db: Any, action: str) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
        )
    )


def only_event(db: Any, action: str) -> AuditEvent:
    [event] = events(db, action)
    return event


@pytest.fixture(name="drafted")
def drafted_fixture(db, statistician) -> StatisticsRelease:
    """A draft of April to June 2026, whose release is in the calendar."""
    add_complaints(6)
    release = services.prepare(Q2, statistician)
    in_the_calendar(Q2, statistician)
    db.session.commit()
    return release


@pytest.fixture(name="published")
def published_fixture(db, drafted, publisher) -> StatisticsRelease:
    approve_and_publish(drafted, publisher)
    db.session.commit()
    return drafted
