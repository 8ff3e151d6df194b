"""The queue's CSV export: for senior caseworkers, exactly the cases the filter shows
(every page, in the queue's order), the table's columns in staff words, no contact
details or free text, no cell a spreadsheet would run as a formula, and audited."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.auth.models import Role
from oversight.casework import queries
from oversight.casework.page import today
from oversight.casework.queries import QueueFilters
from oversight.complaints.enums import Priority, Status
from oversight.complaints.models import Complaint
from tests.casework.queue import START, case
from tests.factories import make_user
from tests.helpers import login_as

pytestmark = pytest.mark.usefixtures("cheap_tracking_codes")

HEADINGS = [
    "Reference",
    "Received",
    "Technology",
    "Force",
    "Priority",
    "Assigned to",
    "Status",
    "Due",
    "Overdue",
]


def rows_of(response) -> list[list[str]]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def every_page(filters: QueueFilters, user_id: int) -> list[str]:
    """The references the queue's pages show, page after page."""
    seen, after = [], ""
    while True:
        page = queries.queue_page(
            QueueFilters(**{**filters.__dict__, "after": after}), user_id, today(), size=7
        )
        seen += [c.reference for c in page.cases]
        if page.next_cursor is None:
            return seen
        after = page.next_cursor


@pytest.mark.parametrize(
    "query",
    ["", "?sort=due", "?sort=priority", "?technology=rfr", "?status=all&sort=due", "?q=stadium"],
)
def test_the_export_holds_exactly_the_cases_the_filter_shows_on_every_page(
    client, db, senior_caseworker, query
):
    for n in range(60):
        case(
            db,
            received_at=START + timedelta(hours=n),
            technology="rfr" if n % 3 else "lfr",
            priority=[Priority.STANDARD, Priority.HIGH, Priority.URGENT][n % 3],
            status=Status.CLOSED if n % 10 == 0 else Status.IN_TRIAGE,
            due_on=None if n % 7 == 0 else today() + timedelta(days=n % 11 - 5),
            what_happened="Outside the stadium." if n % 2 else "On the high street.",
        )
    db.session.commit()
    login_as(client, senior_caseworker)
    rows = rows_of(client.get(f"/staff/cases/export.csv{query}"))
    assert rows[0] == HEADINGS
    filters = QueueFilters.from_args(
        dict(pair.split("=") for pair in query[1:].split("&")) if query else {}
    )
    expected = every_page(filters, senior_caseworker.id)
    assert len(expected) > 0
    assert [row[0] for row in rows[1:]] == expected


def test_each_row_is_the_tables_columns_in_staff_words(client, db, senior_caseworker):
    worker = make_user({Role.CASEWORKER}, email="casey@example.test", name="Casey Worker")
    overdue = case(
        db,
        status=Status.AWAITING_INFORMATION,
        force="metropolitan",
        technology="lfr",
        priority=Priority.HIGH,
        assignee_id=worker.id,
        due_on=today() - timedelta(days=2),
    )
    db.session.commit()
    login_as(client, senior_caseworker)
    [_, row] = rows_of(client.get("/staff/cases/export.csv"))
    assert row == [
        overdue.reference,
        START.date().isoformat(),
        "Live facial recognition",
        "Metropolitan Police Service",
        "High",
        "Casey Worker",
        "Awaiting information",
        (today() - timedelta(days=2)).isoformat(),
        "Yes",
    ]


def test_no_contact_details_or_free_text_leave_in_the_export(client, db, senior_caseworker):
    complaint = case(
        db,
        name="Jo Bloggs",
        email="jo@example.com",
        phone="07700 900123",
        place="Cardiff city centre",
        what_happened="A camera van was scanning faces outside the stadium.",
        outcome_wanted="An explanation of why there were no signs.",
    )
    db.session.commit()
    login_as(client, senior_caseworker)
    text = client.get("/staff/cases/export.csv").get_data(as_text=True)
    assert complaint.reference in text
    for private in (
        "Jo Bloggs",
        "jo@example.com",
        "07700",
        "Cardiff",
        "camera van",
        "explanation",
    ):
        assert private not in text


def test_a_name_a_spreadsheet_would_run_as_a_formula_is_written_as_text(
    client, db, senior_caseworker
):
    for n, start in enumerate("=+-@"):
        worker = make_user(
            {Role.CASEWORKER}, email=f"w{n}@example.test", name=f'{start}HYPERLINK("x")'
        )
        case(db, assignee_id=worker.id)
    db.session.commit()
    login_as(client, senior_caseworker)
    rows = rows_of(client.get("/staff/cases/export.csv"))
    names = sorted(row[5] for row in rows[1:])
    assert names == sorted(f'\'{s}HYPERLINK("x")' for s in "=+-@")
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)


def test_the_export_is_audited_with_its_filters_and_count(client, db, senior_caseworker):
    case(db, technology="lfr")
    case(db, technology="lfr")
    case(db, technology="rfr")
    db.session.commit()
    login_as(client, senior_caseworker)
    client.get("/staff/cases/export.csv?technology=lfr&after=whatever").get_data()
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "case.queue_exported")
    )
    assert event.actor == f"user:{senior_caseworker.id}"
    assert event.details == {"filters": {"technology": "lfr"}, "count": 2}


@pytest.mark.parametrize("role", ["caseworker", "statistician", "administrator"])
def test_only_senior_caseworkers_may_export_the_queue(request, client, db, role):
    case(db)
    db.session.commit()
    user = request.getfixturevalue(role)
    login_as(client, user)
    response = client.get("/staff/cases/export.csv")
    assert response.status_code == 403
    assert "Reference" not in response.get_data(as_text=True)
    refused = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "access.refused"))
    assert refused.actor == f"user:{user.id}"
    assert (
        db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "case.queue_exported"))
        is None
    )


def test_a_hostile_query_string_exports_nothing_wrong(client, db, senior_caseworker):
    case(db)
    db.session.commit()
    login_as(client, senior_caseworker)
    for query in ("?q=%00", "?status=%27", "?assignee=" + "9" * 20, "?sort=<script>"):
        response = client.get(f"/staff/cases/export.csv{query}")
        assert response.status_code == 200, query
        response.get_data()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Complaint)) == 1
