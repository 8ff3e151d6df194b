"""Administrators issue and revoke force API tokens in their pages; a token is shown once,
kept as a hash, and never logged."""

from __future__ import annotations

import hashlib
import html as html_lib
import logging
from typing import Any

import pytest
import sqlalchemy as sa

from oversight.api.tokens import services as tokens
from oversight.api.tokens.models import ForceToken
from oversight.deployments.records.models import Deployment
from oversight.forces.models import force_by_slug
from tests.api.force_api import TOKEN, all_tokens, events
from tests.helpers import csrf_token, login_as, post_page

TOKENS = "/staff/force-tokens"
NEW = "/staff/force-tokens/new"
ISSUED = "/staff/force-tokens/issued"
RECORD = {"deployed_on": "2026-05-01", "location_name": "Queen Street, Cardiff"}


def submit(client: Any, token: str) -> Any:
    return client.post(
        "/api/v1/deployments", json=RECORD, headers={"Authorization": f"Bearer {token}"}
    )


@pytest.fixture
def admin_client(client, administrator):
    login_as(client, administrator)
    return client


@pytest.fixture
def issued(db) -> tuple[ForceToken, str]:
    token, plaintext = tokens.issue(force_by_slug("south-wales"), "Records system", "test")
    db.session.commit()
    return token, plaintext


def issue_in_the_browser(client: Any, **data: str) -> Any:
    return post_page(client, NEW, {"force": "south-wales", "name": "Records system", **data})


def test_an_administrator_issues_a_token_shown_once_and_kept_only_as_a_hash(
    admin_client, db, administrator
):
    response = issue_in_the_browser(admin_client, name="  Records   system (live) ")
    assert response.status_code == 302
    assert response.location == ISSUED

    page = admin_client.get(ISSUED)
    assert page.status_code == 200
    html = html_lib.unescape(page.get_data(as_text=True))
    assert "Copy the token now" in html
    plaintext = TOKEN.search(html).group(0)

    [token] = all_tokens(db)
    assert token.force.slug == "south-wales"
    assert token.name == "Records system (live)"
    assert token.token_hash == hashlib.sha256(plaintext.encode()).hexdigest()
    assert token.prefix == plaintext[:12]
    assert token.created_by == f"user:{administrator.id}"
    stored = [str(getattr(token, column.key)) for column in ForceToken.__table__.columns]
    assert not any(plaintext in value for value in stored)

    # Reloading the page shows the token no more.
    again = admin_client.get(ISSUED, follow_redirects=True)
    assert again.request.path == TOKENS
    again_html = html_lib.unescape(again.get_data(as_text=True))
    assert plaintext not in again_html
    assert "shown only once" in again_html
    assert token.prefix in again_html  # the list tells tokens apart by their start
    assert len(all_tokens(db)) == 1

    [event] = events(db, "force_token.issued")
    assert event.actor == f"user:{administrator.id}"
    assert event.object_id == str(token.id)
    assert event.details == {"force": "south-wales", "name": "Records system (live)"}
    assert plaintext not in str(event.details)


def test_the_issued_token_works_for_its_force(admin_client, app, db):
    issue_in_the_browser(admin_client)
    plaintext = TOKEN.search(admin_client.get(ISSUED).get_data(as_text=True)).group(0)
    response = submit(app.test_client(), plaintext)
    assert response.status_code == 201
    assert response.get_json()["force"] == "south-wales"
    [token] = all_tokens(db)
    assert token.last_used_at is not None


def test_issuing_without_a_force_or_name_says_what_to_do_and_issues_nothing(admin_client, db):
    response = issue_in_the_browser(admin_client, force="", name="   ")
    html = html_lib.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "There is a problem" in html
    assert "Select the force the token is for" in html
    assert "Enter a name for the token" in html
    assert all_tokens(db) == []
    assert events(db, "force_token.issued") == []


def test_a_force_the_register_does_not_know_is_refused(admin_client, db):
    response = issue_in_the_browser(admin_client, force="atlantis")
    assert response.status_code == 400
    assert "Select the force the token is for" in response.get_data(as_text=True)
    assert all_tokens(db) == []


def test_a_name_too_long_is_refused_with_the_name_kept(admin_client, db):
    name = "x" * 101
    response = issue_in_the_browser(admin_client, name=name)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Name must be 100 characters or fewer" in html
    assert f'value="{name}"' in html
    assert all_tokens(db) == []


def test_the_list_shows_each_token_by_its_start_never_the_token(admin_client, db, issued):
    token, plaintext = issued
    html = html_lib.unescape(admin_client.get(TOKENS).get_data(as_text=True))
    assert "South Wales Police" in html
    assert "Records system" in html
    assert token.prefix in html
    assert plaintext not in html
    assert "Never" in html  # not used yet


