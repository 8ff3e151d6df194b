"""The staff page to add a deployment record: every error the validator finds is shown
beside its field and in the error summary, with everything typed kept.
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from oversight.deployments.records.enums import Via
from oversight.deployments.records.models import Deployment
from tests.deployments.staff.pages import NEW, TYPED, Form, events, only_deployment, text
from tests.factories import make_deployment
from tests.helpers import login_as, post_page

# Adding a deployment record ------------------------------------------------------------------


def test_a_caseworker_adds_a_deployment_record_and_sees_it(client, db, caseworker):
    login_as(client, caseworker)
    response = post_page(client, NEW, TYPED)
    deployment = only_deployment(db)
    assert response.status_code == 302
    assert response.location == f"/staff/deployments/{deployment.id}"
    assert (deployment.force.slug, deployment.faces_seen, deployment.version) == (
        "south-wales",
        24310,
        1,
    )
    [revision] = deployment.revisions
    assert (revision.via, revision.changed_by) == (Via.FORM, f"user:{caseworker.id}")
    [event] = events(db, "deployment.created")
    assert event.actor == f"user:{caseworker.id}"
    assert event.details == {"force": "south-wales", "via": "form", "source": "published_record"}
    page = text(client.get(response.location).get_data(as_text=True))
    assert "Deployment record added." in page
    assert "Principality Stadium, Westgate Street on 14 June 2026" in page
    assert "SWP-LFR-031" in page and "24,310" in page and "Wanted by the courts" in page
    assert f"Version 1 {_when(revision)} by Staff Member, through the staff form" in page


def _when(revision: Any) -> str:
    from flask_babel import format_datetime

    return format_datetime(revision.changed_at, "d MMMM yyyy, HH:mm")


ERRORS = [
    ("deployed_on", {"deployed_on": "31/02/2026"}, "Date must be a real date"),
    ("deployed_on", {"deployed_on": "June"}, "Date must be a date like 28/09/2025 or 2025-09-28"),
    ("force", {"force": ""}, "Enter the force"),
    ("location_name", {"location_name": "  "}, "Enter the location"),
    ("end_time", {"end_time": "09:00"}, "End time must be after the start time"),
    ("start_time", {"start_time": "half ten"}, "Start time must be a time like 09:30 or 17:45"),
    ("faces_seen", {"faces_seen": "about 20,000"}, "Faces seen must be a whole number, like 1,250"),
    ("arrests", {"arrests": "-2"}, "Arrests cannot be less than 0"),
    ("true_alerts", {"true_alerts": "7"}, "True alerts cannot be more than alerts"),
    ("false_alerts", {"false_alerts": "7"}, "False alerts cannot be more than alerts"),
    (
        "false_alerts",
        {"true_alerts": "4", "false_alerts": "3"},
        "True alerts and false alerts together cannot be more than alerts",
    ),
    ("latitude", {"latitude": "151.2"}, "Latitude must be between -90 and 90"),
    (
        "source_link",
        {"source_link": "www.example.com"},
        "Source link must be a web address starting with https://",
    ),
]


@pytest.mark.parametrize(("field", "typed", "message"), ERRORS, ids=[e[2] for e in ERRORS])
def test_each_error_is_shown_by_its_field_and_in_the_summary_with_the_input_kept(
    client, db, caseworker, field, typed, message
):
    login_as(client, caseworker)
    response = post_page(client, NEW, {**TYPED, **typed})
    assert response.status_code == 400
    form = Form(response.get_data(as_text=True))
    assert (field, message) in form.summary
    assert form.error(field) == message
    for name, value in {**TYPED, **typed}.items():
        assert form.values.get(name, "") == value.strip(), name
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Deployment)) == 0
    assert events(db, "deployment.created") == []
    assert "<title>Error: " in response.get_data(as_text=True)


def test_several_errors_are_listed_in_the_order_of_the_form(client, db, caseworker):
    login_as(client, caseworker)
    response = post_page(
        client, NEW, {**TYPED, "alerts": "1", "deployed_on": "", "location_name": ""}
    )
    assert [field for field, _ in Form(response.get_data(as_text=True)).summary] == [
        "deployed_on",
        "location_name",
        "true_alerts",
        "false_alerts",
    ]


def test_adding_a_record_the_register_holds_points_to_that_record(client, db, caseworker):
    held = make_deployment(force_reference="SWP-LFR-031")
    db.session.commit()
    login_as(client, caseworker)
    response = post_page(client, NEW, {**TYPED, "location_name": "Another place"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert (
        Form(html)
        .error("force_reference")
        .startswith("This force already has a deployment record with this reference")
    )
    assert f'href="/staff/deployments/{held.id}"' in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Deployment)) == 1
