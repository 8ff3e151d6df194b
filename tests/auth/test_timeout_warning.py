"""The timeout warning's server side: how long a session has left (asking is not
activity), staying signed in (a POST with the CSRF token, which starts the idle limit
again and never the absolute one), what a staff page tells the warning, and the
sign-in page saying how long a session lasts, from the configuration."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest

from oversight.auth.durations import duration
from oversight.models import utcnow
from tests.auth.sign_in import HOME, SIGN_IN, events
from tests.helpers import csrf_token, login_as

STATUS = "/staff/session"
STAY = "/staff/session/stay-signed-in"


def aged(client, idle: timedelta, signed_in: timedelta = timedelta(hours=1)) -> None:
    """The client's session as if signed in `signed_in` ago and last active `idle` ago."""
    now = utcnow()
    with client.session_transaction() as session:
        session["signed_in_at"] = (now - signed_in).timestamp()
        session["last_seen"] = (now - idle).timestamp()


def last_seen(client) -> float:
    with client.session_transaction() as session:
        return float(session["last_seen"])


def token(client) -> str:
    with client.session_transaction() as session:
        before = session["last_seen"]
    value = csrf_token(client.get(HOME).get_data(as_text=True))
    with client.session_transaction() as session:
        session["last_seen"] = before  # opening the page was activity; undo it
    return value


def test_asking_how_long_is_left_does_not_keep_the_session_alive(client, staff):
    login_as(client, staff)
    aged(client, timedelta(minutes=20))
    before = last_seen(client)
    response = client.get(STATUS)
    assert response.status_code == 200
    left = response.get_json()
    assert 9 * 60 - 2 <= left["idle"] <= 10 * 60
    assert 11 * 3600 - 2 <= left["absolute"] <= 11 * 3600
    assert last_seen(client) == before
    assert response.headers["Cache-Control"] == "no-store"


def test_asking_again_and_again_still_lets_the_session_go_idle(client, db, staff):
    login_as(client, staff)
    aged(client, timedelta(minutes=29, seconds=50))
    for _ in range(5):
        assert client.get(STATUS).status_code == 200
    aged(client, timedelta(minutes=31))
    response = client.get(STATUS)
    assert response.status_code == 302
    assert response.location.startswith(SIGN_IN)
    assert [e.details["reason"] for e in events(db, "auth.signed_out")] == ["idle_timeout"]
    page = client.get(SIGN_IN).get_data(as_text=True)
    assert "You were signed out because you did nothing for 30 minutes." in page


def test_staying_signed_in_starts_the_idle_limit_again(client, staff):
    login_as(client, staff)
    aged(client, timedelta(minutes=28), signed_in=timedelta(hours=3))
    response = client.post(STAY, data={"csrf_token": token(client)})
    assert response.status_code == 200
    left = response.get_json()
    assert left["idle"] >= 30 * 60 - 2
    assert 9 * 3600 - 2 <= left["absolute"] <= 9 * 3600
    assert last_seen(client) >= utcnow().timestamp() - 5


def test_staying_signed_in_never_extends_the_12_hours(client, db, staff):
    login_as(client, staff)
    aged(client, timedelta(minutes=1), signed_in=timedelta(hours=11, minutes=59))
    assert client.post(STAY, data={"csrf_token": token(client)}).get_json()["absolute"] <= 60
    value = token(client)
    aged(client, timedelta(minutes=1), signed_in=timedelta(hours=12, minutes=1))
    response = client.post(STAY, data={"csrf_token": value})
    assert response.status_code == 302
    assert [e.details["reason"] for e in events(db, "auth.signed_out")] == ["absolute_timeout"]


def test_staying_signed_in_needs_the_csrf_token(client, staff):
    login_as(client, staff)
    aged(client, timedelta(minutes=28))
    before = last_seen(client)
    for data in ({}, {"csrf_token": "not-a-token"}):
        assert client.post(STAY, data=data).status_code == 400
    assert last_seen(client) == before
    assert client.get(STAY).status_code == 405


def test_an_ended_session_cannot_stay_signed_in(client, staff):
    login_as(client, staff)
    value = token(client)
    aged(client, timedelta(minutes=31))
    response = client.post(STAY, data={"csrf_token": value})
    assert response.status_code == 302
    assert response.location.startswith(SIGN_IN)
    assert client.get(HOME).status_code == 302


@pytest.mark.parametrize("path", [STATUS, STAY])
def test_nobody_signed_in_is_sent_to_sign_in(client, path):
    response = client.get(STATUS) if path == STATUS else client.post(STAY)
    assert response.status_code in (302, 400)
    if response.status_code == 302:
        assert response.location.startswith(SIGN_IN)


def test_a_staff_page_tells_the_warning_the_limits_and_the_way_back(client, staff):
    login_as(client, staff)
    html = client.get("/staff/account/password?x=1").get_data(as_text=True)
    dialog = re.search(r"<dialog[^>]*>", html)
    assert dialog, "no timeout dialog on a staff page"
    tag = dialog.group(0)
    assert 'data-idle="1800"' in tag or 'data-idle="1799"' in tag
    assert 'data-idle-warning="120"' in tag
    assert 'data-absolute-warning="600"' in tag
    assert 'data-status-url="/staff/session"' in tag
    assert 'data-sign-in-url="/staff/sign-in?next=/staff/account/password?x%3D1"' in tag
    assert 'aria-labelledby="app-timeout-heading"' in tag
    assert "Stay signed in" in html
    assert 'src="/static/timeout.mjs"' in html
    assert '<meta name="csrf-token"' in html


def test_a_signed_out_page_has_no_warning(client):
    html = client.get(SIGN_IN).get_data(as_text=True)
    assert "<dialog" not in html
    assert "timeout.mjs" not in html
    assert "drafts.mjs" not in html


def test_the_sign_in_page_says_how_long_a_session_lasts(client):
    html = client.get(SIGN_IN).get_data(as_text=True)
    assert (
        "You will be signed out after 30 minutes without activity, and after 12 hours in any case."
        in html
    )


def test_the_sign_in_page_and_messages_follow_the_configured_limits(app, client, db, staff):
    config = {
        "STAFF_IDLE_TIMEOUT": timedelta(minutes=90),
        "STAFF_ABSOLUTE_TIMEOUT": timedelta(hours=8),
    }
    saved = {name: app.config[name] for name in config}
    app.config.update(config)
    try:
        html = client.get(SIGN_IN).get_data(as_text=True)
        assert "after 1 hour 30 minutes without activity, and after 8 hours in any case" in html
        login_as(client, staff)
        aged(client, timedelta(minutes=91))
        client.get(HOME)
        page = client.get(SIGN_IN).get_data(as_text=True)
        assert "because you did nothing for 1 hour 30 minutes" in page
    finally:
        app.config.update(saved)


@pytest.mark.parametrize(
    ("length", "words"),
    [
        (timedelta(minutes=30), "30 minutes"),
        (timedelta(minutes=1), "1 minute"),
        (timedelta(hours=12), "12 hours"),
        (timedelta(hours=1, minutes=1), "1 hour 1 minute"),
        (timedelta(seconds=20), "20 seconds"),
    ],
)
def test_a_length_of_time_is_written_in_words(app, length, words):
    with app.test_request_context():
        assert duration(length) == words


def test_a_template_rendered_outside_a_request_needs_no_session(app):
    from flask import render_template_string

    with app.app_context():
        assert render_template_string("{{ timeout_warning }} {{ session_lengths.idle }}") == (
            "None 30 minutes"
        )
