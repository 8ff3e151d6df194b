"""Throttling sign-in: per account, per address, and guessing codes."""

from __future__ import annotations

from typing import Any

from oversight.auth.models import Role
from tests.auth.sign_in import ELSEWHERE, enter_code, enter_password, reaches_staff_home
from tests.factories import TOTP_SECRET, make_user
from tests.helpers import current_code

# Throttling -------------------------------------------------------------------------------


class Limits:
    """Lower the sign-in limits for one test; they are read at request time."""

    def __init__(self, app, **values: str) -> None:
        self.app, self.values = app, values

    def __enter__(self) -> None:
        self.saved = {name: self.app.config[name] for name in self.values}
        self.app.config.update(self.values)

    def __exit__(self, *_: Any) -> None:
        self.app.config.update(self.saved)


def test_a_burst_against_one_account_locks_that_account_only(app, client, db, staff):
    other = make_user({Role.CASEWORKER}, email="other@example.test")
    db.session.commit()
    with Limits(app, SIGN_IN_ACCOUNT_RATE_LIMIT="3 per minute"):
        for typed in (staff.email, staff.email.upper(), staff.email):
            assert enter_password(client, typed, "a wrong guess here").status_code == 400
        refused = enter_password(client, staff.email, "another wrong guess")
        assert refused.status_code == 429

        # The account is locked whatever the address, even with the right password ...
        elsewhere = app.test_client()
        assert enter_password(elsewhere, staff.email, environ_base=ELSEWHERE).status_code == 429
        # ... but another account still signs in, from another address or the same one.
        assert enter_password(elsewhere, other.email, environ_base=ELSEWHERE).status_code == 302
        assert enter_password(app.test_client(), other.email).status_code == 302


def test_a_burst_from_one_address_is_stopped_across_accounts(app, client, db):
    emails = [f"person{n}@example.test" for n in range(4)]
    with Limits(app, SIGN_IN_RATE_LIMIT="3 per minute"):
        for email in emails[:3]:
            assert enter_password(client, email, "a wrong guess here").status_code == 400
        assert enter_password(client, emails[3], "a wrong guess here").status_code == 429
        elsewhere = app.test_client()
        response = enter_password(elsewhere, emails[3], "a wrong guess", environ_base=ELSEWHERE)
        assert response.status_code == 400


def test_too_many_sign_in_attempts_get_a_clear_page(app, client, staff):
    with Limits(app, SIGN_IN_ACCOUNT_RATE_LIMIT="1 per minute"):
        enter_password(client, staff.email, "a wrong guess here")
        response = enter_password(client, staff.email, "a wrong guess here")
    page = response.get_data(as_text=True)
    assert response.status_code == 429
    assert "You have tried too many times" in page
    assert "Wait a few minutes, then try again" in page
    assert "Traceback" not in page
    assert "Retry-After" in response.headers


def test_guessing_codes_is_throttled(app, client, staff):
    assert enter_password(client, staff.email).status_code == 302
    with Limits(app, SIGN_IN_RATE_LIMIT="2 per minute"):
        assert enter_code(client, "000001").status_code == 400
        assert enter_code(client, "000002").status_code == 400
        assert enter_code(client, current_code(TOTP_SECRET)).status_code == 429
    assert not reaches_staff_home(client)
