"""Administrators disable and enable accounts, reset security codes and set passwords;
every action is audited and takes only a POST with a CSRF token."""

from __future__ import annotations

import html as html_lib

import pytest

from oversight.auth import passwords
from oversight.auth.models import Role
from oversight.models import utcnow
from tests.auth.users import (
    NEW_PASSWORD,
    USERS,
    account_changes,
    events,
    is_signed_out,
    post_on_account,
    reload,
    sign_in_with_password,
    signed_in_as,
)
from tests.factories import PASSWORD, TOTP_SECRET, make_user
from tests.helpers import current_code, login_as, post_page

# --- Disabling, enabling, security codes and passwords ----------------------------------


def test_disabling_an_account_ends_its_sessions_and_stops_sign_in(
    app, admin_client, db, colleague, administrator
):
    theirs = signed_in_as(app, colleague)
    response = post_on_account(admin_client, colleague, "/disable")
    assert response.status_code == 302
    assert "Account disabled" in admin_client.get(response.location).get_data(as_text=True)
    assert reload(db, colleague).disabled_at is not None
    assert is_signed_out(theirs)
    assert sign_in_with_password(app, colleague.email, PASSWORD).status_code == 400
    assert [e.action for e in account_changes(db)] == ["user.disabled"]
    [disabled] = account_changes(db)
    assert (disabled.actor, disabled.object_id) == (f"user:{administrator.id}", str(colleague.id))
    [refused] = events(db, "auth.sign_in_failed")
    assert refused.details["reason"] == "disabled"


def test_enabling_an_account_lets_its_owner_sign_in_again(app, admin_client, db, administrator):
    user = make_user({Role.CASEWORKER}, email="dormant@example.com", disabled_at=utcnow())
    db.session.commit()
    response = post_on_account(admin_client, user, "/enable")
    assert response.status_code == 302
    assert reload(db, user).active
    signing_in = app.test_client()
    post_page(signing_in, "/staff/sign-in", {"email": user.email, "password": PASSWORD})
    code = post_page(signing_in, "/staff/security-code", {"code": current_code(TOTP_SECRET)})
    assert code.status_code == 302
    assert signing_in.get("/staff").status_code == 200
    [enabled] = account_changes(db)
    assert (enabled.action, enabled.actor, enabled.object_id) == (
        "user.enabled",
        f"user:{administrator.id}",
        str(user.id),
    )


def test_an_administrator_cannot_disable_their_own_account(client, db, administrator):
    login_as(client, administrator)
    response = post_on_account(client, administrator, "/disable")
    assert response.status_code == 302
    page = client.get(response.location)
    assert page.status_code == 200
    assert "You cannot disable your own account" in page.get_data(as_text=True)
    assert reload(db, administrator).active
    assert account_changes(db) == []


def test_resetting_a_security_code_makes_its_owner_set_up_a_new_one(
    app, admin_client, db, colleague, administrator
):
    theirs = signed_in_as(app, colleague)
    response = post_on_account(admin_client, colleague, "/reset-security-code")
    assert response.status_code == 302
    user = reload(db, colleague)
    assert (user.totp_secret, user.totp_confirmed_at) == (None, None)
    assert is_signed_out(theirs)
    signing_in = sign_in_with_password(app, colleague.email, PASSWORD)
    assert signing_in.location == "/staff/security-code/set-up"
    [reset] = account_changes(db)
    assert (reset.action, reset.actor, reset.object_id) == (
        "user.mfa_reset",
        f"user:{administrator.id}",
        str(colleague.id),
    )


def test_an_administrator_sets_a_new_password_and_old_sessions_end(
    app, admin_client, db, colleague, administrator
):
    theirs = signed_in_as(app, colleague)
    response = post_on_account(
        admin_client,
        colleague,
        "/password",
        {"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD},
    )
    assert response.status_code == 302
    user = reload(db, colleague)
    assert passwords.verify_password(user.password_hash, NEW_PASSWORD)
    assert not passwords.verify_password(user.password_hash, PASSWORD)
    assert is_signed_out(theirs)
    [reset] = account_changes(db)
    assert (reset.action, reset.actor, reset.object_id) == (
        "user.password_reset",
        f"user:{administrator.id}",
        str(colleague.id),
    )


@pytest.mark.parametrize(
    ("new", "confirm", "message"),
    [
        ("", "", "Enter a new password"),
        (NEW_PASSWORD, "something else entirely", "The passwords do not match"),
        ("too short", "too short", "Password must be 12 characters or more"),
        (
            "qwerty123456",
            "qwerty123456",
            "Choose a password that is harder to guess: this one is too common",
        ),
        (
            "Casey Colleague",
            "Casey Colleague",
            "Choose a password that is not your name or email address",
        ),
    ],
)
def test_a_bad_new_password_is_shown_as_a_govuk_error_and_nothing_changes(
    admin_client, db, colleague, new, confirm, message
):
    response = post_on_account(
        admin_client, colleague, "/password", {"new_password": new, "confirm_password": confirm}
    )
    html = html_lib.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "<title>Error:" in html
    assert html.count(message) == 2
    assert 'href="#new_password"' in html or 'href="#confirm_password"' in html
    assert passwords.verify_password(reload(db, colleague).password_hash, PASSWORD)
    assert account_changes(db) == []


def test_an_account_that_does_not_exist_is_not_found(admin_client, db):
    assert admin_client.get(f"{USERS}/999999").status_code == 404


@pytest.mark.parametrize("action", ["/disable", "/enable", "/reset-security-code", "/password"])
def test_account_actions_only_take_a_post(admin_client, db, colleague, action):
    assert admin_client.get(f"{USERS}/{colleague.id}{action}").status_code == 405


@pytest.mark.parametrize("action", ["/disable", "/reset-security-code"])
def test_an_account_action_without_a_csrf_token_is_refused(admin_client, db, colleague, action):
    response = admin_client.post(f"{USERS}/{colleague.id}{action}")
    assert response.status_code == 400
    user = reload(db, colleague)
    assert user.active and user.mfa_enrolled
    assert account_changes(db) == []
