"""Revision 0015: reminders to staff and the emails that carry them.

New tables only: going up, the earlier rows stay as they were; going down, the tables go.
User 1 had one email on a day with two reminders (a case due soon, another unassigned);
the same reminder again that day, or a second email, is refused."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from tests.migrations import revision_0001, revision_0008, revision_0009, revision_0014
from tests.migrations.harness import Rows, insert, read

AT = revision_0001.AT
DAY = date(2026, 3, 2)
NEW_TABLES = frozenset({"reminder_emails", "reminders"})


def rows(connection: sa.Connection) -> Rows:
    rows = revision_0014.rows(connection)
    rows["reminder_emails"] = [
        {
            "id": 1,
            "recipient_id": 1,
            "day": DAY,
            "recipient": "staff@example.test",
            "subject": "Cases to look at on 2 March 2026",
            "body": "Due soon\n- ABC-123: due 3 March 2026",
            "created_at": AT + timedelta(days=30),
            "sent_at": AT + timedelta(days=30, minutes=1),
            "attempts": 2,
            "last_error": "SMTPServerDisconnected",
            "next_attempt_at": None,
            "claimed_until": None,
        }
    ]
    rows["reminders"] = [
        {
            "id": 1,
            "complaint_id": 1,
            "recipient_id": 1,
            "kind": "due_soon",
            "day": DAY,
            "email_id": 1,
        },
        {
            "id": 2,
            "complaint_id": 2,
            "recipient_id": 1,
            "kind": "unassigned",
            "day": DAY,
            "email_id": 1,
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
    if not read(connection, "reminder_emails"):
        new = rows(connection)
        with connection.engine.begin() as other:
            insert(other, {table: new[table] for table in NEW_TABLES})
    email = (
        "INSERT INTO reminder_emails (id, recipient_id, day, recipient, subject, body,"
        " created_at, attempts) VALUES (7, 1, '{day}', 'a@example.test', 'S', 'B',"
        " '2026-03-02 07:00:00', 0)"
    )
    # One email a person and day.
    assert revision_0008.refused(connection, email.format(day=DAY.isoformat()))
    assert not revision_0008.refused(connection, email.format(day="2026-03-03"))
    reminder = (
        "INSERT INTO reminders (id, complaint_id, recipient_id, kind, day, email_id)"
        " VALUES (7, {complaint}, 1, '{kind}', '2026-03-02', 1)"
    )
    # Once per case, person, kind and day; a kind of the three only.
    assert revision_0008.refused(connection, reminder.format(complaint=1, kind="due_soon"))
    assert not revision_0008.refused(connection, reminder.format(complaint=1, kind="overdue"))
    assert revision_0008.refused(connection, reminder.format(complaint=3, kind="late"))


def check_downgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert not NEW_TABLES & set(sa.inspect(connection).get_table_names())
