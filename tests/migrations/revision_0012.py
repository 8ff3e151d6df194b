"""Revision 0012: the answers to the feedback form.

A new table only: going up, the earlier rows stay as they were; going down, the table
goes. One answer is new, with what to improve; one was marked read by a user of 0002."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from tests.migrations import revision_0001, revision_0009, revision_0011
from tests.migrations.harness import Rows, insert, read
from tests.migrations.revision_0008 import refused

AT = revision_0001.AT
NEW_TABLES = frozenset({"feedback"})


def rows(connection: sa.Connection) -> Rows:
    rows = revision_0011.rows(connection)
    rows["feedback"] = [
        {
            "id": 1,
            "submitted_at": AT + timedelta(days=60),
            "satisfaction": "dissatisfied",
            "improve": "The dates were hard to enter.",
            "page": "/complain/<slug>",
            "read_at": None,
            "read_by_id": None,
        },
        {
            "id": 2,
            "submitted_at": AT + timedelta(days=61),
            "satisfaction": "very_satisfied",
            "improve": None,
            "page": None,
            "read_at": AT + timedelta(days=62),
            "read_by_id": 1,
        },
    ]
    return rows


def load(connection: sa.Connection) -> Rows:
    return revision_0009.load_rows(connection, rows(connection))


CHANGED_BY_UPGRADE: frozenset[tuple[str, str]] = frozenset()
CHANGED_BY_DOWNGRADE: frozenset[tuple[str, str]] = frozenset()
DROPPED_BY_DOWNGRADE = NEW_TABLES


def check_upgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert set(sa.inspect(connection).get_table_names()) >= NEW_TABLES
    if not read(connection, "feedback"):
        with connection.engine.begin() as other:
            insert(other, {"feedback": rows(connection)["feedback"]})
    assert [row["satisfaction"] for row in read(connection, "feedback")] == [
        "dissatisfied",
        "very_satisfied",
    ]
    assert refused(
        connection,
        "INSERT INTO feedback (id, submitted_at, satisfaction)"
        " VALUES (3, '2026-03-10 09:30:00', 'delighted')",
    )


def check_downgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert not NEW_TABLES & set(sa.inspect(connection).get_table_names())
