"""The case queue's sorts and keyset paging."""

from __future__ import annotations

import base64
from datetime import timedelta

import pytest

from oversight.casework import queries
from oversight.casework.queries import QueueFilters
from oversight.complaints.enums import Priority, Status
from oversight.complaints.models import Complaint
from tests.casework.queue import START, TODAY, case, cursor, page_of, statements, walk
from tests.helpers import login_as

pytestmark = pytest.mark.usefixtures("cheap_tracking_codes")

# Sorting ----------------------------------------------------------------------------------


def test_received_sort_shows_the_newest_first(db):
    old = case(db, received_at=START)
    new = case(db, received_at=START + timedelta(days=2))
    middle = case(db, received_at=START + timedelta(days=1))
    assert [c.id for c in page_of()] == [new.id, middle.id, old.id]
    assert [c.id for c in page_of(sort="nonsense")] == [new.id, middle.id, old.id]


def test_due_sort_shows_the_soonest_first_and_cases_without_a_deadline_last(db):
    paused = case(db, status=Status.AWAITING_INFORMATION, due_on=None)
    later = case(db, status=Status.INVESTIGATING, due_on=TODAY + timedelta(days=20))
    soon = case(db, status=Status.IN_TRIAGE, due_on=TODAY + timedelta(days=2))
    late = case(db, status=Status.IN_TRIAGE, due_on=TODAY - timedelta(days=5))
    decided = case(db, status=Status.DECISION_ISSUED, due_on=None)
    assert [c.id for c in page_of(sort="due")] == [
        late.id,
        soon.id,
        later.id,
        paused.id,
        decided.id,
    ]


def test_priority_sort_shows_urgent_first_then_the_longest_waiting(db):
    standard = case(db, received_at=START)
    urgent_new = case(db, priority=Priority.URGENT, received_at=START + timedelta(days=3))
    high = case(db, priority=Priority.HIGH, received_at=START + timedelta(days=1))
    urgent_old = case(db, priority=Priority.URGENT, received_at=START + timedelta(days=2))
    assert [c.id for c in page_of(sort="priority")] == [
        urgent_old.id,
        urgent_new.id,
        high.id,
        standard.id,
    ]


# Keyset paging ----------------------------------------------------------------------------


