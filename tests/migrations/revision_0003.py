"""Revision 0003, casework: triage, allocation, findings, recommendations, links between
complaints and the outbox's delivery tries.

Going up, priorities become urgent / high / standard with a sortable rank, and each open
case gets its next deadline; going down, standard is normal again.
"""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from tests.migrations import revision_0001, revision_0002
from tests.migrations.harness import Row, Rows, insert, read

AT = revision_0001.AT
PRIORITY = {"normal": "standard", "high": "high", "urgent": "urgent"}


def due_on(complaint: Row) -> object:
    if complaint["status"] in ("received", "in_triage"):
        return complaint["triage_by"]
    if complaint["status"] in ("investigating", "review_requested"):
        return complaint["decision_by"]
    return None


def casework(complaint: Row) -> Row:
    """A complaint as revision 0002 held it, with this revision's casework."""
    id_ = complaint["id"]
    priority = PRIORITY[complaint["priority"]]
    closed = complaint["status"] == "closed"
    return {
        **complaint,
        "priority": priority,
        "priority_rank": {"urgent": 1, "high": 2, "standard": 3}[priority],
        "priority_reason": "A child was stopped" if priority == "urgent" else None,
        "version": id_,
        "assignee_id": 1 if id_ > 1 else None,
        "in_remit": None if id_ == 1 else id_ == 2,
        "referred_to": "iopc" if closed else None,
        "closure_reason": "referred" if closed else None,
        "overall_outcome": "partly_upheld" if id_ == 2 else None,
        "decision_summary": "The signs were too small." if id_ == 2 else None,
        "signed_off_by_id": 2 if id_ == 2 else None,
        "signed_off_at": AT + timedelta(days=9) if id_ == 2 else None,
        "decision_issued_at": None,
        "closed_at": AT + timedelta(days=5) if closed else None,
        "awaiting_since": None,
        "review_requested_at": None,
        "due_on": due_on(complaint),
    }


def rows(connection: sa.Connection) -> Rows:
    rows = revision_0002.rows(connection)
    force = revision_0001.force_id(connection)
    rows["complaints"] = [casework(c) for c in rows["complaints"]]
    rows["outbox_messages"] = [
        *(
            {**message, "attempts": 0, "last_error": None, "next_attempt_at": None}
            for message in rows["outbox_messages"]
        ),
        {
            "id": 2,
            "complaint_id": 2,
            "kind": "request_for_information",
            "language": "en",
            "recipient": None,
            "subject": "We need more information about your complaint FRC-0002-BBBB",
            "body": "Which day was it?",
            "created_at": AT + timedelta(days=3),
            "sent_at": None,
            "attempts": 2,
            "last_error": "SMTPServerDisconnected",
            "next_attempt_at": AT + timedelta(days=3, minutes=10),
        },
    ]
    rows["case_findings"] = [
        {
            "complaint_id": 2,
            "concern": "misidentification",
            "finding": "partly_upheld",
            "note": None,
        }
    ]
    rows["complaint_links"] = [
        {
            "id": 1,
            "complaint_id": 3,
            "other_id": 1,
            "kind": "related_to",
            "created_by": "user:1",
            "created_at": AT + timedelta(days=4),
        }
    ]
    rows["recommendations"] = [
        {
            "id": 1,
            "complaint_id": 2,
            "force_id": force,
            "text": "Put up signs before switching the cameras on.",
            "due_date": (AT + timedelta(days=90)).date(),
            "response": "accepted",
            "responded_at": AT + timedelta(days=20),
            "created_by": "user:1",
            "created_at": AT + timedelta(days=9),
        }
    ]
    return rows


def load(connection: sa.Connection) -> Rows:
    loaded = insert(connection, rows(connection))
    revision_0002.move_chain_head(connection, loaded["audit_events"])
    return loaded


CHANGED_BY_UPGRADE = frozenset({("complaints", "priority")})
CHANGED_BY_DOWNGRADE = frozenset({("complaints", "priority")})
DROPPED_BY_DOWNGRADE = frozenset({"case_findings", "complaint_links", "recommendations"})


def check_upgrade(connection: sa.Connection, loaded: Rows) -> None:
    """Priorities take their new names and ranks; open cases get their next deadline."""
    complaints = read(connection, "complaints")
    assert [(c["priority"], c["priority_rank"], c["version"]) for c in complaints] == [
        (PRIORITY[c["priority"]], revision_0001.RANKS[c["priority"]], 1)
        for c in loaded["complaints"]
    ]
    assert [c["due_on"] for c in complaints] == [due_on(c) for c in loaded["complaints"]]
    assert all(c["assignee_id"] is None and c["closure_reason"] is None for c in complaints)
    messages = read(connection, "outbox_messages")
    assert [(m["attempts"], m["last_error"]) for m in messages] == [(0, None)]


def check_downgrade(connection: sa.Connection, loaded: Rows) -> None:
    """Standard is normal again; the casework columns are gone."""
    complaints = read(connection, "complaints")
    back = {"standard": "normal", "high": "high", "urgent": "urgent"}
    assert [c["priority"] for c in complaints] == [
        back[c["priority"]] for c in loaded["complaints"]
    ]
    assert "closure_reason" not in complaints[0]
    assert "attempts" not in read(connection, "outbox_messages")[0]
