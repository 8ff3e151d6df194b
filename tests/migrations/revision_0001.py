"""Revision 0001, the initial schema: complaints, their parts and the audit trail.

The forces are reference data the revision loads itself; every other table gets rows.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from tests.migrations.harness import Row, Rows, insert

AT = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
FORCES = 49
# (id, reference, priority as this revision spelled it, status)
CASES = (
    (1, "FRC-0001-AAAA", "normal", "received"),
    (2, "FRC-0002-BBBB", "high", "investigating"),
    (3, "FRC-0003-CCCC", "urgent", "closed"),
)
# The rank revision 0003 gives each priority as this revision spelled it.
RANKS = {"normal": 3, "high": 2, "urgent": 1}


def force_id(connection: sa.Connection, slug: str = "south-wales") -> int:
    forces = sa.table("forces", sa.column("id"), sa.column("slug"))
    found = connection.scalar(sa.select(forces.c.id).where(forces.c.slug == slug))
    assert found is not None, f"no force {slug}"
    return int(found)


def complaint(case: tuple[int, str, str, str], force: int) -> Row:
    id_, reference, priority, status = case
    received = AT + timedelta(days=id_)
    return {
        "id": id_,
        "reference": reference,
        "submission_key": f"{id_:064x}",
        "channel": "web" if id_ != 2 else "phone",
        "technology": "lfr",
        "force_id": force if id_ != 3 else None,
        "incident_date": date(2026, 2, id_),
        "incident_date_approximate": id_ == 2,
        "place": "Queen Street, Cardiff",
        "what_happened": "A van with cameras was parked outside the station.",
        "relation": "passer_by",
        "outcome_wanted": "To know whether my face was kept.",
        "status": status,
        "priority": priority,
        "language": "en",
        "tracking_code_hash": f"scrypt:tracking-code-{id_}",
        "received_at": received,
        "acknowledge_by": received.date() + timedelta(days=2),
        "triage_by": received.date() + timedelta(days=14),
        "decision_by": received.date() + timedelta(days=84),
        "created_at": received,
        "updated_at": received + timedelta(hours=1),
    }


def audit_event(id_: int) -> Row:
    return {
        "id": id_,
        "at": AT + timedelta(days=id_, minutes=1),
        "actor": "public",
        "action": "complaint.submitted",
        "object_type": "complaint",
        "object_id": CASES[id_ - 1][1],
        "details": {"reference": CASES[id_ - 1][1], "channel": "web", "evidence_count": 1},
    }


def rows(connection: sa.Connection) -> Rows:
    force = force_id(connection)
    return {
        "audit_events": [audit_event(case[0]) for case in CASES],
        "complaints": [complaint(case, force) for case in CASES],
        "complainants": [
            {
                "id": 1,
                "complaint_id": 1,
                "name": "Jo Bloggs",
                "email": "jo@example.com",
                "phone": None,
                "postal_address": None,
                "preferred_contact": "email",
                "preferred_language": "en",
                "accessibility_needs": "Large print, please",
                "consent_to_share": True,
            }
        ],
        "complaint_concerns": [
            {"complaint_id": 1, "concern": "no_notice"},
            {"complaint_id": 1, "concern": "protest_or_event"},
            {"complaint_id": 2, "concern": "misidentification"},
            {"complaint_id": 3, "concern": "retention"},
        ],
        "complaint_drafts": [
            {
                "id": "d" * 64,
                "answers": {"technology": "lfr", "concerns": ["watchlist"]},
                "created_at": AT,
                "expires_at": AT + timedelta(days=30),
                "complaint_id": None,
            },
            {
                "id": "e" * 64,
                "answers": {"technology": "rfr"},
                "created_at": AT,
                "expires_at": AT + timedelta(days=30),
                "complaint_id": 1,
            },
        ],
        "evidence": [
            {
                "id": 1,
                "complaint_id": 1,
                "original_name": "signs.jpg",
                "content_type": "image/jpeg",
                "size": 52_311,
                "sha256": "a" * 64,
                "storage_key": "b" * 64,
                "uploaded_by": "complainant",
                "uploaded_at": AT + timedelta(days=1),
            }
        ],
        "outbox_messages": [
            {
                "id": 1,
                "complaint_id": 1,
                "kind": "acknowledgement",
                "language": "en",
                "recipient": "jo@example.com",
                "subject": "We have received your complaint FRC-0001-AAAA",
                "body": "Thank you.",
                "created_at": AT + timedelta(days=1),
                "sent_at": None,
            }
        ],
        "timeline_entries": [
            {
                "id": id_,
                "complaint_id": id_,
                "kind": "status_change",
                "at": AT + timedelta(days=id_),
                "actor": "public",
                "from_status": None,
                "to_status": "received",
                "reason": None,
                "body": None,
                "visible_to_complainant": True,
            }
            for id_, *_ in CASES
        ]
        + [
            {
                "id": 4,
                "complaint_id": 3,
                "kind": "status_change",
                "at": AT + timedelta(days=5),
                "actor": "user:1",
                "from_status": "received",
                "to_status": "closed",
                "reason": "withdrawn",
                "body": "Withdrawn by telephone.",
                "visible_to_complainant": True,
            }
        ],
    }


def load(connection: sa.Connection) -> Rows:
    return insert(connection, rows(connection))


# Moving to 0001 from nothing, and back to nothing.
CHANGED_BY_UPGRADE: frozenset[tuple[str, str]] = frozenset()
CHANGED_BY_DOWNGRADE: frozenset[tuple[str, str]] = frozenset()
DROPPED_BY_DOWNGRADE = frozenset(
    {
        "audit_events",
        "forces",
        "complaints",
        "complainants",
        "complaint_concerns",
        "complaint_drafts",
        "evidence",
        "outbox_messages",
        "timeline_entries",
    }
)


def check_upgrade(connection: sa.Connection, loaded: Rows) -> None:
    count = connection.scalar(sa.select(sa.func.count()).select_from(sa.table("forces")))
    assert count == FORCES


def check_downgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert sa.inspect(connection).get_table_names() == ["alembic_version"]
