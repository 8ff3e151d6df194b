"""The force API's validation: every problem named by its field, all at once."""

from __future__ import annotations

import pytest

from oversight.deployments.records.models import (
    Deployment,
    UsageReturn,
)
from tests.api.force_api import (
    DEPLOYMENTS,
    RECORD,
    RETURN,
    RETURNS,
    assert_json_error,
    count,
    fields,
    message_for,
)

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
        ("purpose", "nul\u0000byte", "Purpose must not include control characters"),
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
