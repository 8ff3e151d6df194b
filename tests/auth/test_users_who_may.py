"""Nobody but an administrator manages staff accounts."""

from __future__ import annotations

import pytest

from oversight.auth.models import Role
from tests.auth.users import NEW_PASSWORD, USERS, account_changes, events, reload
from tests.helpers import csrf_token, login_as

# --- Nobody else ------------------------------------------------------------------------


NON_ADMINS = ["caseworker", "senior_caseworker", "statistician", "publisher"]
ACCOUNT_PAGES = [
    ("GET", ""),
    ("GET", "/new"),
    ("POST", "/new"),
    ("GET", "/{id}"),
    ("POST", "/{id}"),
    ("POST", "/{id}/disable"),
    ("POST", "/{id}/enable"),
    ("POST", "/{id}/reset-security-code"),
    ("POST", "/{id}/password"),
]


@pytest.mark.parametrize("role", NON_ADMINS)
@pytest.mark.parametrize(("method", "path"), ACCOUNT_PAGES)
def test_only_administrators_may_manage_accounts(
    request, client, db, colleague, role, method, path
):
    user = request.getfixturevalue(role)
    password_hash = colleague.password_hash
    login_as(client, user)
    token = csrf_token(client.get("/staff").get_data(as_text=True))
    data = {
        "csrf_token": token,
        "name": "Taken Over",
        "email": "casey@example.com",
        "roles": ["administrator"],
        "password": NEW_PASSWORD,
        "new_password": NEW_PASSWORD,
        "confirm_password": NEW_PASSWORD,
    }
    url = USERS + path.format(id=colleague.id)
    response = client.open(url, method=method, data=data if method == "POST" else None)
    assert response.status_code == 403
    after = reload(db, colleague)
    assert (after.name, after.roles, after.active, after.mfa_enrolled, after.password_hash) == (
        "Casey Colleague",
        {Role.CASEWORKER},
        True,
        True,
        password_hash,
    )
    assert account_changes(db) == []
    [refused] = events(db, "access.refused")
    assert (refused.actor, refused.outcome) == (f"user:{user.id}", "denied")
