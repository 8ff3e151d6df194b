"""Submissions to the force API that create, correct and patch records, keeping their
history."""

from __future__ import annotations

from oversight.deployments.records.models import (
    Deployment,
    DeploymentRevision,
    UsageReturn,
    UsageReturnRevision,
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
