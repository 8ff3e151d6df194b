"""The desk on the staff home page: who sees which parts, its links to the queue, what it
shows of a case and the audit event of showing it."""

from __future__ import annotations

import re
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qsl, urlsplit

import pytest
import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from oversight.audit.models import AuditEvent
from oversight.auth.models import Role
from oversight.casework import queries as queue
from oversight.casework.queries import QueueFilters
from oversight.complaints.enums import Finding, Status
from oversight.models import utcnow
from oversight.workdays import local_date
from tests.casework.queue import case
from tests.factories import ANSWERS, make_user
from tests.helpers import login_as

pytestmark = pytest.mark.usefixtures("cheap_tracking_codes")

QUEUE_LINK = re.compile(r'<a class="govuk-link" href="(/staff/cases\?[^"]*)">(.*?)</a>', re.S)
TEAM = "Your team’s work"


def today():
    return local_date(utcnow())


def home(client, user) -> str:
    login_as(client, user)
    response = client.get("/staff")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def desk_links(page: str) -> list[tuple[dict[str, str], int]]:
    """Each link to the queue on the desk: its query string and the number it shows."""
    desk = page.split('<div class="app-desk">', 1)[1].split(
        '<h2 class="govuk-heading-m">Other pages', 1
    )[0]
    links = []
    for href, text in QUEUE_LINK.findall(desk):
        number = re.match(r"\s*(\d+)", re.sub(r"<[^>]+>", " ", text))
        assert number, text
        links.append((dict(parse_qsl(urlsplit(unescape(href)).query)), int(number.group(1))))
    return links


def desk_events(db) -> list[AuditEvent]:
    return list(
        db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "case.desk_viewed"))
    )


@pytest.fixture
def casey(db):
    user = make_user({Role.CASEWORKER}, email="casey@example.test", name="Casey Worker")
    db.session.commit()
    return user


@pytest.fixture
def sam(db):
    user = make_user({Role.SENIOR_CASEWORKER}, email="sam@example.test", name="Sam Senior")
    db.session.commit()
    return user


def some_work(db, casey, sam) -> None:
    now = today()
    for due in (now - timedelta(days=3), now, now + timedelta(days=40), None):
        case(db, status=Status.INVESTIGATING, assignee_id=casey.id, due_on=due)
        case(db, status=Status.IN_TRIAGE, due_on=due)
        case(db, status=Status.INVESTIGATING, assignee_id=sam.id, due_on=due)
    case(db, status=Status.AWAITING_INFORMATION, assignee_id=casey.id, replied_at=utcnow())
    case(
        db,
        status=Status.INVESTIGATING,
        assignee_id=casey.id,
        overall_outcome=Finding.UPHELD,
        findings_by_id=casey.id,
    )
    case(db, status=Status.REVIEW_REQUESTED, assignee_id=sam.id)
    case(db, status=Status.CLOSED, assignee_id=casey.id, due_on=now - timedelta(days=9))
    db.session.commit()


def test_the_home_page_keeps_its_greeting_and_links_beside_the_desk(client, db, casey):
    page = home(client, casey)
    assert '<h1 class="govuk-heading-l">Hello, Casey Worker</h1>' in page
    assert "Your work" in page
    assert "Change your password" in page
    assert 'href="/staff/cases"' in page


def test_a_caseworker_sees_their_work_and_not_the_seniors_parts(client, db, casey, sam):
    some_work(db, casey, sam)
    page = home(client, casey)
    assert "Your cases, soonest due first" in page
    assert "Replies that came in" in page
    assert "1 sign-off you asked for" in page
    assert TEAM not in page
    assert "Each person’s load" not in page
    assert "Unassigned, soonest due first" not in page
    assert not any(args.get("assignee", "").isdigit() for args, _ in desk_links(page))


def test_a_senior_sees_the_teams_work_and_each_persons_load(client, db, casey, sam):
    some_work(db, casey, sam)
    page = home(client, sam)
    for part in (TEAM, "Unassigned, soonest due first", "Awaiting sign-off", "Reviews requested"):
        assert part in page
    assert "Each person’s load" in page
    assert 'aria-labelledby="desk-load"' in page
    people = {a["assignee"] for a, _ in desk_links(page) if a.get("assignee", "").isdigit()}
    assert people == {str(casey.id), str(sam.id)}


@pytest.mark.parametrize("who", ["casey", "sam"])
def test_each_number_on_the_desk_is_the_rows_its_link_shows(app, client, db, casey, sam, who):
    some_work(db, casey, sam)
    person = casey if who == "casey" else sam
    links = desk_links(home(client, person))
    assert len(links) == (5 if who == "casey" else 5 + 3 + 3 * 2)
    assert any(number for _, number in links)
    for args, number in links:
        with app.test_request_context():
            filters = QueueFilters.from_args(MultiDict(args))
            assert filters.ignored == ()
            rows = queue.queue_page(filters, person.id, today(), size=1000).cases
        assert number == len(rows), args


@pytest.mark.parametrize("roles", [{Role.STATISTICIAN}, {Role.ADMINISTRATOR}, {Role.PUBLISHER}])
def test_a_person_with_no_case_role_sees_the_home_page_as_before(client, db, casey, sam, roles):
    some_work(db, casey, sam)
    person = make_user(roles, email="other@example.test", name="Other Person")
    db.session.commit()
    page = home(client, person)
    assert "Hello, Other Person" in page
    assert "app-desk" not in page
    assert "Your work" not in page
    assert "Other pages" not in page
    assert desk_events(db) == []


def test_showing_the_desk_records_the_references_it_listed(client, db, casey, sam):
    some_work(db, casey, sam)
    page = home(client, casey)
    [event] = desk_events(db)
    assert event.actor == f"user:{casey.id}"
    assert event.object_type == "case"
    listed = sorted(set(re.findall(r'href="/staff/cases/([A-Z0-9-]+)"', page)))
    assert event.details == {"references": listed}
    assert len(listed) == 6  # five open cases of Casey's, and the one waiting for sign-off


def test_a_desk_with_no_case_on_it_records_nothing(client, db, casey):
    page = home(client, casey)
    assert "You have no open cases." in page
    assert desk_events(db) == []


def test_the_desk_never_shows_the_complainants_details(client, db, casey, sam):
    some_work(db, casey, sam)
    for person in (casey, sam):
        page = home(client, person)
        for value in (
            ANSWERS["name"],
            ANSWERS["email"],
            ANSWERS["what_happened"],
            ANSWERS["place"],
        ):
            assert value not in page


def test_the_desk_says_statuses_in_staff_words(client, db, casey):
    case(db, status=Status.AWAITING_INFORMATION, assignee_id=casey.id)
    db.session.commit()
    page = home(client, casey)
    assert Status.AWAITING_INFORMATION.staff_label in page
    assert Status.AWAITING_INFORMATION.label not in page
