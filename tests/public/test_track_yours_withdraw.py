"""Withdrawing a complaint from the track page: it closes as withdrawn through the one
table of moves, with the version bumped, a timeline entry, audit events and a message;
refused once closed or decided, and only ever for the complaint opened here."""

from __future__ import annotations

import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.casework.states import ClosureReason
from oversight.complaints.enums import Status
from oversight.complaints.models import Complaint, TimelineEntry
from oversight.notify.models import MessageKind, OutboxMessage
from tests.factories import make_case, make_complaint
from tests.helpers import csrf_token, login_as
from tests.public.yours import CODE, complaint_with_file, confirm, track

WITHDRAW = "/track/withdraw"
NUL = "\x00"


def reload(db, complaint) -> Complaint:
    db.session.expire_all()
    return db.session.get(Complaint, complaint.id)


def test_the_page_says_what_withdrawing_means(client, db):
    track(client, complaint_with_file(db))
    page = client.get(WITHDRAW).get_data(as_text=True)
    assert "we stop working on it" in page
    assert "it is closed as withdrawn" in page
    assert "you can make a new complaint at any time" in page
    assert 'name="csrf_token"' in page and 'href="/track/your-complaint"' in page


def test_withdrawing_closes_the_case_as_withdrawn(client, db):
    complaint = complaint_with_file(db)
    version = complaint.version
    track(client, complaint)
    response = confirm(client, WITHDRAW, reason="I have sorted it out with the force.")
    assert response.status_code == 200
    assert "Complaint withdrawn" in response.get_data(as_text=True)
    complaint = reload(db, complaint)
    assert complaint.status is Status.CLOSED
    assert complaint.closure_reason is ClosureReason.WITHDRAWN
    assert complaint.closed_at is not None
    assert complaint.version == version + 1
    entry = db.session.scalar(
        sa.select(TimelineEntry).where(
            TimelineEntry.complaint_id == complaint.id,
            TimelineEntry.to_status == Status.CLOSED,
        )
    )
    assert entry.to_status is Status.CLOSED and entry.reason is ClosureReason.WITHDRAWN
    assert entry.actor == "public" and entry.visible_to_complainant
    assert entry.body == "I have sorted it out with the force."
    events = {
        e.action: e.details
        for e in db.session.scalars(sa.select(AuditEvent).where(AuditEvent.actor == "public"))
    }
    assert events["case.withdrawn"] == {"reference": complaint.reference}
    assert events["case.status_changed"]["reason"] == "withdrawn"
    assert "sorted it out" not in str(events)
    message = db.session.scalar(
        sa.select(OutboxMessage).where(OutboxMessage.kind == MessageKind.STATUS_CHANGE)
    )
    assert message.recipient == "jo@example.com"
    assert "You have withdrawn your complaint" in message.body


def test_the_withdrawal_shows_on_the_track_page(client, db):
    complaint = complaint_with_file(db)
    track(client, complaint)
    confirm(client, WITHDRAW)
    page = client.get("/track/your-complaint").get_data(as_text=True)
    assert "Your complaint is closed." in page
    assert "You have withdrawn your complaint" in page
    assert 'href="/track/withdraw"' not in page


def test_staff_see_the_withdrawal_on_the_case_and_the_queue(client, db, caseworker):
    complaint = complaint_with_file(db)
    track(client, complaint)
    confirm(client, WITHDRAW, reason="No longer needed.")
    login_as(client, caseworker)
    case = client.get(f"/staff/cases/{complaint.reference}").get_data(as_text=True)
    assert "Withdrawn by the complainant" in case and "No longer needed." in case
    queue = client.get("/staff/cases?status=closed").get_data(as_text=True)
    assert complaint.reference in queue and "(withdrawn)" in queue


def test_withdrawing_twice_is_refused(client, db):
    complaint = complaint_with_file(db)
    track(client, complaint)
    assert confirm(client, WITHDRAW).status_code == 200
    version = reload(db, complaint).version
    page = client.get(WITHDRAW)
    assert "You cannot withdraw this complaint" in page.get_data(as_text=True)
    token = csrf_token(client.get("/track").get_data(as_text=True))
    response = client.post(WITHDRAW, data={"csrf_token": token})
    assert response.status_code == 400
    assert "already closed" in response.get_data(as_text=True)
    assert reload(db, complaint).version == version
    assert (
        db.session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "case.withdrawn"))
        == 1
    )


def test_a_closed_case_cannot_be_withdrawn(client, db):
    complaint = make_case(Status.CLOSED, closure_reason=ClosureReason.OUT_OF_REMIT)
    complaint.tracking_code_hash = make_complaint(tracking_code=CODE).tracking_code_hash
    db.session.commit()
    track(client, complaint)
    page = client.get(WITHDRAW)
    assert "You cannot withdraw this complaint" in page.get_data(as_text=True)
    assert 'href="/track/withdraw"' not in client.get("/track/your-complaint").get_data(
        as_text=True
    )
    assert reload(db, complaint).closure_reason is ClosureReason.OUT_OF_REMIT


def test_a_decided_case_cannot_be_withdrawn(client, db):
    for status in (Status.DECISION_ISSUED, Status.REVIEW_REQUESTED):
        complaint = make_case(status)
        complaint.tracking_code_hash = make_complaint(tracking_code=CODE).tracking_code_hash
        db.session.commit()
        track(client, complaint)
        page = client.get(WITHDRAW).get_data(as_text=True)
        assert "We have sent you our decision" in page
        assert reload(db, complaint).status is status


def test_a_reason_too_long_or_with_a_nul_is_a_gov_uk_error(client, db):
    complaint = complaint_with_file(db)
    track(client, complaint)
    response = confirm(client, WITHDRAW, reason="x" * 2001)
    assert response.status_code == 400
    assert "Your reason must be 2,000 characters or fewer" in response.get_data(as_text=True)
    response = confirm(client, WITHDRAW, reason=f"bad{NUL}text")
    assert response.status_code in (200, 400)
    assert response.status_code != 500


def test_another_complaint_cannot_be_withdrawn_by_naming_it(client, db):
    mine = complaint_with_file(db)
    theirs = make_complaint(tracking_code="ZZZZ-YYYY-XXXX")
    db.session.commit()
    track(client, mine)
    confirm(client, f"{WITHDRAW}?reference={theirs.reference}")
    assert reload(db, theirs).status is Status.RECEIVED
    assert reload(db, mine).status is Status.CLOSED


def test_withdrawing_needs_the_complaint_opened_here(client, db):
    complaint = complaint_with_file(db)
    assert client.get(WITHDRAW).status_code == 403
    response = client.post(WITHDRAW, data={"reference": complaint.reference})
    assert response.status_code in (400, 403)
    assert reload(db, complaint).status is Status.RECEIVED
