"""What the desk lists and counts for a caseworker and a senior caseworker."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from werkzeug.datastructures import MultiDict

from oversight.auth.models import Role
from oversight.casework import queries as queue
from oversight.casework.queries import QueueFilters
from oversight.complaints.enums import Finding, Status
from oversight.desk import queries, services
from oversight.desk.queries import Count
from oversight.models import utcnow
from tests.casework.queue import TODAY, case, statements
from tests.factories import make_user

pytestmark = pytest.mark.usefixtures("cheap_tracking_codes")

# TODAY is Friday 20 November 2026: due soon is up to Tuesday 24 November.
YESTERDAY = TODAY - timedelta(days=1)
TUESDAY = date(2026, 11, 24)
WEDNESDAY = date(2026, 11, 25)
LATER = date(2026, 12, 18)
REPLIED = datetime(2026, 11, 19, 10, tzinfo=UTC)


@pytest.fixture
def casey(db):
    return make_user({Role.CASEWORKER}, email="casey@example.test", name="Casey Worker")


@pytest.fixture
def sam(db):
    return make_user({Role.SENIOR_CASEWORKER}, email="sam@example.test", name="Sam Senior")


def awaiting_sign_off(db, **fields):
    return case(db, status=Status.INVESTIGATING, overall_outcome=Finding.UPHELD, **fields)


def refs(lines) -> list[str]:
    return [line.reference for line in lines]


def queue_rows(count: Count, user_id: int, app) -> list[str]:
    """The references the queue shows for a count's link (its query string read as the
    queue reads it), every page of it."""
    with app.test_request_context():
        filters = QueueFilters.from_args(MultiDict(count.args))
    assert filters.ignored == ()
    return [c.reference for c in queue.queue_page(filters, user_id, TODAY, size=1000).cases]


# A caseworker's own work ---------------------------------------------------------------


def test_a_caseworkers_cases_are_listed_soonest_due_first_and_undated_last(db, casey):
    later = case(db, status=Status.INVESTIGATING, assignee_id=casey.id, due_on=LATER)
    paused = case(db, status=Status.AWAITING_INFORMATION, assignee_id=casey.id, due_on=None)
    overdue = case(db, status=Status.IN_TRIAGE, assignee_id=casey.id, due_on=YESTERDAY)
    soon = case(db, status=Status.INVESTIGATING, assignee_id=casey.id, due_on=TUESDAY)
    case(db, status=Status.INVESTIGATING, due_on=YESTERDAY)  # nobody's
    mine = queries.my_work(casey.id, TODAY)
    assert refs(mine.cases) == [
        overdue.reference,
        soon.reference,
        later.reference,
        paused.reference,
    ]
    assert [(line.overdue, line.due_soon) for line in mine.cases] == [
        (True, False),
        (False, True),
        (False, False),
        (False, False),
    ]
    assert mine.open.number == 4
    assert mine.open.args == {"assignee": "mine", "sort": "due"}


def test_a_caseworker_sees_only_the_first_ten_of_their_cases_and_counts_them_all(db, casey):
    made = [
        case(db, status=Status.INVESTIGATING, assignee_id=casey.id, due_on=LATER + timedelta(n))
        for n in range(12)
    ]
    mine = queries.my_work(casey.id, TODAY)
    assert refs(mine.cases) == [c.reference for c in made[: queries.MY_ROWS]]
    assert mine.open.number == 12


def test_overdue_and_due_soon_count_a_caseworkers_own_open_cases(db, casey, sam):
    for due in (YESTERDAY, YESTERDAY, TODAY, TUESDAY, WEDNESDAY, None):
        case(db, status=Status.INVESTIGATING, assignee_id=casey.id, due_on=due)
    case(db, status=Status.INVESTIGATING, assignee_id=sam.id, due_on=YESTERDAY)
    case(db, status=Status.INVESTIGATING, due_on=TODAY)
    mine = queries.my_work(casey.id, TODAY)
    assert (mine.open.number, mine.overdue.number, mine.due_soon.number) == (6, 2, 2)
    assert mine.overdue.args == {"assignee": "mine", "overdue": "1", "sort": "due"}
    assert mine.due_soon.args == {"assignee": "mine", "due_soon": "1", "sort": "due"}


def test_replies_that_came_in_are_those_not_yet_read_on_ones_own_cases(db, casey, sam):
    replied = case(db, status=Status.INVESTIGATING, assignee_id=casey.id, replied_at=REPLIED)
    case(db, status=Status.INVESTIGATING, assignee_id=casey.id)  # no reply
    case(db, status=Status.INVESTIGATING, assignee_id=sam.id, replied_at=REPLIED)
    case(db, status=Status.IN_TRIAGE, replied_at=REPLIED)  # nobody's
    mine = queries.my_work(casey.id, TODAY)
    assert refs(mine.replies) == [replied.reference]
    assert mine.replied.number == 1
    assert [line.replied for line in mine.cases] == [True, False]


def test_sign_offs_asked_for_are_findings_this_person_recorded_still_waiting(db, casey, sam):
    waiting = awaiting_sign_off(db, assignee_id=casey.id, findings_by_id=casey.id)
    # Recorded on a case nobody is assigned to: still theirs to wait for.
    unassigned = awaiting_sign_off(db, findings_by_id=casey.id)
    awaiting_sign_off(db, assignee_id=casey.id, findings_by_id=sam.id)  # sam recorded them
    awaiting_sign_off(
        db,
        assignee_id=casey.id,
        findings_by_id=casey.id,
        signed_off_by_id=sam.id,
        signed_off_at=utcnow(),
    )  # signed off already
    mine = queries.my_work(casey.id, TODAY)
    assert mine.sign_offs_asked.number == 2
    assert set(refs(mine.sign_offs_asked_cases)) == {waiting.reference, unassigned.reference}
    assert queries.my_work(sam.id, TODAY).sign_offs_asked.number == 1


def test_closed_cases_are_never_counted_nor_listed(db, casey, sam):
    for assignee in (casey.id, None):
        case(
            db,
            status=Status.CLOSED,
            assignee_id=assignee,
            due_on=YESTERDAY,
            replied_at=REPLIED,
            overall_outcome=Finding.UPHELD,
            findings_by_id=casey.id,
        )
    case(db, status=Status.CLOSED, assignee_id=casey.id, due_on=TODAY)
    desk = services.desk_for(sam, TODAY)
    mine = queries.my_work(casey.id, TODAY)
    assert desk is not None and desk.team is not None
    numbers = [mine.open, mine.overdue, mine.due_soon, mine.replied]
    numbers += [desk.team.unassigned, desk.team.awaiting_sign_off, desk.team.reviews]
    assert [count.number for count in numbers] == [0] * 7
    assert mine.sign_offs_asked.number == 0
    assert desk.references == []
    assert [(p.open.number, p.overdue.number, p.due_soon.number) for p in desk.team.load] == [
        (0, 0, 0),
        (0, 0, 0),
    ]


def test_due_soon_counts_working_days_past_the_christmas_bank_holidays(app, db, casey):
    # From Thursday 24 December 2026: Christmas Day (Friday), the weekend and the Boxing
    # Day holiday on Monday 28th; two working days on is Wednesday 30th.
    christmas_eve = date(2026, 12, 24)
    due = {
        day: case(db, status=Status.INVESTIGATING, assignee_id=casey.id, due_on=date(2026, 12, day))
        for day in (24, 29, 30, 31)
    }
    mine = queries.my_work(casey.id, christmas_eve)
    assert mine.due_soon.number == 3
    assert {line.reference for line in mine.cases if line.due_soon} == {
        due[day].reference for day in (24, 29, 30)
    }
    with app.test_request_context():
        filters = QueueFilters.from_args(MultiDict(mine.due_soon.args))
    shown = queue.queue_page(filters, casey.id, christmas_eve).cases
    assert {c.reference for c in shown} == {due[day].reference for day in (24, 29, 30)}


def test_due_soon_counts_working_days_past_easter(db, casey):
    # From Thursday 25 March 2027: Good Friday, the weekend and Easter Monday; two
    # working days on is Wednesday 31 March.
    for day in (29, 30, 31):
        case(db, status=Status.INVESTIGATING, assignee_id=casey.id, due_on=date(2027, 3, day))
    case(db, status=Status.INVESTIGATING, assignee_id=casey.id, due_on=date(2027, 4, 1))
    assert queries.my_work(casey.id, date(2027, 3, 25)).due_soon.number == 3


# A senior's view of the team ---------------------------------------------------------------


def test_a_senior_sees_unassigned_work_sign_offs_and_reviews(db, casey, sam):
    unassigned = case(db, status=Status.RECEIVED, due_on=TUESDAY)
    unassigned_later = case(db, status=Status.IN_TRIAGE, due_on=LATER)
    case(db, status=Status.IN_TRIAGE, assignee_id=casey.id)
    sign_off = awaiting_sign_off(db, assignee_id=casey.id, findings_by_id=casey.id)
    review = case(db, status=Status.REVIEW_REQUESTED, assignee_id=casey.id)
    team = queries.team_work(sam.id, TODAY)
    assert refs(team.unassigned_cases) == [unassigned.reference, unassigned_later.reference]
    assert refs(team.sign_off_cases) == [sign_off.reference]
    assert refs(team.review_cases) == [review.reference]
    assert (team.unassigned.number, team.awaiting_sign_off.number, team.reviews.number) == (
        2,
        1,
        1,
    )
    assert team.unassigned.args == {"assignee": "unassigned", "sort": "due"}
    assert team.awaiting_sign_off.args == {"sign_off": "1", "sort": "due"}
    assert team.reviews.args == {"status": "review_requested", "sort": "due"}


def test_each_persons_load_lists_active_staff_with_a_case_role_by_name(db, casey, sam):
    make_user(
        {Role.CASEWORKER}, email="gone@example.test", name="Gone Worker", disabled_at=utcnow()
    )
    make_user({Role.STATISTICIAN}, email="stats@example.test", name="Stat Istician")
    both = make_user(
        {Role.CASEWORKER, Role.ADMINISTRATOR}, email="ada@example.test", name="Ada Admin"
    )
    for due in (YESTERDAY, TODAY, TUESDAY, WEDNESDAY, None):
        case(db, status=Status.INVESTIGATING, assignee_id=casey.id, due_on=due)
    case(db, status=Status.INVESTIGATING, assignee_id=sam.id, due_on=YESTERDAY)
    case(db, status=Status.CLOSED, assignee_id=sam.id, due_on=YESTERDAY)
    load = queries.team_work(sam.id, TODAY).load
    assert [(p.name, p.open.number, p.overdue.number, p.due_soon.number) for p in load] == [
        ("Ada Admin", 0, 0, 0),
        ("Casey Worker", 5, 1, 2),
        ("Sam Senior", 1, 1, 0),
    ]
    assert load[0].user_id == both.id
    assert load[1].open.args == {"assignee": str(casey.id), "sort": "due"}
    assert load[1].overdue.args == {"assignee": str(casey.id), "overdue": "1", "sort": "due"}
    assert load[1].due_soon.args == {"assignee": str(casey.id), "due_soon": "1", "sort": "due"}


def test_the_load_is_one_grouped_count_whatever_the_number_of_staff(db, sam):
    def sent() -> int:
        with statements(db) as seen:
            queries.loads(TODAY)
        return len(seen)

    few = sent()
    for n in range(8):
        person = make_user({Role.CASEWORKER}, email=f"p{n}@example.test", name=f"Person {n}")
        case(db, status=Status.INVESTIGATING, assignee_id=person.id, due_on=YESTERDAY)
    assert sent() == few == 2


def test_a_whole_senior_desk_takes_a_few_statements(db, casey, sam):
    for _ in range(6):
        case(db, status=Status.INVESTIGATING, assignee_id=sam.id, replied_at=REPLIED)
        case(db, status=Status.RECEIVED)
        awaiting_sign_off(db, assignee_id=sam.id, findings_by_id=sam.id)
        case(db, status=Status.REVIEW_REQUESTED, assignee_id=casey.id)
    assert Role.SENIOR_CASEWORKER in sam.roles  # the roles loaded before counting
    with statements(db) as seen:
        desk = services.desk_for(sam, TODAY)
    assert desk is not None
    # A person's counts and their three lists; the team's counts, its three lists, the
    # people and their grouped load.
    assert len(seen) == 10, seen


# Counts and their links ----------------------------------------------------------------------


def every_count(desk: services.Desk) -> list[Count]:
    mine = desk.mine
    counts = [mine.open, mine.overdue, mine.due_soon, mine.replied, mine.sign_offs_asked]
    if desk.team is not None:
        counts += [desk.team.unassigned, desk.team.awaiting_sign_off, desk.team.reviews]
        for person in desk.team.load:
            counts += [person.open, person.overdue, person.due_soon]
    return counts


def a_mixed_register(db, casey, sam) -> None:
    """Cases in every status, assigned to each or nobody, with every kind of deadline."""
    dues = [YESTERDAY - timedelta(days=30), YESTERDAY, TODAY, TUESDAY, WEDNESDAY, LATER, None]
    n = 0
    for status in Status:
        for assignee in (casey.id, sam.id, None):
            for due in dues:
                n += 1
                fields = {"assignee_id": assignee, "due_on": due}
                if n % 3 == 0:
                    fields["replied_at"] = REPLIED
                if status is Status.INVESTIGATING and n % 2 == 0:
                    fields["overall_outcome"] = Finding.UPHELD
                    fields["findings_by_id"] = casey.id if assignee != casey.id else sam.id
                    if n % 4 == 0 and assignee != casey.id:
                        fields["findings_by_id"] = casey.id
                case(db, status=status, **fields)


@pytest.mark.parametrize("who", ["caseworker", "senior"])
def test_every_count_is_the_number_of_rows_its_link_shows_in_the_queue(app, db, casey, sam, who):
    a_mixed_register(db, casey, sam)
    person = casey if who == "caseworker" else sam
    desk = services.desk_for(person, TODAY)
    assert desk is not None
    counts = every_count(desk)
    # The senior's: theirs, the team's, and three for each of Casey, Sam and the signer.
    assert len(counts) == (5 if who == "caseworker" else 5 + 3 + 3 * 3)
    assert desk.mine.sign_offs_asked.number or who == "senior"
    assert any(count.number for count in counts)
    for count in counts:
        assert count.number == len(queue_rows(count, person.id, app)), count.args


def test_every_list_is_the_first_rows_its_link_shows_in_the_queue(app, db, casey, sam):
    a_mixed_register(db, casey, sam)
    desk = services.desk_for(sam, TODAY)
    assert desk is not None and desk.team is not None
    for lines, count, size in [
        (desk.mine.cases, desk.mine.open, queries.MY_ROWS),
        (desk.mine.replies, desk.mine.replied, queries.LIST_ROWS),
        (desk.mine.sign_offs_asked_cases, desk.mine.sign_offs_asked, queries.LIST_ROWS),
        (desk.team.unassigned_cases, desk.team.unassigned, queries.LIST_ROWS),
        (desk.team.sign_off_cases, desk.team.awaiting_sign_off, queries.LIST_ROWS),
        (desk.team.review_cases, desk.team.reviews, queries.LIST_ROWS),
    ]:
        assert lines
        assert refs(lines) == queue_rows(count, sam.id, app)[:size], count.args


# Who sees what ------------------------------------------------------------------------------


def test_a_caseworker_does_not_see_the_seniors_parts(db, casey):
    case(db, status=Status.RECEIVED)
    desk = services.desk_for(casey, TODAY)
    assert desk is not None
    assert desk.team is None


def test_a_senior_sees_their_own_work_and_the_teams(db, sam):
    awaiting_sign_off(db, assignee_id=sam.id, findings_by_id=sam.id)
    desk = services.desk_for(sam, TODAY)
    assert desk is not None and desk.team is not None
    assert desk.mine.open.number == 1
    assert desk.team.awaiting_sign_off.number == 1


@pytest.mark.parametrize(
    "roles",
    [set(), {Role.STATISTICIAN}, {Role.PUBLISHER}, {Role.ADMINISTRATOR}, {Role.INFORMATION_RIGHTS}],
)
def test_a_person_with_no_case_role_has_no_desk(db, roles):
    case(db, status=Status.RECEIVED)
    person = make_user(roles, email="other@example.test")
    assert services.desk_for(person, TODAY) is None


def test_a_desk_shows_only_what_the_queue_shows_of_a_case(db, casey):
    case(db, status=Status.INVESTIGATING, assignee_id=casey.id)
    [line] = queries.my_work(casey.id, TODAY).cases
    assert set(vars(line)) == {
        "reference",
        "status",
        "due_on",
        "force",
        "overdue",
        "due_soon",
        "replied",
    }
    assert line.force == "South Wales Police"


def test_the_desks_references_are_each_listed_case_once(db, casey, sam):
    # Listed twice (replies on the senior's own case, and reviews), named once.
    twice = case(db, status=Status.REVIEW_REQUESTED, assignee_id=sam.id, replied_at=REPLIED)
    unassigned = case(db, status=Status.RECEIVED, due_on=TUESDAY)
    desk = services.desk_for(sam, TODAY)
    assert desk is not None
    assert desk.references == sorted([twice.reference, unassigned.reference])
