"""One page of each kind the app answers with, for the security headers' tests: how
to reach it (given a query string to add) and the status it answers with."""

from __future__ import annotations

import io
import re
from collections.abc import Callable
from typing import Any

import sqlalchemy as sa

from oversight.access import public
from oversight.extensions import db as _db
from tests.app.security import TRACKING_CODE, post_with_token, sign_in_pending, statistics_release
from tests.factories import make_complaint
from tests.helpers import answer_everything, login_as, post_page

# ---------------------------------------------------------------- pages to check

# Each page kind: how to reach it (given a query string to add) and its status.
Reach = Callable[[Any, Any, str], Any]
PAGES: dict[str, tuple[Reach, int]] = {}


def page(name: str, status: int) -> Callable[[Reach], Reach]:
    def register(reach: Reach) -> Reach:
        PAGES[name] = (reach, status)
        return reach

    return register


@page("start page", 200)
def _start(client: Any, request: Any, query: str) -> Any:
    return client.get("/" + query)


@page("question page", 200)
def _question_page(client: Any, request: Any, query: str) -> Any:
    return client.get("/complain/what-happened" + query)


@page("evidence page", 200)
def _evidence_page(client: Any, request: Any, query: str) -> Any:
    return client.get("/complain/evidence" + query)


@page("check answers page", 200)
def _check_answers_page(client: Any, request: Any, query: str) -> Any:
    answer_everything(client)
    return client.get("/complain/check-answers" + query)


@page("complaint sent page", 200)
def _complaint_sent_page(client: Any, request: Any, query: str) -> Any:
    answer_everything(client)
    post_page(client, "/complain/check-answers", {})
    return client.get("/complain/complaint-sent" + query)


@page("track page", 200)
def _track_page(client: Any, request: Any, query: str) -> Any:
    return client.get("/track" + query)


@page("tracked status page", 200)
def _tracked_status(client: Any, request: Any, query: str) -> Any:
    complaint = make_complaint(tracking_code=TRACKING_CODE)
    _db.session.commit()
    return post_with_token(
        client, "/track" + query, {"reference": complaint.reference, "tracking_code": TRACKING_CODE}
    )


@page("sign-in page", 200)
def _sign_in_page(client: Any, request: Any, query: str) -> Any:
    return client.get("/staff/sign-in" + query)


@page("security code page", 200)
def _security_code_page(client: Any, request: Any, query: str) -> Any:
    sign_in_pending(client, request.getfixturevalue("administrator"))
    return client.get("/staff/security-code" + query)


@page("staff home", 200)
def _staff_home(client: Any, request: Any, query: str) -> Any:
    login_as(client, request.getfixturevalue("administrator"))
    return client.get("/staff" + query)


@page("case page", 200)
def _case_page(client: Any, request: Any, query: str) -> Any:
    complaint = make_complaint()
    _db.session.commit()
    login_as(client, request.getfixturevalue("caseworker"))
    return client.get(f"/staff/cases/{complaint.reference}/complainant" + query)


@page("staff accounts", 200)
def _users_page(client: Any, request: Any, query: str) -> Any:
    login_as(client, request.getfixturevalue("administrator"))
    return client.get("/staff/users" + query)


@page("audit log", 200)
def _audit_page(client: Any, request: Any, query: str) -> Any:
    login_as(client, request.getfixturevalue("administrator"))
    return client.get("/staff/audit" + query)


@page("statistics releases", 200)
def _statistics_releases(client: Any, request: Any, query: str) -> Any:
    statistics_release("published")
    login_as(client, request.getfixturevalue("publisher"))
    return client.get("/staff/statistics" + query)


@page("statistics release page", 200)
def _statistics_release_page(client: Any, request: Any, query: str) -> Any:
    number, _ = statistics_release("draft")
    login_as(client, request.getfixturevalue("publisher"))
    return client.get(f"/staff/statistics/{number}" + query)


@page("public statistics releases", 200)
def _public_statistics_releases(client: Any, request: Any, query: str) -> Any:
    statistics_release("published")
    return client.get("/statistics" + query)


@page("public statistics release", 200)
def _public_statistics_release(client: Any, request: Any, query: str) -> Any:
    statistics_release("published")
    return client.get("/statistics/2026-q2" + query)


@page("redirect to sign in", 302)
def _redirect(client: Any, request: Any, query: str) -> Any:
    return client.get("/staff/cases" + query)


@page("bad request", 400)
def _bad_request(client: Any, request: Any, query: str) -> Any:
    return client.post("/track" + query, data={"reference": "FR-AAAA-BBBB"})


@page("forbidden", 403)
def _forbidden(client: Any, request: Any, query: str) -> Any:
    login_as(client, request.getfixturevalue("caseworker"))
    return client.get("/staff/users" + query)


@page("not found", 404)
def _not_found(client: Any, request: Any, query: str) -> Any:
    return client.get("/nope" + query)


@page("method not allowed", 405)
def _method_not_allowed(client: Any, request: Any, query: str) -> Any:
    return client.get("/staff/sign-out" + query)


@page("too large", 413)
def _too_large(client: Any, request: Any, query: str) -> Any:
    monkeypatch = request.getfixturevalue("monkeypatch")
    monkeypatch.setitem(request.getfixturevalue("app").config, "MAX_CONTENT_LENGTH", 1024)
    return client.post(
        "/complain/evidence" + query,
        data={"action": "upload", "files": [(io.BytesIO(b"x" * 4096), "big.txt")]},
    )


@page("too many requests", 429)
def _too_many(client: Any, request: Any, query: str) -> Any:
    monkeypatch = request.getfixturevalue("monkeypatch")
    monkeypatch.setitem(request.getfixturevalue("app").config, "TRACK_RATE_LIMIT", "1 per day")
    data = {"reference": "FR-AAAA-BBBB", "tracking_code": "AAAA-BBBB-CCCC"}
    post_with_token(client, "/track" + query, data)
    return post_with_token(client, "/track" + query, data)


@public
def _broken() -> str:
    _db.session.execute(
        sa.text("SELECT secret_column FROM no_such_table WHERE email = :email"),
        {"email": "jo@example.com"},
    )
    return "unreachable"


@page("server error", 500)
def _server_error(client: Any, request: Any, query: str) -> Any:
    monkeypatch = request.getfixturevalue("monkeypatch")
    app = request.getfixturevalue("app")
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    monkeypatch.setitem(app.view_functions, "public.start", _broken)
    return client.get("/" + query)


@page("static file", 200)
def _static(client: Any, request: Any, query: str) -> Any:
    return client.get("/static/app.css" + query)


STAFF_PAGES = {
    "security code page",
    "staff home",
    "case page",
    "staff accounts",
    "audit log",
    "statistics releases",
    "statistics release page",
}
ERRORS = [name for name, (_, status) in PAGES.items() if status >= 400]
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)([^>]*)>", re.IGNORECASE)


def directives(csp: str) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}
