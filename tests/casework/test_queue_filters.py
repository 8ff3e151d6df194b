"""The case queue's filters and search."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from oversight.casework import queries
from oversight.complaints.enums import Finding, Priority, Status
from tests.casework.queue import TODAY, case, references
from tests.factories import make_complaint
from tests.helpers import login_as

pytestmark = pytest.mark.usefixtures("cheap_tracking_codes")

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


def test_the_assignee_filter_also_takes_one_persons_id(db, caseworker, senior_caseworker):
    mine = case(db, assignee_id=caseworker.id)
    case(db, assignee_id=senior_caseworker.id)
    case(db)
    assert references(senior_caseworker.id, assignee=str(caseworker.id)) == {mine.reference}
    read = queries.QueueFilters.from_args
    assert read({"assignee": str(caseworker.id)}).assignee == str(caseworker.id)
    assert read({"assignee": "999999"}).assignee == ""
    assert read({"assignee": "999999"}).ignored == ("assignee",)
    assert read({"assignee": "9" * 40}).assignee == ""


def test_the_due_soon_filter_shows_cases_due_today_or_within_two_working_days(db):
    # 20 November 2026 is a Friday: two working days on is Tuesday 24 November.
    today = case(db, status=Status.IN_TRIAGE, due_on=TODAY)
    tuesday = case(db, status=Status.IN_TRIAGE, due_on=date(2026, 11, 24))
    case(db, status=Status.IN_TRIAGE, due_on=date(2026, 11, 25))
    case(db, status=Status.IN_TRIAGE, due_on=TODAY - timedelta(days=1))
    case(db, status=Status.AWAITING_INFORMATION, due_on=None)
    assert references(due_soon=True) == {today.reference, tuesday.reference}
    assert queries.QueueFilters.from_args({"due_soon": "1"}).as_args() == {"due_soon": "1"}


def test_the_sign_off_filter_shows_findings_waiting_for_a_senior(db, senior_caseworker):
    waiting = case(db, status=Status.INVESTIGATING, overall_outcome=Finding.UPHELD)
    case(db, status=Status.INVESTIGATING)
    case(
        db,
        status=Status.INVESTIGATING,
        overall_outcome=Finding.UPHELD,
        signed_off_by_id=senior_caseworker.id,
    )
    assert references(sign_off=True) == {waiting.reference}
    assert queries.QueueFilters.from_args({"sign_off": "1"}).as_args() == {"sign_off": "1"}


def test_the_findings_by_filter_shows_the_sign_offs_a_person_asked_for(
    db, caseworker, senior_caseworker
):
    mine = case(
        db,
        status=Status.INVESTIGATING,
        overall_outcome=Finding.UPHELD,
        findings_by_id=caseworker.id,
    )
    case(
        db,
        status=Status.INVESTIGATING,
        overall_outcome=Finding.UPHELD,
        findings_by_id=senior_caseworker.id,
    )
    assert references(caseworker.id, sign_off=True, findings_by="mine") == {mine.reference}
    read = queries.QueueFilters.from_args
    assert read({"findings_by": "mine"}).as_args() == {"findings_by": "mine"}
    assert read({"findings_by": "someone"}).ignored == ("findings_by",)


def test_the_queue_page_shows_the_filters_a_desk_link_sets(
    client, db, caseworker, senior_caseworker
):
    login_as(client, senior_caseworker)
    html = client.get(
        f"/staff/cases?assignee={caseworker.id}&due_soon=1&sign_off=1&findings_by=mine"
    ).get_data(as_text=True)
    assert f'<option value="{caseworker.id}" selected>' in html
    for name in ("due_soon", "sign_off", "findings_by"):
        assert re.search(rf'name="{name}" type="checkbox" value="[^"]+" checked', html), name


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
