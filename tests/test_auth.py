"""Staff accounts and sign-in: passwords, the second factor, throttling and sessions."""

from __future__ import annotations

import html
import re
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.auth import passwords, services, totp
from oversight.auth.models import Role, User
from oversight.demo.staff import STAFF, STAFF_PASSWORD, STAFF_TOTP_SECRET
from oversight.models import utcnow
from tests.factories import PASSWORD, TOTP_SECRET, make_user
from tests.helpers import csrf_token, current_code, login_as, post_page

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


@pytest.fixture
def staff(caseworker):
    return caseworker


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


# Sign-in ----------------------------------------------------------------------------------


def test_a_right_password_and_code_reach_the_staff_home_page(client, staff):
    sign_in(client, staff)
    response = client.get(HOME)
    assert response.status_code == 200
    assert "Hello, Staff Member" in response.get_data(as_text=True)


def test_a_wrong_password_and_an_unknown_account_get_the_same_message(client, staff):
    wrong_password = enter_password(client, staff.email, "not the right password")
    unknown = enter_password(client, "nobody@example.test", PASSWORD)
    assert wrong_password.status_code == unknown.status_code == 400
    pages = [r.get_data(as_text=True) for r in (wrong_password, unknown)]
    for page in pages:
        assert WRONG in page
    assert same_page(pages[0], staff.email) == same_page(pages[1], "nobody@example.test")
    assert not reaches_staff_home(client)


def test_a_disabled_account_cannot_sign_in_even_with_the_right_password(client, db, staff):
    staff.disabled_at = utcnow()
    db.session.commit()
    response = enter_password(client, staff.email)
    assert response.status_code == 400
    assert WRONG in response.get_data(as_text=True)
    assert client.get(ENTER_CODE).headers["Location"] == SIGN_IN


def test_an_email_address_is_matched_whatever_its_case(client, staff):
    response = enter_password(client, "  " + staff.email.upper())
    assert response.headers["Location"] == ENTER_CODE


def test_a_password_alone_never_reaches_a_staff_page(client, staff, administrator):
    assert enter_password(client, staff.email).status_code == 302
    for page in (HOME, "/staff/account/password", "/staff/users", "/staff/audit"):
        response = client.get(page)
        assert response.status_code == 302, page
        assert response.headers["Location"].startswith(SIGN_IN), page


def test_a_password_alone_never_reaches_a_staff_page_before_enrolment(client, db):
    user = make_user({Role.ADMINISTRATOR}, email="new@example.test", enrolled=False)
    db.session.commit()
    assert enter_password(client, user.email).headers["Location"] == SET_UP_CODE
    assert not reaches_staff_home(client)
    # Nor does a forged session naming the account before it has a second factor.
    login_as(client, user)
    assert not reaches_staff_home(client)


@pytest.mark.parametrize("url", [ENTER_CODE, SET_UP_CODE])
def test_the_code_pages_need_a_password_first(client, staff, url):
    assert client.get(url).headers["Location"] == SIGN_IN
    token = csrf_token(client.get(SIGN_IN).get_data(as_text=True))
    response = client.post(url, data={"csrf_token": token, "code": current_code(TOTP_SECRET)})
    assert response.headers["Location"] == SIGN_IN
    assert not reaches_staff_home(client)


def set_up_page(client, user: User) -> tuple[str, str]:
    """Enter the password of an account with no second factor; the setup key and QR code."""
    assert enter_password(client, user.email).headers["Location"] == SET_UP_CODE
    page = client.get(SET_UP_CODE).get_data(as_text=True)
    key = SETUP_KEY.search(page)
    qr = QR_IMAGE.search(page)
    assert key and qr, "the set-up page shows no setup key or QR code"
    return key.group(1).replace(" ", ""), html.unescape(qr.group(1))


def test_first_sign_in_sets_up_a_code_with_a_qr_code_and_a_setup_key(client, db):
    user = make_user({Role.CASEWORKER}, email="new@example.test", enrolled=False)
    db.session.commit()
    secret, qr = set_up_page(client, user)
    assert reload(db, user).totp_secret == secret
    assert qr == totp.qr_svg_data_uri(totp.provisioning_uri(secret, user.email))
    assert "secret=" + secret in totp.provisioning_uri(secret, user.email)

    response = enter_code(client, current_code(secret), SET_UP_CODE)
    assert response.status_code == 302
    assert response.headers["Location"] == HOME
    assert reaches_staff_home(client)
    assert reload(db, user).mfa_enrolled


