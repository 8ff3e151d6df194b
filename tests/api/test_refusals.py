"""The force API's refusals, every one in JSON: no valid token, a body it cannot read,
and errors outside the views."""

from __future__ import annotations

from typing import Any

import pytest

from oversight.api.tokens import services as tokens
from oversight.deployments.records.models import (
    Deployment,
)
from tests.api.force_api import DEPLOYMENTS, RECORD, assert_json_error, count, events, fields
from tests.factories import make_deployment
from tests.helpers import login_as

# Tokens ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (None, "missing"),
        ("Bearer", "missing"),
        ("Bearer frr_" + "x" * 43, "unknown"),
        ("Basic c29tZW9uZTpzZWNyZXQ=", "unknown"),
    ],
)
def test_a_submission_without_a_valid_token_is_refused(api, db, header, reason):
    headers = {"Authorization": header} if header else {}
    response = api("POST", DEPLOYMENTS, token=None, json=RECORD, headers=headers)
    assert_json_error(response, 401)
    assert response.headers["WWW-Authenticate"].startswith("Bearer")
    assert count(db, Deployment) == 0
    assert [event.details["reason"] for event in events(db, "api.refused")] == [reason]


def test_a_revoked_token_is_refused_and_changes_nothing(api, db, wales):
    record = make_deployment()
    db.session.commit()
    tokens.revoke(wales[0], "test")
    db.session.commit()
    for method, path in (("POST", DEPLOYMENTS), ("PATCH", f"{DEPLOYMENTS}/{record.id}")):
        assert_json_error(api(method, path, json={"alerts": 1}), 401)
    assert [event.details["reason"] for event in events(db, "api.refused")] == ["revoked"] * 2
    assert db.session.get(Deployment, record.id).version == 1


def test_a_staff_session_is_no_token(api, client, db, administrator):
    login_as(client, administrator)
    assert_json_error(api("POST", DEPLOYMENTS, token=None, json=RECORD), 401)
    assert count(db, Deployment) == 0


def test_each_use_of_a_token_is_noted(api, db, wales):
    assert wales[0].last_used_at is None
    api("POST", DEPLOYMENTS, json=RECORD)
    db.session.expire_all()
    assert db.session.get(type(wales[0]), wales[0].id).last_used_at is not None


# Bodies the API cannot read -------------------------------------------------------------


def test_a_body_that_is_not_json_is_refused_as_an_unsupported_type(api, db):
    response = api("POST", DEPLOYMENTS, data="deployed_on=2026-06-14", content_type="text/plain")
    assert_json_error(response, 415)
    assert fields(response) == ["Content-Type"]
    assert count(db, Deployment) == 0


@pytest.mark.parametrize(
    "data",
    ['{"deployed_on": "2026-06-14",', "", "   ", '{"alerts": NaN}', b'{"purpose": "\xff"}'],
    ids=["cut short", "empty", "blank", "NaN", "not utf-8"],
)
def test_malformed_json_is_refused_naming_the_body(api, db, data):
    response = api("POST", DEPLOYMENTS, data=data, content_type="application/json")
    assert_json_error(response, 400)
    assert fields(response) == ["body"]
    assert count(db, Deployment) == 0


@pytest.mark.parametrize("body", ['[{"alerts": 1}]', '"a record"', "42", "null"])
def test_a_body_that_is_not_an_object_is_refused(api, db, body):
    response = api("POST", DEPLOYMENTS, data=body, content_type="application/json")
    assert_json_error(response, 422)
    assert fields(response) == ["body"]


def test_a_body_larger_than_any_record_is_refused(api, db):
    response = api("POST", DEPLOYMENTS, json={**RECORD, "purpose": "x" * 100_000})
    assert_json_error(response, 413)
    assert count(db, Deployment) == 0


# Errors outside the views are JSON too -------------------------------------------------


def test_an_address_under_the_api_that_does_not_exist_is_json(client, db):
    for path in ("/api/v1/nothing", "/api/v2/deployments", "/api", f"{DEPLOYMENTS}/abc"):
        assert_json_error(client.get(path), 404)


def test_a_method_the_address_does_not_take_is_json_with_allow(client, db):
    response = client.delete(f"{DEPLOYMENTS}/1")
    assert_json_error(response, 405)
    assert set(response.headers["Allow"].split(", ")) >= {"GET", "PUT", "PATCH"}


def test_pages_outside_the_api_keep_their_html_error_pages(client, db):
    response = client.get("/no-such-page")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "Page not found" in response.get_data(as_text=True)
    assert client.delete("/track").mimetype == "text/html"


def test_a_server_error_in_the_api_is_json_and_tells_nothing(api, db, monkeypatch):
    from oversight.api import views

    def broken(*args: Any) -> Any:
        raise RuntimeError("secret detail")

    monkeypatch.setattr(views, "deployments_query", broken)
    response = api("GET", DEPLOYMENTS)
    body = assert_json_error(response, 500)
    assert "secret" not in str(body)
