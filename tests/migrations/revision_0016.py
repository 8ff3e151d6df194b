"""Revision 0016: saved views of the case queue.

A new table only: going up, the earlier rows stay as they were; going down, the table
goes. One view is its owner's alone, one is shared with the team; a second view of the
same name for the same owner is refused."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from tests.migrations import revision_0001, revision_0009, revision_0015
from tests.migrations.harness import Rows, insert, read
from tests.migrations.revision_0008 import refused

AT = revision_0001.AT
NEW_TABLES = frozenset({"saved_views"})


def rows(connection: sa.Connection) -> Rows:
    rows = revision_0015.rows(connection)
    rows["saved_views"] = [
        {
            "id": 1,
            "owner_id": 1,
            "name": "My overdue cases",
            "filters": {"assignee": "mine", "overdue": "1", "sort": "due"},
            "shared": False,
            "created_at": AT + timedelta(days=70),
        },
        {
            "id": 2,
            "owner_id": 2,
            "name": "Urgent and unassigned",
            "filters": {"priority": "urgent", "assignee": "unassigned"},
            "shared": True,
            "created_at": AT + timedelta(days=71),
        },
    ]
    return rows


def load(connection: sa.Connection) -> Rows:
    return revision_0009.load_rows(connection, rows(connection))


def rows_outliving_downgrade(loaded: Rows) -> Rows:
    return {table: values for table, values in loaded.items() if table not in NEW_TABLES}


CHANGED_BY_UPGRADE: frozenset[tuple[str, str]] = frozenset()
CHANGED_BY_DOWNGRADE: frozenset[tuple[str, str]] = frozenset()
DROPPED_BY_DOWNGRADE = NEW_TABLES


def check_upgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert set(sa.inspect(connection).get_table_names()) >= NEW_TABLES
    if not read(connection, "saved_views"):
        with connection.engine.begin() as other:
            insert(other, {"saved_views": rows(connection)["saved_views"]})
    assert [row["name"] for row in read(connection, "saved_views")] == [
        "My overdue cases",
        "Urgent and unassigned",
    ]
    assert refused(
        connection,
        "INSERT INTO saved_views (id, owner_id, name, filters, shared, created_at)"
        " VALUES (3, 1, 'My overdue cases', '{}', false, '2026-03-10 09:30:00')",
    )


def check_downgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert not NEW_TABLES & set(sa.inspect(connection).get_table_names())
