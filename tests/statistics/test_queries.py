"""The statistics come from a fixed number of grouped queries, whatever the number of
cases, and read days as days in London on SQLite and PostgreSQL alike."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from oversight.complaints.models import Complaint
from oversight.models import UTCDateTime
from oversight.statistics.compute import queries
from oversight.statistics.compute.figures import gather
from oversight.statistics.compute.sql import local_day
from oversight.statistics.periods import parse_period
from oversight.statistics.services import compute
from tests.statistics.data import (
    CLOSED,
    DECIDED,
    ESSEX,
    INV,
    MET,
    MI,
    NN,
    PE,
    SOUTH_WALES,
    UNKNOWN,
    Case,
    week_later,
)
from tests.statistics.register import (
    add_case,
    add_deployment,
)


@pytest.mark.parametrize(
    "moment, day",
    [
        (datetime(2026, 3, 31, 23, 30, tzinfo=UTC), date(2026, 4, 1)),  # 00:30 BST
        (datetime(2026, 3, 31, 22, 59, tzinfo=UTC), date(2026, 3, 31)),  # 23:59 BST
        (datetime(2026, 1, 15, 23, 30, tzinfo=UTC), date(2026, 1, 15)),  # GMT
        (datetime(2026, 3, 29, 0, 59, tzinfo=UTC), date(2026, 3, 29)),  # before the change
        (datetime(2026, 3, 29, 23, 0, tzinfo=UTC), date(2026, 3, 30)),  # after it
        (datetime(2026, 10, 24, 23, 30, tzinfo=UTC), date(2026, 10, 25)),  # 00:30 BST
        (datetime(2026, 10, 25, 23, 30, tzinfo=UTC), date(2026, 10, 25)),  # 23:30 GMT
    ],
)
def test_local_day_is_the_date_in_london(db: Any, moment: datetime, day: date) -> None:
    found = db.session.scalar(sa.select(local_day(sa.literal(moment, UTCDateTime()))))
    assert date.fromisoformat(str(found)) == day


def test_a_quarter_runs_from_midnight_to_midnight_in_london(db: Any) -> None:
    for key, received in [
        ("last of March", "2026-03-31 23:59"),
        ("first of April", "2026-04-01 00:30"),
        ("last of June", "2026-06-30 23:30"),
        ("first of July", "2026-07-01 00:00"),
    ]:
        add_case(Case(key, received))
    db.session.commit()
    bounds = parse_period("2026-Q2").bounds()
    assert queries.received_by(Complaint.channel, bounds) == {"web": 2}
    assert queries.received_by_force_and_technology(bounds) == {(_south_wales(db), "lfr"): 2}


def test_a_connection_opened_without_the_london_date_function_is_given_it(db: Any) -> None:
    """On SQLite, local_day calls a Python function each connection must be taught; one
    opened before the statistics were imported was not. (PostgreSQL needs nothing.)"""
    add_case(Case("first of April", "2026-04-01 00:30", acknowledged=("2026-04-07 10:00",)))
    db.session.commit()
    raw = db.session.connection().connection.driver_connection
    if isinstance(raw, sqlite3.Connection):
        raw.create_function("london_date", 1, None)  # forget it
    assert gather(parse_period("2026-Q2")).timeliness["acknowledge"].median_days == 2.0


def _south_wales(db: Any) -> int:
    from oversight.forces.models import force_by_slug

    force = force_by_slug("south-wales")
    assert force is not None
    return force.id


@contextmanager
def statements(engine: sa.Engine) -> Iterator[list[str]]:
    """Every SQL statement sent to the database inside the block."""
    sent: list[str] = []

    def record(*args: Any) -> None:
        sent.append(args[2])

    sa.event.listen(engine, "before_cursor_execute", record)
    try:
        yield sent
    finally:
        sa.event.remove(engine, "before_cursor_execute", record)


def test_a_release_takes_the_same_queries_for_10_cases_as_for_60(db: Any) -> None:
    period = parse_period("2026-Q2")
    add_many(db, 10)
    compute(period)  # the working-day calendar, once filled, stays
    with statements(db.engine) as few:
        small = compute(period)
    add_many(db, 50, start=10)
    with statements(db.engine) as many:
        large = compute(period)
    # The first tables' grouped queries for both periods, the further measures' ten for
    # each (measure_queries.py), and a few to read forces, the calendar and first records.
    assert len(few) == len(many) <= 50
    assert few == many
    assert small != large  # the same queries, counting more
    received = next(t for t in large["tables"] if t["id"] == "complaints_by_channel")
    assert received["rows"][-1]["cells"] == [
        {"value": 30, "symbol": None},
        {"value": 30, "symbol": None},
    ]


def add_many(db: Any, count: int, start: int = 0) -> None:
    """`count` more cases spread over both quarters, each acknowledged, triaged and
    decided, some closed, with a deployment for every fifth: for counting queries."""
    forces = (ESSEX, MET, SOUTH_WALES, UNKNOWN)
    for number in range(start, start + count):
        year = 2026 if number % 2 else 2025
        day = date(year, 4 + number % 3, 1 + number % 28)
        received = f"{day.isoformat()} 09:00"
        moves: list[tuple[str | None, ...]] = [(week_later(received), INV)]
        moves.append((week_later(received, 2), DECIDED))
        if number % 3:
            moves.append((week_later(received, 3), CLOSED, "outcome_issued"))
        add_case(
            Case(
                f"m{number}",
                received,
                forces[number % 4],
                ("lfr", "rfr", "oifr")[number % 3],
                ("web", "email", "phone")[number % 3],
                concerns=(NN, PE) if number % 2 else (MI,),
                acknowledged=(f"{day.isoformat()} 10:00",),
                moves=tuple(moves),
                finding=("upheld", "not_upheld")[number % 2],
            )
        )
        if number % 5 == 0:
            add_deployment(
                1000 + number, (forces[number % 3], "lfr", day.isoformat(), "1,000", "2", "1", "1")
            )
    db.session.commit()
