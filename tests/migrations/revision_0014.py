"""Revision 0014: rights requests, the cases chosen, redactions and releases (four new
tables), and the information rights officer's role in user_roles' CHECK.

Going up, the earlier rows stay as they were and the role may be granted; going down,
the tables go, and so does every grant of the new role (the older CHECK has no place for
it)."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from tests.migrations import revision_0001, revision_0008, revision_0009, revision_0013
from tests.migrations.harness import Rows, read

AT = revision_0001.AT
NEW_TABLES = frozenset(
    {"rights_requests", "rights_request_cases", "rights_redactions", "rights_releases"}
)
NEW_ROLE = {"user_id": 2, "role": "information_rights"}


def rows(connection: sa.Connection) -> Rows:
    rows = revision_0013.rows(connection)
    rows["user_roles"] = [*rows["user_roles"], NEW_ROLE]
    rows["rights_requests"] = [
        {
            "id": 1,
            "kind": "access",
            "requester_name": "Jo Bloggs",
            "reply_to": "jo@example.com",
            "received_via": "email",
            "received_on": date(2026, 1, 31),
            "due_on": date(2026, 3, 2),
            "extended_due_on": date(2026, 4, 30),
            "extension_reason": "Many records across several cases",
            "extended_by_id": 2,
            "extended_at": AT + timedelta(days=3),
            "identity_method": "Passport seen by video call",
            "identity_checked_by_id": 2,
            "identity_checked_at": AT + timedelta(days=2),
            "status": "completed",
            "outcome_note": "Bundle sent by email",
            "closed_at": AT + timedelta(days=20),
            "logged_by_id": 2,
            "logged_at": AT + timedelta(days=1),
        }
    ]
    rows["rights_request_cases"] = [
        {"request_id": 1, "complaint_id": 1, "chosen_by_id": 2, "chosen_at": AT + timedelta(days=4)}
    ]
    rows["rights_redactions"] = [
        {
            "id": 1,
            "request_id": 1,
            "phrase": "Alex Neighbour",
            "evidence_id": None,
            "page": None,
            "box_left": None,
            "box_top": None,
            "box_right": None,
            "box_bottom": None,
            "reason": "third_party",
            "note": None,
            "created_by_id": 2,
            "created_at": AT + timedelta(days=5),
        },
        {
            "id": 2,
            "request_id": 1,
            "phrase": None,
            "evidence_id": 1,
            "page": 0,
            "box_left": 0.1,
            "box_top": 0.2,
            "box_right": 0.5,
            "box_bottom": 0.4,
            "reason": "other",
            "note": "A car's number plate",
            "created_by_id": 2,
            "created_at": AT + timedelta(days=5),
        },
    ]
    rows["rights_releases"] = [
        {
            "id": 1,
            "request_id": 1,
            "released_at": AT + timedelta(days=19),
            "released_by_id": 2,
            "sha256": "c" * 64,
            "size": 12_345,
            "counts": {"cases": 1, "evidence": 1, "redactions": 2},
        }
    ]
    return rows


def load(connection: sa.Connection) -> Rows:
    return revision_0009.load_rows(connection, rows(connection))


def rows_outliving_downgrade(loaded: Rows) -> Rows:
    kept = {table: list(values) for table, values in loaded.items() if table not in NEW_TABLES}
    kept["user_roles"] = [row for row in kept["user_roles"] if row != NEW_ROLE]
    return kept


CHANGED_BY_UPGRADE: frozenset[tuple[str, str]] = frozenset()
CHANGED_BY_DOWNGRADE: frozenset[tuple[str, str]] = frozenset()
DROPPED_BY_DOWNGRADE = NEW_TABLES


def check_upgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert set(sa.inspect(connection).get_table_names()) >= NEW_TABLES
    assert not revision_0008.refused(
        connection, "INSERT INTO user_roles (user_id, role) VALUES (1, 'information_rights')"
    )
    # A due date not after receipt, and an extension without its reason, are refused.
    base = (
        "INSERT INTO rights_requests (id, kind, requester_name, reply_to, received_via,"
        " received_on, due_on, extended_due_on, extension_reason, extended_by_id, extended_at,"
        " status, logged_by_id, logged_at) VALUES (9, 'access', 'A', 'a@example.com', 'post',"
        " '2026-02-01', {due}, {extended}, {reason}, {by}, {at}, 'received', 1,"
        " '2026-02-01 10:00:00')"
    )
    assert revision_0008.refused(
        connection,
        base.format(due="'2026-02-01'", extended="NULL", reason="NULL", by="NULL", at="NULL"),
    )
    assert revision_0008.refused(
        connection,
        base.format(
            due="'2026-03-02'",
            extended="'2026-05-01'",
            reason="NULL",
            by="1",
            at="'2026-02-02 10:00:00'",
        ),
    )
    assert not revision_0008.refused(
        connection,
        base.format(due="'2026-03-02'", extended="NULL", reason="NULL", by="NULL", at="NULL"),
    )


def check_downgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert not NEW_TABLES & set(sa.inspect(connection).get_table_names())
    assert NEW_ROLE["role"] not in {row["role"] for row in read(connection, "user_roles")}
    assert revision_0008.refused(
        connection, "INSERT INTO user_roles (user_id, role) VALUES (1, 'information_rights')"
    )
