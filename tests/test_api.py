"""The force API: every refusal in JSON naming its field, a token touching its own force's
records only, limits per token, and submissions that create, correct and patch records
keeping their history."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from oversight.api import tokens
from oversight.audit.models import AuditEvent
from oversight.deployments.records.models import (
    Deployment,
    DeploymentRevision,
    UsageReturn,
    UsageReturnRevision,
)
from oversight.forces.models import force_by_slug
from tests.factories import make_deployment
from tests.helpers import login_as

DEPLOYMENTS = "/api/v1/deployments"
RETURNS = "/api/v1/usage-returns"
RECORD: dict[str, Any] = {
    "force_reference": "SWP-LFR-0142",
    "technology": "lfr",
    "deployed_on": "2026-06-14",
    "start_time": "10:00",
    "end_time": "16:00",
    "location_name": "Principality Stadium, Westgate Street",
    "location_area": "Cardiff",
    "latitude": 51.4782,
    "longitude": -3.1826,
    "purpose": "Wanted persons at a football match",
    "authorising_rank": "Superintendent",
    "watchlist_size": 1203,
    "watchlist_categories": "Wanted on warrant",
    "faces_seen": 24310,
    "alerts": 6,
    "true_alerts": 4,
    "false_alerts": 2,
    "engagements": 5,
    "arrests": 2,
    "source_link": "https://www.south-wales.police.uk/lfr/0142",
}
RETURN: dict[str, Any] = {
    "technology": "rfr",
    "period_start": "2026-04-01",
    "period_end": "2026-06-30",
    "searches": 1420,
    "possible_matches": 310,
}


def issue(db: Any, slug: str) -> tuple[Any, str]:
    token, plaintext = tokens.issue(force_by_slug(slug), f"{slug} records system", "test")
    db.session.commit()
    return token, plaintext


@pytest.fixture
def wales(db) -> tuple[Any, str]:
    return issue(db, "south-wales")


@pytest.fixture
def met(db) -> tuple[Any, str]:
    return issue(db, "metropolitan")


@pytest.fixture
def api(client, wales):
    """Send a request with South Wales Police's token."""

    def send(method: str, path: str, token: str | None = wales[1], **kwargs: Any) -> Any:
        headers = dict(kwargs.pop("headers", {}))
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return client.open(path, method=method, headers=headers, **kwargs)

    return send


def count(db: Any, model: Any) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def events(db: Any, action: str) -> list[AuditEvent]:
    db.session.expire_all()
    query = sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
    return list(db.session.scalars(query))


def fields(response: Any) -> list[str]:
    return [error["field"] for error in response.get_json()["errors"]]


def message_for(response: Any, field: str) -> str:
    return next(e["message"] for e in response.get_json()["errors"] if e["field"] == field)


def assert_json_error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"message", "errors"}
    assert body["message"]
    return body


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


# Validation: every problem named by its field ------------------------------------------


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("alerts", "6", "Alerts must be a whole number"),
        ("faces_seen", 1.5, "Faces seen must be a whole number"),
        ("true_alerts", True, "True alerts must be a whole number"),
        ("arrests", -1, "Arrests cannot be less than 0"),
        ("alerts", 2**31, "Alerts must be 2,147,483,647 or fewer"),
        ("faces_seen", 2**53 + 1, "Faces seen must be 9,007,199,254,740,992 or fewer"),
        ("deployed_on", 20260614, "Date must be a date like 2025-09-28"),
        ("deployed_on", "14/06/2026", "Date must be a date like 2025-09-28"),
        ("deployed_on", "2026-02-30", "Date must be a real date"),
        ("start_time", "10.00", "Start time must be a time like 09:30"),
        ("latitude", "51.4782", "Latitude must be a number of degrees"),
        ("latitude", 91, "Latitude must be between -90 and 90"),
        ("longitude", -181.5, "Longitude must be between -180 and 180"),
        ("location_name", 42, "Location must be text"),
        ("location_name", "   ", "Enter the location"),
        ("location_name", "x" * 201, "Location must be 200 characters or fewer"),
        ("purpose", "nul\u0000byte", "Purpose must be text"),
        ("purpose", "\ud800", "Purpose must be text without broken characters"),
        ("technology", "live", "Technology must be one of: lfr, rfr, oifr, other_biometric"),
        ("technology", "not_sure", "Technology must be one of"),
        ("source", "press", "Source must be one of: force_submission, published_record, foi"),
        ("source_link", "ftp://example.com", "Source link must be a web address"),
        ("source_link", "https://exa mple.com", "Source link must be a web address"),
        ("force", 42, "Force must be one of"),
        ("force", None, "Force must be one of"),
    ],
)
def test_a_value_of_the_wrong_kind_is_refused_naming_its_field(api, db, field, value, message):
    response = api("POST", DEPLOYMENTS, json={**RECORD, field: value})
    body = assert_json_error(response, 422)
    assert fields(response) == [field]
    assert message_for(response, field).startswith(message)
    assert "deployment record was not saved" in body["message"]
    assert count(db, Deployment) == 0


