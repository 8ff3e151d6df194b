"""Password rules (length, not composition; no common passwords) and argon2id hashing."""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_babel import lazy_gettext as _l

MIN_LENGTH = 12
MAX_LENGTH = 128
_hasher = PasswordHasher()  # argon2id with the library's recommended parameters
# Checked against when an account does not exist, so that takes as long as a wrong password.
_DUMMY_HASH = _hasher.hash("not the password of any account")


def configure(time_cost: int, memory_cost: int, parallelism: int) -> None:
    """Set argon2id's cost (the tests use a cheap setting; production keeps the default)."""
    global _hasher, _DUMMY_HASH
    _hasher = PasswordHasher(time_cost=time_cost, memory_cost=memory_cost, parallelism=parallelism)
    _DUMMY_HASH = _hasher.hash("not the password of any account")


class PasswordProblem(ValueError):
    """A password that breaks a rule; the message says what to do."""


@cache
def _common_passwords() -> frozenset[str]:
    from zxcvbn.frequency_lists import FREQUENCY_LISTS

    return frozenset(FREQUENCY_LISTS["passwords"])


def check_new_password(password: str, *, email: str = "", name: str = "") -> None:
    """Raise PasswordProblem if the password may not be used."""
    if len(password) < MIN_LENGTH:
        raise PasswordProblem(
            str(_l("Password must be %(min)s characters or more", min=MIN_LENGTH))
        )
    if len(password) > MAX_LENGTH:
        raise PasswordProblem(
            str(_l("Password must be %(max)s characters or fewer", max=MAX_LENGTH))
        )
    lowered = password.lower()
    if lowered in _common_passwords() or len(set(lowered)) < 4:
        raise PasswordProblem(
            str(_l("Choose a password that is harder to guess: this one is too common"))
        )
    context = {part for part in (email.lower(), email.lower().split("@")[0], name.lower()) if part}
    if lowered in context:
        raise PasswordProblem(str(_l("Choose a password that is not your name or email address")))


def hash_password(password: str) -> str:
    if len(password) > MAX_LENGTH:
        raise PasswordProblem(
            str(_l("Password must be %(max)s characters or fewer", max=MAX_LENGTH))
        )
    return _hasher.hash(password)


def verify_password(stored_hash: str | None, password: str) -> bool:
    """True if the password matches. Over-long input is refused before any hashing."""
    if len(password) > MAX_LENGTH:
        return False
    try:
        return _hasher.verify(stored_hash or _DUMMY_HASH, password) and stored_hash is not None
    except (VerificationError, InvalidHashError):
        return False
