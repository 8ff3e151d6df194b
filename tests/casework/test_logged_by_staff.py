"""Complaints logged by staff from a phone call, an email or a letter. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from oversight.complaints import codes
from oversight.complaints.enums import Channel, Status
from oversight.complaints.models import Complaint
from tests.casework.cases import CODE, REFERENCE, act, case, events, log, page_of
from tests.helpers import login_as

# ---------------------------------------------------------------- complaints logged by staff


@pytest.mark.parametrize("channel", [Channel.EMAIL, Channel.POST, Channel.PHONE])
def test_a_complaint_logged_by_staff_keeps_its_channel_and_goes_through_the_workflow(
    client, db, caseworker, channel
):
    login_as(client, caseworker)
    assert client.get("/staff/cases/new").status_code == 200
    response = log(client, channel=channel.value)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    reference = REFERENCE.search(html).group(1)
    code = CODE.search(html).group(1)
    assert "It is shown only this once" in html
    logged = case(db, reference)
    assert logged.channel is channel
    assert logged.status is Status.RECEIVED
    assert codes.check_tracking_code(logged.tracking_code_hash, code)
    assert logged.complainant.email == "pat@example.com"
    [event] = events(db, "case.logged")
    assert (event.actor, event.details) == (
        f"user:{caseworker.id}",
        {"reference": reference, "channel": channel.value},
    )
    [submitted] = events(db, "complaint.submitted")
    assert submitted.actor == f"user:{caseworker.id}"

    html = page_of(client, reference)
    assert code not in html
    assert channel.label in html
    assert act(client, db, reference, "take").status_code == 302
    assert act(client, db, reference, "move", {"target": "in_triage"}).status_code == 302
    triage = {"in_remit": "yes", "priority": "standard", "concerns": ["no_notice"]}
    assert act(client, db, reference, "triage", triage).status_code == 302
    worked = case(db, reference)
    assert (worked.status, worked.assignee_id) == (Status.INVESTIGATING, caseworker.id)


def test_logging_a_complaint_says_what_is_missing(client, db, caseworker):
    login_as(client, caseworker)
    response = log(client, channel="web", place="", concerns=[])
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter where it happened" in html
    assert "Select at least one concern" in html
    # WTForms' "Not a valid choice" is said as what to do (oversight/forms.py).
    assert "Choose an option from the list" in html
    assert "Not a valid choice" not in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Complaint)) == 0


def test_an_anonymous_complaint_can_be_logged(client, db, caseworker):
    login_as(client, caseworker)
    response = log(client, channel="phone", name="", email="")
    assert response.status_code == 200
    reference = REFERENCE.search(response.get_data(as_text=True)).group(1)
    assert case(db, reference).complainant is None
