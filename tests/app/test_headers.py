"""Security headers on every page the app answers with: the content security policy
and its nonce, no caching of staff pages, and error pages that reveal nothing."""

from __future__ import annotations

import re

import pytest

from tests.app.pages import ERRORS, INLINE_SCRIPT, PAGES, STAFF_PAGES, directives


def test_every_status_the_app_answers_with_is_checked():
    assert {status for _, status in PAGES.values()} == {200, 302, 400, 403, 404, 405, 413, 429, 500}


@pytest.mark.parametrize("kind", list(PAGES))
def test_every_page_carries_the_security_headers(client, db, request, kind):
    reach, status = PAGES[kind]
    response = reach(client, request, "")
    assert response.status_code == status
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    policy = directives(csp)
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert policy["frame-ancestors"] == "'none'"
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    nonce = re.fullmatch(r"'self' 'nonce-([A-Za-z0-9_-]{16,})'", policy["script-src"])
    assert nonce, policy["script-src"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in headers
    if kind == "static file":
        assert "no-store" not in headers.get("Cache-Control", "")
        return
    assert headers["Cache-Control"] == "no-store"
    if status == 302:
        return
    html = response.get_data(as_text=True)
    scripts = INLINE_SCRIPT.findall(html)
    assert scripts, "GOV.UK Frontend's inline script is missing"
    for attributes in scripts:
        assert f'nonce="{nonce.group(1)}"' in attributes
    # Inline styles and event handlers would need 'unsafe-inline' too.
    assert not re.search(r"<[^>]+\s(style|on[a-z]+)=", html, re.IGNORECASE)
    assert "javascript:" not in html.lower()


def test_each_page_gets_a_new_nonce(client):
    nonces = set()
    for _ in range(3):
        response = client.get("/track")
        nonces.add(directives(response.headers["Content-Security-Policy"])["script-src"])
        assert re.search(r'<script nonce="([^"]+)"', response.get_data(as_text=True))
    assert len(nonces) == 3


@pytest.mark.parametrize("kind", sorted(STAFF_PAGES))
def test_staff_pages_are_never_cached(client, db, request, kind):
    reach, _ = PAGES[kind]
    assert reach(client, request, "").headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("kind", ERRORS)
def test_error_pages_reveal_no_stack_trace_version_or_query(client, db, request, kind):
    reach, status = PAGES[kind]
    response = reach(client, request, "?secret=abc123&email=jo%40example.com")
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert '<h1 class="govuk-heading-l">' in html
    for leak in (
        "abc123",
        "jo@example.com",
        "jo%40example.com",
        "Werkzeug",
        "Python",
        "Traceback",
        'File "',
        "SELECT",
        "no_such_table",
        "secret_column",
        "sqlalchemy",
        "OperationalError",
    ):
        assert leak not in html, leak
    for name, value in response.headers.items():
        assert "abc123" not in value, name
        assert "Werkzeug" not in value, name


def test_a_wrong_method_says_which_methods_the_address_accepts(client):
    response = client.get("/staff/sign-out")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"OPTIONS", "POST"}
