"""Revision 0002: staff accounts and roles, and the audit trail as a hash chain.

Going up, the events already recorded are put into the chain in the order they were
recorded. The chain head is the revision's own row; it is moved on to the events loaded.
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, timedelta

import sqlalchemy as sa

from tests.migrations import revision_0001
from tests.migrations.harness import Row, Rows, insert, read

GENESIS_HASH = "0" * 64
AT = revision_0001.AT


def digest(prev_hash: str, fields: Row) -> str:
    """The audit chain's hash as revision 0002 computes it."""
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(f"{prev_hash}\n{canonical}".encode()).hexdigest()


def chained(events: list[Row], outcomes: dict[int, str] | None = None) -> list[Row]:
    """The events with their place in the chain: seq, outcome, prev_hash and hash."""
    outcomes = outcomes or {}
    prev, result = GENESIS_HASH, []
    for seq, event in enumerate(sorted(events, key=lambda e: e["id"]), start=1):
        row = {**event, "seq": seq, "outcome": outcomes.get(event["id"], "success")}
        row.setdefault("request_id", None)
        fields = {
            "seq": seq,
            "at": row["at"].astimezone(UTC).isoformat(timespec="microseconds"),
            "actor": row["actor"],
            "action": row["action"],
            "object_type": row["object_type"],
            "object_id": row["object_id"],
            "outcome": row["outcome"],
            "request_id": row["request_id"],
            "details": row["details"],
        }
        row["prev_hash"], row["hash"] = prev, digest(prev, fields)
        prev = row["hash"]
        result.append(row)
    return result


USERS = [
    {
        "id": 1,
        "email": "casey@example.test",
        "name": "Casey Worker",
        "password_hash": "scrypt:casey",
        "totp_secret": "JBSWY3DPEHPK3PXP",
        "totp_confirmed_at": AT,
        "totp_last_step": 59_000_000,
        "session_version": 2,
        "disabled_at": None,
        "created_at": AT - timedelta(days=30),
        "password_changed_at": AT - timedelta(days=30),
    },
    {
        "id": 2,
        "email": "pat@example.test",
        "name": "Pat Publisher",
        "password_hash": "scrypt:pat",
        "totp_secret": None,
        "totp_confirmed_at": None,
        "totp_last_step": None,
        "session_version": 1,
        "disabled_at": None,
        "created_at": AT - timedelta(days=20),
        "password_changed_at": AT - timedelta(days=20),
    },
]
ROLES = [
    {"user_id": 1, "role": "caseworker"},
    {"user_id": 1, "role": "statistician"},
    {"user_id": 2, "role": "publisher"},
    {"user_id": 2, "role": "administrator"},
]
SIGN_IN = {
    "id": 4,
    "at": AT + timedelta(days=4),
    "actor": "user:1",
    "action": "auth.sign_in_failed",
    "object_type": "user",
    "object_id": "1",
    "details": {"email": "casey@example.test", "reason": "wrong_code"},
    "request_id": "4" * 32,
}


def rows(connection: sa.Connection) -> Rows:
    rows = revision_0001.rows(connection)
    rows["audit_events"] = chained([*rows["audit_events"], SIGN_IN], {SIGN_IN["id"]: "failure"})
    rows["users"] = USERS
    rows["user_roles"] = ROLES
    return rows


def move_chain_head(connection: sa.Connection, events: list[Row]) -> None:
    head = sa.table("audit_chain_head", sa.column("id"), sa.column("seq"), sa.column("last_hash"))
    last = max(events, key=lambda e: e["seq"])
    connection.execute(
        head.update().where(head.c.id == 1).values(seq=last["seq"], last_hash=last["hash"])
    )


def load(connection: sa.Connection) -> Rows:
    loaded = insert(connection, rows(connection))
    move_chain_head(connection, loaded["audit_events"])
    return loaded


CHANGED_BY_UPGRADE: frozenset[tuple[str, str]] = frozenset()
CHANGED_BY_DOWNGRADE: frozenset[tuple[str, str]] = frozenset()
DROPPED_BY_DOWNGRADE = frozenset({"users", "user_roles"})


def check_upgrade(connection: sa.Connection, loaded: Rows) -> None:
    """The events recorded before the chain are in it, in the order they were recorded."""
    events = read(connection, "audit_events")
    expected = chained(loaded["audit_events"])
    assert [(e["seq"], e["outcome"], e["prev_hash"], e["hash"]) for e in events] == [
        (e["seq"], e["outcome"], e["prev_hash"], e["hash"]) for e in expected
    ]
    (head,) = read(connection, "audit_chain_head")
    assert (head["id"], head["seq"], head["last_hash"]) == (1, 3, expected[-1]["hash"])


def check_downgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert "audit_chain_head" not in sa.inspect(connection).get_table_names()
    columns = {c["name"] for c in sa.inspect(connection).get_columns("audit_events")}
    assert not columns & {"seq", "outcome", "request_id", "prev_hash", "hash"}
