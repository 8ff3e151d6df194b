"""The people, releases and helpers the staff statistics pages' tests share: a
statistician (Sam) and a publisher (Pat), a draft for April to June 2026 and that draft
published; the pages' addresses; and how a test sends one of a release page's forms and
reads what the page says.
"""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from oversight.auth.models import Role, User
from oversight.statistics import services
from oversight.statistics.models import StatisticsRelease
from oversight.statistics.periods import quarter
from tests.factories import make_complaint, make_user
from tests.helpers import csrf_token
from tests.statistics.calendar_data import approve_and_publish, in_the_calendar

Q2 = quarter(2026, 2)
IN_Q2 = datetime(2026, 5, 12, 10, 0, tzinfo=UTC)
LIST = "/staff/statistics"
NEW = "/staff/statistics/new"


@pytest.fixture(name="sam")
def sam_fixture(db) -> User:
    """A statistician."""
    user = make_user({Role.STATISTICIAN}, email="sam@example.test", name="Sam Statistician")
    db.session.commit()
    return user


@pytest.fixture(name="pat")
def pat_fixture(db) -> User:
    """A publisher."""
    user = make_user({Role.PUBLISHER}, email="pat@example.test", name="Pat Publisher")
    db.session.commit()
    return user


@pytest.fixture(name="draft")
def draft_fixture(db, sam) -> StatisticsRelease:
    for n in range(6):
        make_complaint(received_at=IN_Q2 + timedelta(hours=n))
    release = services.prepare(Q2, sam)
    in_the_calendar(Q2, sam)  # so it may be approved
    db.session.commit()
    return release


@pytest.fixture(name="published")
def published_fixture(db, draft, pat) -> StatisticsRelease:
    approve_and_publish(draft, pat)
    db.session.commit()
    return draft


@pytest.fixture(name="revision")
def revision_fixture(db, published, sam) -> StatisticsRelease:
    """A draft revision of the published release: published when approved, at the time
    the publisher sets (corrections stay outside the calendar)."""
    release = services.prepare(Q2, sam, revision_note="Recounted the referrals.")
    db.session.commit()
    return release


def page_of(release: StatisticsRelease) -> str:
    return f"/staff/statistics/{release.id}"


def text(response: Any) -> str:
    """The page's words, without tags, spaces run together."""
    body = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", html.unescape(body))


def act(client: Any, release: StatisticsRelease, action: str, **data: Any) -> Any:
    """Send one of the release page's forms, with the page's CSRF token."""
    token = csrf_token(client.get(page_of(release)).get_data(as_text=True))
    return client.post(f"{page_of(release)}/{action}", data={"csrf_token": token, **data})


def refreshed(db: Any, release: StatisticsRelease) -> StatisticsRelease:
    db.session.expire_all()
    return db.session.get(StatisticsRelease, release.id)


def releases(db: Any) -> list[StatisticsRelease]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(StatisticsRelease).order_by(StatisticsRelease.id)))
