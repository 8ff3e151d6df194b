"""Access control: deny by default and a short public allow-list. The route guard fails
for any endpoint without a declared rule and for any change to the public allow-list."""

from __future__ import annotations

from oversight.access import FORCE_TOKEN, PENDING, PUBLIC, rule_for
from tests.app.endpoints import (
    ENDPOINTS,
    FORCE_TOKEN_ENDPOINTS,
    PENDING_ENDPOINTS,
    PUBLIC_ENDPOINTS,
    refusals,
)
from tests.helpers import login_as


def test_every_endpoint_declares_an_access_rule(app):
    undeclared = sorted(
        rule.endpoint for rule in app.url_map.iter_rules() if rule_for(app, rule.endpoint) is None
    )
    assert undeclared == []


def test_the_public_allow_list_is_exactly_the_pinned_short_list(app):
    public = {
        rule.endpoint for rule in app.url_map.iter_rules() if rule_for(app, rule.endpoint) == PUBLIC
    }
    assert public == PUBLIC_ENDPOINTS


def test_only_the_force_api_writes_take_a_force_token(app):
    by_token = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule_for(app, rule.endpoint) == FORCE_TOKEN
    }
    assert by_token == FORCE_TOKEN_ENDPOINTS


def test_only_the_security_code_pages_accept_a_password_alone(app):
    pending = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule_for(app, rule.endpoint) == PENDING
    }
    assert pending == PENDING_ENDPOINTS


def test_every_other_endpoint_names_the_roles_that_may_use_it(app):
    staff = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if isinstance(rule_for(app, rule.endpoint), frozenset)
    }
    assert staff == set(ENDPOINTS)
    assert all(rule_for(app, endpoint) for endpoint in staff), "a rule naming no role"


def test_a_view_that_declares_no_rule_is_refused_to_everyone(
    app, client, db, administrator, monkeypatch
):
    def undeclared() -> str:
        return "should never be seen"

    monkeypatch.setitem(app.view_functions, "auth.home", undeclared)
    assert client.get("/staff").status_code == 403
    login_as(client, administrator)
    response = client.get("/staff")
    assert response.status_code == 403
    assert "should never be seen" not in response.get_data(as_text=True)
    assert [event.actor for event in refusals(db)] == ["public", f"user:{administrator.id}"]
