"""Linking a case to deployments on the staff pages: the suggestions on the case page,
confirming, rejecting, linking by hand and unlinking, each with its timeline entry and
audit event; who may; and finding a deployment in the register. The ranking of the
suggestions is in tests/links/test_suggestions.py, the public journey's pick in
tests/links/test_public.py.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.auth.models import Role
from oversight.complaints.enums import TimelineKind
from oversight.complaints.models import Complaint, TimelineEntry
from oversight.links import services as links
from oversight.links.enums import LinkState
from oversight.links.models import DeploymentLink
from oversight.links.suggestions import suggest
from tests.factories import make_case, make_deployment, make_user
from tests.helpers import csrf_token, login_as

VERSION = re.compile(r'name="version" type="hidden" value="(\d+)"')
NO_PERMISSION = "You do not have permission to see this page"
CHANGED = "Someone else changed this case while you were working on it"


def deployment(day: str = "2026-06-14", **overrides: Any) -> Any:
    """A South Wales deployment (the factory's case is South Wales, 14 June 2026)."""
    overrides.setdefault("location_name", f"Somewhere {day}")
    overrides.setdefault("location_area", "Newport")
    return make_deployment(deployed_on=day, **overrides)


def case(db, reference: str) -> Complaint:
    db.session.expire_all()
    return db.session.scalar(sa.select(Complaint).where(Complaint.reference == reference))


def link_states(db, complaint_id: int) -> dict[int, LinkState]:
    db.session.expire_all()
    return {
        link.deployment_id: link.state
        for link in db.session.scalars(
            sa.select(DeploymentLink).where(DeploymentLink.complaint_id == complaint_id)
        )
    }


def link_events(db) -> list[dict[str, Any]]:
    db.session.expire_all()
    return [
        event.details
        for event in db.session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.action == "case.deployment_link_changed")
            .order_by(AuditEvent.seq)
        )
    ]


def link_timeline(db, complaint_id: int) -> list[str]:
    db.session.expire_all()
    return [
        entry.body or ""
        for entry in db.session.scalars(
            sa.select(TimelineEntry)
            .where(
                TimelineEntry.complaint_id == complaint_id,
                TimelineEntry.kind == TimelineKind.LINK,
            )
            .order_by(TimelineEntry.id)
        )
    ]


def act(client, reference: str, path: str, data: dict[str, Any] | None = None) -> Any:
    """Send a form of the case page with the page's CSRF token and version."""
    opened = client.get(f"/staff/cases/{reference}")
    html = opened.get_data(as_text=True)
    if opened.status_code != 200:
        html = client.get("/track").get_data(as_text=True)
    payload: dict[str, Any] = {"csrf_token": csrf_token(html), **(data or {})}
    shown = VERSION.search(html)
    payload.setdefault("version", shown.group(1) if shown else "1")
    return client.post(f"/staff/cases/{reference}/deployments/{path}", data=payload)


# Changing links on the case page ---------------------------------------------------------


@pytest.fixture
def suggestion(db) -> tuple[str, int, int]:
    """A case with one suggested deployment: (reference, case id, deployment id)."""
    complaint = make_case()
    target = deployment(location_name="Principality Stadium", location_area="Cardiff")
    db.session.commit()
    return complaint.reference, complaint.id, target.id


def test_the_case_page_shows_suggestions_with_the_words_in_common(
    client, db, caseworker, suggestion
):
    reference, _, target = suggestion
    login_as(client, caseworker)

    html = client.get(f"/staff/cases/{reference}").get_data(as_text=True)

    table = html[html.index('id="suggested-deployments"') :]
    assert f"Deployment {target}" in table
    assert "Principality Stadium, Cardiff" in table
    assert '<td class="govuk-table__cell">cardiff</td>' in table
    assert f"/staff/cases/{reference}/deployments/{target}/confirm" in table
    assert f"/staff/cases/{reference}/deployments/{target}/reject" in table
    assert "No deployments are linked to this case." in html


def test_confirming_a_suggestion_links_it_with_a_timeline_entry_and_an_audit_event(
    client, db, caseworker, suggestion
):
    reference, case_id, target = suggestion
    login_as(client, caseworker)

    response = act(client, reference, f"{target}/confirm")

    assert response.status_code == 302
    assert link_states(db, case_id) == {target: LinkState.CONFIRMED}
    assert link_events(db) == [
        {"reference": reference, "deployment": str(target), "state": "confirmed"}
    ]
    [entry] = link_timeline(db, case_id)
    assert entry.startswith(f"Deployment linked: deployment {target}, 14 June 2026 10:00 to 16:00")
    assert case(db, reference).version == 2
    html = client.get(f"/staff/cases/{reference}").get_data(as_text=True)
    assert "Deployment linked to the case." in html
    linked = html[html.index('id="linked-deployments"') : html.index("Suggested deployments")]
    assert f"Deployment {target}" in linked
    assert "Confirmed" in linked
    assert 'id="suggested-deployments"' not in html


