"""Administrators manage staff accounts."""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user

from oversight.access import actor, roles_required
from oversight.auth import forms, services
from oversight.auth.models import Role, User
from oversight.extensions import db
from oversight.forms import Form

bp = Blueprint("users", __name__, url_prefix="/staff/users")
admin_only = roles_required(Role.ADMINISTRATOR)


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


def _edit_form(user: User) -> forms.UserForm:
    """The account form, filled from the account unless this is a submission."""
    form = forms.UserForm(obj=user)
    if not form.is_submitted():
        form.roles.data = sorted(role.value for role in user.roles)
    return form


def _field_error(form: Form, problem: services.AccountProblem) -> None:
    """The problem beside its answer (the email address if the form has no such answer),
    in the reader's language."""
    form.show_problem(services.AccountProblem(problem.field or "", _(problem.message)), "email")


@bp.get("")
@admin_only
def user_list() -> str:
    users = list(db.session.scalars(sa.select(User).order_by(User.name)))
    return render_template("users/user_list.html", users=users)


@bp.route("/new", methods=["GET", "POST"])
@admin_only
def new_user() -> ResponseReturnValue:
    form = forms.NewUserForm()
    if form.validate_on_submit():
        try:
            user = services.create_user(
                form.email.data or "",
                form.name.data or "",
                {Role(role) for role in form.roles.data or []},
                form.password.data or "",
                actor=actor(),
            )
        except services.AccountProblem as problem:
            db.session.rollback()
            _field_error(form, problem)
        else:
            db.session.commit()
            flash(
                _(
                    "Account created for %(name)s. They set up their security code when they first sign in.",
                    name=user.name,
                )
            )
            return redirect(url_for("users.user_list"))
    return render_template("users/new_user.html", form=form), 400 if form.errors else 200


@bp.route("/<int:user_id>", methods=["GET", "POST"])
@admin_only
def edit_user(user_id: int) -> ResponseReturnValue:
    user = _user(user_id)
    form = _edit_form(user)
    if form.validate_on_submit():
        try:
            services.change_user(
                user,
                email=form.email.data or "",
                name=form.name.data or "",
                roles={Role(role) for role in form.roles.data or []},
                actor=actor(),
            )
        except services.AccountProblem as problem:
            db.session.rollback()
            _field_error(form, problem)
        else:
            db.session.commit()
            if user.id == current_user.id:
                # Their other sessions have ended; this one carries on under the new version.
                login_user(user, remember=False)
            flash(_("Account updated."))
            return redirect(url_for("users.user_list"))
    return render_template(
        "users/edit_user.html",
        form=form,
        user=user,
        confirm=forms.ConfirmForm(),
        password_form=forms.NewPasswordFields(),
    ), 400 if form.errors else 200


def _act(user_id: int, change: Callable[[User], object], message: str) -> ResponseReturnValue:
    form = forms.ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    user = _user(user_id)
    try:
        change(user)
    except services.AccountProblem as problem:
        db.session.rollback()
        flash(_(problem.message))
        return redirect(url_for("users.edit_user", user_id=user_id))
    db.session.commit()
    flash(message)
    return redirect(url_for("users.edit_user", user_id=user_id))


@bp.post("/<int:user_id>/disable")
@admin_only
def disable_user(user_id: int) -> ResponseReturnValue:
    return _act(
        user_id,
        lambda user: services.set_disabled(user, True, actor=actor()),
        _("Account disabled. Their sessions have ended."),
    )


@bp.post("/<int:user_id>/enable")
@admin_only
def enable_user(user_id: int) -> ResponseReturnValue:
    return _act(
        user_id,
        lambda user: services.set_disabled(user, False, actor=actor()),
        _("Account enabled."),
    )


@bp.post("/<int:user_id>/reset-security-code")
@admin_only
def reset_mfa(user_id: int) -> ResponseReturnValue:
    return _act(
        user_id,
        lambda user: services.reset_mfa(user, actor=actor()),
        _("Security code reset. They set up a new one when they next sign in."),
    )


@bp.post("/<int:user_id>/password")
@admin_only
def reset_password(user_id: int) -> ResponseReturnValue:
    user = _user(user_id)
    form = forms.NewPasswordFields()
    if form.validate_on_submit():
        try:
            services.set_password(user, form.new_password.data or "", actor=actor())
        except services.AccountProblem as problem:
            db.session.rollback()
            form.new_password.errors = [problem.message]
        else:
            db.session.commit()
            flash(_("Password changed. Their sessions have ended."))
            return redirect(url_for("users.edit_user", user_id=user_id))
    return render_template(
        "users/edit_user.html",
        form=_edit_form(user),
        user=user,
        confirm=forms.ConfirmForm(),
        password_form=form,
    ), 400
