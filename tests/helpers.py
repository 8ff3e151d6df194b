"""Helpers for driving the app as a browser would."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient

CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = CSRF_INPUT.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def post_page(client: FlaskClient, url: str, data: dict[str, Any], **kwargs: Any) -> Any:
    """Open a page as a browser would, then send its form with the page's CSRF token."""
    page = client.get(url)
    payload = {"csrf_token": csrf_token(page.get_data(as_text=True)), **data}
    return client.post(url, data=payload, **kwargs)


def answer_everything(client: FlaskClient, anonymous: bool = False, **overrides: Any) -> None:
    """Answer every question of the journey, as a person filling in the form would."""
    pages: list[tuple[str, dict[str, Any]]] = [
        ("technology", {"technology": "lfr"}),
        ("force", {"force": "south-wales"}),
        (
            "when",
            {"incident_date-day": "14", "incident_date-month": "6", "incident_date-year": "2026"},
        ),
        ("where", {"place": "Cardiff city centre"}),
        ("what-happened", {"what_happened": "A camera van was scanning faces."}),
        ("concerns", {"concerns": ["no_notice", "protest_or_event"]}),
        ("involvement", {"relation": "passer_by"}),
        ("outcome", {"outcome_wanted": "An explanation."}),
        ("evidence", {"action": "continue"}),
        ("contact", {"wants_contact": "no" if anonymous else "yes"}),
    ]
    if not anonymous:
        pages += [
            (
                "contact-details",
                {
                    "name": "Jo Bloggs",
                    "email": "jo@example.com",
                    "phone": "",
                    "preferred_contact": "email",
                },
            ),
            ("consent", {"consent_to_share": "yes"}),
        ]
    for slug, data in pages:
        data = {**data, **overrides.get(slug, {})}
        response = post_page(client, f"/complain/{slug}", data)
        assert response.status_code == 302, f"{slug}: {response.status_code}"
        if response.location == "/complain/deployment":
            # Asked only when the force published deployments on the day given.
            picked = overrides.get("deployment", {"deployment": "none"})
            response = post_page(client, "/complain/deployment", picked)
            assert response.status_code == 302, f"deployment: {response.status_code}"


def send_complaint(client: FlaskClient) -> Any:
    """Send the answered complaint from check your answers; returns the final response."""
    return post_page(client, "/complain/check-answers", {}, follow_redirects=True)


REFERENCE = re.compile(r'class="app-reference">([A-Z0-9-]+)<')
TRACKING_CODE = re.compile(r'class="app-tracking-code">([A-Z0-9-]+)<')


def reference_and_code(html: str) -> tuple[str, str | None]:
    reference = REFERENCE.search(html)
    assert reference, "no reference on the page"
    code = TRACKING_CODE.search(html)
    return reference.group(1), code.group(1) if code else None


def login_as(client: FlaskClient, user: Any) -> None:
    """Give the client a fully signed-in staff session (password and second factor done)."""
    from oversight.models import utcnow

    now = utcnow().timestamp()
    with client.session_transaction() as session:
        session.clear()
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
        session["signed_in_at"] = now
        session["last_seen"] = now


def current_code(secret: str, offset_steps: int = 0) -> str:
    """The TOTP code an authenticator app would show now (or a step later)."""
    import time

    import pyotp

    return pyotp.TOTP(secret).at(time.time() + 30 * offset_steps)
