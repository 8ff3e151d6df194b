"""Administrators change a staff account's name, email and roles; every change is
audited, and changed roles end that person's sessions."""

from __future__ import annotations

import html as html_lib

import pytest

from oversight.auth.models import Role
from tests.auth.users import (
    USERS,
    account_changes,
    checked_roles,
    is_signed_out,
    post_on_account,
    reload,
    signed_in_as,
)
from tests.factories import make_user
from tests.helpers import login_as

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
