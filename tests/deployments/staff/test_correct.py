"""Correcting a deployment record on the staff pages: a correction needs a reason, keeps
the record's history and is refused from an out-of-date page; every change is audited.
"""

from __future__ import annotations

from oversight.deployments import records
from oversight.deployments.records import services
from oversight.deployments.records.enums import Via
from oversight.deployments.records.models import Deployment
from oversight.links.enums import LinkState
from oversight.links.models import DeploymentLink
from tests.deployments.staff.pages import Form, events, text
from tests.factories import DEPLOYMENT, make_complaint, make_deployment
from tests.helpers import login_as, post_page

# Correcting and history -----------------------------------------------------------------------


def correct_url(deployment: Deployment) -> str:
    return f"/staff/deployments/{deployment.id}/correct"


def test_the_correction_form_starts_from_the_record_as_it_stands(client, db, caseworker):
    deployment = make_deployment(latitude="51.4782")
    db.session.commit()
    login_as(client, caseworker)
    form = Form(client.get(correct_url(deployment)).get_data(as_text=True))
    assert form.values["force"] == "south-wales"
    assert form.values["deployed_on"] == "14/06/2026"
    assert form.values["start_time"] == "10:00"
    assert form.values["faces_seen"] == "24,310"
    assert form.values["latitude"] == "51.4782"
    assert form.values["technology"] == "lfr"
    assert form.values["version"] == "1"
    assert form.values["note"] == ""


def test_a_correction_keeps_the_history_and_shows_what_changed(
    client, db, caseworker, senior_caseworker
):
    deployment = make_deployment()
    db.session.commit()
    login_as(client, caseworker)
    form = Form(client.get(correct_url(deployment)).get_data(as_text=True)).values
    sent = {**form, "faces_seen": "25,000", "arrests": "3", "note": "The force re-counted."}
    response = post_page(client, correct_url(deployment), sent)
    assert response.status_code == 302
    db.session.refresh(deployment)
    assert (deployment.version, deployment.faces_seen, deployment.arrests) == (2, 25000, 3)
    [event] = events(db, "deployment.corrected")
    assert event.actor == f"user:{caseworker.id}"
    assert event.details == {
        "force": "south-wales",
        "via": "form",
        "version": 2,
        "fields": ["arrests", "faces_seen"],
    }
    login_as(client, senior_caseworker)
    page = text(client.get(response.location).get_data(as_text=True))
    history = page[page.index("History") :]
    assert history.index("Version 2") < history.index("Version 1")
    assert "by Staff Member, through the staff form The force re-counted." in history
    assert "Faces seen 24,310 25,000" in history
    assert "Arrests 2 3" in history
    assert "Alerts" not in history  # unchanged fields are not listed


def test_a_correction_needs_a_reason_and_every_error_shows_at_once(client, db, caseworker):
    deployment = make_deployment()
    db.session.commit()
    login_as(client, caseworker)
    form = Form(client.get(correct_url(deployment)).get_data(as_text=True)).values
    sent = {**form, "arrests": "3", "false_alerts": "9"}
    response = post_page(client, correct_url(deployment), sent)
    page = Form(response.get_data(as_text=True))
    assert response.status_code == 400
    assert page.summary == [
        ("false_alerts", "False alerts cannot be more than alerts"),
        ("note", "Enter what was corrected and why"),
    ]
    assert page.values["arrests"] == "3"
    db.session.refresh(deployment)
    assert deployment.version == 1


def test_a_correction_that_breaks_the_rules_is_refused_by_its_field(client, db, caseworker):
    deployment = make_deployment()
    db.session.commit()
    login_as(client, caseworker)
    form = Form(client.get(correct_url(deployment)).get_data(as_text=True)).values
    sent = {**form, "false_alerts": "9", "note": "Typo"}
    response = post_page(client, correct_url(deployment), sent)
    page = Form(response.get_data(as_text=True))
    assert page.error("false_alerts") == "False alerts cannot be more than alerts"
    assert page.values["note"] == "Typo"


