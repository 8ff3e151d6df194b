"""Administrators list staff accounts and create them in the web UI; every new account
is audited."""

from __future__ import annotations

import html as html_lib

import pytest
import sqlalchemy as sa

from oversight.auth import passwords
from oversight.auth.models import Role, User
from tests.auth.users import GOOD, NEW, USERS, account_changes, checked_roles, sign_in_with_password
from tests.helpers import post_page

# --- Listing and creating ----------------------------------------------------------------


def test_an_administrator_sees_every_staff_account(admin_client, db, colleague, administrator):
    html = admin_client.get(USERS).get_data(as_text=True)
    for user in (colleague, administrator):
        assert user.name in html
        assert user.email in html
        assert f'href="{USERS}/{user.id}"' in html


def test_an_administrator_creates_an_account_with_its_roles(admin_client, db, administrator):
    response = post_page(admin_client, NEW, GOOD)
    assert response.status_code == 302
    assert response.location == USERS
    user = db.session.scalar(sa.select(User).where(User.email == "robin.newcomer@example.com"))
    assert user.name == "Robin Newcomer"
    assert user.roles == {Role.CASEWORKER, Role.STATISTICIAN}
    assert passwords.verify_password(user.password_hash, GOOD["password"])
    assert not user.mfa_enrolled
    assert "Account created for Robin Newcomer" in admin_client.get(USERS).get_data(as_text=True)
    [event] = account_changes(db)
    assert (event.action, event.actor, event.object_id) == (
        "user.created",
        f"user:{administrator.id}",
        str(user.id),
    )
    assert event.details == {
        "email": "robin.newcomer@example.com",
        "roles": ["caseworker", "statistician"],
    }
    assert GOOD["password"] not in str(event.details)


def test_a_new_account_sets_up_its_security_code_at_first_sign_in(admin_client, app, db):
    post_page(admin_client, NEW, GOOD)
    response = sign_in_with_password(app, GOOD["email"], GOOD["password"])
    assert response.status_code == 302
    assert response.location == "/staff/security-code/set-up"


@pytest.mark.parametrize(
    ("field", "answer", "message"),
    [
        ("name", "", "Enter the person’s full name"),
        ("email", "", "Enter an email address"),
        (
            "email",
            "robin at example",
            "Enter an email address in the correct format, like name@example.com",
        ),
        ("roles", [], "Select at least one role"),
        ("roles", ["superuser"], None),
        ("password", "", "Enter a first password"),
        ("password", "too short", "Password must be 12 characters or more"),
        ("password", "x" * 129, "Password must be 128 characters or fewer"),
        (
            "password",
            "qwerty123456",
            "Choose a password that is harder to guess: this one is too common",
        ),
        (
            "password",
            "aaaaaaaaaaaaaaaa",
            "Choose a password that is harder to guess: this one is too common",
        ),
        ("password", "Robin Newcomer", "Choose a password that is not your name or email address"),
        (
            "password",
            "robin.newcomer@example.com",
            "Choose a password that is not your name or email address",
        ),
    ],
)
def test_a_bad_answer_on_the_new_account_form_is_shown_as_a_govuk_error_and_nothing_is_made(
    admin_client, db, field, answer, message
):
    response = post_page(admin_client, NEW, {**GOOD, field: answer})
    html = html_lib.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "<title>Error:" in html
    assert 'class="govuk-error-summary"' in html
    assert f'href="#{field}' in html
    assert 'class="govuk-error-message"' in html
    if message:
        assert html.count(message) == 2  # in the summary and beside the answer
    assert db.session.scalar(sa.select(User).where(User.name == GOOD["name"])) is None
    assert account_changes(db) == []


def test_answers_are_kept_when_the_new_account_form_has_an_error_but_the_password_is_not(
    admin_client, db
):
    response = post_page(admin_client, NEW, {**GOOD, "password": "too short"})
    html = response.get_data(as_text=True)
    assert 'value="Robin Newcomer"' in html
    assert 'value="Robin.Newcomer@Example.com"' in html
    assert checked_roles(html) == {"caseworker", "statistician"}
    assert "too short" not in html


@pytest.mark.parametrize("email", ["casey@example.com", " CASEY@Example.COM "])
def test_an_address_that_already_has_an_account_is_refused(admin_client, db, colleague, email):
    response = post_page(admin_client, NEW, {**GOOD, "email": email})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert html.count("An account with this email address already exists") == 2
    assert 'href="#email"' in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 2
    assert account_changes(db) == []
