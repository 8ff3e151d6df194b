"""Rate limits: every anonymous POST is limited with a clear page; signed-in staff are
not held to the anonymous limit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from oversight.access import PENDING, PUBLIC, rule_for
from tests.app.security import TOO_MANY, post_with_token, sign_in_pending
from tests.helpers import login_as

# ---------------------------------------------------------------- rate limits

# Each anonymous POST: its endpoint, the setting that limits it, and how to send it
# (the n-th time).
Send = Callable[[Any, int], Any]
RATE_LIMITS: dict[str, tuple[str, str, Send]] = {
    "question page": (
        "public.question",
        "ANONYMOUS_POST_RATE_LIMIT",
        lambda client, n: post_with_token(client, "/complain/where", {"place": "Leeds"}),
    ),
    "evidence upload": (
        "public.question",
        "ANONYMOUS_POST_RATE_LIMIT",
        lambda client, n: post_with_token(client, "/complain/evidence", {"action": "continue"}),
    ),
    "evidence remove": (
        "public.remove_evidence",
        "ANONYMOUS_POST_RATE_LIMIT",
        lambda client, n: post_with_token(client, f"/complain/evidence/{'0' * 32}/remove", {}),
    ),
    "check answers submit": (
        "public.submit",
        "SUBMIT_RATE_LIMIT",
        lambda client, n: post_with_token(client, "/complain/check-answers", {}),
    ),
    "track review": (
        "track.request_review",
        "TRACK_RATE_LIMIT",
        lambda client, n: post_with_token(client, "/track/review", {"reasons": "Look again."}),
    ),
    "track": (
        "track.track",
        "TRACK_RATE_LIMIT",
        lambda client, n: post_with_token(
            client, "/track", {"reference": "FR-AAAA-BBBB", "tracking_code": "AAAA-BBBB-CCCC"}
        ),
    ),
    "track reply": (
        "track.reply",
        "TRACK_RATE_LIMIT",
        lambda client, n: post_with_token(client, "/track/reply", {"reply": "The 14th."}),
    ),
    "track add evidence": (
        "track.add_evidence",
        "TRACK_RATE_LIMIT",
        lambda client, n: post_with_token(client, "/track/add-evidence", {}),
    ),
    "track withdraw": (
        "track.withdraw",
        "TRACK_RATE_LIMIT",
        lambda client, n: post_with_token(client, "/track/withdraw", {}),
    ),
    "track remove contact details": (
        "track.remove_contact_details",
        "TRACK_RATE_LIMIT",
        lambda client, n: post_with_token(client, "/track/remove-contact-details", {}),
    ),
    "save and come back later": (
        "saving.save",
        "SUBMIT_RATE_LIMIT",
        lambda client, n: post_with_token(client, "/complain/save", {"email": ""}),
    ),
    "return with a draft code": (
        "saving.return_with_code",
        "TRACK_RATE_LIMIT",
        lambda client, n: post_with_token(
            client, "/complain/return", {"draft_code": "AAAA-BBBB-CCCC"}
        ),
    ),
    "return with a link": (
        "saving.return_link",
        "TRACK_RATE_LIMIT",
        lambda client, n: post_with_token(client, "/complain/return/not-a-link", {}),
    ),
    "sign-in from one address": (
        "auth.sign_in",
        "SIGN_IN_RATE_LIMIT",
        lambda client, n: post_with_token(
            client, "/staff/sign-in", {"email": f"guess{n}@example.test", "password": "wrong"}
        ),
    ),
    "sign-in to one account": (
        "auth.sign_in",
        "SIGN_IN_ACCOUNT_RATE_LIMIT",
        lambda client, n: post_with_token(
            client,
            "/staff/sign-in",
            {"email": "someone@example.test", "password": "wrong"},
            environ_base={"REMOTE_ADDR": f"198.51.100.{n + 1}"},
        ),
    ),
    "security code": (
        "auth.verify_code",
        "SIGN_IN_RATE_LIMIT",
        lambda client, n: post_with_token(client, "/staff/security-code", {"code": "000000"}),
    ),
    "security code set-up": (
        "auth.set_up_code",
        "SIGN_IN_RATE_LIMIT",
        lambda client, n: post_with_token(
            client, "/staff/security-code/set-up", {"code": "000000"}
        ),
    ),
    "feedback": (
        "pages.feedback",
        "ANONYMOUS_POST_RATE_LIMIT",
        lambda client, n: post_with_token(client, "/feedback", {"satisfaction": "satisfied"}),
    ),
}


def test_every_anonymous_post_has_a_rate_limit_case(app):
    anonymous_posts = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and rule_for(app, rule.endpoint) in (PUBLIC, PENDING)
    }
    assert anonymous_posts == {endpoint for endpoint, _, _ in RATE_LIMITS.values()}


@pytest.mark.parametrize("kind", list(RATE_LIMITS))
def test_every_anonymous_post_is_rate_limited_with_a_clear_page(app, client, db, request, kind):
    _, setting, send = RATE_LIMITS[kind]
    if kind.startswith("security code"):
        user = request.getfixturevalue("administrator")
        if kind.endswith("set-up"):
            user.totp_confirmed_at = None
            db.session.commit()
        sign_in_pending(client, user)
    saved = app.config[setting]
    app.config[setting] = "2 per day"
    try:
        first, second, third = (send(client, n) for n in range(3))
    finally:
        app.config[setting] = saved
    assert first.status_code != 429
    assert second.status_code != 429
    assert third.status_code == 429
    assert TOO_MANY in third.get_data(as_text=True)
    assert int(third.headers["Retry-After"]) > 0
    # The limit is read on each request: with the usual limit back, it answers again.
    assert send(client, 3).status_code != 429


def test_signed_in_staff_posts_are_not_held_to_the_anonymous_limit(app, client, db, administrator):
    login_as(client, administrator)
    saved = app.config["ANONYMOUS_POST_RATE_LIMIT"]
    app.config["ANONYMOUS_POST_RATE_LIMIT"] = "1 per day"
    try:
        staff = [
            post_with_token(client, "/staff/users/new", {"name": ""}).status_code for _ in range(3)
        ]
        anonymous = app.test_client()
        strangers = [
            post_with_token(anonymous, "/staff/users/new", {"name": ""}).status_code
            for _ in range(2)
        ]
    finally:
        app.config["ANONYMOUS_POST_RATE_LIMIT"] = saved
    assert staff == [400, 400, 400]
    assert strangers == [302, 429]
