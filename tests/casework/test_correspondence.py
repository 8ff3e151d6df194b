"""Asking the complainant for information and logging the reply. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from oversight.complaints.enums import Status, TimelineKind
from oversight.notify.models import MessageKind, OutboxMessage
from tests.casework.cases import TRACKING_CODE, act, actions, case, events, page_of, snapshot
from tests.factories import make_case
from tests.helpers import csrf_token, login_as

# ---------------------------------------------------------------- correspondence


@pytest.mark.parametrize("status", [Status.IN_TRIAGE, Status.INVESTIGATING])
def test_a_request_for_information_waits_for_the_reply_then_returns_to_where_it_was(
    client, db, caseworker, status
):
    complaint = make_case(status)
    db.session.commit()
    login_as(client, caseworker)
    request_text = "Which entrance of the stadium were you at?"
    response = act(
        client, db, complaint.reference, "request-information", {"request_text": request_text}
    )
    assert response.status_code == 302
    waiting = case(db, complaint.reference)
    assert waiting.status is Status.AWAITING_INFORMATION
    [message] = db.session.scalars(sa.select(OutboxMessage))
    assert message.kind is MessageKind.REQUEST_FOR_INFORMATION
    assert message.recipient == "jo@example.com"
    assert message.complaint_id == complaint.id
    assert message.sent_at is None
    assert request_text in message.body
    assert complaint.reference in message.subject
    sent = waiting.timeline[-1]
    assert (sent.kind, sent.body, sent.visible_to_complainant) == (
        TimelineKind.CORRESPONDENCE_OUT,
        request_text,
        True,
    )
    assert {"case.status_changed", "case.information_requested"} <= set(actions(db))

    tracked = client.post(
        "/track",
        data={
            "csrf_token": csrf_token(client.get("/track").get_data(as_text=True)),
            "reference": complaint.reference,
            "tracking_code": TRACKING_CODE,
        },
        follow_redirects=True,
    )
    assert tracked.status_code == 200
    assert request_text in tracked.get_data(as_text=True)

    response = act(client, db, complaint.reference, "reply", {"reply_text": "The north gate."})
    assert response.status_code == 302
    back = case(db, complaint.reference)
    assert back.status is status
    received = [t for t in back.timeline if t.kind is TimelineKind.CORRESPONDENCE_IN]
    assert [(t.body, t.visible_to_complainant) for t in received] == [("The north gate.", False)]
    assert events(db, "case.reply_logged")


def test_a_reply_is_refused_when_the_case_is_not_waiting_for_one(client, db, caseworker):
    complaint = make_case(Status.INVESTIGATING)
    db.session.commit()
    login_as(client, caseworker)
    before = snapshot(db, complaint.reference)
    response = act(client, db, complaint.reference, "reply", {"reply_text": "Hello"})
    assert response.status_code == 400
    assert "This case is not waiting for a reply" in response.get_data(as_text=True)
    assert snapshot(db, complaint.reference) == before


def test_information_cannot_be_requested_before_triage(client, db, caseworker):
    complaint = make_case(Status.RECEIVED)
    db.session.commit()
    login_as(client, caseworker)
    before = snapshot(db, complaint.reference)
    response = act(
        client, db, complaint.reference, "request-information", {"request_text": "Which day?"}
    )
    assert response.status_code == 400
    assert "cannot be moved to ‘Awaiting information’" in response.get_data(as_text=True)
    assert snapshot(db, complaint.reference) == before


def test_a_request_to_an_anonymous_complainant_waits_on_the_track_page(client, db, caseworker):
    complaint = make_case(Status.INVESTIGATING)
    complaint.complainant = None
    db.session.commit()
    login_as(client, caseworker)
    assert "they will see the request when they track the complaint" in page_of(
        client, complaint.reference
    )
    response = act(
        client, db, complaint.reference, "request-information", {"request_text": "When?"}
    )
    assert response.status_code == 302
    [message] = db.session.scalars(sa.select(OutboxMessage))
    assert message.recipient is None