def test_not_this_one_stops_the_suggestion_and_it_can_be_confirmed_later(
    client, db, caseworker, suggestion
):
    reference, case_id, target = suggestion
    login_as(client, caseworker)

    assert act(client, reference, f"{target}/reject").status_code == 302
    assert link_states(db, case_id) == {target: LinkState.REJECTED}
    assert suggest(case(db, reference)).items == []
    html = client.get(f"/staff/cases/{reference}").get_data(as_text=True)
    assert "1 deployment rejected" in html

    assert act(client, reference, f"{target}/confirm").status_code == 302
    assert link_states(db, case_id) == {target: LinkState.CONFIRMED}
    assert [e["state"] for e in link_events(db)] == ["rejected", "confirmed"]
    assert [e.split(":")[0] for e in link_timeline(db, case_id)] == [
        "Deployment rejected",
        "Deployment linked",
    ]


def test_unlinking_keeps_the_link_as_rejected_and_records_it(client, db, caseworker, suggestion):
    reference, case_id, target = suggestion
    login_as(client, caseworker)
    act(client, reference, f"{target}/confirm")

    assert act(client, reference, f"{target}/unlink").status_code == 302

    assert link_states(db, case_id) == {target: LinkState.REJECTED}
    assert [e["state"] for e in link_events(db)] == ["confirmed", "rejected"]
    assert link_timeline(db, case_id)[-1].startswith(f"Deployment unlinked: deployment {target}")


def test_unlinking_what_is_not_linked_is_refused_and_changes_nothing(
    client, db, caseworker, suggestion
):
    reference, case_id, target = suggestion
    login_as(client, caseworker)

    response = act(client, reference, f"{target}/unlink")

    assert response.status_code == 400
    assert "This deployment is not linked to the case" in response.get_data(as_text=True)
    assert link_states(db, case_id) == {}
    assert link_events(db) == []
    assert case(db, reference).version == 1


def test_a_deployment_the_complainant_named_can_be_confirmed(client, db, caseworker, suggestion):
    reference, case_id, target = suggestion
    db.session.add(
        DeploymentLink(
            complaint_id=case_id,
            deployment_id=target,
            state=LinkState.NAMED_BY_COMPLAINANT,
            created_by="public",
        )
    )
    db.session.commit()
    login_as(client, caseworker)
    html = client.get(f"/staff/cases/{reference}").get_data(as_text=True)
    assert "Named by the complainant" in html

    assert act(client, reference, f"{target}/confirm").status_code == 302

    assert link_states(db, case_id) == {target: LinkState.CONFIRMED}
    link = db.session.scalar(sa.select(DeploymentLink))
    assert (link.created_by, link.decided_by) == ("public", f"user:{caseworker.id}")


def test_any_deployment_can_be_linked_by_its_register_number(client, db, caseworker, suggestion):
    reference, case_id, _ = suggestion
    elsewhere = make_deployment(force="gwent", deployed_on="2025-01-02", location_name="Newport")
    db.session.commit()
    login_as(client, caseworker)

    response = act(client, reference, "link", {"deployment_id": f" {elsewhere.id} "})

    assert response.status_code == 302
    assert link_states(db, case_id) == {elsewhere.id: LinkState.CONFIRMED}
    assert link_events(db) == [
        {"reference": reference, "deployment": str(elsewhere.id), "state": "confirmed"}
    ]


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Enter the register number of the deployment"),
        ("twelve", "Register number must be a number, for example 1234"),
        ("999999", "There is no deployment with that register number"),
    ],
)
def test_linking_by_a_wrong_register_number_says_what_to_do_and_keeps_it(
    client, db, caseworker, suggestion, typed, message
):
    reference, case_id, _ = suggestion
    login_as(client, caseworker)

    response = act(client, reference, "link", {"deployment_id": typed})

    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert 'href="#deployment-link-deployment-id"' in html
    assert f'value="{typed}"' in html if typed else True
    assert link_states(db, case_id) == {}


def test_linking_what_is_already_linked_is_refused(client, db, caseworker, suggestion):
    reference, _, target = suggestion
    login_as(client, caseworker)
    act(client, reference, f"{target}/confirm")

    response = act(client, reference, "link", {"deployment_id": str(target)})

    assert response.status_code == 400
    assert "This deployment is already linked to the case" in response.get_data(as_text=True)
    assert len(link_events(db)) == 1


