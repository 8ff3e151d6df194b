"""Revision 0017: drafts of long text staff were typing.

A new table only: going up, the earlier rows stay as they were; going down, the table
goes. Two users of 0002 each keep a draft of the same field (one draft per person and
key); a text past 20,000 characters, a second draft of the same key for the same
person, and a draft of no user are refused."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from tests.migrations import revision_0001, revision_0009, revision_0016
from tests.migrations.harness import Rows, read
from tests.migrations.revision_0008 import refused

AT = revision_0001.AT
NEW_TABLES = frozenset({"drafts"})
KEY = "/staff/cases/FRC-0001/notes#text"


def rows(connection: sa.Connection) -> Rows:
    rows = revision_0016.rows(connection)
    rows["drafts"] = [
        {
            "id": 1,
            "user_id": 1,
            "key": KEY,
            "text": "Called the force; they will send the deployment record.",
            "updated_at": AT + timedelta(days=70),
        },
        {
            "id": 2,
            "user_id": 2,
            "key": KEY,
            "text": "Line one\r\nLine two",
            "updated_at": AT + timedelta(days=71),
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
    assert read(connection, "drafts") == []
    insert = "INSERT INTO drafts (id, user_id, key, text, updated_at) VALUES "
    row = "({id}, {user}, '{key}', {text}, '2026-03-10 09:30:00')"
    one = row.format(id=1, user=1, key=KEY, text="'A note'")
    assert not refused(connection, insert + one)
    assert refused(
        connection, insert + one + ", " + row.format(id=2, user=1, key=KEY, text="'Again'")
    )
    too_long = "'" + "a" * 20_001 + "'"
    assert refused(connection, insert + row.format(id=4, user=2, key=KEY, text=too_long))
    assert not refused(connection, insert + row.format(id=4, user=2, key=KEY, text="'a'"))


def check_downgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert not NEW_TABLES & set(sa.inspect(connection).get_table_names())
