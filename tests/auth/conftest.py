"""Fixtures for the tests of staff accounts, sign-in and the staff accounts pages."""

from __future__ import annotations

import pytest

from oversight.auth.models import Role, User
from tests.factories import make_user
from tests.helpers import login_as


@pytest.fixture
def staff(caseworker):
    return caseworker


@pytest.fixture
def colleague(db) -> User:
    """An enrolled caseworker with an address the account form accepts."""
    user = make_user({Role.CASEWORKER}, email="casey@example.com", name="Casey Colleague")
    db.session.commit()
    return user


@pytest.fixture
def admin_client(client, administrator):
    login_as(client, administrator)
    return client