def test_a_change_from_an_older_page_is_refused_and_nothing_is_saved(
    client, db, caseworker, suggestion
):
    reference, case_id, target = suggestion
    login_as(client, caseworker)

    response = act(client, reference, f"{target}/confirm", {"version": "0"})

    assert response.status_code == 409
    assert CHANGED in response.get_data(as_text=True)
    assert link_states(db, case_id) == {}


def test_an_unknown_deployment_is_not_found(client, db, caseworker, suggestion):
    reference, case_id, _ = suggestion
    login_as(client, caseworker)
    assert act(client, reference, "999999/confirm").status_code == 404
    assert link_states(db, case_id) == {}


@pytest.mark.parametrize("path", ["{target}/confirm", "{target}/reject", "link"])
def test_a_statistician_may_not_link_deployments(client, db, statistician, suggestion, path):
    reference, case_id, target = suggestion
    login_as(client, statistician)

    response = act(client, reference, path.format(target=target), {"deployment_id": str(target)})

    assert response.status_code == 403
    assert NO_PERMISSION in response.get_data(as_text=True)
    assert link_states(db, case_id) == {}
    assert client.get(f"/staff/cases/{reference}/deployments").status_code == 403


def test_a_caseworker_may_not_link_a_case_assigned_to_someone_else(client, db, suggestion):
    reference, case_id, target = suggestion
    owner = make_user({Role.CASEWORKER}, email="owner@example.test")
    other = make_user({Role.CASEWORKER}, email="other@example.test")
    case(db, reference).assignee_id = owner.id
    db.session.commit()
    login_as(client, other)

    html = client.get(f"/staff/cases/{reference}").get_data(as_text=True)
    assert f"/deployments/{target}/confirm" not in html
    assert act(client, reference, f"{target}/confirm").status_code == 403
    assert link_states(db, case_id) == {}


def test_a_senior_caseworker_may_link_any_case(client, db, senior_caseworker, suggestion):
    reference, case_id, target = suggestion
    case(db, reference).assignee_id = make_user({Role.CASEWORKER}, email="o@example.test").id
    db.session.commit()
    login_as(client, senior_caseworker)
    assert act(client, reference, f"{target}/confirm").status_code == 302
    assert link_states(db, case_id) == {target: LinkState.CONFIRMED}


# Finding a deployment in the register -----------------------------------------------------


def test_the_find_page_opens_on_the_case_force_and_day(client, db, caseworker, suggestion):
    reference, _, target = suggestion
    other_day = deployment("2026-06-20", location_name="Other day")
    login_as(client, caseworker)

    response = client.get(f"/staff/cases/{reference}/deployments")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert 'value="14/06/2026"' in html
    assert f"Deployment {target}" in html
    assert f"Deployment {other_day.id}<" not in html


def test_the_find_page_searches_by_the_force_reference(client, db, caseworker, suggestion):
    reference, _, target = suggestion
    wanted = make_deployment(
        force="gwent", force_reference="GW-2025-17", deployed_on="2025-03-01", location_name="X"
    )
    db.session.commit()
    login_as(client, caseworker)

    html = client.get(
        f"/staff/cases/{reference}/deployments", query_string={"force_reference": "gw-2025-17"}
    ).get_data(as_text=True)

    assert f"Deployment {wanted.id}<" in html
    assert f"Deployment {target}<" not in html
    assert f"/staff/cases/{reference}/deployments/{wanted.id}/confirm" in html


def test_the_find_page_asks_for_something_to_search_by(client, db, caseworker, suggestion):
    reference, _, _ = suggestion
    login_as(client, caseworker)

    response = client.get(
        f"/staff/cases/{reference}/deployments",
        query_string={"force": "", "deployed_on": "31/02/2026"},
    )

    assert response.status_code == 400
    assert "Date must be a real date, like 14/6/2026" in response.get_data(as_text=True)
    response = client.get(f"/staff/cases/{reference}/deployments", query_string={"force": ""})
    assert response.status_code == 400
    assert "Choose a police force, or enter a date" in response.get_data(as_text=True)


def test_the_find_page_of_a_case_with_no_force_or_date_waits_for_a_search(client, db, caseworker):
    reference = make_case(force=None, incident_date=None).reference
    deployment()
    db.session.commit()
    login_as(client, caseworker)

    response = client.get(f"/staff/cases/{reference}/deployments")

    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" not in html
    assert "Deployments found" not in html


def test_the_services_refuse_a_user_who_may_not_change_the_case(db, statistician):
    complaint = make_case()
    target = deployment()
    with pytest.raises(links.NotPermitted):
        links.confirm(complaint, target, statistician, complaint.version)
