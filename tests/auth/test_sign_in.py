"""Sign-in: a password and a second factor, setting up the code at first sign-in,
and returning to the page asked for."""

from __future__ import annotations

import pytest

from oversight.auth import totp
from oversight.auth.models import Role
from oversight.models import utcnow
from tests.auth.sign_in import (
    ENTER_CODE,
    HOME,
    SET_UP_CODE,
    SETUP_KEY,
    SIGN_IN,
    WRONG,
    enter_code,
    enter_password,
    reaches_staff_home,
    reload,
    same_page,
    set_up_page,
    sign_in,
    sign_out,
    wrong_code,
)
from tests.factories import PASSWORD, TOTP_SECRET, make_user
from tests.helpers import csrf_token, current_code, login_as

# Sign-in ----------------------------------------------------------------------------------


def test_a_right_password_and_code_reach_the_staff_home_page(client, staff):
    sign_in(client, staff)
    response = client.get(HOME)
    assert response.status_code == 200
    assert "Hello, Staff Member" in response.get_data(as_text=True)


def test_a_wrong_password_and_an_unknown_account_get_the_same_message(client, staff):
    wrong_password = enter_password(client, staff.email, "not the right password")
    unknown = enter_password(client, "nobody@example.test", PASSWORD)
    assert wrong_password.status_code == unknown.status_code == 400
    pages = [r.get_data(as_text=True) for r in (wrong_password, unknown)]
    for page in pages:
        assert WRONG in page
    assert same_page(pages[0], staff.email) == same_page(pages[1], "nobody@example.test")
    assert not reaches_staff_home(client)


def test_a_disabled_account_cannot_sign_in_even_with_the_right_password(client, db, staff):
    staff.disabled_at = utcnow()
    db.session.commit()
    response = enter_password(client, staff.email)
    assert response.status_code == 400
    assert WRONG in response.get_data(as_text=True)
    assert client.get(ENTER_CODE).headers["Location"] == SIGN_IN


def test_an_email_address_is_matched_whatever_its_case(client, staff):
    response = enter_password(client, "  " + staff.email.upper())
    assert response.headers["Location"] == ENTER_CODE


def test_a_password_alone_never_reaches_a_staff_page(client, staff, administrator):
    assert enter_password(client, staff.email).status_code == 302
    for page in (HOME, "/staff/account/password", "/staff/users", "/staff/audit"):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response.headers["Location"].startswith(SIGN_IN), page


def test_a_password_alone_never_reaches_a_staff_page_before_enrolment(client, db):
    user = make_user({Role.ADMINISTRATOR}, email="new@example.test", enrolled=False)
    db.session.commit()
    assert enter_password(client, user.email).headers["Location"] == SET_UP_CODE
    assert not reaches_staff_home(client)
    # Nor does a forged session naming the account before it has a second factor.
    login_as(client, user)
    assert not reaches_staff_home(client)


@pytest.mark.parametrize("url", [ENTER_CODE, SET_UP_CODE])
def test_the_code_pages_need_a_password_first(client, staff, url):
    assert client.get(url).headers["Location"] == SIGN_IN
    token = csrf_token(client.get(SIGN_IN).get_data(as_text=True))
    response = client.post(url, data={"csrf_token": token, "code": current_code(TOTP_SECRET)})
    assert response.headers["Location"] == SIGN_IN
    assert not reaches_staff_home(client)


def test_first_sign_in_sets_up_a_code_with_a_qr_code_and_a_setup_key(client, db):
    user = make_user({Role.CASEWORKER}, email="new@example.test", enrolled=False)
    db.session.commit()
    secret, qr = set_up_page(client, user)
    assert reload(db, user).totp_secret == secret
    assert qr == totp.qr_svg_data_uri(totp.provisioning_uri(secret, user.email))
    assert "secret=" + secret in totp.provisioning_uri(secret, user.email)

    response = enter_code(client, current_code(secret), SET_UP_CODE)
    assert response.status_code == 302
    assert response.headers["Location"] == HOME
    assert reaches_staff_home(client)
    assert reload(db, user).mfa_enrolled


