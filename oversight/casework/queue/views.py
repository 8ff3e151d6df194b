"""The queue's own actions: a bulk action on the cases selected, saving the filter shown
as a view, deleting a view, and the CSV export of what the filter shows.

Each form is sent to an address that carries the queue's filters in its query string,
so a form sent with a mistake shows the same queue again (status 400), with the error
summary and what was chosen kept.
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from oversight.access import actor, refuse, roles_required
from oversight.audit import services as audit
from oversight.auth.models import User
from oversight.casework.page import case_roles, today
from oversight.casework.queries import QueueFilters
from oversight.casework.queue import bulk, export, saved
from oversight.casework.queue.forms import NOBODY, DeleteViewForm, SaveViewForm
from oversight.casework.queue.page import BULK_ROLES, bulk_form, render_queue
from oversight.complaints.enums import Priority
from oversight.extensions import db
from oversight.problems import NotFound, NotPermitted, Problem

bp = Blueprint("casework_queue", __name__, url_prefix="/staff/cases")
senior_roles = roles_required(*BULK_ROLES)


def _filters() -> QueueFilters:
    return QueueFilters.from_args(request.args)


def _queue_at(args: dict[str, str]) -> str:
    """The queue with these filters."""
    address = url_for("casework.case_list")
    return f"{address}?{urlencode(args)}" if args else address


def _back(filters: QueueFilters) -> str:
    return _queue_at(filters.as_args())


@bp.post("/queue/bulk")
@senior_roles
def bulk_action() -> ResponseReturnValue:
    filters = _filters()
    form = bulk_form(request.form)
    if not form.validate_on_submit():
        return render_queue(filters, 400, bulk=form)
    assignee = None
    if form.action.data == bulk.BulkAction.ASSIGN.value and form.assign_to.data != NOBODY:
        assignee = db.session.get(User, int(form.assign_to.data))
    asked = bulk.Request(
        action=bulk.BulkAction(form.action.data),
        assignee=assignee,
        priority=Priority(form.new_priority.data) if form.new_priority.data else None,
        reason=form.priority_reason.data or None,
        other_reference=form.other_reference.data or None,
    )
    try:
        result = bulk.act(form.cases.selected(), asked, current_user)
    except Problem as problem:
        db.session.rollback()
        return render_queue(filters, 400, bulk=form, problem=form.show_problem(problem))
    html = render_template(
        "casework/queue/bulk_done.html",
        result=result,
        back=_back(filters),
        assignee=assignee,
        priority=asked.priority,
    )
    db.session.commit()
    return html


@bp.post("/queue/views")
@case_roles
def save_view() -> ResponseReturnValue:
    filters = _filters()
    form = SaveViewForm()
    if not form.validate_on_submit():
        return render_queue(filters, 400, save=form)
    try:
        view = saved.save_view(current_user, form.name.data, filters, bool(form.shared.data))
    except Problem as problem:
        db.session.rollback()
        message = form.show_problem(problem)
        return render_queue(filters, 400, save=form, problem=message, problem_href="#name")
    db.session.commit()
    flash(_("View saved as “%(name)s”.", name=view.name))
    return redirect(_queue_at(saved.link_args(view)))


@bp.post("/queue/views/<int:view_id>/delete")
@case_roles
def delete_view(view_id: int) -> ResponseReturnValue:
    if not DeleteViewForm().validate_on_submit():
        abort(400)
    try:
        saved.delete_view(view_id, current_user)
    except NotFound:
        abort(404)
    except NotPermitted:
        refuse("saved_view", str(view_id))
    db.session.commit()
    flash(_("View deleted."))
    return redirect(_back(_filters()))


@bp.get("/export.csv")
@senior_roles
def export_csv() -> ResponseReturnValue:
    filters = _filters()
    day = today()
    count = export.count(filters, current_user.id, day)
    audit.record(
        "case.queue_exported",
        actor=actor(),
        object_type="case",
        filters=filters.as_args(),
        count=count,
    )
    db.session.commit()
    return export.download(filters, current_user.id, day, f"cases-{day.isoformat()}.csv")