def test_a_whole_number_written_with_a_decimal_point_is_taken(api, db):
    response = api("POST", DEPLOYMENTS, json={**RECORD, "alerts": 6.0, "faces_seen": 2.4310e4})
    assert response.status_code == 201
    assert (response.get_json()["alerts"], response.get_json()["faces_seen"]) == (6, 24310)


def test_unknown_fields_are_refused_each_by_name(api, db):
    response = api("POST", DEPLOYMENTS, json={**RECORD, "id": 7, "complaint": "FR-1"})
    assert_json_error(response, 422)
    assert sorted(fields(response)) == ["complaint", "id"]
    assert "is not a field of a deployment record" in message_for(response, "id")


def test_every_problem_is_named_at_once(api, db):
    response = api(
        "POST",
        DEPLOYMENTS,
        json={"alerts": "many", "faces_seen": -3, "start_time": "noon", "bogus": 1},
    )
    assert_json_error(response, 422)
    assert sorted(fields(response)) == ["alerts", "bogus", "faces_seen", "start_time"]


def test_missing_required_fields_are_named(api, db):
    response = api("POST", DEPLOYMENTS, json={"purpose": "Testing"})
    assert_json_error(response, 422)
    assert fields(response) == ["deployed_on", "location_name"]
    assert message_for(response, "deployed_on") == "Enter the date"
    assert message_for(response, "location_name") == "Enter the location"


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"alerts": 5, "true_alerts": 4, "false_alerts": 2},
            "false_alerts",
            "True alerts and false alerts together cannot be more than alerts",
        ),
        ({"alerts": 3, "true_alerts": 4, "false_alerts": 0}, "true_alerts", "True alerts cannot"),
        ({"start_time": "16:00", "end_time": "10:00"}, "end_time", "End time must be after"),
        ({"start_time": "16:00", "end_time": "16:00"}, "end_time", "End time must be after"),
    ],
)
def test_figures_that_do_not_hold_together_are_refused(api, db, change, field, message):
    response = api("POST", DEPLOYMENTS, json={**RECORD, **change})
    assert_json_error(response, 422)
    assert fields(response) == [field]
    assert message_for(response, field).startswith(message)
    assert count(db, Deployment) == 0


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"period_end": "2026-03-31"}, "period_end", "End of period must be after"),
        ({"technology": "lfr"}, "technology", "Technology must be one of: rfr, oifr"),
        ({"technology": None}, "technology", "Enter the technology"),
        ({"searches": None}, "searches", "Enter the searches"),
        ({"possible_matches": "310"}, "possible_matches", "Possible matches must be a whole"),
    ],
)
def test_a_usage_return_that_does_not_hold_together_is_refused(api, db, change, field, message):
    response = api("POST", RETURNS, json={**RETURN, **change})
    assert_json_error(response, 422)
    assert fields(response) == [field]
    assert message_for(response, field).startswith(message)
    assert count(db, UsageReturn) == 0


# A token touches its own force's records only -----------------------------------------


@pytest.mark.parametrize("method", ["PUT", "PATCH"])
def test_a_token_cannot_change_another_forces_record(api, db, met, method):
    record = make_deployment(force="south-wales", alerts="6")
    db.session.commit()
    before = dict(RECORD, alerts=6)
    response = api(method, f"{DEPLOYMENTS}/{record.id}", token=met[1], json={**before, "alerts": 0})
    assert_json_error(response, 403)
    assert fields(response) == ["force"]
    db.session.expire_all()
    unchanged = db.session.get(Deployment, record.id)
    assert (unchanged.version, unchanged.alerts) == (1, 6)
    assert count(db, DeploymentRevision) == 1
    assert events(db, "deployment.corrected") == []
    [refusal] = events(db, "api.refused")
    assert refusal.actor == f"force-token:{met[0].id}"
    assert refusal.details["reason"] == "other_force"
    assert refusal.object_id == str(record.id)


def test_a_token_cannot_change_another_forces_usage_return(api, db, met, wales):
    created = api("POST", RETURNS, json=RETURN).get_json()
    response = api("PATCH", f"{RETURNS}/{created['id']}", token=met[1], json={"searches": 1})
    assert_json_error(response, 403)
    assert db.session.get(UsageReturn, created["id"]).searches == 1420


def test_a_body_naming_another_force_is_refused(api, db):
    response = api("POST", DEPLOYMENTS, json={**RECORD, "force": "metropolitan"})
    assert_json_error(response, 403)
    assert fields(response) == ["force"]
    assert "south-wales" in message_for(response, "force")
    assert count(db, Deployment) == 0
    assert [event.details["reason"] for event in events(db, "api.refused")] == ["other_force"]