def test_the_setup_key_stays_the_same_until_a_code_confirms_it(client, db):
    user = make_user({Role.CASEWORKER}, email="new@example.test", enrolled=False)
    db.session.commit()
    first, _ = set_up_page(client, user)
    assert enter_code(client, wrong_code(first), SET_UP_CODE).status_code == 400
    second = SETUP_KEY.search(client.get(SET_UP_CODE).get_data(as_text=True))
    assert second and second.group(1).replace(" ", "") == first


def test_a_wrong_code_does_not_complete_enrolment(client, db):
    user = make_user({Role.CASEWORKER}, email="new@example.test", enrolled=False)
    db.session.commit()
    secret, _ = set_up_page(client, user)
    response = enter_code(client, wrong_code(secret), SET_UP_CODE)
    assert response.status_code == 400
    assert "The code is not right" in response.get_data(as_text=True)
    assert not reload(db, user).mfa_enrolled
    assert not reaches_staff_home(client)


@pytest.mark.parametrize(
    "code",
    [
        wrong_code,
        lambda: current_code(TOTP_SECRET, offset_steps=-3),
        lambda: current_code(TOTP_SECRET, offset_steps=3),
        lambda: "12345",
        lambda: "abcdef",
    ],
    ids=["wrong", "old", "future", "short", "letters"],
)
def test_a_wrong_code_is_refused(client, staff, code):
    assert enter_password(client, staff.email).status_code == 302
    response = enter_code(client, code())
    assert response.status_code == 400
    assert "The code is not right" in response.get_data(as_text=True)
    assert not reaches_staff_home(client)


def test_a_code_cannot_be_used_twice(client, staff):
    code = current_code(TOTP_SECRET)
    sign_in(client, staff, code)
    assert sign_out(client).status_code == 302

    assert enter_password(client, staff.email).status_code == 302
    response = enter_code(client, code)
    assert response.status_code == 400
    assert "it has been used" in response.get_data(as_text=True)
    assert not reaches_staff_home(client)


