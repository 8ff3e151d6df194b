"""Revision 0011: the disclosure checks of releases, one row for each state checked.

A new table only: going up, the earlier rows stay as they were; going down, the table
goes. One check is a clean one of the draft (release 3), one found a [c] at risk in the
published release (release 2), as an earlier method would have stored it."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from tests.migrations import revision_0001, revision_0008, revision_0009, revision_0010
from tests.migrations.harness import Rows, insert, read

AT = revision_0001.AT
NEW_TABLES = frozenset({"disclosure_checks"})
RISK = {
    "release": 0,
    "period": "January to March 2026",
    "table": "Complaints received by how they were made",
    "row": "Email",
    "column": "January to March 2026",
    "low": 1,
    "high": 1,
}


def rows(connection: sa.Connection) -> Rows:
    rows = revision_0010.rows(connection)
    rows["disclosure_checks"] = [
        {
            "id": 1,
            "key": "a" * 64,
            "release_id": 3,
            "method_version": 1,
            "checked_at": AT + timedelta(days=50),
            "risks": [],
        },
        {
            "id": 2,
            "key": "b" * 64,
            "release_id": 2,
            "method_version": 1,
            "checked_at": AT + timedelta(days=51),
            "risks": [RISK],
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
    _check_rules(connection)


def _check_rules(connection: sa.Connection) -> None:
    """One check for each key, of a release that exists (rows put in first where the
    step found none)."""
    if not read(connection, "disclosure_checks"):
        checks = rows(connection)["disclosure_checks"]
        with connection.engine.begin() as other:
            insert(other, {"disclosure_checks": checks})
    assert [row["risks"] for row in read(connection, "disclosure_checks")] == [[], [RISK]]
    assert revision_0008.refused(
        connection,
        "INSERT INTO disclosure_checks (id, key, release_id, method_version, checked_at, risks)"
        " VALUES (3, '" + "a" * 64 + "', 2, 1, '2026-03-10 09:30:00', '[]')",
    )


def check_downgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert not NEW_TABLES & set(sa.inspect(connection).get_table_names())
