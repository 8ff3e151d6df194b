"""What the case queue's tests share: cases with their casework columns set directly,
reading a page of the queue, walking it, and watching the SQL it sends."""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa

from oversight.casework import queries
from oversight.casework.queries import QueueFilters
from oversight.complaints.enums import Finding, Status
from oversight.complaints.models import Complaint
from tests.factories import ANSWERS, make_complaint, signer

TODAY = date(2026, 11, 20)
START = datetime(2026, 9, 1, 9, tzinfo=UTC)
NEXT_PAGE = re.compile(r'href="([^"]*after=[^"]*)"[^>]*>Next page of cases<')


def case(db: Any, *, received_at: datetime = START, **fields: Any) -> Complaint:
    """A complaint with its casework columns set directly, as the services leave them.

    Answers (technology, force, place, what_happened, concerns…) go to the factory;
    anything else (status, priority, assignee_id, due_on…) is set on the case.
    """
    answers = {name: fields.pop(name) for name in list(fields) if name in ANSWERS}
    if fields.get("status") is Status.DECISION_ISSUED:
        # A decided case is signed off (the database holds that rule).
        fields.setdefault("signed_off_by_id", signer().id)
        fields.setdefault("overall_outcome", Finding.UPHELD)
        fields.setdefault("decision_issued_at", received_at)
    complaint = make_complaint(received_at=received_at, **answers)
    with db.session.no_autoflush:
        for name, value in fields.items():
            setattr(complaint, name, value)
    complaint.priority_rank = complaint.priority.rank
    if "due_on" not in fields:
        complaint.due_on = complaint.next_due()
    db.session.flush()
    return complaint


def page_of(user_id: int = 0, size: int = 50, **filters: Any) -> list[Complaint]:
    return queries.queue_page(QueueFilters(**filters), user_id, TODAY, size=size).cases


def references(user_id: int = 0, **filters: Any) -> set[str]:
    return {c.reference for c in page_of(user_id, **filters)}


def walk(size: int = 3, **filters: Any) -> list[int]:
    """Every page of the queue, following each page's cursor; the ids in order."""
    seen: list[int] = []
    after = ""
    for _ in range(100):
        page = queries.queue_page(QueueFilters(after=after, **filters), 0, TODAY, size=size)
        assert len(page.cases) <= size
        seen += [c.id for c in page.cases]
        if page.next_cursor is None:
            return seen
        after = page.next_cursor
    raise AssertionError("the cursor never ran out")


def cursor(*values: Any) -> str:
    return base64.urlsafe_b64encode(json.dumps(list(values)).encode()).decode()


@contextmanager
def statements(db: Any) -> Iterator[list[str]]:
    """The SQL sent to the database while the block runs."""
    sent: list[str] = []

    def listen(conn: Any, cursor: Any, statement: str, parameters: Any, *args: Any) -> None:
        sent.append(statement)
        offsets.append(skipped_rows(statement, parameters))

    offsets: list[int] = []
    sa.event.listen(db.engine, "before_cursor_execute", listen)
    try:
        yield sent
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listen)
    assert offsets == [0] * len(offsets), "a statement skipped rows with OFFSET"


def skipped_rows(statement: str, parameters: Any) -> int:
    """The rows a statement skips with OFFSET. SQLite's dialect writes `OFFSET ?` bound
    to 0 after every LIMIT, which skips nothing; any other OFFSET counts."""
    skipped = 0
    for found in re.finditer(r"\bOFFSET\s+(\?|[^\s)]+)", statement, re.IGNORECASE):
        if found.group(1) != "?":
            return -1  # an OFFSET not bound as a parameter: count it as a use
        position = statement[: found.start()].count("?")
        skipped += abs(int(parameters[position]))
    return skipped
