"""The case page in every status, and every action's error state: no id used twice, a
label for every field, and each error in the summary linking to the field it is about,
in the form that was sent, with the field's own message shown (never inside a closed
<details>). Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from oversight.complaints.enums import Finding, Status
from oversight.complaints.models import Complaint, Recommendation
from oversight.extensions import db as _db
from tests.casework.case_html import read
from tests.casework.cases import act, page_of
from tests.factories import make_case
from tests.helpers import login_as

STATES: list[Any] = [
    pytest.param(Status.RECEIVED, {}, id="received"),
    pytest.param(Status.IN_TRIAGE, {}, id="in triage"),
    pytest.param(Status.AWAITING_INFORMATION, {}, id="awaiting information"),
    pytest.param(Status.INVESTIGATING, {}, id="investigating"),
    pytest.param(Status.INVESTIGATING, {"findings": Finding.UPHELD}, id="findings"),
    pytest.param(Status.DECISION_ISSUED, {}, id="decision issued"),
    pytest.param(Status.CLOSED, {}, id="closed"),
    pytest.param(Status.REVIEW_REQUESTED, {}, id="review requested"),
]


def with_recommendation(complaint: Complaint) -> Recommendation:
    recommendation = Recommendation(
        complaint=complaint,
        force=complaint.force,
        text="Put up signs.",
        due_date=date(2027, 1, 29),
        created_by="user:0",
    )
    _db.session.add(recommendation)
    _db.session.flush()
    return recommendation


def assert_ids_and_labels(html: str) -> None:
    parsed = read(html)
    assert parsed.duplicated == []
    assert parsed.unlabelled == []


@pytest.mark.parametrize(("status", "extra"), STATES)
def test_the_case_page_uses_each_id_once_and_labels_every_field(
    client, db, senior_caseworker, status, extra
):
    complaint = make_case(status, **extra)
    with_recommendation(complaint)
    with_recommendation(complaint)
    db.session.commit()
    login_as(client, senior_caseworker)
    assert_ids_and_labels(page_of(client, complaint.reference))


def test_a_case_with_signed_off_findings_uses_each_id_once(client, db, senior_caseworker):
    from tests.factories import signer

    complaint = make_case(
        Status.INVESTIGATING, Finding.UPHELD, signed_off_by_id=signer().id, signed_off_at=None
    )
    db.session.commit()
    login_as(client, senior_caseworker)
    assert_ids_and_labels(page_of(client, complaint.reference))


# Each action sent empty (or with its one choice left out), and the messages it must show.
ACTIONS: list[Any] = [
    pytest.param(Status.IN_TRIAGE, "triage", {}, "Select whether the complaint is in our remit"),
    pytest.param(Status.IN_TRIAGE, "move", {}, "Select where to move the case"),
    pytest.param(
        Status.INVESTIGATING,
        "request-information",
        {},
        "Enter what you need from the complainant",
    ),
    pytest.param(Status.AWAITING_INFORMATION, "reply", {}, "Enter the reply"),
    pytest.param(Status.INVESTIGATING, "notes", {}, "Enter the note"),
    pytest.param(Status.INVESTIGATING, "findings", {}, "Select the overall outcome"),
    pytest.param(Status.INVESTIGATING, "recommendations", {}, "Enter the recommendation"),
    pytest.param(Status.INVESTIGATING, "response", {}, "Select the force’s response"),
    pytest.param(Status.INVESTIGATING, "links", {}, "Enter the reference of the other complaint"),
    pytest.param(Status.RECEIVED, "assign", {"assignee": ""}, "Choose who to assign the case to"),
    pytest.param(Status.REVIEW_REQUESTED, "review-outcome", {}, "Select the outcome of the review"),
    pytest.param(
        Status.INVESTIGATING,
        "deployments/link",
        {},
        "Enter the register number of the deployment",
    ),
    pytest.param(Status.INVESTIGATING, "legal-hold", {}, "Enter why the case is on legal hold"),
]


@pytest.mark.parametrize(("status", "action", "data", "message"), ACTIONS)
def test_each_actions_errors_link_to_its_own_fields_and_show_beside_them(
    client, db, senior_caseworker, status, action, data, message
):
    complaint = make_case(status)
    first = with_recommendation(complaint)
    second = with_recommendation(complaint)
    db.session.commit()
    login_as(client, senior_caseworker)
    path = f"recommendations/{second.id}/response" if action == "response" else action
    response = act(client, db, complaint.reference, path, data)
    html = response.get_data(as_text=True)
    assert response.status_code == 400, html[:2000]
    assert_ids_and_labels(html)
    parsed = read(html)
    assert parsed.summary_links, "no error summary"
    assert message in [text for _href, text in parsed.summary_links]
    sent_to = f"/staff/cases/{complaint.reference}/{path}"
    for href, text in parsed.summary_links:
        target = href.removeprefix("#")
        assert parsed.ids[target] == 1, (href, text)
        assert parsed.form_of.get(target) == sent_to, (href, text)
    shown = [text for text, hidden in parsed.inline_errors]
    assert any(message in text for text in shown)
    assert [text for text, hidden in parsed.inline_errors if hidden] == []
    # Only the form sent shows errors: the other recommendation's response has none.
    if action == "response":
        assert f'id="response-{first.id}-error"' not in html
        assert f'id="response-{second.id}-error"' in html
