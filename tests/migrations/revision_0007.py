"""Revision 0007, casework rules: decisions as sent and their reviews, dismissed
suggestions of duplicates, who recorded the findings, sender claims on the outbox and
messages for saved drafts, and the CHECKs that hold a decision to its sign-off.

Going up, earlier rows gain empty columns (a recommendation is internal, as before);
going down, messages for drafts and rows of the new kinds go with the columns."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from tests.migrations import revision_0001, revision_0002, revision_0006
from tests.migrations.harness import Rows, insert, read

AT = revision_0001.AT
NEW_TABLES = frozenset({"decisions", "reviews", "dismissed_suggestions"})
NEW_CHECKS = {
    "complaints": {
        "ck_complaints_decision_signed_off",
        "ck_complaints_signer_not_assignee",
        "ck_complaints_signer_not_recorder",
    },
    "outbox_messages": {"ck_outbox_messages_for_a_complaint_or_a_draft"},
}


def rows(connection: sa.Connection) -> Rows:
    rows = revision_0006.rows(connection)
    for complaint in rows["complaints"]:
        complaint["findings_by_id"] = 1 if complaint["id"] == 2 else None
        complaint["replied_at"] = AT + timedelta(days=6) if complaint["id"] == 2 else None
    for finding in rows["case_findings"]:
        finding["recorded_by_id"] = 1
    for recommendation in rows["recommendations"]:
        recommendation["visible_to_complainant"] = True
    for draft in rows["complaint_drafts"]:
        saved = draft["complaint_id"] is None
        draft["return_code_hash"] = "c" * 64 if saved else None
        draft["saved_at"] = AT + timedelta(hours=1) if saved else None
    for message in rows["outbox_messages"]:
        message["draft_id"] = None
        message["claimed_until"] = None
    rows["outbox_messages"].append(
        {
            "id": 3,
            "complaint_id": None,
            "draft_id": "d" * 64,
            "kind": "saved_draft",
            "language": "en",
            "recipient": "someone@example.org",
            "subject": "Your saved complaint",
            "body": "Come back to your complaint.",
            "created_at": AT + timedelta(hours=1),
            "sent_at": None,
            "attempts": 0,
            "last_error": None,
            "next_attempt_at": None,
            "claimed_until": AT + timedelta(hours=1, minutes=5),
        }
    )
    rows["decisions"] = [
        {
            "id": 1,
            "complaint_id": 2,
            "number": 1,
            "overall_outcome": "partly_upheld",
            "summary": "The signs were too small.",
            "findings": [{"concern": "misidentification", "finding": "partly_upheld"}],
            "signed_off_by_id": 2,
            "issued_by": "user:1",
            "issued_at": AT + timedelta(days=10),
        }
    ]
    rows["reviews"] = [
        {
            "id": 1,
            "complaint_id": 2,
            "decision_id": 1,
            "reasons": "You did not look at the footage.",
            "requested_at": AT + timedelta(days=12),
            "outcome": "upheld",
            "explanation": "We will look at the footage.",
            "decided_by_id": 2,
            "decided_at": AT + timedelta(days=14),
        }
    ]
    rows["dismissed_suggestions"] = [
        {
            "id": 1,
            "complaint_id": 1,
            "other_id": 2,
            "dismissed_by": "user:1",
            "dismissed_at": AT + timedelta(days=4),
        }
    ]
    return rows


def load(connection: sa.Connection) -> Rows:
    loaded = insert(connection, rows(connection))
    revision_0002.move_chain_head(connection, loaded["audit_events"])
    return loaded


CHANGED_BY_UPGRADE: frozenset[tuple[str, str]] = frozenset()
CHANGED_BY_DOWNGRADE: frozenset[tuple[str, str]] = frozenset()
DROPPED_BY_DOWNGRADE = NEW_TABLES


def rows_outliving_downgrade(loaded: Rows) -> Rows:
    """Going down deletes the messages for saved drafts: 0006 has no place for them."""
    return {
        **loaded,
        "outbox_messages": [m for m in loaded["outbox_messages"] if m["draft_id"] is None],
    }


def _refuses(connection: sa.Connection, sql: str) -> bool:
    """Whether the database refuses the statement; one it takes is rolled back."""
    with connection.engine.connect() as other:
        try:
            with other.begin():
                other.execute(sa.text(sql))
                raise _TookIt
        except sa.exc.IntegrityError:
            return True
        except _TookIt:
            return False


class _TookIt(Exception):
    pass


def check_upgrade(connection: sa.Connection, loaded: Rows) -> None:
    for table, names in NEW_CHECKS.items():
        assert names <= revision_0006.checks(connection, table), table
    complaints = read(connection, "complaints")
    assert all(c["findings_by_id"] is None and c["replied_at"] is None for c in complaints)
    assert all(not r["visible_to_complainant"] for r in read(connection, "recommendations"))
    assert all(m["claimed_until"] is None for m in read(connection, "outbox_messages"))
    # Case 2 is assigned to user 1 and signed off by user 2.
    assert _refuses(connection, "UPDATE complaints SET status = 'decision_issued' WHERE id = 2")
    assert _refuses(connection, "UPDATE complaints SET assignee_id = 2 WHERE id = 2")
    assert _refuses(connection, "UPDATE complaints SET findings_by_id = 2 WHERE id = 2")
    assert revision_0006.checks(connection, "timeline_entries") >= {"ck_timeline_entries_kind"}


def check_downgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert not NEW_TABLES & set(sa.inspect(connection).get_table_names())
    messages = read(connection, "outbox_messages")
    assert [m["id"] for m in messages] == [1, 2]
    for table, names in NEW_CHECKS.items():
        assert not names & revision_0006.checks(connection, table), table
