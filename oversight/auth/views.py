"""Staff sign-in with a second factor, sign-out, the staff home page and own password."""

from __future__ import annotations

import secrets
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_user, logout_user
from werkzeug.wrappers import Response

from oversight.access import LAST_SEEN, SIGNED_IN_AT, actor, pending_sign_in, public, staff_only
from oversight.auth import forms, passwords, services, totp
from oversight.auth.models import User
from oversight.desk import services as desk
from oversight.extensions import db, limiter, login_manager
from oversight.models import utcnow
from oversight.workdays import local_date

bp = Blueprint("auth", __name__, url_prefix="/staff")

PENDING_USER = "pending_user"
PENDING_AT = "pending_at"
NEXT = "next_url"
# How long a correct password waits for its second factor.
PENDING_SECONDS = 300
WRONG = "The email address or password is not right"


def load_user(user_id: str) -> User | None:
    """Sessions name the user and the session version; an old version signs nobody in."""
    try:
        ident, version = (int(part) for part in user_id.split(":"))
    except ValueError:
        return None
    user = db.session.get(User, ident)
    if user is None or user.session_version != version or not user.active or not user.mfa_enrolled:
        return None
    return user


# Flask-Login has no types, so its decorator would make load_user untyped: register it by a call.
login_manager.user_loader(load_user)


def _email_key() -> str:
    return "account:" + services.normalise_email(request.form.get("email", ""))[:254]


def _pending_key() -> str:
    return "pending:" + str(session.get(PENDING_USER, ""))


def pending_user() -> User | None:
    ident = session.get(PENDING_USER)
    started = session.get(PENDING_AT, 0)
    if not ident or utcnow().timestamp() - started > PENDING_SECONDS:
        return None
    user = load_pending(ident)
    return user if user is not None and user.active else None


def load_pending(ident: str) -> User | None:
    try:
        user_id, version = (int(part) for part in ident.split(":"))
    except ValueError:
        return None
    user = db.session.get(User, user_id)
    return user if user is not None and user.session_version == version else None


def safe_next(target: str | None) -> str:
    """Only a path on this site; anything else goes to the staff home page."""
    if (
        target
        and target.startswith("/")
        and not target.startswith("//")
        and not urlsplit(target).netloc
    ):
        return target
    return url_for("auth.home")


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@limiter.limit(lambda: current_app.config["SIGN_IN_RATE_LIMIT"], methods=["POST"])
@limiter.limit(
    lambda: current_app.config["SIGN_IN_ACCOUNT_RATE_LIMIT"], methods=["POST"], key_func=_email_key
)
def sign_in() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("auth.home"))
    form = forms.SignInForm()
    if form.validate_on_submit():
        result = services.check_password(form.email.data or "", form.password.data or "")
        if result.user is None:
            db.session.commit()
            form.email.errors = [_(WRONG)]
        else:
            next_url = session.get(NEXT) or request.args.get("next")
            session.clear()
            session[PENDING_USER] = result.user.get_id()
            session[PENDING_AT] = utcnow().timestamp()
            session[NEXT] = safe_next(next_url)
            db.session.commit()
            if result.user.mfa_enrolled:
                return redirect(url_for("auth.verify_code"))
            return redirect(url_for("auth.set_up_code"))
    elif request.method == "GET" and request.args.get("next"):
        session[NEXT] = safe_next(request.args.get("next"))
    return render_template("auth/sign_in.html", form=form), 400 if form.errors else 200


def _complete_sign_in(user: User) -> Response:
    next_url = session.get(NEXT)
    session.clear()
    login_user(user, remember=False, fresh=True)
    now = utcnow().timestamp()
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN] = now
    session["sid"] = secrets.token_urlsafe(16)
    return redirect(safe_next(next_url))


def _restart() -> Response:
    session.clear()
    flash(_("Your sign-in took too long. Sign in again."))
    return redirect(url_for("auth.sign_in"))


@bp.route("/security-code/set-up", methods=["GET", "POST"])
@pending_sign_in
@limiter.limit(
    lambda: current_app.config["SIGN_IN_RATE_LIMIT"], methods=["POST"], key_func=_pending_key
)
def set_up_code() -> ResponseReturnValue:
    user = pending_user()
    if user is None:
        return _restart()
    if user.mfa_enrolled:
        return redirect(url_for("auth.verify_code"))
    form = forms.CodeForm()
    if form.validate_on_submit():
        if services.check_code(user, form.code.data or "", enrolling=True):
            db.session.commit()
            return _complete_sign_in(user)
        db.session.commit()
        form.code.errors = [_("The code is not right. Enter the 6-digit code your app shows now")]
    secret = services.start_enrolment(user)
    db.session.commit()
    uri = totp.provisioning_uri(secret, user.email)
    return render_template(
        "auth/set_up_code.html",
        form=form,
        secret=" ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        qr=totp.qr_svg_data_uri(uri),
    ), 400 if form.errors else 200


@bp.route("/security-code", methods=["GET", "POST"])
@pending_sign_in
@limiter.limit(
    lambda: current_app.config["SIGN_IN_RATE_LIMIT"], methods=["POST"], key_func=_pending_key
)
def verify_code() -> ResponseReturnValue:
    user = pending_user()
    if user is None:
        return _restart()
    if not user.mfa_enrolled:
        return redirect(url_for("auth.set_up_code"))
    form = forms.CodeForm()
    if form.validate_on_submit():
        if services.check_code(user, form.code.data or "", enrolling=False):
            db.session.commit()
            return _complete_sign_in(user)
        db.session.commit()
        form.code.errors = [
            _("The code is not right, or it has been used. Enter the code your app shows now")
        ]
    return render_template("auth/verify_code.html", form=form), 400 if form.errors else 200


@bp.post("/sign-out")
@staff_only
def sign_out() -> ResponseReturnValue:
    services.end_sessions(current_user, reason="signed_out")
    db.session.commit()
    logout_user()
    session.clear()
    flash(_("You have signed out."))
    return redirect(url_for("auth.sign_in"))


@bp.get("")
@staff_only
def home() -> str:
    shown = desk.desk_for(current_user, local_date(utcnow()))
    # Render before the commit, as the queue does: committing expires current_user.
    html = render_template("auth/home.html", desk=shown)
    if shown is not None and shown.references:
        desk.record_shown(shown, actor=actor())
        db.session.commit()
    return html


@bp.route("/account/password", methods=["GET", "POST"])
@staff_only
def change_password() -> ResponseReturnValue:
    form = forms.ChangePasswordForm()
    # The account itself, not the current_user proxy: login_user stores what it is given,
    # and a proxy stored as the current user would look itself up for ever.
    user: User = current_user._get_current_object()
    if form.validate_on_submit():
        if not passwords.verify_password(user.password_hash, form.current_password.data or ""):
            form.current_password.errors = [_("Your current password is not right")]
        else:
            try:
                services.set_password(user, form.new_password.data or "", actor=f"user:{user.id}")
            except services.AccountProblem as problem:
                form.new_password.errors = [problem.message]
            else:
                db.session.commit()
                # Every other session has ended; this one carries on under the new version.
                login_user(user, remember=False)
                flash(
                    _("Your password has been changed. You have been signed out everywhere else.")
                )
                return redirect(url_for("auth.home"))
    return render_template("auth/change_password.html", form=form), 400 if form.errors else 200
