"""The figures of a deployment record and a usage return hold together, three times over.

The database refuses rows that break the rules, even when written straight to it past
the validator; the validator refuses the same values first, naming the field and
saying what is wrong; and the save services keep every version and audit each change.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from oversight.audit.models import AuditEvent
from oversight.complaints.enums import Technology
from oversight.deployments import records
from oversight.deployments.records import services
from oversight.deployments.records.enums import Source, Via
from oversight.deployments.records.models import (
    DEPLOYMENT_COUNTS,
    Deployment,
    DeploymentRevision,
    UsageReturn,
    UsageReturnRevision,
)
from oversight.forces.models import Force
from tests.factories import DEPLOYMENT, USAGE_RETURN, make_deployment, make_usage_return


def force_id(db: Any, slug: str = "south-wales") -> int:
    return db.session.scalar(sa.select(Force.id).where(Force.slug == slug))


def deployment_row(db: Any, **overrides: Any) -> Deployment:
    """A deployment as the ORM would write it: no validator in the way."""
    values: dict[str, Any] = {
        "force_id": force_id(db),
        "technology": Technology.LFR,
        "natural_key": "at:2026-06-14|10:00|principality stadium",
        "deployed_on": date(2026, 6, 14),
        "start_time": time(10, 0),
        "end_time": time(16, 0),
        "location_name": "Principality Stadium",
        "watchlist_size": 1203,
        "faces_seen": 24310,
        "alerts": 6,
        "true_alerts": 4,
        "false_alerts": 2,
        "engagements": 5,
        "arrests": 2,
        "source": Source.PUBLISHED_RECORD,
        "created_by": "test",
        "updated_by": "test",
    }
    return Deployment(**{**values, **overrides})


def usage_row(db: Any, **overrides: Any) -> UsageReturn:
    values: dict[str, Any] = {
        "force_id": force_id(db),
        "technology": Technology.RFR,
        "period_start": date(2026, 4, 1),
        "period_end": date(2026, 6, 30),
        "searches": 1420,
        "possible_matches": 310,
        "source": Source.FORCE_SUBMISSION,
        "created_by": "test",
        "updated_by": "test",
    }
    return UsageReturn(**{**values, **overrides})


def stored(db: Any, *rows: Any) -> None:
    db.session.add_all(rows)
    db.session.flush()
    db.session.commit()


def refused(db: Any, *rows: Any) -> None:
    with pytest.raises(IntegrityError):
        stored(db, *rows)
    db.session.rollback()


# The database ----------------------------------------------------------------------------


def test_the_database_keeps_a_deployment_whose_figures_hold_together(db):
    stored(db, deployment_row(db))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Deployment)) == 1


@pytest.mark.parametrize("column", DEPLOYMENT_COUNTS)
def test_the_database_refuses_a_negative_count(db, column):
    refused(db, deployment_row(db, **{column: -1}))


@pytest.mark.parametrize(
    "figures",
    [
        pytest.param({"alerts": 5, "true_alerts": 3, "false_alerts": 3}, id="true+false>alerts"),
        pytest.param({"alerts": 2, "true_alerts": 3, "false_alerts": None}, id="true>alerts"),
        pytest.param({"alerts": 2, "true_alerts": None, "false_alerts": 3}, id="false>alerts"),
    ],
)
def test_the_database_refuses_more_true_or_false_alerts_than_alerts(db, figures):
    refused(db, deployment_row(db, **figures))


def test_the_database_allows_alerts_that_are_not_known(db):
    stored(db, deployment_row(db, alerts=None, true_alerts=7, false_alerts=9))


@pytest.mark.parametrize(
    "end", [pytest.param(time(10, 0), id="equal"), pytest.param(time(9, 59), id="before")]
)
def test_the_database_refuses_a_deployment_that_does_not_end_after_it_starts(db, end):
    refused(db, deployment_row(db, start_time=time(10, 0), end_time=end))


def test_the_database_allows_a_deployment_with_no_end_time(db):
    stored(db, deployment_row(db, end_time=None))


@pytest.mark.parametrize(
    "place", [{"latitude": 90.5}, {"latitude": -91}, {"longitude": 180.5}, {"longitude": -181}]
)
def test_the_database_refuses_coordinates_off_the_globe(db, place):
    refused(db, deployment_row(db, **place))


def test_the_database_refuses_the_same_record_twice_for_one_force(db):
    stored(db, deployment_row(db))
    refused(db, deployment_row(db, location_name="Another name, same key"))


def test_the_same_key_is_fine_for_another_force(db):
    stored(db, deployment_row(db))
    stored(db, deployment_row(db, force_id=force_id(db, "metropolitan")))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Deployment)) == 2


def test_the_database_keeps_a_usage_return_whose_figures_hold_together(db):
    stored(db, usage_row(db))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(UsageReturn)) == 1


@pytest.mark.parametrize("column", ["searches", "possible_matches"])
def test_the_database_refuses_negative_searches_or_matches(db, column):
    refused(db, usage_row(db, **{column: -3}))


@pytest.mark.parametrize(
    "end", [pytest.param(date(2026, 4, 1), id="equal"), pytest.param(date(2026, 3, 1), id="before")]
)
def test_the_database_refuses_a_usage_period_that_does_not_end_after_it_starts(db, end):
    refused(db, usage_row(db, period_end=end))


@pytest.mark.parametrize("technology", [Technology.LFR, Technology.OTHER_BIOMETRIC])
def test_the_database_refuses_a_usage_return_for_live_or_other_technology(db, technology):
    refused(db, usage_row(db, technology=technology))


def test_the_database_refuses_two_returns_for_one_force_technology_and_period(db):
    stored(db, usage_row(db))
    refused(db, usage_row(db, searches=99))
    stored(db, usage_row(db, technology=Technology.OIFR))
    stored(db, usage_row(db, force_id=force_id(db, "gwent")))


# The validator ---------------------------------------------------------------------------


def clean(**overrides: Any) -> records.Cleaned:
    return records.clean_deployment({**DEPLOYMENT, **overrides}, records.ForceIndex())


def clean_usage(**overrides: Any) -> records.Cleaned:
    return records.clean_usage_return({**USAGE_RETURN, **overrides}, records.ForceIndex())


def test_the_validator_reads_a_record_as_a_force_publishes_it(db):
    cleaned = clean()
    assert cleaned.ok, cleaned.errors
    assert cleaned.values["force_id"] == force_id(db)
    assert cleaned.values["deployed_on"] == date(2026, 6, 14)
    assert cleaned.values["start_time"] == time(10, 0)
    assert cleaned.values["faces_seen"] == 24310
    assert cleaned.values["technology"] is Technology.LFR
    assert cleaned.values["source"] is Source.PUBLISHED_RECORD


@pytest.mark.parametrize("column", DEPLOYMENT_COUNTS)
def test_the_validator_refuses_a_negative_count_naming_the_field(db, column):
    errors = clean(**{column: "-4"}).errors
    label = str(next(f.label for f in records.DEPLOYMENT_FIELDS if f.name == column))
    assert errors == {column: f"{label} cannot be less than 0"}


@pytest.mark.parametrize(
    ("figures", "field", "message"),
    [
        (
            {"alerts": "5", "true_alerts": "3", "false_alerts": "3"},
            "false_alerts",
            "True alerts and false alerts together cannot be more than alerts",
        ),
        (
            {"alerts": "2", "true_alerts": "3", "false_alerts": ""},
            "true_alerts",
            "True alerts cannot be more than alerts",
        ),
        (
            {"alerts": "2", "true_alerts": "", "false_alerts": "3"},
            "false_alerts",
            "False alerts cannot be more than alerts",
        ),
    ],
)
def test_the_validator_refuses_alerts_that_do_not_add_up(db, figures, field, message):
    assert clean(**figures).errors == {field: message}


@pytest.mark.parametrize("end", ["10:00", "09:15"])
def test_the_validator_refuses_an_end_time_not_after_the_start(db, end):
    assert clean(start_time="10:00", end_time=end).errors == {
        "end_time": "End time must be after the start time"
    }


def test_the_validator_refuses_a_latitude_off_the_globe(db):
    assert clean(latitude="95").errors == {"latitude": "Latitude must be between -90 and 90"}


@pytest.mark.parametrize("end", ["2026-04-01", "31/03/2026"])
def test_the_validator_refuses_a_usage_period_that_does_not_end_after_it_starts(db, end):
    assert clean_usage(period_end=end).errors == {
        "period_end": "End of period must be after the start of the period"
    }


def test_the_validator_refuses_a_usage_return_for_live_facial_recognition(db):
    assert clean_usage(technology="lfr").errors == {
        "technology": "Technology must be one of: rfr, oifr"
    }


def test_the_validator_refuses_negative_searches(db):
    assert clean_usage(searches="-1").errors == {"searches": "Searches cannot be less than 0"}


def test_the_validator_asks_for_what_a_record_needs(db):
    errors = clean(force="", deployed_on="", location_name="").errors
    assert errors == {
        "force": "Enter the force",
        "deployed_on": "Enter the date",
        "location_name": "Enter the location",
    }
    assert clean_usage(searches="").errors == {"searches": "Enter the searches"}


@pytest.mark.parametrize("typed", ["2025-09-28", "28/09/2025", " 28/9/2025 "])
def test_the_validator_reads_dates_either_way_round(db, typed):
    assert clean(deployed_on=typed).values["deployed_on"] == date(2025, 9, 28)


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("31/02/2026", "Date must be a real date"),
        ("2026/02/03", "Date must be a date like 28/09/2025 or 2025-09-28"),
        ("next Tuesday", "Date must be a date like 28/09/2025 or 2025-09-28"),
    ],
)
def test_the_validator_says_what_is_wrong_with_a_date(db, typed, message):
    assert clean(deployed_on=typed).errors == {"deployed_on": message}


@pytest.mark.parametrize(("typed", "read"), [("1,234", 1234), ("1234", 1234), ("12 345", 12345)])
def test_the_validator_reads_numbers_with_thousands_separators(db, typed, read):
    assert clean(faces_seen=typed).values["faces_seen"] == read


@pytest.mark.parametrize("typed", ["", "N/A", "n/a", "not known", "-", None])
def test_the_validator_reads_blank_and_n_a_as_not_known(db, typed):
    cleaned = clean(faces_seen=typed, engagements=typed)
    assert cleaned.ok, cleaned.errors
    assert cleaned.values["faces_seen"] is None
    assert cleaned.values["engagements"] is None


@pytest.mark.parametrize("typed", ["1,23", "12.5", "lots"])
def test_the_validator_refuses_what_is_not_a_whole_number(db, typed):
    assert clean(faces_seen=typed).errors == {
        "faces_seen": "Faces seen must be a whole number, like 1,250"
    }


@pytest.mark.parametrize(("typed", "read"), [("09:30", time(9, 30)), ("9.30", time(9, 30))])
def test_the_validator_reads_times(db, typed, read):
    assert clean(start_time=typed).values["start_time"] == read


def test_the_validator_refuses_a_time_that_does_not_exist(db):
    assert clean(start_time="25:00").errors == {
        "start_time": "Start time must be a time like 09:30 or 17:45"
    }


@pytest.mark.parametrize("typed", ["south-wales", "South Wales Police", "W15000003"])
def test_the_validator_finds_a_force_by_slug_name_or_ons_code(db, typed):
    assert clean(force=typed).values["force_id"] == force_id(db)


def test_the_validator_refuses_a_force_it_does_not_know(db):
    assert clean(force="Gotham City Police").errors == {
        "force": "Force must be a police force the register knows, by name or code"
    }


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
