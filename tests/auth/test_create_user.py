"""`flask create-user`: the first administrator, made with the CLI runner."""

from __future__ import annotations

import pytest

from oversight.auth import services
from oversight.auth.models import Role
from tests.auth.sign_in import SET_UP_CODE, enter_password, events, reaches_staff_home

# Commands ---------------------------------------------------------------------------------


FIRST_PASSWORD = "the first administrator's password"


def create_user(runner, password: str = FIRST_PASSWORD):
    return runner.invoke(
        args=[
            "create-user",
            "--email",
            "First.Admin@Example.test",
            "--name",
            "First Admin",
            "--role",
            "administrator",
            "--password",
            password,
        ]
    )


def test_create_user_makes_an_account_that_sets_up_a_code_at_first_sign_in(client, db, runner):
    result = create_user(runner)
    assert result.exit_code == 0, result.output
    assert "first.admin@example.test" in result.output
    user = services.find_by_email("first.admin@example.test")
    assert user is not None
    assert user.roles == {Role.ADMINISTRATOR}
    assert not user.mfa_enrolled
    assert user.password_hash.startswith("$argon2id$")

    response = enter_password(client, "first.admin@example.test", FIRST_PASSWORD)
    assert response.headers["Location"] == SET_UP_CODE
    assert not reaches_staff_home(client)
    assert [e.actor for e in events(db, "user.created")] == ["cli"]


@pytest.mark.parametrize(
    "password, message",
    [
        ("too short", "Password must be 12 characters or more"),
        ("password1234", "Choose a password that is harder to guess"),
        ("x" * 129, "Password must be 128 characters or fewer"),
    ],
)
def test_create_user_refuses_a_bad_password_with_a_clear_message(db, runner, password, message):
    result = create_user(runner, password)
    assert result.exit_code == 1
    assert f"Error: {message}" in result.output
    assert "Traceback" not in result.output
    assert services.find_by_email("first.admin@example.test") is None


def test_create_user_refuses_an_email_address_already_in_use(db, runner):
    assert create_user(runner).exit_code == 0
    result = create_user(runner)
    assert result.exit_code == 1
    assert "already exists" in result.output
