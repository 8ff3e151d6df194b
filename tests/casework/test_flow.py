"""A case from receipt to decision through the staff pages."""

from __future__ import annotations

import re

import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.complaints.enums import Status
from oversight.complaints.models import Complaint
from oversight.notify.models import MessageKind, OutboxMessage
from tests.factories import make_complaint
from tests.helpers import csrf_token, login_as


def act(client, complaint, action: str, data: dict, follow: bool = False):
    page = client.get(f"/staff/cases/{complaint.reference}")
    html = page.get_data(as_text=True)
    version = re.search(r'name="version" type="hidden" value="(\d+)"', html)
    payload = {"csrf_token": csrf_token(html), **data}
    if version and "version" not in data:
        payload["version"] = version.group(1)
    return client.post(
        f"/staff/cases/{complaint.reference}/{action}", data=payload, follow_redirects=follow
    )


def reload(db, complaint) -> Complaint:
    db.session.expire_all()
    return db.session.get(Complaint, complaint.id)


def test_a_case_goes_from_received_to_a_decision(client, db, caseworker, senior_caseworker):
    complaint = make_complaint()
    db.session.commit()
    login_as(client, caseworker)
    assert act(client, complaint, "take", {}).status_code == 302
    assert reload(db, complaint).assignee_id == caseworker.id
    assert act(client, complaint, "move", {"target": "in_triage"}).status_code == 302
    response = act(
        client,
        complaint,
        "triage",
        {
            "in_remit": "yes",
            "priority": "high",
            "priority_reason": "Arrest followed",
            "concerns": ["no_notice", "misidentification"],
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    assert reload(db, complaint).status is Status.INVESTIGATING
    assert (
        act(
            client, complaint, "request-information", {"request_text": "Which day exactly?"}
        ).status_code
        == 302
    )
    assert reload(db, complaint).status is Status.AWAITING_INFORMATION
    assert act(client, complaint, "reply", {"reply_text": "The 14th."}).status_code == 302
    assert reload(db, complaint).status is Status.INVESTIGATING
    response = act(
        client,
        complaint,
        "findings",
        {
            "finding_no_notice": "upheld",
            "finding_misidentification": "not_upheld",
            "overall": "partly_upheld",
            "summary": "Signs were missing.",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    refused = act(client, complaint, "sign-off", {})
    assert refused.status_code == 403
    login_as(client, senior_caseworker)
    assert act(client, complaint, "sign-off", {}).status_code == 302
    assert act(client, complaint, "issue-decision", {}).status_code == 302
    decided = reload(db, complaint)
    assert decided.status is Status.DECISION_ISSUED
    kinds = set(db.session.scalars(sa.select(OutboxMessage.kind)))
    assert {MessageKind.REQUEST_FOR_INFORMATION, MessageKind.OUTCOME} <= kinds
    assert (
        act(client, complaint, "move", {"target": "closed", "reason": "outcome_issued"}).status_code
        == 302
    )
    assert reload(db, complaint).status is Status.CLOSED
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {
        "case.taken",
        "case.triaged",
        "case.status_changed",
        "case.signed_off",
        "case.decision_issued",
    } <= actions


def test_a_stale_page_cannot_overwrite_a_newer_change(client, db, caseworker):
    complaint = make_complaint()
    db.session.commit()
    login_as(client, caseworker)
    stale = complaint.version
    assert act(client, complaint, "move", {"target": "in_triage"}).status_code == 302
    response = act(
        client,
        complaint,
        "move",
        {"target": "closed", "reason": "withdrawn", "note": "my words", "version": stale},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Someone else changed this case" in html
    assert "my words" in html
    assert reload(db, complaint).status is Status.IN_TRIAGE


def test_a_refused_move_says_why(client, db, caseworker):
    complaint = make_complaint()
    db.session.commit()
    login_as(client, caseworker)
    response = act(client, complaint, "move", {"target": "decision_issued"})
    assert response.status_code == 400
    assert "cannot be moved to" in response.get_data(as_text=True)


def test_staff_see_the_messages_kept_in_the_outbox(client, db, caseworker):
    complaint = make_complaint()
    db.session.commit()
    login_as(client, caseworker)
    act(client, complaint, "move", {"target": "in_triage"})
    assert (
        act(client, complaint, "request-information", {"request_text": "Which day?"}).status_code
        == 302
    )
    html = client.get(f"/staff/cases/{complaint.reference}").get_data(as_text=True)
    assert "Messages to the complainant" in html
    assert "waiting in the outbox (tries so far: 0)" in html
