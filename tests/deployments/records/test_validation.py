"""The one validator refuses what the database would, first, naming the field and saying
what is wrong; and it reads values as forces write them.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest
import sqlalchemy as sa

from oversight.complaints.enums import Technology
from oversight.deployments import records
from oversight.deployments.records.enums import Source
from oversight.deployments.records.models import DEPLOYMENT_COUNTS
from oversight.forces.models import Force
from tests.factories import DEPLOYMENT, USAGE_RETURN

# The validator ---------------------------------------------------------------------------


def force_id(db: Any, slug: str = "south-wales") -> int:
    return db.session.scalar(sa.select(Force.id).where(Force.slug == slug))


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