def test_a_body_naming_its_own_force_is_taken(api, db):
    response = api("POST", DEPLOYMENTS, json={**RECORD, "force": "south-wales"})
    assert response.status_code == 201
    assert response.get_json()["force"] == "south-wales"


@pytest.mark.parametrize("method", ["GET", "PUT", "PATCH"])
def test_a_record_that_does_not_exist_is_not_found(api, db, method):
    kwargs = {} if method == "GET" else {"json": RECORD}
    for path in (f"{DEPLOYMENTS}/999", f"{RETURNS}/0", f"{DEPLOYMENTS}/99999999999999999999"):
        assert_json_error(api(method, path, **kwargs), 404)


# Limits per token ------------------------------------------------------------------------


def test_a_token_past_its_limit_is_refused_in_json_and_others_carry_on(
    app, api, db, met, monkeypatch
):
    monkeypatch.setitem(app.config, "FORCE_API_RATE_LIMIT", "2 per minute")
    first, second, third = (api("POST", DEPLOYMENTS, json=RECORD) for _ in range(3))
    assert [first.status_code, second.status_code] == [201, 200]
    assert_json_error(third, 429)
    assert int(third.headers["Retry-After"]) > 0
    assert api("POST", DEPLOYMENTS, token=met[1], json=RECORD).status_code == 201
    # The limit is read on each request: with a higher one, the token is served again.
    monkeypatch.setitem(app.config, "FORCE_API_RATE_LIMIT", "5 per minute")
    assert api("POST", DEPLOYMENTS, json=RECORD).status_code == 200


def test_made_up_tokens_share_one_allowance_per_address(app, api, db, monkeypatch):
    monkeypatch.setitem(app.config, "FORCE_API_RATE_LIMIT", "2 per minute")
    answers = [
        api("POST", DEPLOYMENTS, token=f"frr_made-up-{n}", json=RECORD).status_code
        for n in range(3)
    ]
    assert answers == [401, 401, 429]
    assert len(events(db, "api.refused")) == 2


