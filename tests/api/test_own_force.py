"""A force API token touches its own force's records only."""

from __future__ import annotations

import pytest

from oversight.deployments.records.models import (
    Deployment,
    DeploymentRevision,
    UsageReturn,
)
from tests.api.force_api import (
    DEPLOYMENTS,
    RECORD,
    RETURN,
    RETURNS,
    assert_json_error,
    count,
    events,
    fields,
    message_for,
)
from tests.factories import make_deployment

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
