"""The case queue's counts, and the queue page: who sees it, what it shows, its audit
event, and its cost in queries."""

from __future__ import annotations

import html
import re
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.casework import queries
from oversight.complaints.enums import Status
from oversight.forces.models import force_by_slug
from tests.casework.queue import NEXT_PAGE, START, TODAY, case, statements
from tests.helpers import login_as

pytestmark = pytest.mark.usefixtures("cheap_tracking_codes")

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
