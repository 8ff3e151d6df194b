"""Revision 0013: the retention schedule's record of what it applied, legal holds (at
most one active a case) and the evidence files still to delete.

New tables only: going up, the earlier rows stay as they were; going down, the tables
go. Case 1 had its contact details removed by a run; case 2 was held and released, and
is held again; a file's key waits to be deleted."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from tests.migrations import revision_0001, revision_0008, revision_0009, revision_0012
from tests.migrations.harness import Rows, insert, read

AT = revision_0001.AT
NEW_TABLES = frozenset({"retention_applied", "legal_holds", "pending_file_deletions"})


def rows(connection: sa.Connection) -> Rows:
    rows = revision_0012.rows(connection)
    user = 1  # revision 0002's first staff account
    rows["retention_applied"] = [
        {
            "id": 1,
            "complaint_id": 1,
            "kind": "contact_details",
            "applied_at": AT + timedelta(days=800),
            "run_id": "a" * 32,
        }
    ]
    rows["legal_holds"] = [
        {
            "id": 1,
            "complaint_id": 2,
            "reason": "A claim in the county court.",
            "set_by_id": user,
            "set_at": AT + timedelta(days=60),
            "released_at": AT + timedelta(days=90),
            "released_by_id": user,
            "release_reason": "The claim was settled.",
        },
        {
            "id": 2,
            "complaint_id": 2,
            "reason": "An IOPC investigation.",
            "set_by_id": user,
            "set_at": AT + timedelta(days=100),
            "released_at": None,
            "released_by_id": None,
            "release_reason": None,
        },
    ]
    rows["pending_file_deletions"] = [
        {"id": 1, "storage_key": "0" * 32, "queued_at": AT + timedelta(days=800)}
    ]
    return rows


def load(connection: sa.Connection) -> Rows:
    return revision_0009.load_rows(connection, rows(connection))


CHANGED_BY_UPGRADE: frozenset[tuple[str, str]] = frozenset()
CHANGED_BY_DOWNGRADE: frozenset[tuple[str, str]] = frozenset()
DROPPED_BY_DOWNGRADE = NEW_TABLES


def check_upgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert set(sa.inspect(connection).get_table_names()) >= NEW_TABLES
    if not read(connection, "legal_holds"):
        made = rows(connection)
        with connection.engine.begin() as other:
            insert(other, {name: made[name] for name in sorted(NEW_TABLES)})
    # A second active hold on case 2, or a kind the schedule does not have, is refused.
    assert revision_0008.refused(
        connection,
        "INSERT INTO legal_holds (id, complaint_id, reason, set_by_id, set_at)"
        " VALUES (3, 2, 'Again', 1, '2026-03-10 09:30:00')",
    )
    assert not revision_0008.refused(
        connection,
        "INSERT INTO legal_holds (id, complaint_id, reason, set_by_id, set_at)"
        " VALUES (3, 1, 'Another case', 1, '2026-03-10 09:30:00')",
    )
    assert revision_0008.refused(
        connection,
        "INSERT INTO retention_applied (id, complaint_id, kind, applied_at, run_id)"
        " VALUES (2, 1, 'everything', '2026-03-10 09:30:00', 'b')",
    )
    assert revision_0008.refused(
        connection,
        "INSERT INTO retention_applied (id, complaint_id, kind, applied_at, run_id)"
        " VALUES (2, 1, 'contact_details', '2026-03-10 09:30:00', 'b')",
    )


def check_downgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert not NEW_TABLES & set(sa.inspect(connection).get_table_names())
