"""How long a staff session has left, and staying signed in (the timeout warning).

Staff pages carry the two limits (templates/staff_base.html, from `timeout_warning`), and
assets/timeout.mjs warns before each: two minutes before the idle limit, with "Stay
signed in", and before the absolute limit, which nothing extends. Asking how long is
left (`status`) is not activity, so a page left open still goes idle, and two tabs stay
in step; "Stay signed in" is a POST with the CSRF token, and any request but those
marked `not_activity` (oversight/access.py) starts the idle limit again.
"""

from __future__ import annotations

import math
from typing import Any

from flask import Blueprint, current_app, has_request_context, jsonify, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from oversight.access import not_activity, seconds_left, staff_only
from oversight.auth.durations import duration

bp = Blueprint("session", __name__, url_prefix="/staff/session")


def _status() -> dict[str, int]:
    idle, absolute = seconds_left()
    return {"idle": math.floor(idle), "absolute": math.floor(absolute)}


@bp.get("")
@staff_only
@not_activity
def status() -> ResponseReturnValue:
    """Seconds left before each limit; asking does not keep the session alive."""
    return jsonify(_status())


@bp.post("/stay-signed-in")
@staff_only
def stay_signed_in() -> ResponseReturnValue:
    """The idle limit starts again (as any request does); the absolute one stays."""
    return jsonify(_status())


@bp.app_context_processor
def timeout_warning() -> dict[str, Any]:
    """What a staff page tells assets/timeout.mjs: the limits, when to warn, and where
    to go once the session has ended (back to this page after signing in again); and,
    for the sign-in page, how long a session lasts, in words."""
    config = current_app.config
    lengths = {
        "idle": duration(config["STAFF_IDLE_TIMEOUT"]),
        "absolute": duration(config["STAFF_ABSOLUTE_TIMEOUT"]),
    }
    if not has_request_context() or not current_user or not current_user.is_authenticated:
        return {"timeout_warning": None, "session_lengths": lengths}
    left = _status()
    here = request.full_path.rstrip("?") if request.method == "GET" else None
    return {
        "timeout_warning": {
            "idle": left["idle"],
            "absolute": left["absolute"],
            "idle_warning": int(config["STAFF_IDLE_WARNING"].total_seconds()),
            "absolute_warning": int(config["STAFF_ABSOLUTE_WARNING"].total_seconds()),
            "absolute_limit": lengths["absolute"],
            "status_url": url_for("session.status"),
            "stay_url": url_for("session.stay_signed_in"),
            "sign_in_url": url_for("auth.sign_in", next=here),
            "draft_delay": int(config["DRAFT_SAVE_DELAY"].total_seconds()),
        },
        "session_lengths": lengths,
    }
