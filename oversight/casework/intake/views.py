"""Logging a complaint that arrived by email, post or phone: the form, then (Post/
Redirect/Get) a page that shows its one-time tracking code once. A form sent twice logs
one complaint (intake/forms.py)."""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user
from sqlalchemy.exc import IntegrityError

from oversight.casework.changes import CaseProblem
from oversight.casework.intake import forms as log_forms
from oversight.casework.page import case_roles
from oversight.complaints import services as complaints
from oversight.complaints.enums import Channel
from oversight.extensions import db
from oversight.models import utcnow

bp = Blueprint("intake", __name__, url_prefix="/staff/cases")


@bp.route("/new", methods=["GET", "POST"])
@case_roles
def log_complaint() -> ResponseReturnValue:
    """Post/Redirect/Get, the code shown by `logged`; a form sent twice logs one complaint."""
    form = log_forms.LogComplaintForm()
    if form.validate_on_submit():
        key, answers, config = form.submission.data, form.answers(), current_app.config
        try:
            channel, now = Channel(form.channel.data), utcnow()
            complaint, new = log_forms.log_once(answers, channel, current_user, now, key, config)
            db.session.commit()
        except CaseProblem as refused:
            db.session.rollback()
            form.show_problem(refused, "channel")
        except IntegrityError:  # sent twice at the same moment: the other request logged it
            db.session.rollback()
            if (found := log_forms.logged_with(key)) is None:
                raise
            complaint, new = found, False
        if not form.errors:
            just = {"reference": complaint.reference, "key": key if new else None}
            session[log_forms.JUST_LOGGED] = just
            return redirect(url_for(".logged"))
    return render_template("casework/log_complaint.html", form=form), 400 if form.errors else 200


@bp.get("/logged")
@case_roles
def logged() -> ResponseReturnValue:
    """The complaint just logged: its tracking code the first time only, then never."""
    just = session.get(log_forms.JUST_LOGGED) or {}
    complaint = complaints.find_by_reference(just.get("reference", ""))
    if complaint is None:
        return redirect(url_for("casework.case_list"))
    code = log_forms.code_of(complaint, just.get("key"), current_app.config["SECRET_KEY"])
    session[log_forms.JUST_LOGGED] = {"reference": complaint.reference, "key": None}
    return render_template("casework/logged.html", complaint=complaint, tracking_code=code)
