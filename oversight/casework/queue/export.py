"""The queue as a CSV file, for senior caseworkers: exactly the cases the filter shows,
every page of them, in the queue's order, with the queue's columns.

Nothing about the complainant (no contact details) and no free text (what happened,
the place, notes) goes in: a reference, dates, choices from closed lists, a force's and
a staff member's name. Every text cell a spreadsheet would run as a formula gets a
leading apostrophe (as the register's downloads do). The file is written as it is sent,
in chunks, so a large queue never sits in memory at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import Response, stream_with_context
from flask_babel import gettext as _

from oversight.auth.models import User
from oversight.casework import queries
from oversight.complaints.enums import Priority, Status, Technology
from oversight.complaints.models import Complaint
from oversight.deployments.register.downloads import CHUNK_ROWS, csv_lines, safe_text
from oversight.extensions import db
from oversight.forces.models import forces_by_name
from oversight.workdays import local_date

COLUMNS = (
    Complaint.reference,
    Complaint.received_at,
    Complaint.technology,
    Complaint.force_id,
    Complaint.priority,
    Complaint.assignee_id,
    Complaint.status,
    Complaint.due_on,
)


def _ordered(filters: queries.QueueFilters, user_id: int, today: date) -> sa.Select[Any]:
    """The queue's query and order, every page at once (the due-date order puts cases
    with no deadline last, as the pages do)."""
    query = queries.base_query(filters, user_id, today)
    sort = filters.sort if filters.sort in queries.SORTS else "received"
    if sort == "due":
        order = [Complaint.due_on.is_(None), Complaint.due_on, Complaint.id]
    else:
        order = queries.order_of(sort)
    return query.order_by(*order)


def count(filters: queries.QueueFilters, user_id: int, today: date) -> int:
    """How many cases the export will hold."""
    query = queries.base_query(filters, user_id, today).with_only_columns(Complaint.id)
    return db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0


def headings() -> list[str]:
    return [
        _("Reference"),
        _("Received"),
        _("Technology"),
        _("Force"),
        _("Priority"),
        _("Assigned to"),
        _("Status"),
        _("Due"),
        _("Overdue"),
    ]


def _rows(filters: queries.QueueFilters, user_id: int, today: date) -> Iterator[list[str]]:
    """Read as the response is sent, with plain columns: no ORM object per row."""
    forces = {force.id: safe_text(force.name) for force in forces_by_name()}
    people = {
        ident: safe_text(name) for ident, name in db.session.execute(sa.select(User.id, User.name))
    }
    technologies = {t: safe_text(t.label) for t in Technology}
    priorities = {p: safe_text(p.label) for p in Priority}
    statuses = {s: safe_text(s.staff_label) for s in Status}
    query = _ordered(filters, user_id, today).with_only_columns(*COLUMNS)
    yes, no, unknown, nobody = _("Yes"), _("No"), safe_text(_("Not known")), _("Nobody")
    for row in db.session.execute(query.execution_options(yield_per=CHUNK_ROWS)):
        overdue = row.due_on is not None and row.due_on < today
        yield [
            safe_text(row.reference),
            local_date(row.received_at).isoformat(),
            technologies[Technology(row.technology)],
            forces.get(row.force_id, unknown) if row.force_id is not None else unknown,
            priorities[Priority(row.priority)],
            people.get(row.assignee_id, nobody) if row.assignee_id is not None else nobody,
            statuses[Status(row.status)],
            row.due_on.isoformat() if row.due_on else "",
            yes if overdue else no,
        ]


def download(filters: queries.QueueFilters, user_id: int, today: date, filename: str) -> Response:
    lines = csv_lines(headings(), _rows(filters, user_id, today))
    response = Response(stream_with_context(lines), mimetype="text/csv")
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.headers["Cache-Control"] = "no-store"
    return response