def test_the_setup_key_stays_the_same_until_a_code_confirms_it(client, db):
    user = make_user({Role.CASEWORKER}, email="new@example.test", enrolled=False)
    db.session.commit()
    first, _ = set_up_page(client, user)
    assert enter_code(client, wrong_code(first), SET_UP_CODE).status_code == 400
    second = SETUP_KEY.search(client.get(SET_UP_CODE).get_data(as_text=True))
    assert second and second.group(1).replace(" ", "") == first


def test_a_wrong_code_does_not_complete_enrolment(client, db):
    user = make_user({Role.CASEWORKER}, email="new@example.test", enrolled=False)
    db.session.commit()
    secret, _ = set_up_page(client, user)
    response = enter_code(client, wrong_code(secret), SET_UP_CODE)
    assert response.status_code == 400
    assert "The code is not right" in response.get_data(as_text=True)
    assert not reload(db, user).mfa_enrolled
    assert not reaches_staff_home(client)


@pytest.mark.parametrize(
    "code",
    [
        wrong_code,
        lambda: current_code(TOTP_SECRET, offset_steps=-3),
        lambda: current_code(TOTP_SECRET, offset_steps=3),
        lambda: "12345",
        lambda: "abcdef",
    ],
    ids=["wrong", "old", "future", "short", "letters"],
)
def test_a_wrong_code_is_refused(client, staff, code):
    assert enter_password(client, staff.email).status_code == 302
    response = enter_code(client, code())
    assert response.status_code == 400
    assert "The code is not right" in response.get_data(as_text=True)
    assert not reaches_staff_home(client)


def test_a_code_cannot_be_used_twice(client, staff):
    code = current_code(TOTP_SECRET)
    sign_in(client, staff, code)
    assert sign_out(client).status_code == 302

    assert enter_password(client, staff.email).status_code == 302
    response = enter_code(client, code)
    assert response.status_code == 400
    assert "it has been used" in response.get_data(as_text=True)
    assert not reaches_staff_home(client)


def test_a_code_from_before_the_last_one_used_is_refused(client, db, staff):
    # The code of the step before now is normally allowed, for clocks a little out ...
    staff.totp_last_step = int(utcnow().timestamp() // totp.STEP_SECONDS) - 2
    db.session.commit()
    assert enter_password(client, staff.email).status_code == 302
    assert enter_code(client, current_code(TOTP_SECRET, offset_steps=-1)).status_code == 302
    assert sign_out(client).status_code == 302
    # ... but not once a later code has been used.
    staff = reload(db, staff)
    staff.totp_last_step = int(utcnow().timestamp() // totp.STEP_SECONDS)
    db.session.commit()
    assert enter_password(client, staff.email).status_code == 302
    assert enter_code(client, current_code(TOTP_SECRET, offset_steps=-1)).status_code == 400
    assert not reaches_staff_home(client)


@pytest.mark.parametrize("seconds, completes", [(290, True), (310, False)])
def test_a_password_waits_five_minutes_for_its_code(client, staff, seconds, completes):
    assert enter_password(client, staff.email).status_code == 302
    token = csrf_token(client.get(ENTER_CODE).get_data(as_text=True))
    with client.session_transaction() as session:
        session["pending_at"] -= seconds
    response = client.post(
        ENTER_CODE, data={"csrf_token": token, "code": current_code(TOTP_SECRET)}
    )
    if completes:
        assert response.headers["Location"] == HOME
        assert reaches_staff_home(client)
    else:
        assert response.headers["Location"] == SIGN_IN
        assert "took too long" in client.get(SIGN_IN).get_data(as_text=True)
        assert not reaches_staff_home(client)


def test_sign_in_returns_to_the_page_asked_for_but_never_to_another_site(client, staff):
    response = client.get("/staff/account/password")
    assert response.headers["Location"] == SIGN_IN + "?next=/staff/account/password"
    client.get(response.headers["Location"])
    sign_in(client, staff)
    assert client.get(HOME).status_code == 200

    other = client.application.test_client()
    other.get(SIGN_IN + "?next=//evil.example/")
    assert enter_password(other, staff.email).status_code == 302
    response = enter_code(other, current_code(TOTP_SECRET, offset_steps=1))
    assert response.headers["Location"] == HOME