@pytest.fixture
def many(db, caseworker) -> list[Complaint]:
    """Eleven open cases with ties in every sort key, some without a deadline."""
    made = []
    for index in range(11):
        made.append(
            case(
                db,
                received_at=START + timedelta(days=index // 3),  # three share each moment
                priority=[Priority.URGENT, Priority.HIGH, Priority.STANDARD][index % 3],
                status=Status.AWAITING_INFORMATION if index % 4 == 0 else Status.INVESTIGATING,
                due_on=None if index % 4 == 0 else TODAY + timedelta(days=index % 2),
                assignee_id=caseworker.id if index % 2 else None,
            )
        )
    case(db, status=Status.CLOSED)  # never shown by default
    db.session.commit()
    return made


def expected_order(made: list[Complaint], sort: str) -> list[int]:
    if sort == "due":
        dated = sorted((c for c in made if c.due_on), key=lambda c: (c.due_on, c.id))
        return [c.id for c in dated] + sorted(c.id for c in made if c.due_on is None)
    if sort == "priority":
        return [c.id for c in sorted(made, key=lambda c: (c.priority_rank, c.received_at, c.id))]
    return [c.id for c in sorted(made, key=lambda c: (c.received_at, c.id), reverse=True)]


@pytest.mark.parametrize("sort", queries.SORTS)
def test_paging_visits_every_case_exactly_once_in_order(db, many, sort):
    assert walk(size=3, sort=sort) == expected_order(many, sort)


@pytest.mark.parametrize("sort", queries.SORTS)
@pytest.mark.parametrize("size", [1, 2, 5, 11, 12])
def test_paging_works_for_any_page_size(db, many, sort, size):
    assert walk(size=size, sort=sort) == expected_order(many, sort)


@pytest.mark.parametrize("sort", queries.SORTS)
def test_paging_keeps_the_filters(db, many, sort, caseworker):
    mine = [c for c in many if c.assignee_id == caseworker.id]
    seen = []
    after = ""
    while True:
        page = queries.queue_page(
            QueueFilters(assignee="mine", sort=sort, after=after), caseworker.id, TODAY, size=2
        )
        seen += [c.id for c in page.cases]
        if not page.next_cursor:
            break
        after = page.next_cursor
    assert seen == expected_order(mine, sort)


def test_overdue_cases_by_due_date_page_from_the_most_overdue(db):
    late = [
        case(db, status=Status.IN_TRIAGE, due_on=TODAY - timedelta(days=1 + n % 4))
        for n in range(7)
    ]
    case(db, status=Status.AWAITING_INFORMATION, due_on=None)
    case(db, status=Status.IN_TRIAGE, due_on=TODAY + timedelta(days=3))
    expected = [c.id for c in sorted(late, key=lambda c: (c.due_on, c.id))]
    assert walk(size=3, sort="due", overdue=True) == expected
    past_the_dated = QueueFilters(sort="due", overdue=True, after=cursor(None, 1))
    assert queries.queue_page(past_the_dated, 0, TODAY).cases == []


def test_due_soon_cases_by_due_date_leave_out_the_undated_part(db):
    soon = [
        case(db, status=Status.IN_TRIAGE, due_on=TODAY + timedelta(days=n % 2)) for n in range(5)
    ]
    case(db, status=Status.AWAITING_INFORMATION, due_on=None)
    case(db, status=Status.IN_TRIAGE, due_on=TODAY + timedelta(days=30))
    expected = [c.id for c in sorted(soon, key=lambda c: (c.due_on, c.id))]
    assert walk(size=2, sort="due", due_soon=True) == expected
    with statements(db) as sent:
        queries.queue_page(QueueFilters(sort="due", due_soon=True), 0, TODAY)
    assert not any("complaints.due_on IS NULL" in s for s in sent), sent


def test_the_last_page_has_no_cursor(db, many):
    page = queries.queue_page(QueueFilters(), 0, TODAY, size=11)
    assert len(page.cases) == 11
    assert page.next_cursor is None


def test_the_queue_sql_never_uses_offset(db, many):
    """`statements` fails if any statement skips rows with OFFSET."""
    for sort in queries.SORTS:
        first = queries.queue_page(QueueFilters(sort=sort), 0, TODAY, size=3)
        with statements(db) as sent:
            queries.queue_page(QueueFilters(sort=sort, after=first.next_cursor or ""), 0, TODAY, 3)
        queue_sql = [s for s in sent if "FROM complaints" in s]
        assert queue_sql, sent
        assert any("LIMIT" in s.upper() for s in queue_sql)


GARBAGE = [
    "garbage",
    "!!!",
    "é",
    base64.urlsafe_b64encode(b"\xff\xfe").decode(),
    base64.urlsafe_b64encode(b"not json").decode(),
    cursor(),
    cursor(1, 2, 3, 4),
    base64.urlsafe_b64encode(b'{"a": 1}').decode(),
    cursor(None, None),
    cursor(None, "x"),
    cursor(None, [1]),
    cursor("2026-13-45", 1),
    cursor("2026-11-01T09:00:00", 1),  # no timezone
    cursor("0001-01-01T00:00:00+14:00", 1),  # before the first UTC moment
    cursor("2026-11-01T09:00:00+00:00", 10**30),
    cursor("2026-11-01T09:00:00+00:00", -1),
    cursor("2026-11-01T09:00:00+00:00", True),
    cursor(10**30, "2026-11-01T09:00:00+00:00", 1),
    cursor("2026-11-01", 1.5),
    base64.urlsafe_b64encode(b'["2026-11-01", 1e400]').decode(),
    base64.urlsafe_b64encode(b'[Infinity, "2026-11-01T09:00:00+00:00", NaN]').decode(),
]


@pytest.mark.parametrize("sort", queries.SORTS)
@pytest.mark.parametrize("after", GARBAGE)
def test_a_tampered_cursor_shows_the_first_page(db, many, sort, after):
    page = queries.queue_page(QueueFilters(sort=sort, after=after), 0, TODAY, size=3)
    assert [c.id for c in page.cases] == expected_order(many, sort)[:3]


@pytest.mark.parametrize("after", [GARBAGE[0], GARBAGE[12], GARBAGE[14], GARBAGE[-1]])
def test_the_queue_page_survives_a_tampered_cursor(client, db, caseworker, after):
    case(db)
    db.session.commit()
    login_as(client, caseworker)
    for sort in queries.SORTS:
        response = client.get("/staff/cases", query_string={"sort": sort, "after": after})
        assert response.status_code == 200