def test_the_open_register_is_limited_per_address_in_json(app, client, db, monkeypatch):
    monkeypatch.setitem(app.config, "OPEN_API_RATE_LIMIT", "1 per minute")
    first, second = (client.get(DEPLOYMENTS) for _ in range(2))
    elsewhere = client.get(DEPLOYMENTS, environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert first.status_code == 200
    assert_json_error(second, 429)
    assert elsewhere.status_code == 200


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


# Creating and correcting ---------------------------------------------------------------


def test_a_new_record_is_created_with_its_address_version_and_audit(api, db, wales):
    response = api("POST", DEPLOYMENTS, json=RECORD)
    assert response.status_code == 201
    body = response.get_json()
    assert response.headers["Location"] == f"{DEPLOYMENTS}/{body['id']}"
    assert response.headers["ETag"] == '"1"'
    assert {name: body[name] for name in RECORD} == RECORD
    assert (body["force"], body["source"], body["version"]) == (
        "south-wales",
        "force_submission",
        1,
    )
    record = db.session.get(Deployment, body["id"])
    assert record.created_by == f"force-token:{wales[0].id}"
    [revision] = record.revisions
    assert (revision.version, revision.via.value) == (1, "api")
    [event] = events(db, "deployment.created")
    assert event.actor == f"force-token:{wales[0].id}"
    assert event.details == {"force": "south-wales", "via": "api", "source": "force_submission"}
    assert api("GET", response.headers["Location"], token=None).get_json() == body


def test_sending_the_same_record_again_changes_nothing(api, db):
    first = api("POST", DEPLOYMENTS, json=RECORD).get_json()
    again = api("POST", DEPLOYMENTS, json=RECORD)
    assert again.status_code == 200
    assert again.get_json() == first
    assert again.headers["Location"] == f"{DEPLOYMENTS}/{first['id']}"
    assert count(db, Deployment) == 1
    assert count(db, DeploymentRevision) == 1
    assert len(events(db, "deployment.created")) == 1
    assert events(db, "deployment.corrected") == []


def test_sending_a_record_again_with_new_figures_corrects_it_keeping_its_history(api, db):
    first = api("POST", DEPLOYMENTS, json=RECORD).get_json()
    response = api("POST", DEPLOYMENTS, json={**RECORD, "arrests": 3, "engagements": 6})
    assert response.status_code == 200
    body = response.get_json()
    assert (body["id"], body["version"], body["arrests"]) == (first["id"], 2, 3)
    assert response.headers["ETag"] == '"2"'
    record = db.session.get(Deployment, first["id"])
    assert [(r.version, r.data["arrests"]) for r in record.revisions] == [(1, 2), (2, 3)]
    [event] = events(db, "deployment.corrected")
    assert event.details == {
        "force": "south-wales",
        "via": "api",
        "version": 2,
        "fields": ["arrests", "engagements"],
    }


def test_put_replaces_the_whole_record(api, db):
    created = api("POST", DEPLOYMENTS, json=RECORD).get_json()
    whole = {"deployed_on": "2026-06-14", "location_name": "Westgate Street", "alerts": 1}
    response = api("PUT", f"{DEPLOYMENTS}/{created['id']}", json=whole)
    assert response.status_code == 200
    body = response.get_json()
    assert (body["version"], body["alerts"], body["location_name"]) == (2, 1, "Westgate Street")
    assert body["force_reference"] is None  # left out, so cleared
    assert body["faces_seen"] is None
    assert body["source"] == "force_submission"
    assert count(db, Deployment) == 1


def test_patch_changes_only_the_fields_sent_and_null_clears_one(api, db):
    created = api("POST", DEPLOYMENTS, json=RECORD).get_json()
    path = f"{DEPLOYMENTS}/{created['id']}"
    response = api(
        "PATCH",
        path,
        data='{"arrests": 1, "purpose": null}',
        content_type="application/merge-patch+json",
    )
    assert response.status_code == 200
    body = response.get_json()
    assert (body["arrests"], body["purpose"], body["version"]) == (1, None, 2)
    unchanged = {k: v for k, v in body.items() if k not in ("arrests", "purpose", "version")}
    assert unchanged == {k: v for k, v in created.items() if k in unchanged} | {
        "updated_at": body["updated_at"]
    }
    assert api("PATCH", path, json={}).get_json()["version"] == 2  # nothing to change


def test_a_patch_that_breaks_the_figures_names_the_fields_and_changes_nothing(api, db):
    created = api("POST", DEPLOYMENTS, json=RECORD).get_json()
    response = api("PATCH", f"{DEPLOYMENTS}/{created['id']}", json={"alerts": 1})
    assert_json_error(response, 422)
    assert fields(response) == ["true_alerts", "false_alerts"]
    db.session.expire_all()
    assert db.session.get(Deployment, created["id"]).version == 1


def test_a_correction_from_an_out_of_date_copy_is_refused(api, db):
    created = api("POST", DEPLOYMENTS, json=RECORD).get_json()
    path = f"{DEPLOYMENTS}/{created['id']}"
    assert api("PATCH", path, json={"arrests": 1}, headers={"If-Match": '"1"'}).status_code == 200
    for stale_tag in ('"1"', 'W/"2"', "one", '"1", "3"'):
        stale = api("PATCH", path, json={"arrests": 0}, headers={"If-Match": stale_tag})
        assert_json_error(stale, 412)
        assert fields(stale) == ["If-Match"]
        assert "now at version 2" in message_for(stale, "If-Match")
    db.session.expire_all()
    assert db.session.get(Deployment, created["id"]).arrests == 1
    assert (
        api("PATCH", path, json={"arrests": 0}, headers={"If-Match": '"1", "2"'}).status_code == 200
    )
    assert api("PATCH", path, json={"arrests": 1}, headers={"If-Match": "*"}).status_code == 200


def test_a_correction_that_would_duplicate_another_record_is_a_conflict(api, db):
    api("POST", DEPLOYMENTS, json=RECORD)
    other = api("POST", DEPLOYMENTS, json={**RECORD, "force_reference": "SWP-LFR-0143"})
    response = api(
        "PATCH", f"{DEPLOYMENTS}/{other.get_json()['id']}", json={"force_reference": "swp-lfr-0142"}
    )
    assert_json_error(response, 409)
    assert fields(response) == ["force_reference"]


def test_usage_returns_are_created_matched_on_their_period_and_patched(api, db, wales):
    created = api("POST", RETURNS, json=RETURN)
    assert created.status_code == 201
    body = created.get_json()
    assert (body["technology"], body["searches"], body["source"]) == (
        "rfr",
        1420,
        "force_submission",
    )
    again = api("POST", RETURNS, json={**RETURN, "searches": 1500})
    assert (again.status_code, again.get_json()["version"]) == (200, 2)
    patched = api("PATCH", f"{RETURNS}/{body['id']}", json={"possible_matches": None})
    assert patched.get_json()["possible_matches"] is None
    replaced = api("PUT", f"{RETURNS}/{body['id']}", json={**RETURN, "technology": "oifr"})
    assert (replaced.get_json()["technology"], replaced.get_json()["version"]) == ("oifr", 4)
    assert count(db, UsageReturn) == 1
    assert count(db, UsageReturnRevision) == 4
    assert [e.actor for e in events(db, "usage_return.created")] == [f"force-token:{wales[0].id}"]
    assert len(events(db, "usage_return.corrected")) == 3
