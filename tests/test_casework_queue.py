"""The case queue: every filter, each sort, keyset paging, the counts, and its cost."""

from __future__ import annotations

import base64
import html
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.casework import queries
from oversight.casework.queries import QueueFilters
from oversight.complaints import codes
from oversight.complaints.enums import Priority, Status
from oversight.complaints.models import Complaint
from oversight.forces.models import force_by_slug
from tests.factories import ANSWERS, make_complaint
from tests.helpers import login_as

TODAY = date(2026, 11, 20)
START = datetime(2026, 9, 1, 9, tzinfo=UTC)
NEXT_PAGE = re.compile(r'href="([^"]*after=[^"]*)"[^>]*>Next page of cases<')


@pytest.fixture(autouse=True)
def _cheap_tracking_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The queue never reads tracking codes; skip their deliberately slow hash."""
    monkeypatch.setattr(codes, "hash_tracking_code", lambda code: "not-a-real-hash")


def case(db: Any, *, received_at: datetime = START, **fields: Any) -> Complaint:
    """A complaint with its casework columns set directly, as the services leave them.

    Answers (technology, force, place, what_happened, concerns…) go to the factory;
    anything else (status, priority, assignee_id, due_on…) is set on the case.
    """
    answers = {name: fields.pop(name) for name in list(fields) if name in ANSWERS}
    complaint = make_complaint(received_at=received_at, **answers)
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


# Filters ----------------------------------------------------------------------------------


def test_the_queue_shows_open_cases_unless_asked_for_all_or_one_status(db):
    open_statuses = [s for s in Status if s is not Status.CLOSED]
    made = {status: case(db, status=status).reference for status in Status}
    closed = made[Status.CLOSED]
    assert references() == {made[s] for s in open_statuses}
    assert references(status="open") == {made[s] for s in open_statuses}
    assert references(status="all") == set(made.values())
    for status in Status:
        assert references(status=status.value) == {made[status]}
    assert closed not in references(status="not-a-status")


def test_the_force_filter_picks_one_force_or_the_unknown_ones(db):
    cardiff = case(db, force="south-wales")
    london = case(db, force="metropolitan")
    unknown = case(db, force="unknown")
    assert references(force="south-wales") == {cardiff.reference}
    assert references(force="metropolitan") == {london.reference}
    assert references(force="unknown") == {unknown.reference}
    assert references(force="no-such-force") == set()
    assert len(references()) == 3


def test_the_technology_filter(db):
    live = case(db, technology="lfr")
    retrospective = case(db, technology="rfr")
    assert references(technology="lfr") == {live.reference}
    assert references(technology="rfr") == {retrospective.reference}
    assert references(technology="oifr") == set()


def test_the_concern_filter_matches_any_of_a_cases_concerns(db):
    both = case(db, concerns=["misidentification", "retention"])
    one = case(db, concerns=["retention"])
    case(db, concerns=["no_notice"])
    assert references(concern="misidentification") == {both.reference}
    assert references(concern="retention") == {both.reference, one.reference}
    assert references(concern="watchlist") == set()


def test_the_priority_filter(db):
    urgent = case(db, priority=Priority.URGENT)
    high = case(db, priority=Priority.HIGH)
    standard = case(db)
    assert references(priority="urgent") == {urgent.reference}
    assert references(priority="high") == {high.reference}
    assert references(priority="standard") == {standard.reference}


def test_the_assignee_filter_shows_mine_unassigned_or_anyone(db, caseworker, senior_caseworker):
    mine = case(db, assignee_id=caseworker.id)
    theirs = case(db, assignee_id=senior_caseworker.id)
    nobodys = case(db)
    assert references(caseworker.id, assignee="mine") == {mine.reference}
    assert references(senior_caseworker.id, assignee="mine") == {theirs.reference}
    assert references(caseworker.id, assignee="unassigned") == {nobodys.reference}
    everyone = {mine.reference, theirs.reference, nobodys.reference}
    assert references(caseworker.id, assignee="") == everyone
    assert references(caseworker.id, assignee="nonsense") == everyone


def test_the_overdue_filter_shows_cases_past_their_next_due_date(db):
    late = case(db, status=Status.IN_TRIAGE, due_on=TODAY - timedelta(days=1))
    case(db, status=Status.IN_TRIAGE, due_on=TODAY)
    case(db, status=Status.INVESTIGATING, due_on=TODAY + timedelta(days=30))
    case(db, status=Status.AWAITING_INFORMATION, due_on=None)
    assert references(overdue=True) == {late.reference}


def test_a_new_case_past_its_triage_date_is_overdue(db):
    late = make_complaint(received_at=datetime(2026, 10, 1, 9, tzinfo=UTC))
    db.session.flush()
    assert late.due_on == late.triage_by
    assert references(overdue=True) == {late.reference}


@pytest.mark.parametrize(
    "typed",
    [
        "{ref}",
        "{lower}",
        "  {ref}  ",
        "{bare}",
        "{bare_lower}",
        "{spaced}",
        "FR{bare}",
    ],
)
def test_search_finds_a_case_by_its_reference_however_it_is_typed(db, typed):
    wanted = case(db)
    case(db)
    ref = wanted.reference
    bare = ref.removeprefix("FR-").replace("-", "")
    text = typed.format(
        ref=ref,
        lower=ref.lower(),
        bare=bare,
        bare_lower=bare.lower(),
        spaced=" ".join(bare[i : i + 2] for i in range(0, len(bare), 2)),
    )
    assert references(q=text) == {wanted.reference}


def test_search_reads_confusable_letters_in_a_reference_as_digits(db):
    wanted = case(db)
    wanted.reference = "FR-0011-ABCD"
    db.session.flush()
    assert references(q="fr-o0il-abcd") == {wanted.reference}


def test_search_finds_words_in_what_happened_and_the_place_in_any_case(db):
    van = case(db, what_happened="A camera VAN was parked by the market.", place="Leeds")
    square = case(db, what_happened="Officers stopped me.", place="Centenary Square, Birmingham")
    case(db, what_happened="Nothing to see.", place="Hull")
    assert references(q="camera van") == {van.reference}
    assert references(q="CENTENARY square") == {square.reference}
    assert references(q="birmingham") == {square.reference}
    assert references(q="not anywhere") == set()


def test_search_takes_percent_and_underscore_literally(db):
    percent = case(db, what_happened="They said it was a 100% match.")
    underscore = case(db, what_happened="The file was called img_0042.")
    plain = case(db, what_happened="A 100 metre queue; img 0042 was shown.")
    backslash = case(db, what_happened=r"The path was C:\cctv\clips.")
    assert references(q="100%") == {percent.reference}
    assert references(q="%") == {percent.reference}
    assert references(q="img_0042") == {underscore.reference}
    assert references(q="_") == {underscore.reference}
    assert references(q="\\") == {backslash.reference}
    assert plain.reference in references(q="100 metre")


def test_filters_combine(db, caseworker):
    wanted = case(
        db,
        technology="lfr",
        force="metropolitan",
        priority=Priority.URGENT,
        assignee_id=caseworker.id,
        status=Status.INVESTIGATING,
        due_on=TODAY - timedelta(days=3),
        concerns=["watchlist"],
        place="Notting Hill Carnival",
    )
    case(db, technology="lfr", force="metropolitan", priority=Priority.URGENT)
    case(db, technology="rfr", force="metropolitan", assignee_id=caseworker.id)
    combined = {
        "technology": "lfr",
        "force": "metropolitan",
        "priority": "urgent",
        "assignee": "mine",
        "status": "investigating",
        "overdue": True,
        "concern": "watchlist",
        "q": "carnival",
    }
    for sort in queries.SORTS:
        assert references(caseworker.id, sort=sort, **combined) == {wanted.reference}


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


# Counts -----------------------------------------------------------------------------------


def test_counts_show_unassigned_overdue_awaiting_and_each_status(db, caseworker):
    case(db, status=Status.RECEIVED, due_on=TODAY + timedelta(days=10))
    case(db, status=Status.IN_TRIAGE, due_on=TODAY - timedelta(days=1))
    case(db, status=Status.IN_TRIAGE, due_on=TODAY + timedelta(days=1), assignee_id=caseworker.id)
    case(db, status=Status.AWAITING_INFORMATION, due_on=None)
    case(db, status=Status.AWAITING_INFORMATION, due_on=None, assignee_id=caseworker.id)
    case(db, status=Status.INVESTIGATING, due_on=TODAY - timedelta(days=9))
    case(db, status=Status.CLOSED, due_on=None)  # closed: never unassigned work
    counts = queries.queue_counts(TODAY)
    assert counts.unassigned == 4
    assert counts.overdue == 2
    assert counts.awaiting_information == 2
    assert counts.by_status == {
        Status.RECEIVED: 1,
        Status.IN_TRIAGE: 2,
        Status.AWAITING_INFORMATION: 2,
        Status.INVESTIGATING: 1,
        Status.CLOSED: 1,
    }


def test_counts_of_an_empty_register_are_zero(db):
    counts = queries.queue_counts(TODAY)
    assert (counts.unassigned, counts.overdue, counts.awaiting_information) == (0, 0, 0)
    assert counts.by_status == {}


# The page ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["caseworker", "senior_caseworker"])
def test_the_queue_page_lists_cases_for_caseworkers(request, client, db, role):
    user = request.getfixturevalue(role)
    shown = case(db, force="metropolitan", place="Oxford Circus")
    db.session.commit()
    login_as(client, user)
    response = client.get("/staff/cases")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert shown.reference in page
    assert "Metropolitan Police Service" in page


@pytest.mark.parametrize("role", ["statistician", "publisher", "administrator"])
def test_the_queue_page_is_refused_to_other_staff(request, client, db, role):
    login_as(client, request.getfixturevalue(role))
    assert client.get("/staff/cases").status_code == 403


def test_viewing_the_queue_is_audited_with_the_filters(client, db, caseworker):
    case(db, technology="lfr")
    case(db, technology="rfr")
    db.session.commit()
    login_as(client, caseworker)
    client.get("/staff/cases", query_string={"technology": "lfr", "sort": "due", "q": "camera"})
    event = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "case.queue_viewed"))
    assert event is not None
    assert event.actor == f"user:{caseworker.id}"
    assert event.details == {
        "filters": {"technology": "lfr", "sort": "due", "q": "camera"},
        "count": 1,
    }


def test_the_queue_page_marks_overdue_cases(client, db, caseworker):
    case(db, status=Status.IN_TRIAGE, due_on=date(2026, 1, 5))
    db.session.commit()
    login_as(client, caseworker)
    assert "Overdue" in client.get("/staff/cases").get_data(as_text=True)


def test_the_next_page_link_walks_the_whole_queue_keeping_the_filters(client, db, caseworker):
    wanted = {
        case(db, technology="lfr", received_at=START + timedelta(hours=i)).reference
        for i in range(queries.PAGE_SIZE + 3)
    }
    case(db, technology="rfr")
    db.session.commit()
    login_as(client, caseworker)
    url = "/staff/cases?technology=lfr&sort=due"
    seen: list[str] = []
    for _ in range(5):
        page = client.get(url).get_data(as_text=True)
        seen += re.findall(r'href="/staff/cases/(FR-[0-9A-Z-]+)"', page)
        link = NEXT_PAGE.search(page)
        if link is None:
            break
        url = html.unescape(link.group(1))
        assert "technology=lfr" in url and "sort=due" in url
    assert len(seen) == len(wanted) == len(set(seen))
    assert set(seen) == wanted


def test_the_queue_costs_the_same_number_of_queries_for_5_or_50_cases(
    client, db, caseworker, senior_caseworker
):
    forces = ["metropolitan", "south-wales", "unknown", "west-midlands", "essex"]
    assignees = [None, caseworker.id, senior_caseworker.id]

    def fill(count: int) -> None:
        for index in range(count):
            case(
                db,
                force=forces[index % len(forces)],
                assignee_id=assignees[index % len(assignees)],
                concerns=["retention", "watchlist"][: 1 + index % 2],
                status=Status.IN_TRIAGE,
                due_on=TODAY - timedelta(days=index % 3),
            )
        db.session.commit()

    def cost() -> list[str]:
        db.session.expunge_all()
        with statements(db) as sent:
            assert client.get("/staff/cases").status_code == 200
        return sent

    assert force_by_slug("west-midlands") and force_by_slug("essex")
    login_as(client, caseworker)
    fill(5)
    few = cost()
    fill(45)
    lots = cost()
    assert len(lots) == len(few), "\n".join(lots)
