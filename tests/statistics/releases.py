"""Statistics releases made as their staff would make them, for the tests of what is
published (the downloads, the spreadsheet, the open API): a draft prepared (its content
changed at will, as a recompute could), approved and published; the small register of
April to June 2026 they count; and where each revision's downloads are.
"""

from __future__ import annotations

import copy
import io
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from openpyxl import load_workbook

from oversight.models import utcnow
from oversight.statistics import services
from oversight.statistics.enums import ReleaseStatus
from oversight.statistics.models import StatisticsRelease
from oversight.statistics.outputs import spreadsheet
from oversight.statistics.periods import parse_period
from tests.factories import make_complaint, make_deployment
from tests.statistics.calendar_data import approve

PERIOD = "2026-Q2"
SLUG = "2026-q2"
FORMULAS = ('=HYPERLINK("http://evil.example","Click")', "+SUM(A1:A9)", "-2+3", "@cmd")


def address(slug: str, revision: int, kind: str) -> str:
    return f"/statistics/{slug}/revisions/{revision}/statistics.{kind}"


def prepare(
    statistician: Any,
    period: str = PERIOD,
    note: str | None = None,
    change: Callable[[dict[str, Any]], None] | None = None,
) -> StatisticsRelease:
    """A draft for the period; `change` may alter its content (as a recompute could)."""
    release = services.prepare(parse_period(period), statistician, revision_note=note)
    if change is not None:
        body = copy.deepcopy(release.content)
        change(body)
        release.content = body
        release.content_sha256 = services.digest(body)
    return release


def publish(
    db: Any,
    statistician: Any,
    publisher: Any,
    period: str = PERIOD,
    note: str | None = None,
    change: Callable[[dict[str, Any]], None] | None = None,
) -> StatisticsRelease:
    """Prepare, approve (for now) and publish a release, as its staff would."""
    release = prepare(statistician, period, note, change)
    moment = approve(release, publisher)
    services.publish_due(max(moment, utcnow() + timedelta(seconds=1)))
    db.session.commit()
    assert release.status is ReleaseStatus.PUBLISHED
    return release


@pytest.fixture(name="register")
def register_fixture(db) -> None:
    """Complaints in April to June 2026 (a force with fewer than 5, so [c]) and a deployment."""
    for day in range(7):
        make_complaint(received_at=datetime(2026, 5, 4 + day, 10, tzinfo=UTC))
        make_complaint(received_at=datetime(2026, 5, 4 + day, 11, tzinfo=UTC), technology="rfr")
        make_complaint(received_at=datetime(2026, 5, 4 + day, 12, tzinfo=UTC), force="essex")
    for day in range(2):
        make_complaint(received_at=datetime(2026, 6, 1 + day, 10, tzinfo=UTC), force="metropolitan")
    make_deployment(deployed_on="2026-06-14")
    db.session.commit()


@pytest.fixture(name="release")
def release_fixture(db, register, statistician, publisher) -> StatisticsRelease:
    """April to June 2026 published, counting the register above."""
    return publish(db, statistician, publisher)


def open_workbook(response: Any) -> Any:
    assert response.mimetype == spreadsheet.MIMETYPE
    return load_workbook(io.BytesIO(response.get_data()))
