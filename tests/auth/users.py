"""What the tests of the staff accounts pages share: their addresses, a good new account,
the audit events of account changes, pressing a button on an account page, and signing
in as someone else."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.auth.models import User
from tests.helpers import csrf_token, login_as, post_page

USERS = "/staff/users"
NEW = "/staff/users/new"
NEW_PASSWORD = "a completely fresh passphrase"
GOOD = {
    "name": "Robin Newcomer",
    "email": "Robin.Newcomer@Example.com",
    "roles": ["caseworker", "statistician"],
    "password": "violet kettle under the stairs",
}


def events(db: Any, action: str | None = None) -> list[AuditEvent]:
    db.session.expire_all()
    query = sa.select(AuditEvent).order_by(AuditEvent.seq)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query))


def account_changes(db: Any) -> list[AuditEvent]:
    return [e for e in events(db) if e.action.startswith("user.")]


def reload(db: Any, user: User) -> User:
    db.session.expire_all()
    return db.session.get(User, user.id)


def checked_roles(html: str) -> set[str]:
    inputs = re.findall(r"<input[^>]*name=\"roles\"[^>]*>", html)
    return {re.search(r'value="([^"]+)"', tag).group(1) for tag in inputs if "checked" in tag}


def post_on_account(client: Any, user: User, action: str, data: dict[str, Any] | None = None):
    """Press one of the buttons on a person's account page."""
    token = csrf_token(client.get(f"{USERS}/{user.id}").get_data(as_text=True))
    return client.post(f"{USERS}/{user.id}{action}", data={"csrf_token": token, **(data or {})})


def signed_in_as(app: Any, user: User) -> Any:
    other = app.test_client()
    login_as(other, user)
    assert other.get("/staff").status_code == 200
    return other


def is_signed_out(client: Any) -> bool:
    response = client.get("/staff")
    return response.status_code == 302 and "/staff/sign-in" in response.location


def sign_in_with_password(app: Any, email: str, password: str) -> Any:
    return post_page(app.test_client(), "/staff/sign-in", {"email": email, "password": password})
