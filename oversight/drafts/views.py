"""The drafts a staff page keeps of long text being typed (assets/drafts.mjs).

- GET /staff/drafts?key=…: the person's own drafts for the fields of the page, to put
  back with a notice ("We kept the note you were writing on …").
- POST /staff/drafts: save one (debounced while typing, when the timeout warning shows,
  and on leaving the page by sendBeacon, all with the CSRF token in the body). A save
  that changes the text counts as activity for the idle limit (the person is typing);
  one that changes nothing does not.
- POST /staff/drafts/discard: the person does not want it.
- After any staff form is sent successfully (a POST answered with a redirect), its
  drafts go; a form refused (400, 409) keeps them.
- `flask drafts purge`: deletes drafts older than DRAFT_KEEP (run it daily).

Nothing about one draft is audited or logged: it is the person's own unfinished text,
not a change to a case, and it may hold special category data. A purge is audited (how
many went, never whose or what).
"""

from __future__ import annotations

import click
from flask import Blueprint, Response, current_app, jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from oversight import formatting
from oversight.access import mark_active, not_activity, staff_only
from oversight.audit import services as audit
from oversight.drafts import services
from oversight.drafts.forms import DiscardForm, DraftForm
from oversight.extensions import db
from oversight.forms import Form
from oversight.problems import Problem

bp = Blueprint("drafts", __name__, url_prefix="/staff/drafts", cli_group="drafts")


def _refused(message: str) -> ResponseReturnValue:
    return jsonify({"error": message}), 400


def _form_problem(form: Form) -> str:
    return next(iter(str(errors[0]) for errors in form.errors.values() if errors), "")


@bp.get("")
@staff_only
@not_activity
def drafts() -> ResponseReturnValue:
    keep = current_app.config["DRAFT_KEEP"]
    found = services.find(current_user, request.args.getlist("key"), keep)
    return jsonify(
        {
            "drafts": [
                {
                    "key": draft.key,
                    "text": draft.text,
                    "saved_at": draft.updated_at.isoformat(),
                    "notice": _(
                        "We kept the note you were writing on %(when)s.",
                        when=formatting.date_at_time(draft.updated_at),
                    ),
                }
                for draft in found
            ]
        }
    )


@bp.post("")
@staff_only
@not_activity
def save() -> ResponseReturnValue:
    form = DraftForm()
    if not form.validate():
        return _refused(_form_problem(form))
    try:
        key = services.check_key(current_app, current_user, form.key.data or "")
        typed = services.save(current_user, key, form.text.data or "")
    except Problem as problem:
        db.session.rollback()
        return _refused(problem.message)
    db.session.commit()
    if typed:
        mark_active()
    return jsonify({"saved": True})


@bp.post("/discard")
@staff_only
def discard() -> ResponseReturnValue:
    form = DiscardForm()
    if not form.validate():
        return _refused(_form_problem(form))
    if not services.well_formed(form.key.data or ""):
        return _refused(_("A draft needs the address of its form and its field’s name"))
    services.discard(current_user, form.key.data or "")
    db.session.commit()
    return jsonify({"discarded": True})


@bp.after_app_request
def forget_sent_drafts(response: Response) -> Response:
    """A staff form sent successfully takes its drafts with it."""
    if (
        request.method == "POST"
        and 300 <= response.status_code < 400
        and request.endpoint
        and not request.endpoint.startswith(services.NOT_FORMS)
        and current_user.is_authenticated
    ):
        services.discard_for_form(current_user.id, request.path)
        db.session.commit()
    return response


@bp.cli.command("purge")
def purge() -> None:
    """Delete every draft older than DRAFT_KEEP (30 days)."""
    keep = current_app.config["DRAFT_KEEP"]
    count = services.purge(keep)
    audit.record(
        "drafts.purged",
        actor="system:drafts-purge",
        object_type="draft",
        count=count,
        older_than_days=keep.days,
    )
    db.session.commit()
    click.echo(f"{count} draft(s) deleted.")
