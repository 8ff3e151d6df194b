"""Administrators manage staff accounts in the web UI; every change is audited."""

from __future__ import annotations

import html as html_lib
import re
from typing import Any

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.auth import passwords
from oversight.auth.models import Role, User
from oversight.models import utcnow
from tests.factories import PASSWORD, TOTP_SECRET, make_user
from tests.helpers import csrf_token, current_code, login_as, post_page

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


# --- Changing an account -----------------------------------------------------------------


def test_the_account_page_shows_the_current_details_and_roles(admin_client, db, colleague):
    html = admin_client.get(f"{USERS}/{colleague.id}").get_data(as_text=True)
    assert 'value="Casey Colleague"' in html
    assert 'value="casey@example.com"' in html
    assert checked_roles(html) == {"caseworker"}


def test_an_administrator_changes_a_name_email_and_roles(
    admin_client, db, colleague, administrator
):
    response = post_on_account(
        admin_client,
        colleague,
        "",
        {
            "name": "Casey Senior",
            "email": "Casey.Senior@example.com",
            "roles": ["senior_caseworker"],
        },
    )
    assert response.status_code == 302
    user = reload(db, colleague)
    assert (user.name, user.email) == ("Casey Senior", "casey.senior@example.com")
    assert user.roles == {Role.SENIOR_CASEWORKER}
    [event] = account_changes(db)
    assert (event.action, event.actor, event.object_id) == (
        "user.changed",
        f"user:{administrator.id}",
        str(colleague.id),
    )
    assert event.details == {
        "changes": {
            "email": ["casey@example.com", "casey.senior@example.com"],
            "name": "changed",
            "roles": [["caseworker"], ["senior_caseworker"]],
        }
    }


def test_saving_an_account_unchanged_records_nothing(admin_client, db, colleague):
    response = post_on_account(
        admin_client,
        colleague,
        "",
        {"name": "Casey Colleague", "email": "casey@example.com", "roles": ["caseworker"]},
    )
    assert response.status_code == 302
    assert account_changes(db) == []


def test_changing_someones_roles_ends_their_sessions(app, admin_client, db, colleague):
    theirs = signed_in_as(app, colleague)
    post_on_account(
        admin_client,
        colleague,
        "",
        {"name": colleague.name, "email": colleague.email, "roles": ["statistician"]},
    )
    assert is_signed_out(theirs)


@pytest.mark.parametrize(
    ("field", "answer", "message"),
    [
        ("name", "", "Enter the person’s full name"),
        ("email", "", "Enter an email address"),
        ("email", "casey", "Enter an email address in the correct format, like name@example.com"),
        ("email", "other@example.com", "An account with this email address already exists"),
        ("roles", [], "Select at least one role"),
    ],
)
def test_a_bad_change_to_an_account_is_shown_as_a_govuk_error_and_nothing_changes(
    admin_client, db, colleague, field, answer, message
):
    make_user({Role.PUBLISHER}, email="other@example.com")
    db.session.commit()
    answers = {"name": "Casey Changed", "email": "casey@example.com", "roles": ["publisher"]}
    response = post_on_account(admin_client, colleague, "", {**answers, field: answer})
    html = html_lib.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert html.count(message) == 2
    assert f'href="#{field}' in html
    user = reload(db, colleague)
    assert (user.name, user.email, user.roles) == (
        "Casey Colleague",
        "casey@example.com",
        {Role.CASEWORKER},
    )
    assert account_changes(db) == []


def test_an_administrator_cannot_remove_their_own_administrator_role(client, db, administrator):
    admin = make_user({Role.ADMINISTRATOR}, email="ada@example.com", name="Ada Admin")
    db.session.commit()
    login_as(client, admin)
    response = post_on_account(
        client, admin, "", {"name": admin.name, "email": admin.email, "roles": ["caseworker"]}
    )
    assert response.status_code == 400
    assert "You cannot remove your own administrator role" in response.get_data(as_text=True)
    assert reload(db, admin).roles == {Role.ADMINISTRATOR}
    assert account_changes(db) == []


def test_an_administrator_may_remove_another_administrators_role(admin_client, db, administrator):
    other = make_user({Role.ADMINISTRATOR}, email="ada@example.com", name="Ada Admin")
    db.session.commit()
    response = post_on_account(
        admin_client, other, "", {"name": other.name, "email": other.email, "roles": ["publisher"]}
    )
    assert response.status_code == 302
    assert reload(db, other).roles == {Role.PUBLISHER}


# --- Disabling, enabling, security codes and passwords ----------------------------------


def test_disabling_an_account_ends_its_sessions_and_stops_sign_in(
    app, admin_client, db, colleague, administrator
):
    theirs = signed_in_as(app, colleague)
    response = post_on_account(admin_client, colleague, "/disable")
    assert response.status_code == 302
    assert "Account disabled" in admin_client.get(response.location).get_data(as_text=True)
    assert reload(db, colleague).disabled_at is not None
    assert is_signed_out(theirs)
    assert sign_in_with_password(app, colleague.email, PASSWORD).status_code == 400
    assert [e.action for e in account_changes(db)] == ["user.disabled"]
    [disabled] = account_changes(db)
    assert (disabled.actor, disabled.object_id) == (f"user:{administrator.id}", str(colleague.id))
    [refused] = events(db, "auth.sign_in_failed")
    assert refused.details["reason"] == "disabled"