def test_a_code_from_before_the_last_one_used_is_refused(client, db, staff):
    # The code of the step before now is normally allowed, for clocks a little out ...
    staff.totp_last_step = int(utcnow().timestamp() // totp.STEP_SECONDS) - 2
    db.session.commit()
    assert enter_password(client, staff.email).status_code == 302
    assert enter_code(client, current_code(TOTP_SECRET, offset_steps=-1)).status_code == 302
    assert sign_out(client).status_code == 302
    # ... but not once a later code has been used.
    staff = reload(db, staff)
    staff.totp_last_step = int(utcnow().timestamp() // totp.STEP_SECONDS)
    db.session.commit()
    assert enter_password(client, staff.email).status_code == 302
    assert enter_code(client, current_code(TOTP_SECRET, offset_steps=-1)).status_code == 400
    assert not reaches_staff_home(client)


@pytest.mark.parametrize("seconds, completes", [(290, True), (310, False)])
def test_a_password_waits_five_minutes_for_its_code(client, staff, seconds, completes):
    assert enter_password(client, staff.email).status_code == 302
    token = csrf_token(client.get(ENTER_CODE).get_data(as_text=True))
    with client.session_transaction() as session:
        session["pending_at"] -= seconds
    response = client.post(
        ENTER_CODE, data={"csrf_token": token, "code": current_code(TOTP_SECRET)}
    )
    if completes:
        assert response.headers["Location"] == HOME
        assert reaches_staff_home(client)
    else:
        assert response.headers["Location"] == SIGN_IN
        assert "took too long" in client.get(SIGN_IN).get_data(as_text=True)
        assert not reaches_staff_home(client)


def test_sign_in_returns_to_the_page_asked_for_but_never_to_another_site(client, staff):
    response = client.get("/staff/account/password")
    assert response.headers["Location"] == SIGN_IN + "?next=/staff/account/password"
    client.get(response.headers["Location"])
    sign_in(client, staff)
    assert client.get(HOME).status_code == 200

    other = client.application.test_client()
    other.get(SIGN_IN + "?next=//evil.example/")
    assert enter_password(other, staff.email).status_code == 302
    response = enter_code(other, current_code(TOTP_SECRET, offset_steps=1))
    assert response.headers["Location"] == HOME


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


# Sessions ---------------------------------------------------------------------------------


def test_the_session_cookie_changes_at_sign_in_and_an_earlier_copy_gives_no_access(
    app, client, staff
):
    client.get(SIGN_IN)
    before = session_cookie(client)
    assert enter_password(client, staff.email).status_code == 302
    between = session_cookie(client)
    assert enter_code(client, current_code(TOTP_SECRET)).status_code == 302
    after = session_cookie(client)
    assert len({before, between, after}) == 3
    assert reaches_staff_home(client)
    for copy in (before, between):
        assert not reaches_staff_home(client_with_cookie(app, copy))


def test_signing_out_ends_the_session_and_every_copy_of_its_cookie(app, client, db, staff):
    sign_in(client, staff)
    copy = session_cookie(client)
    response = sign_out(client)
    assert response.headers["Location"] == SIGN_IN
    assert "You have signed out" in client.get(SIGN_IN).get_data(as_text=True)
    assert not reaches_staff_home(client)
    assert not reaches_staff_home(client_with_cookie(app, copy))


def test_signing_out_is_a_post(client, staff):
    login_as(client, staff)
    assert client.get("/staff/sign-out").status_code == 405
    assert client.post("/staff/sign-out").status_code == 400  # no CSRF token
    assert reaches_staff_home(client)


def test_changing_your_password_ends_your_other_sessions_but_not_this_one(app, client, db, staff):
    sign_in(client, staff)
    copy = session_cookie(client)
    laptop = app.test_client()
    login_as(laptop, staff)
    assert reaches_staff_home(laptop)

    new = "a brand new passphrase"
    response = post_page(
        client,
        "/staff/account/password",
        {"current_password": PASSWORD, "new_password": new, "confirm_password": new},
    )
    assert response.headers["Location"] == HOME
    assert reaches_staff_home(client)
    assert not reaches_staff_home(laptop)
    assert not reaches_staff_home(client_with_cookie(app, copy))
    assert passwords.verify_password(reload(db, staff).password_hash, new)


def test_changing_your_password_needs_the_current_one(client, db, staff):
    login_as(client, staff)
    new = "a brand new passphrase"
    response = post_page(
        client,
        "/staff/account/password",
        {"current_password": "not my password", "new_password": new, "confirm_password": new},
    )
    assert response.status_code == 400
    assert "Your current password is not right" in response.get_data(as_text=True)
    assert passwords.verify_password(reload(db, staff).password_hash, PASSWORD)


def test_disabling_an_account_ends_its_sessions(app, client, db, staff, administrator):
    sign_in(client, staff)
    copy = session_cookie(client)
    admin = app.test_client()
    login_as(admin, administrator)
    page = f"/staff/users/{staff.id}"
    response = post_from(admin, page, f"/staff/users/{staff.id}/disable")
    assert response.status_code == 302
    assert not reaches_staff_home(client)
    assert not reaches_staff_home(client_with_cookie(app, copy))
    # Enabling it again does not bring the old sessions back.
    assert post_from(admin, page, f"/staff/users/{staff.id}/enable").status_code == 302
    assert not reaches_staff_home(client_with_cookie(app, copy))


@pytest.mark.parametrize(
    "signed_in_ago, last_seen_ago, still_signed_in, reason",
    [
        (timedelta(hours=1), timedelta(minutes=29), True, None),
        (timedelta(hours=1), timedelta(minutes=31), False, "idle_timeout"),
        (timedelta(hours=11, minutes=59), timedelta(minutes=1), True, None),
        (timedelta(hours=12, minutes=1), timedelta(minutes=1), False, "absolute_timeout"),
    ],
    ids=["idle-29m", "idle-31m", "signed-in-11h59m", "signed-in-12h01m"],
)
def test_a_session_ends_after_30_idle_minutes_or_12_hours(
    client, db, staff, signed_in_ago, last_seen_ago, still_signed_in, reason
):
    login_as(client, staff)
    now = utcnow()
    with client.session_transaction() as session:
        session["signed_in_at"] = (now - signed_in_ago).timestamp()
        session["last_seen"] = (now - last_seen_ago).timestamp()
    assert reaches_staff_home(client) is still_signed_in
    if reason:
        assert [e.details["reason"] for e in events(db, "auth.signed_out")] == [reason]
        assert "You were signed out because" in client.get(SIGN_IN).get_data(as_text=True)
        # The expired cookie stays expired, and the page does not sign the person back in.
        assert not reaches_staff_home(client)


def test_using_the_service_keeps_a_session_alive_until_12_hours(client, monkeypatch, staff):
    import oversight.access

    start = utcnow()
    clock = {"now": start}
    monkeypatch.setattr(oversight.access, "utcnow", lambda: clock["now"])
    login_as(client, staff)
    for minutes in range(25, 12 * 60, 25):
        clock["now"] = start + timedelta(minutes=minutes)
        assert reaches_staff_home(client), f"signed out after {minutes} minutes"
    clock["now"] = start + timedelta(hours=12, minutes=1)
    assert not reaches_staff_home(client)


def test_no_remember_me_cookie_is_ever_set(client, db, staff):
    page = client.get(SIGN_IN).get_data(as_text=True)
    assert "remember" not in page.lower()
    responses = [
        client.post(
            SIGN_IN,
            data={"csrf_token": csrf_token(page), "email": staff.email, "password": PASSWORD},
        ),
        enter_code(client, current_code(TOTP_SECRET)),
        client.get(HOME),
        sign_out(client),
    ]
    for response in responses:
        for header in response.headers.getlist("Set-Cookie"):
            assert not header.startswith("remember_token"), header
    assert client.get_cookie("remember_token") is None


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


def test_seed_demo_makes_one_enrolled_demo_account_per_role(db, runner):
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    users = list(db.session.scalars(sa.select(User)))
    assert sorted(role for user in users for role in user.roles) == sorted(Role)
    assert all(len(user.roles) == 1 for user in users)
    assert all(user.mfa_enrolled and user.totp_secret == STAFF_TOTP_SECRET for user in users)
    assert runner.invoke(args=["seed-demo"]).exit_code == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == len(Role)


@pytest.mark.parametrize("email", [email for email, _, _ in STAFF])
def test_each_demo_account_signs_in_with_the_demo_password_and_code(client, db, runner, email):
    runner.invoke(args=["seed-demo"])
    assert enter_password(client, email, STAFF_PASSWORD).headers["Location"] == ENTER_CODE
    assert enter_code(client, current_code(STAFF_TOTP_SECRET)).status_code == 302
    assert reaches_staff_home(client)


def test_seed_demo_refuses_production(app, db, runner):
    app.config["ENV_NAME"] = "production"
    try:
        result = runner.invoke(args=["seed-demo"])
    finally:
        app.config["ENV_NAME"] = "test"
    assert result.exit_code == 1
    assert "not for production" in result.output
    assert db.session.scalar(sa.select(sa.func.count()).select_from(User)) == 0


# Audit ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "email, password, reason",
    [
        ("caseworker@example.test", "not the right password", "wrong_password"),
        ("nobody@example.test", PASSWORD, "unknown_account"),
        ("disabled@example.test", PASSWORD, "disabled"),
    ],
)
def test_a_failed_sign_in_is_audited_with_its_reason(client, db, staff, email, password, reason):
    make_user({Role.CASEWORKER}, email="disabled@example.test", disabled_at=utcnow())
    db.session.commit()
    enter_password(client, email, password)
    [event] = events(db, "auth.sign_in_failed")
    assert event.outcome == "failure"
    assert event.actor == "public"
    assert event.details == {"email": email, "reason": reason}
    assert password not in str(event.details)
    assert events(db, "auth.sign_in") == []


def test_a_wrong_code_is_audited_as_a_failure(client, db, staff):
    enter_password(client, staff.email)
    enter_code(client, wrong_code())
    [event] = events(db, "auth.mfa_failed")
    assert (event.actor, event.outcome) == (f"user:{staff.id}", "failure")
    assert events(db, "auth.sign_in") == []


def test_signing_in_and_out_is_audited(client, db, staff):
    sign_in(client, staff)
    [signed_in] = events(db, "auth.sign_in")
    assert (signed_in.actor, signed_in.object_id, signed_in.outcome) == (
        f"user:{staff.id}",
        str(staff.id),
        "success",
    )
    assert signed_in.request_id
    sign_out(client)
    [signed_out] = events(db, "auth.signed_out")
    assert signed_out.actor == f"user:{staff.id}"
    assert signed_out.details == {"reason": "signed_out"}


def test_setting_up_a_code_is_audited(client, db):
    user = make_user({Role.CASEWORKER}, email="new@example.test", enrolled=False)
    db.session.commit()
    secret, _ = set_up_page(client, user)
    enter_code(client, current_code(secret), SET_UP_CODE)
    [enrolled] = events(db, "auth.mfa_enrolled")
    assert enrolled.actor == f"user:{user.id}"
    assert len(events(db, "auth.sign_in")) == 1
