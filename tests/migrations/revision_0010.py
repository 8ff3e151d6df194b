"""Revision 0010: cancelling an announced release (with its reason) and announcing it
again, with the triggers that keep a cancellation as it was made, of the release as
announced and not yet out, and let a cancelled release be announced again.

Going up, the calendar's entries gain their announcement number (1, the first) and the
earlier rows stay as they were; going down, the cancellations and the number go, and
0009's rule on moving a day is back as it was."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from tests.migrations import revision_0001, revision_0009
from tests.migrations.harness import Rows, insert, read
from tests.migrations.revision_0008 import refused, triggers

AT = revision_0001.AT
NEW_TABLES = frozenset({"release_calendar_cancellations"})
TRIGGERS = (
    "release_calendar_cancellation_kept",
    "release_calendar_cancelled_as_announced",
    "release_calendar_announced_again",
)
DATE_RULE = "release_calendar_date_changed_with_reason"  # 0009's, taught an exception


def rows(connection: sa.Connection) -> Rows:
    rows = revision_0009.rows(connection)
    for entry in rows["release_calendar"]:
        entry["announcement"] = 1
    # 2026-q1 is out (revision 2 published, revision 1 superseded): in the calendar too.
    rows["release_calendar"].append(
        {
            "id": 3,
            "slug": "2026-q1",
            "period_kind": "quarter",
            "period_start": date(2026, 1, 1),
            "period_end": date(2026, 3, 31),
            "release_date": date(2026, 5, 14),
            "announced_by_id": 1,
            "announced_at": AT + timedelta(days=10),
            "version": 1,
            "announcement": 1,
        }
    )
    # The financial year's release is cancelled, as announced for 17 June 2027.
    rows["release_calendar_cancellations"] = [
        {
            "id": 1,
            "entry_id": 2,
            "announcement": 1,
            "release_date": date(2027, 6, 17),
            "cancelled_by_id": 2,
            "cancelled_at": AT + timedelta(days=70),
            "reason": "Two forces' records for the year cannot be checked in time.",
        }
    ]
    return rows


def load(connection: sa.Connection) -> Rows:
    return revision_0009.load_rows(connection, rows(connection))


CHANGED_BY_UPGRADE: frozenset[tuple[str, str]] = frozenset()
CHANGED_BY_DOWNGRADE: frozenset[tuple[str, str]] = frozenset()
DROPPED_BY_DOWNGRADE = NEW_TABLES


def check_upgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert set(sa.inspect(connection).get_table_names()) >= NEW_TABLES
    assert {*TRIGGERS, DATE_RULE} <= triggers(connection)
    # Every entry announced before is on its first announcement.
    assert {entry["announcement"] for entry in read(connection, "release_calendar")} == {1}
    _check_rules(connection)


def _cancel(entry_id: int, announcement: int, day: str, reason: str = "'Late returns.'") -> str:
    columns = "id, entry_id, announcement, release_date, cancelled_by_id, cancelled_at, reason"
    values = f"9, {entry_id}, {announcement}, '{day}', 1, '2026-10-01 10:00:00', {reason}"
    return f"INSERT INTO release_calendar_cancellations ({columns}) VALUES ({values})"  # noqa: S608


def _check_rules(connection: sa.Connection) -> None:
    """The rules the triggers and CHECKs hold, tried on this revision's rows (put in
    first where the step found none)."""
    if not read(connection, "release_calendar_cancellations"):
        ours = rows(connection)
        with connection.engine.begin() as other:
            insert(
                other,
                {
                    "release_calendar": [ours["release_calendar"][2]],
                    "release_calendar_cancellations": ours["release_calendar_cancellations"],
                },
            )
    # A cancellation has a reason; it is of the entry as announced now, never of a
    # period already out, and once only.
    assert refused(connection, _cancel(1, 1, "2026-08-20", "'  '"))
    assert not refused(connection, _cancel(1, 1, "2026-08-20"))
    assert refused(connection, _cancel(1, 1, "2026-08-13"))  # not the day announced now
    assert refused(connection, _cancel(1, 2, "2026-08-20"))  # not its announcement
    assert refused(connection, _cancel(3, 1, "2026-05-14"))  # 2026-q1 is out
    assert refused(connection, _cancel(2, 1, "2027-06-17"))  # cancelled already
    # Never altered or removed.
    assert refused(
        connection, "UPDATE release_calendar_cancellations SET reason = 'x' WHERE id = 1"
    )
    assert refused(connection, "DELETE FROM release_calendar_cancellations WHERE id = 1")
    # Announced again only once cancelled, one on, and then its day may move.
    assert refused(connection, "UPDATE release_calendar SET announcement = 2 WHERE id = 1")
    assert refused(connection, "UPDATE release_calendar SET announcement = 3 WHERE id = 2")
    assert not refused(
        connection,
        "UPDATE release_calendar SET announcement = 2, release_date = '2027-07-01' WHERE id = 2",
    )
    # Otherwise a day moves only beside its recorded change, as before.
    assert refused(
        connection, "UPDATE release_calendar SET release_date = '2027-07-01' WHERE id = 2"
    )


def check_downgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert not NEW_TABLES & set(sa.inspect(connection).get_table_names())
    assert not set(TRIGGERS) & triggers(connection)
    assert DATE_RULE in triggers(connection)
    columns = {c["name"] for c in sa.inspect(connection).get_columns("release_calendar")}
    assert "announcement" not in columns
    revision_0009._check_rules(connection)