def test_enabling_an_account_lets_its_owner_sign_in_again(app, admin_client, db, administrator):
    user = make_user({Role.CASEWORKER}, email="dormant@example.com", disabled_at=utcnow())
    db.session.commit()
    response = post_on_account(admin_client, user, "/enable")
    assert response.status_code == 302
    assert reload(db, user).active
    signing_in = app.test_client()
    post_page(signing_in, "/staff/sign-in", {"email": user.email, "password": PASSWORD})
    code = post_page(signing_in, "/staff/security-code", {"code": current_code(TOTP_SECRET)})
    assert code.status_code == 302
    assert signing_in.get("/staff").status_code == 200
    [enabled] = account_changes(db)
    assert (enabled.action, enabled.actor, enabled.object_id) == (
        "user.enabled",
        f"user:{administrator.id}",
        str(user.id),
    )


def test_an_administrator_cannot_disable_their_own_account(client, db, administrator):
    login_as(client, administrator)
    response = post_on_account(client, administrator, "/disable")
    assert response.status_code == 302
    page = client.get(response.location)
    assert page.status_code == 200
    assert "You cannot disable your own account" in page.get_data(as_text=True)
    assert reload(db, administrator).active
    assert account_changes(db) == []


def test_resetting_a_security_code_makes_its_owner_set_up_a_new_one(
    app, admin_client, db, colleague, administrator
):
    theirs = signed_in_as(app, colleague)
    response = post_on_account(admin_client, colleague, "/reset-security-code")
    assert response.status_code == 302
    user = reload(db, colleague)
    assert (user.totp_secret, user.totp_confirmed_at) == (None, None)
    assert is_signed_out(theirs)
    signing_in = sign_in_with_password(app, colleague.email, PASSWORD)
    assert signing_in.location == "/staff/security-code/set-up"
    [reset] = account_changes(db)
    assert (reset.action, reset.actor, reset.object_id) == (
        "user.mfa_reset",
        f"user:{administrator.id}",
        str(colleague.id),
    )


def test_an_administrator_sets_a_new_password_and_old_sessions_end(
    app, admin_client, db, colleague, administrator
):
    theirs = signed_in_as(app, colleague)
    response = post_on_account(
        admin_client,
        colleague,
        "/password",
        {"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD},
    )
    assert response.status_code == 302
    user = reload(db, colleague)
    assert passwords.verify_password(user.password_hash, NEW_PASSWORD)
    assert not passwords.verify_password(user.password_hash, PASSWORD)
    assert is_signed_out(theirs)
    [reset] = account_changes(db)
    assert (reset.action, reset.actor, reset.object_id) == (
        "user.password_reset",
        f"user:{administrator.id}",
        str(colleague.id),
    )


@pytest.mark.parametrize(
    ("new", "confirm", "message"),
    [
        ("", "", "Enter a new password"),
        (NEW_PASSWORD, "something else entirely", "The passwords do not match"),
        ("too short", "too short", "Password must be 12 characters or more"),
        (
            "qwerty123456",
            "qwerty123456",
            "Choose a password that is harder to guess: this one is too common",
        ),
        (
            "Casey Colleague",
            "Casey Colleague",
            "Choose a password that is not your name or email address",
        ),
    ],
)
def test_a_bad_new_password_is_shown_as_a_govuk_error_and_nothing_changes(
    admin_client, db, colleague, new, confirm, message
):
    response = post_on_account(
        admin_client, colleague, "/password", {"new_password": new, "confirm_password": confirm}
    )
    html = html_lib.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "<title>Error:" in html
    assert html.count(message) == 2
    assert 'href="#new_password"' in html or 'href="#confirm_password"' in html
    assert passwords.verify_password(reload(db, colleague).password_hash, PASSWORD)
    assert account_changes(db) == []


def test_an_account_that_does_not_exist_is_not_found(admin_client, db):
    assert admin_client.get(f"{USERS}/999999").status_code == 404


@pytest.mark.parametrize("action", ["/disable", "/enable", "/reset-security-code", "/password"])
def test_account_actions_only_take_a_post(admin_client, db, colleague, action):
    assert admin_client.get(f"{USERS}/{colleague.id}{action}").status_code == 405


@pytest.mark.parametrize("action", ["/disable", "/reset-security-code"])
def test_an_account_action_without_a_csrf_token_is_refused(admin_client, db, colleague, action):
    response = admin_client.post(f"{USERS}/{colleague.id}{action}")
    assert response.status_code == 400
    user = reload(db, colleague)
    assert user.active and user.mfa_enrolled
    assert account_changes(db) == []


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


def test_an_administrator_who_changes_their_own_roles_stays_signed_in(client, db):
    admin = make_user({Role.ADMINISTRATOR}, email="ada@example.com", name="Ada Admin")
    db.session.commit()
    login_as(client, admin)
    response = post_on_account(
        client,
        admin,
        "",
        {"name": admin.name, "email": admin.email, "roles": ["administrator", "publisher"]},
    )
    assert response.status_code == 302
    assert reload(db, admin).roles == {Role.ADMINISTRATOR, Role.PUBLISHER}
    assert client.get(USERS).status_code == 200


def test_a_demo_account_can_have_its_roles_changed(admin_client, db):
    demo = make_user({Role.CASEWORKER}, email="caseworker@demo.example.com", name="Casey Worker")
    db.session.commit()
    response = post_on_account(
        admin_client, demo, "", {"name": demo.name, "email": demo.email, "roles": ["publisher"]}
    )
    assert response.status_code == 302
    assert reload(db, demo).roles == {Role.PUBLISHER}
