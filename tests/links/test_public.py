"""The public journey's deployment question: when the person names a force and a day on
which that force published live facial recognition deployments, they may pick the one
it was, or say they don't know. The pick becomes a link "named by the complainant"."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.complaints.enums import TimelineKind
from oversight.complaints.models import Complaint, TimelineEntry
from oversight.links.enums import LinkState
from oversight.links.models import DeploymentLink
from oversight.models import utcnow
from oversight.public import drafts
from tests.factories import TARGETS, complaint_answers, make_deployment
from tests.helpers import answer_everything, post_page, reference_and_code, send_complaint

# What answer_everything answers: live facial recognition, South Wales, 14 June 2026.
WHEN = {"incident_date-day": "14", "incident_date-month": "6", "incident_date-year": "2026"}
NONE = "None of these, or I don’t know"


@pytest.fixture
def day(db) -> dict[str, Any]:
    """Two South Wales deployments on 14 June 2026, and others that must not be offered."""
    stadium = make_deployment(
        location_name="Principality Stadium",
        location_area="Cardiff",
        start_time="10:00",
        end_time="",
    )
    market = make_deployment(
        location_name="Queen Street", location_area="Cardiff", start_time="08:30", end_time="12:00"
    )
    other_force = make_deployment(force="gwent", location_name="Newport bus station")
    other_day = make_deployment(deployed_on="2026-06-15", location_name="Cardiff Bay")
    retrospective = make_deployment(technology="rfr", location_name="Custody suite")
    db.session.commit()
    return {
        "stadium": stadium.id,
        "market": market.id,
        "not offered": [other_force.id, other_day.id, retrospective.id],
    }


def answer_up_to_where(client, **changed: dict[str, str]) -> Any:
    """Answer technology, force, date and place; return the response to the place."""
    pages = {
        "technology": {"technology": "lfr"},
        "force": {"force": "south-wales"},
        "when": WHEN,
        "where": {"place": "Cardiff city centre"},
    }
    response = None
    for slug, data in pages.items():
        response = post_page(client, f"/complain/{slug}", changed.get(slug, data))
        assert response.status_code == 302, slug
    return response


def saved(app, client) -> dict[str, Any]:
    with client.session_transaction() as session:
        token = session.get("draft_token")
    with app.app_context():
        draft = drafts.find(token, utcnow())
        return dict(draft.answers) if draft else {}


def named_links(db) -> list[tuple[int, LinkState, str]]:
    db.session.expire_all()
    return [
        (link.deployment_id, link.state, link.complaint.reference)
        for link in db.session.scalars(sa.select(DeploymentLink).order_by(DeploymentLink.id))
    ]


def test_the_question_comes_after_the_place_when_the_force_published_deployments_that_day(
    client, day
):
    response = answer_up_to_where(client)
    assert response.location == "/complain/deployment"

    page = client.get("/complain/deployment")

    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert "Was it one of these deployments?" in html
    assert (
        "South Wales Police published these live facial recognition deployments on 14 June 2026"
        in html
    )
    assert html.index("Queen Street, Cardiff") < html.index("Principality Stadium, Cardiff")
    assert "08:30 to 12:00" in html
    assert "from 10:00" in html
    for other in day["not offered"]:
        assert f'value="{other}"' not in html
    # Nothing is chosen until the person chooses: not even "I don't know".
    assert " checked" not in html


@pytest.mark.parametrize(
    "changed",
    [
        {"technology": {"technology": "rfr"}},
        {"force": {"force": "unknown"}},
        {"force": {"force": "gwent"}, "when": {**WHEN, "incident_date-day": "13"}},
        {"when": {**WHEN, "incident_date-day": ""}},  # the month only: no day to list
        {"when": {**WHEN, "incident_date-day": "16"}},
    ],
    ids=["rfr", "unknown force", "another force that day", "month only", "a day with none"],
)
def test_the_question_is_skipped_when_there_is_nothing_that_day_to_pick_from(client, day, changed):
    response = answer_up_to_where(client, **changed)

    assert response.location == "/complain/what-happened"
    assert client.get("/complain/deployment").location == "/complain/what-happened"
    assert client.get("/complain/what-happened").status_code == 200


def test_the_page_after_goes_back_to_the_question(client, day):
    answer_up_to_where(client)
    html = client.get("/complain/what-happened").get_data(as_text=True)
    assert 'href="/complain/deployment"' in html


def test_picking_a_deployment_names_it_on_the_complaint(app, client, db, day):
    answer_everything(client, deployment={"deployment": str(day["stadium"])})

    html = send_complaint(client).get_data(as_text=True)

    reference, _ = reference_and_code(html)
    assert named_links(db) == [(day["stadium"], LinkState.NAMED_BY_COMPLAINANT, reference)]
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "case.deployment_link_changed")
    )
    assert (event.actor, event.details) == (
        "public",
        {
            "reference": reference,
            "deployment": str(day["stadium"]),
            "state": "named_by_complainant",
        },
    )
    entry = db.session.scalar(
        sa.select(TimelineEntry).where(TimelineEntry.kind == TimelineKind.LINK)
    )
    assert entry.body.startswith(
        f"Deployment named by the complainant: deployment {day['stadium']}"
    )


def test_saying_i_dont_know_links_nothing(client, db, day):
    answer_everything(client, deployment={"deployment": "none"})
    send_complaint(client)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Complaint)) == 1
    assert named_links(db) == []


def test_choosing_nothing_asks_again_and_a_deployment_not_offered_is_refused(client, day):
    answer_up_to_where(client)
    for sent in ({}, {"deployment": str(day["not offered"][0])}):
        response = post_page(client, "/complain/deployment", sent)
        html = response.get_data(as_text=True)
        assert response.status_code == 400
        assert "Select the deployment it was, or ‘None of these, or I don’t know’" in html
        assert 'href="#deployment"' in html


def test_check_answers_shows_the_pick_and_it_can_be_changed(client, day):
    answer_everything(client, deployment={"deployment": str(day["market"])})

    html = client.get("/complain/check-answers").get_data(as_text=True)

    assert "The deployment" in html
    assert "Queen Street, Cardiff, 08:30 to 12:00" in html
    assert 'href="/complain/deployment?change=1"' in html
    response = post_page(client, "/complain/deployment?change=1", {"deployment": "none"})
    assert response.location == "/complain/check-answers"
    assert NONE in client.get("/complain/check-answers").get_data(as_text=True)


def test_changing_the_day_asks_again_for_that_day(client, db, day):
    day_before = make_deployment(deployed_on="2026-06-13", location_name="Cardiff Central")
    db.session.commit()
    answer_everything(client, deployment={"deployment": str(day["stadium"])})

    response = post_page(client, "/complain/when?change=1", {**WHEN, "incident_date-day": "13"})

    assert response.location == "/complain/deployment?change=1"
    assert client.get("/complain/check-answers").location == "/complain/deployment"
    html = client.get("/complain/deployment?change=1").get_data(as_text=True)
    assert f'value="{day_before.id}"' in html
    assert f'value="{day["stadium"]}"' not in html
    assert " checked" not in html


def test_a_pick_left_from_other_answers_is_dropped_not_linked(app, client, db, day):
    answer_everything(client, deployment={"deployment": str(day["stadium"])})
    # A day with no deployments: the question is no longer asked, the old pick stays
    # in the draft, and sending must not link it.
    response = post_page(client, "/complain/when?change=1", {**WHEN, "incident_date-day": "2"})
    assert response.location == "/complain/check-answers"
    assert saved(app, client)["deployment"] == str(day["stadium"])
    html = client.get("/complain/check-answers").get_data(as_text=True)
    assert "The deployment" not in html

    send_complaint(client)

    assert db.session.scalar(sa.select(sa.func.count()).select_from(Complaint)) == 1
    assert named_links(db) == []


@pytest.mark.parametrize(
    "changed",
    [
        {"incident_date": "2026-06-15"},
        {"force": "gwent"},
        {"technology": "rfr"},
        {"incident_date_approximate": True},
    ],
)
def test_the_complaint_links_a_pick_only_if_it_fits_the_answers(db, day, changed):
    from oversight.complaints import services

    answers = complaint_answers(deployment=str(day["stadium"]), **changed)
    complaint = services.create_complaint(
        answers, tracking_code="AAAA-BBBB-CCCC", received_at=utcnow(), targets=TARGETS
    )
    db.session.flush()
    assert complaint.id and named_links(db) == []


def test_a_fitting_pick_is_linked_when_the_complaint_is_made(db, day):
    from oversight.complaints import services

    complaint = services.create_complaint(
        complaint_answers(deployment=str(day["market"])),
        tracking_code="AAAA-BBBB-CCCC",
        received_at=utcnow(),
        targets=TARGETS,
    )
    assert named_links(db) == [(day["market"], LinkState.NAMED_BY_COMPLAINANT, complaint.reference)]
    assert complaint.incident_date == date(2026, 6, 14)
