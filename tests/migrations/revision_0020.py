"""Revision 0020: letters by post. Messages gain when their letter was posted and by
whom; the timeline's kinds gain "letter_posted".

Going up, every earlier message reads as not posted; going down, a "Letter posted"
entry becomes a note saying so (its text kept) and the two columns go."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from tests.migrations import revision_0001, revision_0009, revision_0019
from tests.migrations.harness import Rows, read
from tests.migrations.revision_0008 import refused

AT = revision_0001.AT
POSTED = AT + timedelta(days=3)
SUBJECT = "We have received your complaint FRC-0001-AAAA"


def rows(connection: sa.Connection) -> Rows:
    rows = revision_0019.rows(connection)
    for message in rows["outbox_messages"]:
        posted = message["id"] == 1
        message["posted_at"] = POSTED if posted else None
        message["posted_by_id"] = 1 if posted else None
    # Case 2's entry becomes a letter posted (the head's rows keep four entries).
    for entry in rows["timeline_entries"]:
        if entry["id"] == 2:
            entry.update(
                kind="letter_posted",
                actor="user:1",
                from_status=None,
                to_status=None,
                body=SUBJECT,
                visible_to_complainant=False,
            )
    return rows


def load(connection: sa.Connection) -> Rows:
    return revision_0009.load_rows(connection, rows(connection))


CHANGED_BY_UPGRADE: frozenset[tuple[str, str]] = frozenset()
CHANGED_BY_DOWNGRADE = frozenset({("timeline_entries", "kind"), ("timeline_entries", "body")})
DROPPED_BY_DOWNGRADE: frozenset[str] = frozenset()


POSTED_ENTRY = (
    "INSERT INTO timeline_entries (id, complaint_id, kind, at, actor,"
    " visible_to_complainant) VALUES (900, 1, 'letter_posted',"
    " '2026-03-10 09:30:00', 'user:1', false)"
)


def check_upgrade(connection: sa.Connection, loaded: Rows) -> None:
    messages = read(connection, "outbox_messages")
    assert messages
    assert all(m["posted_at"] is None and m["posted_by_id"] is None for m in messages)
    assert not refused(connection, POSTED_ENTRY)


def check_downgrade(connection: sa.Connection, loaded: Rows) -> None:
    messages = read(connection, "outbox_messages")
    assert "posted_at" not in messages[0] and "posted_by_id" not in messages[0]
    entries = read(connection, "timeline_entries")
    assert not [e for e in entries if e["kind"] == "letter_posted"]
    (noted,) = [e for e in entries if e["body"] == f"Letter posted: {SUBJECT}"]
    assert noted["kind"] == "note"
    before = {e["id"]: e for e in loaded["timeline_entries"] if e["kind"] != "letter_posted"}
    for entry in entries:
        if entry["id"] in before:
            assert entry["kind"] == before[entry["id"]]["kind"]
            assert entry["body"] == before[entry["id"]]["body"]
    assert refused(connection, POSTED_ENTRY)