def test_a_correction_from_an_out_of_date_page_is_refused_with_the_input_kept(
    client, db, caseworker
):
    deployment = make_deployment()
    db.session.commit()
    login_as(client, caseworker)
    form = Form(client.get(correct_url(deployment)).get_data(as_text=True)).values
    # Meanwhile someone else corrects the alerts.
    forces = records.ForceIndex()
    cleaned = records.clean_deployment({**DEPLOYMENT, "alerts": "8"}, forces)
    services.save_deployment(
        cleaned.values, actor="user:99", via=Via.API, forces=forces, record=deployment, note="x"
    )
    db.session.commit()
    sent = {**form, "faces_seen": "30,000", "note": "Re-counted"}
    response = post_page(client, correct_url(deployment), sent)
    html = response.get_data(as_text=True)
    page = Form(html)
    assert response.status_code == 409
    assert page.summary[0] == (
        "changed-since",
        "Someone else corrected this record while you were editing it, so your correction "
        "was not saved. Check what they changed, then send your correction again",
    )
    assert "Alerts 6 8" in text(html)
    assert (page.values["faces_seen"], page.values["note"]) == ("30,000", "Re-counted")
    assert page.values["version"] == "2"
    assert page.values["alerts"] == "8"  # their change, to a field this correction left alone
    db.session.refresh(deployment)
    assert (deployment.version, deployment.faces_seen) == (2, 24310)
    # Sent again from the page it was shown on, it is saved.
    again = post_page(client, correct_url(deployment), page.values)
    assert again.status_code == 302
    db.session.refresh(deployment)
    assert (deployment.version, deployment.faces_seen, deployment.alerts) == (3, 30000, 8)


def test_where_both_corrected_the_same_field_the_page_keeps_the_senders_value(
    client, db, caseworker
):
    deployment = make_deployment()
    db.session.commit()
    login_as(client, caseworker)
    form = Form(client.get(correct_url(deployment)).get_data(as_text=True)).values
    forces = records.ForceIndex()
    cleaned = records.clean_deployment({**DEPLOYMENT, "faces_seen": "26,000"}, forces)
    services.save_deployment(
        cleaned.values, actor="user:99", via=Via.API, forces=forces, record=deployment, note="x"
    )
    db.session.commit()
    response = post_page(
        client, correct_url(deployment), {**form, "faces_seen": "30,000", "note": "Re-counted"}
    )
    assert response.status_code == 409
    assert "Faces seen 24,310 26,000" in text(response.get_data(as_text=True))
    assert Form(response.get_data(as_text=True)).values["faces_seen"] == "30,000"


def test_saving_a_correction_that_changes_nothing_says_so(client, db, caseworker):
    deployment = make_deployment()
    db.session.commit()
    login_as(client, caseworker)
    form = Form(client.get(correct_url(deployment)).get_data(as_text=True)).values
    response = post_page(client, correct_url(deployment), {**form, "note": "Checked"})
    assert response.status_code == 302
    page = text(client.get(response.location).get_data(as_text=True))
    assert "You did not change anything, so nothing was saved." in page
    db.session.refresh(deployment)
    assert deployment.version == 1
    assert events(db, "deployment.corrected") == []


def test_a_correction_into_another_records_reference_is_refused(client, db, caseworker):
    make_deployment(force_reference="SWP-1")
    second = make_deployment(force_reference="SWP-2", deployed_on="2026-06-15")
    db.session.commit()
    login_as(client, caseworker)
    form = Form(client.get(correct_url(second)).get_data(as_text=True)).values
    sent = {**form, "force_reference": "SWP-1", "note": "Typo"}
    response = post_page(client, correct_url(second), sent)
    assert response.status_code == 400
    assert (
        Form(response.get_data(as_text=True))
        .error("force_reference")
        .startswith("This force already has a deployment record with this reference")
    )


def test_the_record_shows_the_cases_linked_to_it(client, db, caseworker, administrator):
    deployment = make_deployment()
    confirmed = make_complaint(tracking_code="AAAA-BBBB-CCC1")
    named = make_complaint(tracking_code="AAAA-BBBB-CCC2")
    rejected = make_complaint(tracking_code="AAAA-BBBB-CCC3")
    for complaint, state in (
        (confirmed, LinkState.CONFIRMED),
        (named, LinkState.NAMED_BY_COMPLAINANT),
        (rejected, LinkState.REJECTED),
    ):
        db.session.add(
            DeploymentLink(
                complaint_id=complaint.id,
                deployment_id=deployment.id,
                state=state,
                created_by="test",
            )
        )
    db.session.commit()
    login_as(client, caseworker)
    html = client.get(f"/staff/deployments/{deployment.id}").get_data(as_text=True)
    assert f'href="/staff/cases/{confirmed.reference}"' in html
    assert f'href="/staff/cases/{named.reference}"' in html
    assert rejected.reference not in html
    assert f"{confirmed.reference} Confirmed" in text(html)
    assert f"{named.reference} Named by the complainant" in text(html)
    # An administrator keeps the records but does not work on cases: no link to follow.
    login_as(client, administrator)
    html = client.get(f"/staff/deployments/{deployment.id}").get_data(as_text=True)
    assert f"{confirmed.reference} Confirmed" in text(html)
    assert "/staff/cases/" not in html
