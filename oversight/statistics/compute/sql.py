"""SQL the statistics need that SQLite and PostgreSQL spell differently.

`local_day(moment)` is the date in England and Wales at a stored UTC moment: PostgreSQL
converts with its time zone data; SQLite calls a function registered on each connection
(and on the one in use, by `prepare_connection`, before the statistics are computed).
`ensure_calendar` fills the working-day calendar the timeliness figures count with.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from oversight.extensions import db
from oversight.statistics.models import WorkingDay
from oversight.workdays import is_working_day, local_date

CALENDAR_START = date(2000, 1, 1)


class local_day(FunctionElement[date]):
    type = sa.Date()
    inherit_cache = True
    name = "local_day"


@compiles(local_day, "postgresql")
def _local_day_postgresql(element: local_day, compiler: Any, **kw: Any) -> str:
    return f"CAST(timezone('Europe/London', {compiler.process(element.clauses, **kw)}) AS DATE)"


@compiles(local_day, "sqlite")
def _local_day_sqlite(element: local_day, compiler: Any, **kw: Any) -> str:
    return f"london_date({compiler.process(element.clauses, **kw)})"


def _london_date(stored: str | None) -> str | None:
    if stored is None:
        return None
    moment = datetime.fromisoformat(stored)
    return local_date(moment if moment.tzinfo else moment.replace(tzinfo=UTC)).isoformat()


def _add_functions(connection: Any) -> None:
    if isinstance(connection, sqlite3.Connection):
        connection.create_function("london_date", 1, _london_date, deterministic=True)


@sa.event.listens_for(sa.Engine, "connect")
def _register_sqlite_functions(connection: Any, record: Any) -> None:
    _add_functions(connection)


def prepare_connection() -> None:
    """Teach the session's own connection local_day: a SQLite connection opened before
    this module was imported never met the listener above."""
    _add_functions(db.session.connection().connection.driver_connection)


def ensure_calendar(last: date) -> None:
    """Make sure the calendar runs from CALENDAR_START to at least `last`."""
    have = db.session.scalar(sa.select(sa.func.max(WorkingDay.day)))
    if have is not None and have >= last:
        return
    if have is None:
        day, number = CALENDAR_START, 0
    else:
        day = have + timedelta(days=1)
        number = db.session.scalar(sa.select(WorkingDay.number).where(WorkingDay.day == have)) or 0
    rows = []
    while day <= last:
        working = is_working_day(day)
        number += working
        rows.append({"day": day, "number": number, "working": working})
        day += timedelta(days=1)
    for start in range(0, len(rows), 5000):
        db.session.execute(sa.insert(WorkingDay), rows[start : start + 5000])
