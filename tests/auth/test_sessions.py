"""Staff sessions: a new cookie at sign-in, signing out, changing a password, disabled
accounts, idle and absolute time-outs, and no remember-me."""

from __future__ import annotations

from datetime import timedelta

import pytest
from flask import request, request_finished
from flask_login import current_user

from oversight.auth import passwords
from oversight.models import utcnow
from tests.auth.sign_in import (
    HOME,
    SIGN_IN,
    client_with_cookie,
    enter_code,
    enter_password,
    events,
    post_from,
    reaches_staff_home,
    reload,
    session_cookie,
    sign_in,
    sign_out,
)
from tests.factories import PASSWORD, TOTP_SECRET
from tests.helpers import csrf_token, current_code, login_as, post_page

# Sessions ---------------------------------------------------------------------------------


def test_the_session_cookie_changes_at_sign_in_and_an_earlier_copy_gives_no_access(
    app, client, staff
):
    client.get(SIGN_IN)
    before = session_cookie(client)
    assert enter_password(client, staff.email).status_code == 302
    between = session_cookie(client)
    assert enter_code(client, current_code(TOTP_SECRET)).status_code == 302
    after = session_cookie(client)
    assert len({before, between, after}) == 3
    assert reaches_staff_home(client)
    for copy in (before, between):
        assert not reaches_staff_home(client_with_cookie(app, copy))


def test_signing_out_ends_the_session_and_every_copy_of_its_cookie(app, client, db, staff):
    sign_in(client, staff)
    copy = session_cookie(client)
    response = sign_out(client)
    assert response.headers["Location"] == SIGN_IN
    assert "You have signed out" in client.get(SIGN_IN).get_data(as_text=True)
    assert not reaches_staff_home(client)
    assert not reaches_staff_home(client_with_cookie(app, copy))


def test_signing_out_is_a_post(client, staff):
    login_as(client, staff)
    assert client.get("/staff/sign-out").status_code == 405
    assert client.post("/staff/sign-out").status_code == 400  # no CSRF token
    assert reaches_staff_home(client)


def test_changing_your_password_ends_your_other_sessions_but_not_this_one(app, client, db, staff):
    sign_in(client, staff)
    copy = session_cookie(client)
    laptop = app.test_client()
    login_as(laptop, staff)
    assert reaches_staff_home(laptop)

    new = "a brand new passphrase"
    response = post_page(
        client,
        "/staff/account/password",
        {"current_password": PASSWORD, "new_password": new, "confirm_password": new},
    )
    assert response.headers["Location"] == HOME
    assert reaches_staff_home(client)
    assert not reaches_staff_home(laptop)
    assert not reaches_staff_home(client_with_cookie(app, copy))
    assert passwords.verify_password(reload(db, staff).password_hash, new)


def test_after_changing_your_password_the_same_request_still_knows_who_you_are(
    app, client, db, staff
):
    # login_user is given the account itself: were it given the current_user proxy, the
    # proxy would look itself up for ever the next time anything read current_user.
    seen: list[str] = []

    def read_current_user(sender, response, **extra):
        if request.endpoint == "auth.change_password" and request.method == "POST":
            seen.append(current_user.email)

    login_as(client, staff)
    new = "a brand new passphrase"
    with request_finished.connected_to(read_current_user, app):
        response = post_page(
            client,
            "/staff/account/password",
            {"current_password": PASSWORD, "new_password": new, "confirm_password": new},
        )
    assert response.status_code == 302
    assert seen == [staff.email]


def test_changing_your_password_needs_the_current_one(client, db, staff):
    login_as(client, staff)
    new = "a brand new passphrase"
    response = post_page(
        client,
        "/staff/account/password",
        {"current_password": "not my password", "new_password": new, "confirm_password": new},
    )
    assert response.status_code == 400
    assert "Your current password is not right" in response.get_data(as_text=True)
    assert passwords.verify_password(reload(db, staff).password_hash, PASSWORD)


def test_disabling_an_account_ends_its_sessions(app, client, db, staff, administrator):
    sign_in(client, staff)
    copy = session_cookie(client)
    admin = app.test_client()
    login_as(admin, administrator)
    page = f"/staff/users/{staff.id}"
    response = post_from(admin, page, f"/staff/users/{staff.id}/disable")
    assert response.status_code == 302
    assert not reaches_staff_home(client)
    assert not reaches_staff_home(client_with_cookie(app, copy))
    # Enabling it again does not bring the old sessions back.
    assert post_from(admin, page, f"/staff/users/{staff.id}/enable").status_code == 302
    assert not reaches_staff_home(client_with_cookie(app, copy))


@pytest.mark.parametrize(
    "signed_in_ago, last_seen_ago, still_signed_in, reason",
    [
        (timedelta(hours=1), timedelta(minutes=29), True, None),
        (timedelta(hours=1), timedelta(minutes=31), False, "idle_timeout"),
        (timedelta(hours=11, minutes=59), timedelta(minutes=1), True, None),
        (timedelta(hours=12, minutes=1), timedelta(minutes=1), False, "absolute_timeout"),
    ],
    ids=["idle-29m", "idle-31m", "signed-in-11h59m", "signed-in-12h01m"],
)
def test_a_session_ends_after_30_idle_minutes_or_12_hours(
    client, db, staff, signed_in_ago, last_seen_ago, still_signed_in, reason
):
    login_as(client, staff)
    now = utcnow()
    with client.session_transaction() as session:
        session["signed_in_at"] = (now - signed_in_ago).timestamp()
        session["last_seen"] = (now - last_seen_ago).timestamp()
    assert reaches_staff_home(client) is still_signed_in
    if reason:
        assert [e.details["reason"] for e in events(db, "auth.signed_out")] == [reason]
        assert "You were signed out because" in client.get(SIGN_IN).get_data(as_text=True)
        # The expired cookie stays expired, and the page does not sign the person back in.
        assert not reaches_staff_home(client)


def test_using_the_service_keeps_a_session_alive_until_12_hours(client, monkeypatch, staff):
    import oversight.access

    start = utcnow()
    clock = {"now": start}
    monkeypatch.setattr(oversight.access, "utcnow", lambda: clock["now"])
    login_as(client, staff)
    for minutes in range(25, 12 * 60, 25):
        clock["now"] = start + timedelta(minutes=minutes)
        assert reaches_staff_home(client), f"signed out after {minutes} minutes"
    clock["now"] = start + timedelta(hours=12, minutes=1)
    assert not reaches_staff_home(client)


def test_no_remember_me_cookie_is_ever_set(client, db, staff):
    page = client.get(SIGN_IN).get_data(as_text=True)
    assert "remember" not in page.lower()
    responses = [
        client.post(
            SIGN_IN,
            data={"csrf_token": csrf_token(page), "email": staff.email, "password": PASSWORD},
        ),
        enter_code(client, current_code(TOTP_SECRET)),
        client.get(HOME),
        sign_out(client),
    ]
    for response in responses:
        for header in response.headers.getlist("Set-Cookie"):
            assert not header.startswith("remember_token"), header
    assert client.get_cookie("remember_token") is None
