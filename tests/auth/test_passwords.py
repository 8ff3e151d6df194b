"""Password rules: length, no required mix, common passwords refused, argon2id, and no
hashing of an over-long password."""

from __future__ import annotations

from typing import Any

import pytest

from oversight.auth import passwords, services
from oversight.auth.models import Role
from tests.auth.sign_in import enter_password
from tests.factories import PASSWORD
from tests.helpers import login_as, post_page


class SpyHasher:
    """Stands in for the argon2 hasher and remembers every call."""

    def __init__(self, real: Any) -> None:
        self.real = real
        self.calls: list[tuple[str, int]] = []

    def hash(self, password: str) -> str:
        self.calls.append(("hash", len(password)))
        return self.real.hash(password)

    def verify(self, stored: str, password: str) -> bool:
        self.calls.append(("verify", len(password)))
        return self.real.verify(stored, password)


@pytest.fixture
def hasher(monkeypatch) -> SpyHasher:
    spy = SpyHasher(passwords._hasher)
    monkeypatch.setattr(passwords, "_hasher", spy)
    return spy


# Password rules ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "password, allowed",
    [
        ("abcdefghijk", False),
        ("abcdefghijkl", True),
        ("abcdefghij" * 12 + "abcdefgh", True),  # 128
        ("abcdefghij" * 12 + "abcdefghi", False),  # 129
    ],
    ids=["11", "12", "128", "129"],
)
def test_a_password_must_be_12_to_128_characters_long(password, allowed):
    if allowed:
        passwords.check_new_password(password)
    else:
        with pytest.raises(passwords.PasswordProblem, match=r"characters or (more|fewer)"):
            passwords.check_new_password(password)


@pytest.mark.parametrize(
    "password",
    [
        "lowercase only words here",
        "UPPERCASE ONLY WORDS",
        "739184620573",
        "no digits or symbols at all",
        "ünïcödé wörds ønly",
    ],
)
def test_a_password_needs_no_particular_mix_of_characters(password):
    passwords.check_new_password(password)


@pytest.mark.parametrize(
    "password", ["password1234", "PASSWORD1234", "Qwerty123456", "LeaveMeAlone", "aaaaaaaaaaaa"]
)
def test_a_common_password_is_refused_whatever_its_case(password):
    with pytest.raises(passwords.PasswordProblem, match="too common"):
        passwords.check_new_password(password)


def test_a_password_that_is_the_persons_email_address_is_refused():
    with pytest.raises(passwords.PasswordProblem, match="email address"):
        passwords.check_new_password(
            "jo.bloggs.staff@example.test", email="Jo.Bloggs.Staff@example.test"
        )


def test_passwords_are_stored_as_argon2id_hashes(db, staff):
    assert staff.password_hash.startswith("$argon2id$")
    assert PASSWORD not in staff.password_hash
    assert passwords.verify_password(staff.password_hash, PASSWORD)


def test_a_common_password_is_refused_when_changing_your_own(client, staff):
    login_as(client, staff)
    response = post_page(
        client,
        "/staff/account/password",
        {
            "current_password": PASSWORD,
            "new_password": "Password1234",
            "confirm_password": "Password1234",
        },
    )
    assert response.status_code == 400
    assert "too common" in response.get_data(as_text=True)


def test_an_over_long_password_is_refused_at_sign_in_before_any_hashing(client, staff, hasher):
    response = enter_password(client, staff.email, "x" * 10_000)
    assert response.status_code == 400
    assert "Password must be 128 characters or fewer" in response.get_data(as_text=True)
    assert hasher.calls == []


@pytest.mark.parametrize("field", ["current_password", "new_password"])
def test_an_over_long_password_is_refused_on_the_password_page_before_any_hashing(
    client, staff, hasher, field
):
    login_as(client, staff)
    answers = {
        "current_password": PASSWORD,
        "new_password": "a brand new passphrase",
        "confirm_password": "a brand new passphrase",
    }
    answers[field] = "x" * 10_000
    if field == "new_password":
        answers["confirm_password"] = answers[field]
    response = post_page(client, "/staff/account/password", answers)
    assert response.status_code == 400
    assert "Password must be 128 characters or fewer" in response.get_data(as_text=True)
    assert hasher.calls == []


def test_an_unknown_account_costs_one_hash_like_a_wrong_password(client, staff, hasher):
    enter_password(client, staff.email, "not the right password")
    enter_password(client, "nobody@example.test", "not the right password")
    assert hasher.calls == [("verify", 22), ("verify", 22)]


def test_an_over_long_password_is_never_verified_even_past_the_form(hasher):
    assert passwords.verify_password(passwords._DUMMY_HASH, "x" * 10_000) is False
    assert hasher.calls == []


def test_an_over_long_new_password_is_refused_before_any_hashing(db, staff, hasher):
    with pytest.raises(services.AccountProblem, match="128 characters or fewer"):
        services.set_password(staff, "x" * 10_000, actor=f"user:{staff.id}")
    with pytest.raises(passwords.PasswordProblem):
        passwords.hash_password("x" * 10_000)
    with pytest.raises(services.AccountProblem, match="128 characters or fewer"):
        services.create_user(
            "new@example.test", "New Person", {Role.CASEWORKER}, "x" * 10_000, actor="cli"
        )
    assert hasher.calls == []
