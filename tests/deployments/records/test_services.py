"""The save services keep every version of a record and audit each change."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.deployments import records
from oversight.deployments.records import services
from oversight.deployments.records.enums import Via
from oversight.deployments.records.models import Deployment, DeploymentRevision, UsageReturnRevision
from tests.factories import DEPLOYMENT, USAGE_RETURN, make_deployment, make_usage_return

# The services ----------------------------------------------------------------------------


def events(db: Any, action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def test_a_new_deployment_is_version_1_with_one_revision_and_an_audit_event(db):
    deployment = make_deployment()
    db.session.commit()
    assert deployment.version == 1
    [revision] = deployment.revisions
    assert (revision.version, revision.via, revision.changed_by) == (1, Via.FORM, "test")
    assert revision.data["force"] == "south-wales"
    assert revision.data["faces_seen"] == 24310
    [event] = events(db, "deployment.created")
    assert event.object_id == str(deployment.id)
    assert event.details == {"force": "south-wales", "via": "form", "source": "published_record"}


def save(values: dict[str, Any], **kwargs: Any) -> services.Saved:
    forces = records.ForceIndex()
    cleaned = records.clean_deployment({**DEPLOYMENT, **values}, forces)
    assert cleaned.ok, cleaned.errors
    return services.save_deployment(
        cleaned.values, actor="user:1", via=Via.FORM, forces=forces, **kwargs
    )


def test_a_correction_is_version_2_with_the_fields_it_changed(db):
    deployment = make_deployment()
    saved = save(
        {"faces_seen": "25,000", "arrests": "3"},
        record=deployment,
        note="Force re-counted",
        expected_version=1,
    )
    db.session.commit()
    assert (saved.change, saved.fields) == ("corrected", ["arrests", "faces_seen"])
    assert deployment.version == 2
    first, second = deployment.revisions
    assert first.data["faces_seen"] == 24310
    assert (second.version, second.note, second.data["faces_seen"]) == (
        2,
        "Force re-counted",
        25000,
    )
    [event] = events(db, "deployment.corrected")
    assert event.details == {
        "force": "south-wales",
        "via": "form",
        "version": 2,
        "fields": ["arrests", "faces_seen"],
    }


def test_saving_the_same_values_again_changes_nothing(db):
    deployment = make_deployment()
    db.session.commit()
    saved = save({}, record=deployment, note="No change", expected_version=1)
    db.session.commit()
    assert saved.change == "unchanged"
    assert deployment.version == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(DeploymentRevision)) == 1
    assert events(db, "deployment.corrected") == []


def test_the_same_record_arriving_again_is_found_by_its_key_not_duplicated(db):
    first = make_deployment()
    saved = save({"location_name": "PRINCIPALITY STADIUM,  Westgate Street"})
    assert (saved.record, saved.change, saved.fields) == (first, "corrected", ["location_name"])
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Deployment)) == 1


def test_a_correction_into_another_records_key_is_refused(db):
    make_deployment(force_reference="SWP-1")
    second = make_deployment(force_reference="SWP-2")
    with pytest.raises(services.RecordProblem) as refusal:
        save({"force_reference": "SWP-1"}, record=second, note="Typo")
    assert refusal.value.field == "force_reference"


def test_a_correction_from_an_out_of_date_page_is_refused(db):
    deployment = make_deployment()
    save({"arrests": "3"}, record=deployment, note="First", expected_version=1)
    with pytest.raises(services.RecordProblem) as refusal:
        save({"arrests": "4"}, record=deployment, note="Second", expected_version=1)
    assert refusal.value.field == "version"
    assert deployment.arrests == 3


def test_usage_returns_keep_their_history_and_audit_the_same_way(db):
    usage = make_usage_return()
    forces = records.ForceIndex()
    cleaned = records.clean_usage_return({**USAGE_RETURN, "searches": "1,500"}, forces)
    saved = services.save_usage_return(
        cleaned.values, actor="user:1", via=Via.FORM, forces=forces, record=usage, note="Late"
    )
    db.session.commit()
    assert (saved.change, saved.fields, usage.version) == ("corrected", ["searches"], 2)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UsageReturnRevision)) == 2
    [created] = events(db, "usage_return.created")
    assert created.details == {"force": "south-wales", "via": "form"}
    [corrected] = events(db, "usage_return.corrected")
    assert corrected.details["fields"] == ["searches"]


def test_a_usage_return_corrected_into_another_period_held_is_refused(db):
    make_usage_return()
    other = make_usage_return(period_start="2026-07-01", period_end="2026-09-30")
    forces = records.ForceIndex()
    cleaned = records.clean_usage_return(USAGE_RETURN, forces)
    with pytest.raises(services.RecordProblem) as refusal:
        services.save_usage_return(
            cleaned.values, actor="user:1", via=Via.FORM, forces=forces, record=other
        )
    assert refusal.value.field == "period_start"
