"""Linking a suggested complaint as a duplicate or related, and dismissing a suggestion:
the change, its timeline entry and audit event, and every refusal. Runs on SQLite and,
with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from oversight.auth.models import Role
from oversight.casework.states import ClosureReason
from oversight.complaints.enums import LinkKind, Status, TimelineKind
from oversight.complaints.models import ComplaintLink, DismissedSuggestion
from tests.casework.cases import (
    CHANGED,
    NO_PERMISSION,
    act,
    actions,
    case,
    events,
    page_of,
    snapshot,
    staff,
)
from tests.casework.suggested import logged_by_staff, section_of, suggested, web
from tests.helpers import login_as

pytestmark = pytest.mark.usefixtures("cheap_tracking_codes")

DAY = "2026-06-14"


def pair(db, caseworker, **fields):
    """A web complaint and a phone one logged by staff about the same day and street."""
    street = web(force="south-wales", incident_date=DAY, place="Queen Street, Cardiff")
    phone = logged_by_staff(
        caseworker, force="south-wales", incident_date=DAY, place="queen st cardiff"
    )
    for name, value in fields.items():
        setattr(phone, name, value)
    db.session.commit()
    return phone, street


def suggestion(client, db, reference: str, other: str, action: str, **data):
    return act(client, db, reference, f"suggestions/{other}/{action}", data)


def dismissed(db) -> list[tuple[int, int]]:
    db.session.expire_all()
    return [
        (d.complaint_id, d.other_id)
        for d in db.session.scalars(sa.select(DismissedSuggestion).order_by(DismissedSuggestion.id))
    ]


def test_linking_a_suggestion_as_related_links_both_and_it_is_no_longer_suggested(
    client, db, caseworker
):
    phone, street = pair(db, caseworker)
    login_as(client, caseworker)
    assert suggested(page_of(client, phone.reference)) == [street.reference]
    response = suggestion(client, db, phone.reference, street.reference, "link", kind="related_to")
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    linked = case(db, phone.reference)
    assert linked.status is Status.RECEIVED
    assert linked.version == 2
    assert [(t.kind, t.body) for t in linked.timeline][-1] == (
        TimelineKind.LINK,
        f"related_to {street.reference}",
    )
    [event] = events(db, "case.linked")
    assert event.details == {
        "reference": phone.reference,
        "other": street.reference,
        "kind": "related_to",
    }
    assert event.actor == f"user:{caseworker.id}"
    html = page_of(client, phone.reference)
    assert suggested(html) == []
    assert f'Related to <a class="govuk-link" href="/staff/cases/{street.reference}"' in html
    assert suggested(page_of(client, street.reference)) == []


def test_linking_a_suggestion_as_a_duplicate_closes_the_case_with_that_reason(
    client, db, caseworker
):
    phone, street = pair(db, caseworker)
    login_as(client, caseworker)
    response = suggestion(
        client, db, phone.reference, street.reference, "link", kind="duplicate_of"
    )
    assert response.status_code == 302
    closed = case(db, phone.reference)
    assert (closed.status, closed.closure_reason) == (Status.CLOSED, ClosureReason.DUPLICATE)
    assert actions(db)[-2:] == ["case.linked", "case.status_changed"]
    [link] = db.session.scalars(sa.select(ComplaintLink))
    assert (link.complaint_id, link.other_id, link.kind) == (
        phone.id,
        street.id,
        LinkKind.DUPLICATE_OF,
    )
    assert suggested(page_of(client, phone.reference)) == []
    html = page_of(client, street.reference)
    assert suggested(html) == []
    assert f'Has a duplicate <a class="govuk-link" href="/staff/cases/{phone.reference}"' in html


def test_a_link_without_a_kind_is_refused_on_the_page(client, db, caseworker):
    phone, street = pair(db, caseworker)
    login_as(client, caseworker)
    before = snapshot(db, phone.reference)
    response = suggestion(client, db, phone.reference, street.reference, "link")
    assert response.status_code == 400
    assert "Select how the complaints are linked" in response.get_data(as_text=True)
    assert snapshot(db, phone.reference) == before


def test_a_dismissed_suggestion_stays_dismissed_on_both_cases(client, db, caseworker):
    phone, street = pair(db, caseworker)
    other = web(force="south-wales", incident_date=DAY, place="Queen Street")
    db.session.commit()
    login_as(client, caseworker)
    assert suggested(page_of(client, phone.reference)) == [street.reference, other.reference]
    response = suggestion(client, db, phone.reference, street.reference, "dismiss")
    assert response.status_code == 302
    assert "Suggestion dismissed" in client.get(response.location).get_data(as_text=True)
    assert dismissed(db) == [(phone.id, street.id)]
    assert case(db, phone.reference).version == 2
    [event] = events(db, "case.suggestion_dismissed")
    assert event.details == {"reference": phone.reference, "other": street.reference}
    assert event.actor == f"user:{caseworker.id}"
    assert actions(db)[-1] == "case.suggestion_dismissed"
    # After a reload, and on the other case's page: the pair is not suggested either way.
    assert suggested(page_of(client, phone.reference)) == [other.reference]
    assert suggested(page_of(client, phone.reference)) == [other.reference]
    assert phone.reference not in suggested(page_of(client, street.reference))
    # Nothing was linked, and the case stays as it was.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ComplaintLink)) == 0
    assert case(db, phone.reference).status is Status.RECEIVED


def test_a_pair_dismissed_from_one_side_cannot_be_dismissed_again_from_the_other(
    client, db, caseworker
):
    phone, street = pair(db, caseworker)
    login_as(client, caseworker)
    assert suggestion(client, db, phone.reference, street.reference, "dismiss").status_code == 302
    before = snapshot(db, street.reference)
    response = suggestion(client, db, street.reference, phone.reference, "dismiss")
    assert response.status_code == 400
    assert "This suggestion was already dismissed" in response.get_data(as_text=True)
    assert snapshot(db, street.reference) == before
    assert dismissed(db) == [(phone.id, street.id)]


@pytest.mark.parametrize("action", ["link", "dismiss"])
@pytest.mark.parametrize(
    ("other", "message"),
    [
        ("FR-ZZZZ-ZZZZ", "There is no complaint with that reference"),
        ("not-a-reference", "There is no complaint with that reference"),
        ("self", "A complaint cannot be linked to itself"),
        ("linked", "These complaints are already linked"),
    ],
)
def test_a_suggestion_that_is_unknown_or_stale_is_refused_with_a_message(
    client, db, caseworker, action, other, message
):
    phone, street = pair(db, caseworker)
    if other == "linked":
        db.session.add(
            ComplaintLink(
                complaint=street, other=phone, kind=LinkKind.RELATED_TO, created_by="user:0"
            )
        )
        db.session.commit()
    target = {"self": phone.reference, "linked": street.reference}.get(other, other)
    login_as(client, caseworker)
    before = snapshot(db, phone.reference)
    response = suggestion(client, db, phone.reference, target, action, kind="related_to")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "govuk-error-summary" in html
    assert message in html
    assert snapshot(db, phone.reference) == before
    assert dismissed(db) == []


@pytest.mark.parametrize("action", ["link", "dismiss"])
def test_a_suggestion_acted_on_from_an_older_page_is_refused(client, db, caseworker, action):
    phone, street = pair(db, caseworker)
    login_as(client, caseworker)
    before = snapshot(db, phone.reference)
    response = suggestion(
        client, db, phone.reference, street.reference, action, kind="related_to", version="0"
    )
    assert response.status_code == 409
    assert CHANGED in response.get_data(as_text=True)
    assert snapshot(db, phone.reference) == before
    assert dismissed(db) == []


@pytest.mark.parametrize("action", ["link", "dismiss"])
def test_a_caseworker_cannot_act_on_a_case_assigned_to_someone_else(client, db, caseworker, action):
    colleague = staff(Role.CASEWORKER, "Other Worker")
    phone, street = pair(db, caseworker, assignee_id=colleague.id)
    login_as(client, caseworker)
    html = section_of(page_of(client, phone.reference))
    assert suggested(page_of(client, phone.reference)) == [street.reference]
    assert "Not related" not in html  # the page offers no action
    before = snapshot(db, phone.reference)
    response = suggestion(client, db, phone.reference, street.reference, action, kind="related_to")
    assert response.status_code == 403
    assert NO_PERMISSION in response.get_data(as_text=True)
    assert snapshot(db, phone.reference)[:-1] == before[:-1]
    assert [e.details["endpoint"] for e in events(db, "access.refused")] == [
        f"duplicates.{action}_suggestion"
    ]
    assert dismissed(db) == []


@pytest.mark.parametrize("action", ["link", "dismiss"])
def test_a_senior_caseworker_may_act_on_anyones_case(client, db, caseworker, action):
    senior = staff(Role.SENIOR_CASEWORKER, "Senior Worker")
    phone, street = pair(db, caseworker, assignee_id=caseworker.id)
    login_as(client, senior)
    response = suggestion(client, db, phone.reference, street.reference, action, kind="related_to")
    assert response.status_code == 302
    assert suggested(page_of(client, phone.reference)) == []


@pytest.mark.parametrize("action", ["link", "dismiss"])
def test_a_statistician_is_refused(client, db, caseworker, statistician, action):
    phone, street = pair(db, caseworker)
    login_as(client, statistician)
    before = snapshot(db, phone.reference)
    response = suggestion(client, db, phone.reference, street.reference, action, kind="related_to")
    assert response.status_code == 403
    assert snapshot(db, phone.reference)[:-1] == before[:-1]
    assert dismissed(db) == []


@pytest.mark.parametrize("action", ["link", "dismiss"])
def test_a_suggestion_action_without_a_good_csrf_token_changes_nothing(
    client, db, caseworker, action
):
    phone, street = pair(db, caseworker)
    login_as(client, caseworker)
    before = snapshot(db, phone.reference)
    response = client.post(
        f"/staff/cases/{phone.reference}/suggestions/{street.reference}/{action}",
        data={"version": "1", "kind": "related_to", "csrf_token": "not-a-token"},
    )
    assert response.status_code == 400
    assert snapshot(db, phone.reference) == before
    assert dismissed(db) == []
