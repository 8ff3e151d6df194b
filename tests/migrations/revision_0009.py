"""Revision 0009: the release calendar and the changes to its announced days, with the
triggers that keep a day from moving without its recorded change and keep every change.

New tables only: going up, the earlier rows stay as they were; going down, the two
tables and their triggers go."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from tests.migrations import revision_0001, revision_0002, revision_0008
from tests.migrations.harness import Rows, insert, read
from tests.migrations.revision_0008 import refused, triggers

AT = revision_0001.AT
NEW_TABLES = frozenset({"release_calendar", "release_calendar_changes"})
TRIGGERS = ("release_calendar_date_changed_with_reason", "release_calendar_change_kept")


def rows(connection: sa.Connection) -> Rows:
    rows = revision_0008.rows(connection)
    rows["release_calendar"] = [
        {
            "id": 1,
            "slug": "2026-q2",
            "period_kind": "quarter",
            "period_start": date(2026, 4, 1),
            "period_end": date(2026, 6, 30),
            "release_date": date(2026, 8, 20),
            "announced_by_id": 1,
            "announced_at": AT + timedelta(days=40),
            "version": 2,
        },
        {
            "id": 2,
            "slug": "fy2026-27",
            "period_kind": "financial_year",
            "period_start": date(2026, 4, 1),
            "period_end": date(2027, 3, 31),
            "release_date": date(2027, 6, 17),
            "announced_by_id": 2,
            "announced_at": AT + timedelta(days=41),
            "version": 1,
        },
    ]
    rows["release_calendar_changes"] = [
        {
            "id": 1,
            "entry_id": 1,
            "changed_by_id": 2,
            "changed_at": AT + timedelta(days=60),
            "old_date": date(2026, 8, 13),
            "new_date": date(2026, 8, 20),
            "reason": "Late returns from two forces are still being checked.",
        }
    ]
    return rows


def load(connection: sa.Connection) -> Rows:
    return load_rows(connection, rows(connection))


def load_rows(connection: sa.Connection, rows: Rows) -> Rows:
    """Insert the rows, then carry the audit chain's head past their events."""
    loaded = insert(connection, rows)
    revision_0002.move_chain_head(connection, loaded["audit_events"])
    last = max(event["seq"] for event in loaded["audit_events"])
    connection.execute(revision_0008.HEAD.update().values(keyed_from_seq=last + 1))
    return loaded


CHANGED_BY_UPGRADE: frozenset[tuple[str, str]] = frozenset()
CHANGED_BY_DOWNGRADE: frozenset[tuple[str, str]] = frozenset()
DROPPED_BY_DOWNGRADE = NEW_TABLES


def check_upgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert set(sa.inspect(connection).get_table_names()) >= NEW_TABLES
    assert set(TRIGGERS) <= triggers(connection)
    _check_rules(connection)


def _check_rules(connection: sa.Connection) -> None:
    """The rules the triggers and CHECKs hold, tried on this revision's rows (put in
    first where the step found none)."""
    if not read(connection, "release_calendar"):
        calendar = rows(connection)
        with connection.engine.begin() as other:
            insert(other, {table: calendar[table] for table in NEW_TABLES})
    # The day moves only beside its recorded change; the change is never altered or removed.
    assert refused(
        connection, "UPDATE release_calendar SET release_date = '2026-09-03' WHERE id = 1"
    )
    assert not refused(connection, "UPDATE release_calendar SET version = 3 WHERE id = 1")
    assert refused(connection, "UPDATE release_calendar_changes SET reason = 'x' WHERE id = 1")
    assert refused(connection, "DELETE FROM release_calendar_changes WHERE id = 1")
    # Given dates are never in the calendar, nor a release before its period ends.
    assert refused(connection, "UPDATE release_calendar SET period_kind = 'custom' WHERE id = 2")


def check_downgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert not NEW_TABLES & set(sa.inspect(connection).get_table_names())
    assert not set(TRIGGERS) & triggers(connection)
