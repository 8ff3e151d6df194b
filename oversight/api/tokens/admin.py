"""Administrators issue and revoke force API tokens.

A new token is shown once: the issuing POST keeps it in the session and redirects to
a page that takes it out again, so reloading that page shows it no more (and never
issues a second token). The register keeps only its hash.
"""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from oversight.access import actor, roles_required
from oversight.api.tokens import services as tokens
from oversight.api.tokens.forms import IssueTokenForm
from oversight.api.tokens.models import ForceToken
from oversight.auth.forms import ConfirmForm
from oversight.auth.models import Role
from oversight.extensions import db
from oversight.forces.models import force_by_slug

bp = Blueprint("tokens", __name__, url_prefix="/staff/force-tokens")
admin_only = roles_required(Role.ADMINISTRATOR)
# The session key that holds a new token until the page showing it opens.
JUST_ISSUED = "force_token_just_issued"


def _token(token_id: int) -> ForceToken:
    token = tokens.find(token_id)
    if token is None:
        abort(404)
    return token


@bp.get("")
@admin_only
def token_list() -> str:
    return render_template("tokens/token_list.html", tokens=tokens.all_tokens())


@bp.route("/new", methods=["GET", "POST"])
@admin_only
def new_token() -> ResponseReturnValue:
    form = IssueTokenForm()
    if form.validate_on_submit():
        force = force_by_slug(form.force.data or "")
        if force is None:
            form.force.errors = [_("Select the force the token is for")]
        else:
            try:
                token, plaintext = tokens.issue(force, form.name.data or "", actor=actor())
            except tokens.TokenProblem as problem:
                db.session.rollback()
                form.name.errors = [problem.message]
            else:
                db.session.commit()
                session[JUST_ISSUED] = {"id": token.id, "token": plaintext}
                return redirect(url_for("tokens.token_issued"))
    return render_template("tokens/new_token.html", form=form), 400 if form.errors else 200


@bp.get("/issued")
@admin_only
def token_issued() -> ResponseReturnValue:
    issued = session.pop(JUST_ISSUED, None)
    token = tokens.find(issued["id"]) if issued else None
    if token is None:
        flash(
            _("A new token is shown only once. If it was not copied, revoke it and issue another.")
        )
        return redirect(url_for("tokens.token_list"))
    return render_template("tokens/token_issued.html", token=token, plaintext=issued["token"])


@bp.route("/<int:token_id>/revoke", methods=["GET", "POST"])
@admin_only
def revoke_token(token_id: int) -> ResponseReturnValue:
    token = _token(token_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            tokens.revoke(token, actor=actor())
        except tokens.TokenProblem as problem:
            db.session.rollback()
            flash(problem.message)
        else:
            db.session.commit()
            flash(
                _(
                    "Token ‘%(name)s’ for %(force)s revoked. Requests with it are refused from now on.",
                    name=token.name,
                    force=token.force.name,
                )
            )
        return redirect(url_for("tokens.token_list"))
    if form.is_submitted():
        abort(400)
    if not token.active:
        flash(_("This token was already revoked"))
        return redirect(url_for("tokens.token_list"))
    return render_template("tokens/revoke_token.html", token=token, form=form)
