"""Revision 0018: the desk's index on complaints (assignee, status, due date, reply).

An index only: going up and down, every row stays as it was; up, the index is there."""

from __future__ import annotations

import sqlalchemy as sa

from tests.migrations import revision_0017
from tests.migrations.harness import Rows

INDEX = "ix_complaints_desk_assignee"


def rows(connection: sa.Connection) -> Rows:
    return revision_0017.rows(connection)


def load(connection: sa.Connection) -> Rows:
    return revision_0017.load(connection)


CHANGED_BY_UPGRADE: frozenset[tuple[str, str]] = frozenset()
CHANGED_BY_DOWNGRADE: frozenset[tuple[str, str]] = frozenset()
DROPPED_BY_DOWNGRADE: frozenset[str] = frozenset()


def _indexes(connection: sa.Connection) -> dict[str, list[str | None]]:
    return {
        index["name"]: index["column_names"]
        for index in sa.inspect(connection).get_indexes("complaints")
        if index["name"]
    }


def check_upgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert _indexes(connection)[INDEX] == ["assignee_id", "status", "due_on", "replied_at"]


def check_downgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert INDEX not in _indexes(connection)
