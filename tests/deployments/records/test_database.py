"""The database refuses deployment records and usage returns whose figures do not hold
together, even when written straight to it past the validator.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from oversight.complaints.enums import Technology
from oversight.deployments.records.enums import Source
from oversight.deployments.records.models import DEPLOYMENT_COUNTS, Deployment, UsageReturn
from oversight.forces.models import Force


def force_id(db: Any, slug: str = "south-wales") -> int:
    return db.session.scalar(sa.select(Force.id).where(Force.slug == slug))


def deployment_row(db: Any, **overrides: Any) -> Deployment:
    """A deployment as the ORM would write it: no validator in the way."""
    values: dict[str, Any] = {
        "force_id": force_id(db),
        "technology": Technology.LFR,
        "natural_key": "at:2026-06-14|10:00|principality stadium",
        "deployed_on": date(2026, 6, 14),
        "start_time": time(10, 0),
        "end_time": time(16, 0),
        "location_name": "Principality Stadium",
        "watchlist_size": 1203,
        "faces_seen": 24310,
        "alerts": 6,
        "true_alerts": 4,
        "false_alerts": 2,
        "engagements": 5,
        "arrests": 2,
        "source": Source.PUBLISHED_RECORD,
        "created_by": "test",
        "updated_by": "test",
    }
    return Deployment(**{**values, **overrides})


def usage_row(db: Any, **overrides: Any) -> UsageReturn:
    values: dict[str, Any] = {
        "force_id": force_id(db),
        "technology": Technology.RFR,
        "period_start": date(2026, 4, 1),
        "period_end": date(2026, 6, 30),
        "searches": 1420,
        "possible_matches": 310,
        "source": Source.FORCE_SUBMISSION,
        "created_by": "test",
        "updated_by": "test",
    }
    return UsageReturn(**{**values, **overrides})


def stored(db: Any, *rows: Any) -> None:
    db.session.add_all(rows)
    db.session.flush()
    db.session.commit()


def refused(db: Any, *rows: Any) -> None:
    with pytest.raises(IntegrityError):
        stored(db, *rows)
    db.session.rollback()


# The database ----------------------------------------------------------------------------


def test_the_database_keeps_a_deployment_whose_figures_hold_together(db):
    stored(db, deployment_row(db))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Deployment)) == 1


@pytest.mark.parametrize("column", DEPLOYMENT_COUNTS)
def test_the_database_refuses_a_negative_count(db, column):
    refused(db, deployment_row(db, **{column: -1}))


@pytest.mark.parametrize(
    "figures",
    [
        pytest.param({"alerts": 5, "true_alerts": 3, "false_alerts": 3}, id="true+false>alerts"),
        pytest.param({"alerts": 2, "true_alerts": 3, "false_alerts": None}, id="true>alerts"),
        pytest.param({"alerts": 2, "true_alerts": None, "false_alerts": 3}, id="false>alerts"),
    ],
)
def test_the_database_refuses_more_true_or_false_alerts_than_alerts(db, figures):
    refused(db, deployment_row(db, **figures))


def test_the_database_allows_alerts_that_are_not_known(db):
    stored(db, deployment_row(db, alerts=None, true_alerts=7, false_alerts=9))


@pytest.mark.parametrize(
    "end", [pytest.param(time(10, 0), id="equal"), pytest.param(time(9, 59), id="before")]
)
def test_the_database_refuses_a_deployment_that_does_not_end_after_it_starts(db, end):
    refused(db, deployment_row(db, start_time=time(10, 0), end_time=end))


def test_the_database_allows_a_deployment_with_no_end_time(db):
    stored(db, deployment_row(db, end_time=None))


@pytest.mark.parametrize(
    "place", [{"latitude": 90.5}, {"latitude": -91}, {"longitude": 180.5}, {"longitude": -181}]
)
def test_the_database_refuses_coordinates_off_the_globe(db, place):
    refused(db, deployment_row(db, **place))


def test_the_database_refuses_the_same_record_twice_for_one_force(db):
    stored(db, deployment_row(db))
    refused(db, deployment_row(db, location_name="Another name, same key"))


def test_the_same_key_is_fine_for_another_force(db):
    stored(db, deployment_row(db))
    stored(db, deployment_row(db, force_id=force_id(db, "metropolitan")))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Deployment)) == 2


def test_the_database_keeps_a_usage_return_whose_figures_hold_together(db):
    stored(db, usage_row(db))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UsageReturn)) == 1


@pytest.mark.parametrize("column", ["searches", "possible_matches"])
def test_the_database_refuses_negative_searches_or_matches(db, column):
    refused(db, usage_row(db, **{column: -3}))


@pytest.mark.parametrize(
    "end", [pytest.param(date(2026, 4, 1), id="equal"), pytest.param(date(2026, 3, 1), id="before")]
)
def test_the_database_refuses_a_usage_period_that_does_not_end_after_it_starts(db, end):
    refused(db, usage_row(db, period_end=end))


@pytest.mark.parametrize("technology", [Technology.LFR, Technology.OTHER_BIOMETRIC])
def test_the_database_refuses_a_usage_return_for_live_or_other_technology(db, technology):
    refused(db, usage_row(db, technology=technology))


def test_the_database_refuses_two_returns_for_one_force_technology_and_period(db):
    stored(db, usage_row(db))
    refused(db, usage_row(db, searches=99))
    stored(db, usage_row(db, technology=Technology.OIFR))
    stored(db, usage_row(db, force_id=force_id(db, "gwent")))
