"""Rights requests: the list (open first, by deadline), logging one, a request's page
with its clock, and its steps: extension, identity check, the bundle and the outcome."""

from __future__ import annotations

import io

from flask import Blueprint, abort, current_app, redirect, render_template, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from oversight.extensions import db
from oversight.letters import rights as rights_letters
from oversight.problems import Problem
from oversight.rights import bundle, forms, services
from oversight.rights.models import ReceivedVia, RequestKind, RequestStatus
from oversight.rights.web.common import find, rights_roles, run_form, today

bp = Blueprint("rights", __name__, url_prefix="/staff/rights")


@bp.get("")
@rights_roles
def request_list() -> ResponseReturnValue:
    return render_template("rights/list.html", requests=services.open_first(today()), today=today())


@bp.route("/new", methods=["GET", "POST"])
@rights_roles
def log_request() -> ResponseReturnValue:
    form = forms.LogRequestForm()
    problem = None
    if form.validate_on_submit():
        try:
            made = services.log_request(
                RequestKind(form.kind.data),
                form.requester_name.data,
                form.reply_to.data,
                ReceivedVia(form.received_via.data),
                form.received_on.data,
                current_user,
                today(),
            )
        except Problem as refused:
            db.session.rollback()
            problem = form.show_problem(refused)
        else:
            db.session.commit()
            return redirect(url_for(".request_detail", request_id=made.id))
    status = 400 if form.errors or problem else 200
    return render_template("rights/new.html", form=form, problem=problem), status


@bp.get("/<int:request_id>")
@rights_roles
def request_detail(request_id: int) -> ResponseReturnValue:
    rights_request = find(request_id)
    services.record_view(rights_request, current_user)
    db.session.commit()
    return render_template(
        "rights/request.html",
        rights_request=rights_request,
        today=today(),
        release_form=forms.ActionForm(formdata=None),
        remove_form=forms.ActionForm(formdata=None),
    )


@bp.route("/<int:request_id>/extend", methods=["GET", "POST"])
@rights_roles
def extend(request_id: int) -> ResponseReturnValue:
    rights_request = find(request_id)
    form = forms.ExtendForm()
    return run_form(
        rights_request,
        form,
        "rights/extend.html",
        lambda: services.extend(
            rights_request, int(form.months.data), form.reason.data, current_user
        ),
        _("The deadline was extended"),
    )


@bp.route("/<int:request_id>/identity", methods=["GET", "POST"])
@rights_roles
def check_identity(request_id: int) -> ResponseReturnValue:
    rights_request = find(request_id)
    form = forms.IdentityForm()
    return run_form(
        rights_request,
        form,
        "rights/identity.html",
        lambda: services.check_identity(rights_request, form.method.data, current_user),
        _("The identity check was recorded"),
    )


@bp.route("/<int:request_id>/outcome", methods=["GET", "POST"])
@rights_roles
def record_outcome(request_id: int) -> ResponseReturnValue:
    rights_request = find(request_id)
    form = forms.OutcomeForm()
    return run_form(
        rights_request,
        form,
        "rights/outcome.html",
        lambda: services.record_outcome(
            rights_request, RequestStatus(form.status.data), form.note.data, current_user
        ),
        _("The outcome was recorded"),
    )


def _send(made: bundle.Bundle, request_id: int, released: bool) -> ResponseReturnValue:
    name = f"rights-request-{request_id}-{'released' if released else 'draft'}.zip"
    response = send_file(
        made.file, mimetype="application/zip", as_attachment=True, download_name=name
    )
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Bundle-SHA256"] = made.sha256
    return response


def _problem_page(request_id: int, problem: str) -> ResponseReturnValue:
    rights_request = find(request_id)
    return render_template(
        "rights/request.html",
        rights_request=rights_request,
        today=today(),
        release_form=forms.ActionForm(formdata=None),
        remove_form=forms.ActionForm(formdata=None),
        problem=problem,
    ), 400


@bp.get("/<int:request_id>/bundle.zip")
@rights_roles
def download_draft(request_id: int) -> ResponseReturnValue:
    """The bundle as it would be released, for staff to check (not released)."""
    rights_request = find(request_id)
    try:
        made = bundle.build(rights_request)
        services.record_export(rights_request, made.sha256, made.counts(), current_user, False)
    except Problem as refused:
        db.session.rollback()
        return _problem_page(request_id, refused.message)
    db.session.commit()
    return _send(made, request_id, released=False)


@bp.get("/<int:request_id>/letters/<key>-<language>.pdf")
@rights_roles
def letter(request_id: int, key: str, language: str) -> ResponseReturnValue:
    """The request's acknowledgement or outcome as a letter to post, in English, Welsh
    or both; each download is audited (it shows the requester's name and address)."""
    rights_request = find(request_id)
    if key not in rights_letters.KEYS or language not in rights_letters.LANGUAGES:
        abort(404)
    pdf = rights_letters.letter_pdf(
        rights_request, key, rights_letters.LANGUAGES[language], current_app.config, today()
    )
    services.record_letter(rights_request, key, language, current_user)
    db.session.commit()
    response = send_file(
        io.BytesIO(pdf),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"rights-request-{request_id}-{key}-{language}.pdf",
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/<int:request_id>/release")
@rights_roles
def release(request_id: int) -> ResponseReturnValue:
    """Release the bundle to the requester: recorded with its SHA-256, then downloaded."""
    rights_request = find(request_id)
    form = forms.ActionForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.check_releasable(rights_request)
        made = bundle.build(rights_request)
        services.record_export(rights_request, made.sha256, made.counts(), current_user, True)
    except Problem as refused:
        db.session.rollback()
        return _problem_page(request_id, refused.message)
    db.session.commit()
    return _send(made, request_id, released=True)
