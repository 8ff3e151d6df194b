"""What the rights pages share: the role rule, finding a request, and running one form's
change (validate, change, commit once, or show what went wrong)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from flask import abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from oversight import policy
from oversight.access import refuse, roles_required
from oversight.extensions import db
from oversight.forms import Form
from oversight.models import utcnow
from oversight.problems import NotFound, Problem
from oversight.rights import services
from oversight.rights.models import RightsRequest
from oversight.workdays import local_date

rights_roles = roles_required(*policy.RIGHTS_ROLES)


def today() -> date:
    return local_date(utcnow())


def find(request_id: int) -> RightsRequest:
    if not policy.can_handle_rights_requests(current_user):
        refuse("rights_request", str(request_id))
    try:
        return services.find_request(request_id)
    except NotFound:
        abort(404)


def run_form(
    rights_request: RightsRequest,
    form: Form,
    template: str,
    change: Callable[[], object],
    done: str,
    back: str | None = None,
    **context: object,
) -> ResponseReturnValue:
    """Validate the form and make the change, or show the page again with what was typed."""
    problem = None
    if form.validate_on_submit():
        try:
            change()
        except NotFound:
            db.session.rollback()
            abort(404)
        except Problem as refused:
            db.session.rollback()
            db.session.refresh(rights_request)
            problem = form.show_problem(refused)
        else:
            db.session.commit()
            flash(done)
            return redirect(back or url_for("rights.request_detail", request_id=rights_request.id))
    status = 400 if form.errors or problem else 200
    return render_template(
        template, form=form, rights_request=rights_request, problem=problem, **context
    ), status
