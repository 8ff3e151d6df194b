"""Deny by default: every request needs a rule, declared on its view.

A view is `@public`, `@pending_sign_in` (password accepted, second factor not yet),
`@force_token_required` (a force system with its API token) or `@roles_required(...)`. A view with no rule is refused to everyone. Which cases
or files a user may see is for `oversight.policy`, not here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

from flask import Flask, abort, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, logout_user

from oversight.audit import services as audit
from oversight.auth.durations import duration
from oversight.auth.models import Role
from oversight.extensions import db
from oversight.models import utcnow

View = TypeVar("View", bound=Callable[..., Any])

PUBLIC = "public"
PENDING = "pending"
# A force system's request, carrying its API token (checked by oversight.api.auth).
FORCE_TOKEN = "force_token"  # noqa: S105  (a rule name, not a secret)
ANY_STAFF = frozenset(Role)
SIGNED_IN_AT = "signed_in_at"
LAST_SEEN = "last_seen"


EXPIRY_MESSAGES = {
    "idle_timeout": lambda: _(
        "You were signed out because you did nothing for %(length)s. Sign in again.",
        length=duration(current_app.config["STAFF_IDLE_TIMEOUT"]),
    ),
    "absolute_timeout": lambda: _(
        "You were signed out because you had been signed in for %(length)s. Sign in again.",
        length=duration(current_app.config["STAFF_ABSOLUTE_TIMEOUT"]),
    ),
}


def public(view: View) -> View:
    view.access_rule = PUBLIC  # type: ignore[attr-defined]
    return view


def pending_sign_in(view: View) -> View:
    view.access_rule = PENDING  # type: ignore[attr-defined]
    return view


def force_token_required(view: View) -> View:
    view.access_rule = FORCE_TOKEN  # type: ignore[attr-defined]
    return view


def roles_required(*roles: Role) -> Callable[[View], View]:
    def declare(view: View) -> View:
        view.access_rule = frozenset(roles)  # type: ignore[attr-defined]
        return view

    return declare


staff_only = roles_required(*ANY_STAFF)


def not_activity(view: View) -> View:
    """A request the page makes by itself (the timeout warning asking how long is left, a
    draft saved): it does not keep the session from going idle. A view that finds the
    person did do something (typed) calls `mark_active`."""
    view.counts_as_activity = False  # type: ignore[attr-defined]
    return view


def counts_as_activity(app: Flask, endpoint: str) -> bool:
    return bool(getattr(app.view_functions.get(endpoint), "counts_as_activity", True))


def mark_active() -> None:
    """The person did something: the idle limit starts again from now."""
    session[LAST_SEEN] = utcnow().timestamp()


def seconds_left() -> tuple[float, float]:
    """How long the signed-in session has left: before the idle limit, and before the
    absolute one (which nothing extends)."""
    now = utcnow().timestamp()
    config = current_app.config
    idle = session.get(LAST_SEEN, 0) + config["STAFF_IDLE_TIMEOUT"].total_seconds() - now
    absolute = session.get(SIGNED_IN_AT, 0) + config["STAFF_ABSOLUTE_TIMEOUT"].total_seconds() - now
    return max(idle, 0.0), max(absolute, 0.0)


def rule_for(app: Flask, endpoint: str) -> Any:
    if endpoint == "static":
        return PUBLIC
    view = app.view_functions.get(endpoint)
    return getattr(view, "access_rule", None)


def actor() -> str:
    return f"user:{current_user.id}" if current_user.is_authenticated else "public"


def refuse(object_type: str = "route", object_id: str | None = None) -> NoReturn:
    """Record the refusal, commit it, and answer 403."""
    record_refusal(object_type, object_id)
    abort(403)


def record_refusal(object_type: str = "route", object_id: str | None = None) -> None:
    """Undo what the refused request changed, then record and commit the refusal."""
    db.session.rollback()
    audit.record(
        "access.refused",
        actor=actor(),
        object_type=object_type,
        object_id=object_id,
        outcome=audit.DENIED,
        endpoint=request.endpoint or "",
        method=request.method,
    )
    db.session.commit()


def _session_expired() -> str | None:
    now = utcnow().timestamp()
    config = current_app.config
    signed_in_at = session.get(SIGNED_IN_AT, 0)
    last_seen = session.get(LAST_SEEN, 0)
    if now - signed_in_at > config["STAFF_ABSOLUTE_TIMEOUT"].total_seconds():
        return "absolute_timeout"
    if now - last_seen > config["STAFF_IDLE_TIMEOUT"].total_seconds():
        return "idle_timeout"
    return None


def check_request() -> Any:
    """Run before every request: the one place access is decided."""
    if request.endpoint is None:
        return None  # no such route: the 404 handler answers
    if current_user.is_authenticated:
        expired = _session_expired()
        if expired:
            audit.record(
                "auth.signed_out",
                actor=actor(),
                object_type="user",
                object_id=str(current_user.id),
                reason=expired,
            )
            db.session.commit()
            logout_user()
            session.clear()
            flash(EXPIRY_MESSAGES[expired]())
        elif counts_as_activity(current_app, request.endpoint):
            mark_active()
    rule = rule_for(current_app, request.endpoint)
    if rule == PUBLIC:
        return None
    if rule == FORCE_TOKEN:
        from oversight.api.auth import authenticate_force

        return authenticate_force()
    if rule == PENDING:
        if session.get("pending_user"):
            return None
        return redirect(url_for("auth.sign_in"))
    if rule is None:
        refuse()
    if not current_user.is_authenticated:
        return redirect(
            url_for(
                "auth.sign_in",
                next=request.full_path.rstrip("?") if request.method == "GET" else None,
            )
        )
    if not current_user.has_any(rule):
        refuse()
    return None


def init_app(app: Flask) -> None:
    app.before_request(check_request)
