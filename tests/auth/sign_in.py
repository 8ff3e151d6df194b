"""What the sign-in tests share: the pages' addresses, driving the sign-in pages as a
browser would, the session cookie, and the audit events recorded."""

from __future__ import annotations

import html
import re
from typing import Any

import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.auth.models import User
from tests.factories import PASSWORD, TOTP_SECRET
from tests.helpers import csrf_token, current_code, post_page

SIGN_IN = "/staff/sign-in"
SET_UP_CODE = "/staff/security-code/set-up"
ENTER_CODE = "/staff/security-code"
HOME = "/staff"
WRONG = "The email address or password is not right"
SETUP_KEY = re.compile(r'id="setup-key">([A-Z2-7 ]+)<')
QR_IMAGE = re.compile(r'<img src="(data:image/svg\+xml[^"]+)"')
ELSEWHERE = {"REMOTE_ADDR": "10.0.0.2"}


# Driving the sign-in pages -------------------------------------------------------------


def enter_password(client, email: str, password: str = PASSWORD, **kwargs: Any):
    return post_page(client, SIGN_IN, {"email": email, "password": password}, **kwargs)


def wrong_code(secret: str = TOTP_SECRET) -> str:
    return "000000" if current_code(secret) != "000000" else "111111"


def enter_code(client, code: str, url: str = ENTER_CODE):
    return post_page(client, url, {"code": code})


def sign_in(client, user: User, code: str | None = None) -> None:
    """Both factors, as the person would; the client ends signed in."""
    assert enter_password(client, user.email).headers["Location"] == ENTER_CODE
    response = enter_code(client, code or current_code(TOTP_SECRET))
    assert response.status_code == 302, response.get_data(as_text=True)


def post_from(client, page: str, url: str, data: dict[str, Any] | None = None):
    """Send a POST-only form (sign out, disable) with the CSRF token of the page showing it."""
    token = csrf_token(client.get(page).get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **(data or {})})


def sign_out(client):
    return post_from(client, HOME, "/staff/sign-out")


def reaches_staff_home(client) -> bool:
    response = client.get(HOME)
    if response.status_code == 200:
        return True
    assert response.status_code == 302
    assert response.headers["Location"].startswith(SIGN_IN)
    return False


PER_REQUEST = re.compile(r'(nonce|value)="[^"]*"')


def same_page(page: str, typed: str) -> str:
    """The page as it would compare with another: without what was typed or made per request."""
    return PER_REQUEST.sub("", page.replace(typed, ""))


def session_cookie(client) -> str:
    cookie = client.get_cookie("session")
    assert cookie is not None
    return cookie.value


def client_with_cookie(app, value: str):
    other = app.test_client()
    other.set_cookie("session", value)
    return other


def events(db, action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
        )
    )


def reload(db, user: User) -> User:
    db.session.expire_all()
    found = db.session.get(User, user.id)
    assert found is not None
    return found


def set_up_page(client, user: User) -> tuple[str, str]:
    """Enter the password of an account with no second factor; the setup key and QR code."""
    assert enter_password(client, user.email).headers["Location"] == SET_UP_CODE
    page = client.get(SET_UP_CODE).get_data(as_text=True)
    key = SETUP_KEY.search(page)
    qr = QR_IMAGE.search(page)
    assert key and qr, "the set-up page shows no setup key or QR code"
    return key.group(1).replace(" ", ""), html.unescape(qr.group(1))