def test_revoking_asks_first_then_the_token_stops_working(
    admin_client, app, db, issued, administrator
):
    token, plaintext = issued
    api = app.test_client()
    assert submit(api, plaintext).status_code == 201

    confirm = admin_client.get(f"{TOKENS}/{token.id}/revoke")
    assert confirm.status_code == 200
    assert "Revoke this token?" in html_lib.unescape(confirm.get_data(as_text=True))
    assert all_tokens(db)[0].active  # asking changes nothing

    response = admin_client.post(
        f"{TOKENS}/{token.id}/revoke",
        data={"csrf_token": csrf_token(confirm.get_data(as_text=True))},
        follow_redirects=True,
    )
    assert response.request.path == TOKENS
    assert "revoked" in response.get_data(as_text=True)
    [revoked] = all_tokens(db)
    assert not revoked.active
    assert revoked.revoked_by == f"user:{administrator.id}"
    [event] = events(db, "force_token.revoked")
    assert event.details == {"force": "south-wales", "name": "Records system"}
    assert event.actor == f"user:{administrator.id}"

    refused = submit(api, plaintext)
    assert refused.status_code == 401
    assert refused.get_json()["message"].startswith("Send a valid force API token")
    assert [e.details["reason"] for e in events(db, "api.refused")] == ["revoked"]
    db.session.expire_all()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Deployment)) == 1


def test_a_revoked_token_cannot_be_revoked_again(admin_client, db, issued):
    token, _ = issued
    tokens.revoke(token, "test")
    db.session.commit()
    response = admin_client.get(f"{TOKENS}/{token.id}/revoke", follow_redirects=True)
    assert response.request.path == TOKENS
    assert "already revoked" in response.get_data(as_text=True)
    with pytest.raises(tokens.TokenProblem):
        tokens.revoke(token, "test")
    assert len(events(db, "force_token.revoked")) == 1


def test_revoking_a_token_that_does_not_exist_is_not_found(admin_client):
    assert admin_client.get(f"{TOKENS}/999/revoke").status_code == 404


@pytest.mark.parametrize("path", [TOKENS, NEW, f"{TOKENS}/1/revoke", ISSUED])
def test_staff_who_are_not_administrators_are_refused(client, db, caseworker, path):
    login_as(client, caseworker)
    assert client.get(path).status_code == 403


def test_someone_not_signed_in_is_sent_to_sign_in(client, db):
    response = client.get(TOKENS)
    assert response.status_code == 302
    assert response.location.startswith("/staff/sign-in")


def test_a_caseworker_cannot_revoke_a_token(client, db, caseworker, issued):
    token, _ = issued
    login_as(client, caseworker)
    page = client.get("/staff/cases")
    response = client.post(
        f"{TOKENS}/{token.id}/revoke", data={"csrf_token": csrf_token(page.get_data(as_text=True))}
    )
    assert response.status_code == 403
    assert all_tokens(db)[0].active


def test_tokens_are_long_random_and_recognisable():
    made = {tokens.new_token() for _ in range(50)}
    assert len(made) == 50
    assert all(TOKEN.fullmatch(token) for token in made)


def test_no_token_is_ever_logged(admin_client, app, db, caplog):
    caplog.set_level(logging.DEBUG)
    issue_in_the_browser(admin_client)
    plaintext = TOKEN.search(admin_client.get(ISSUED).get_data(as_text=True)).group(0)
    submit(app.test_client(), plaintext)
    submit(app.test_client(), plaintext + "x")
    assert plaintext not in caplog.text
    assert plaintext[len(tokens.PREFIX) :][:20] not in caplog.text


@pytest.mark.browser
def test_issuing_and_revoking_in_the_browser_meets_wcag_22_aa(
    app, browser, live_server, client, db, administrator
):
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import expect

    from tests.browser import AXE_OPTIONS, axe_report, duplicate_ids

    login_as(client, administrator)
    session = client.get_cookie("session")
    context = browser.new_context(base_url=live_server)
    context.add_cookies([{"name": "session", "value": session.value, "url": live_server}])
    axe, violations, audited, duplicated = Axe(), {}, [], {}
    page = context.new_page()

    def look(name: str, heading: str) -> None:
        expect(page.locator("h1")).to_contain_text(heading)
        results = axe.run(page, options=AXE_OPTIONS)
        audited.append(name)
        if results.violations_count:
            violations[name] = axe_report(results)
        if ids := duplicate_ids(page):
            duplicated[name] = ids

    try:
        page.goto(TOKENS)
        look("token list, empty", "Force API tokens")
        page.get_by_role("button", name="Issue a token").click()
        look("issue a token", "Issue a force API token")
        page.get_by_role("button", name="Issue token").click()
        look("issue a token: nothing given", "Issue a force API token")
        assert (
            "Select the force the token is for" in page.locator(".govuk-error-summary").inner_text()
        )
        page.get_by_label("Force").select_option(label="South Wales Police")
        page.get_by_label("Name").fill("Records system (live)")
        page.get_by_role("button", name="Issue token").click()
        look("token issued", "Token issued for South Wales Police")
        plaintext = page.get_by_label("Token ‘Records system (live)’").input_value()
        assert TOKEN.fullmatch(plaintext)
        page.get_by_role("button", name="I have copied the token").click()
        look("token list", "Force API tokens")
        assert plaintext not in page.content()
        page.get_by_role(
            "link", name="Revoke the token Records system (live) for South Wales Police"
        ).click()
        look("revoke a token", "Revoke this token?")
        page.get_by_role("button", name="Revoke token").click()
        look("token list, revoked", "Force API tokens")
        assert "Revoked" in page.locator("tbody").inner_text()
    finally:
        context.close()
    assert violations == {}, "\n".join(f"{k}:\n{v}" for k, v in violations.items())
    assert duplicated == {}, duplicated
    assert len(audited) == 7
    assert submit(app.test_client(), plaintext).status_code == 401
