"""Replying online from the track page: words and files answer a request for information,
end the wait, restart the paused clock and show in the caseworker's work."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.casework.changes import add_timeline_entry
from oversight.complaints.enums import Status, TimelineKind
from oversight.complaints.models import Complaint, Evidence, TimelineEntry
from oversight.models import utcnow
from oversight.notify.models import MessageKind, OutboxMessage
from oversight.workdays import add_working_days, local_date, working_days_between
from tests import files
from tests.factories import make_complaint
from tests.helpers import csrf_token, login_as, post_page

CODE = "K7PM-29QX-4HTD"
REPLY = "It was the 14th, at about 10am."
PNG = files.png()


def waiting(db, days: int = 7, since: Status = Status.INVESTIGATING) -> Complaint:
    """A case that asked for information `days` days ago, having been at `since`."""
    complaint = make_complaint(tracking_code=CODE)
    complaint.status = Status.AWAITING_INFORMATION
    complaint.awaiting_since = utcnow() - timedelta(days=days)
    complaint.due_on = None
    add_timeline_entry(
        complaint,
        TimelineKind.STATUS_CHANGE,
        "user:1",
        from_status=since,
        to_status=Status.AWAITING_INFORMATION,
    )
    add_timeline_entry(
        complaint,
        TimelineKind.CORRESPONDENCE_OUT,
        "user:1",
        body="Which day was it?",
        visible_to_complainant=True,
    )
    db.session.commit()
    return complaint


def track(client, complaint):
    response = post_page(
        client, "/track", {"reference": complaint.reference, "tracking_code": CODE}
    )
    assert response.status_code == 200
    return response


def send_reply(client, text=REPLY, files=None):
    page = client.get("/track/reply")
    data = {"csrf_token": csrf_token(page.get_data(as_text=True)), "reply": text}
    if files:
        data["files"] = files
    return client.post("/track/reply", data=data, content_type="multipart/form-data")


def reload(db, complaint) -> Complaint:
    db.session.expire_all()
    return db.session.get(Complaint, complaint.id)


def test_a_reply_in_words_lands_on_the_timeline_and_ends_the_wait(client, db):
    complaint = waiting(db)
    track(client, complaint)
    response = send_reply(client)
    assert response.status_code == 302
    assert response.location == "/track/your-complaint"
    page = client.get(response.location).get_data(as_text=True)
    assert "We have received your reply" in page
    assert REPLY in page
    complaint = reload(db, complaint)
    assert complaint.status is Status.INVESTIGATING
    assert complaint.replied_at is not None
    entry = db.session.scalar(
        sa.select(TimelineEntry).where(TimelineEntry.kind == TimelineKind.CORRESPONDENCE_IN)
    )
    assert entry.body == REPLY and entry.actor == "public" and entry.visible_to_complainant
    message = db.session.scalar(
        sa.select(OutboxMessage).where(OutboxMessage.kind == MessageKind.REPLY_RECEIVED)
    )
    assert message is not None and "/track" in message.body
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {"case.reply_received", "case.status_changed"} <= actions
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "case.reply_received")
    )
    assert REPLY not in str(event.details)


def test_a_reply_goes_back_to_triage_when_it_waited_from_triage(client, db):
    complaint = waiting(db, since=Status.IN_TRIAGE)
    track(client, complaint)
    assert send_reply(client).status_code == 302
    assert reload(db, complaint).status is Status.IN_TRIAGE


def test_a_reply_restarts_the_paused_clock(client, db):
    complaint = waiting(db, days=10)
    before, since = complaint.decision_by, complaint.awaiting_since
    track(client, complaint)
    assert send_reply(client).status_code == 302
    complaint = reload(db, complaint)
    paused = working_days_between(local_date(since), local_date(utcnow()))
    assert paused > 0
    assert complaint.decision_by == add_working_days(before, paused)
    assert complaint.awaiting_since is None
    assert complaint.due_on == complaint.decision_by


def test_a_reply_with_a_file_keeps_it_as_evidence(client, db):
    complaint = waiting(db)
    track(client, complaint)
    response = send_reply(client, files=[(io.BytesIO(b"Notes from the day.\n"), "notes.txt")])
    assert response.status_code == 302
    evidence = db.session.scalar(sa.select(Evidence).where(Evidence.complaint_id == complaint.id))
    assert evidence.original_name == "notes.txt"
    assert evidence.uploaded_by == "public"
    kinds = [e.kind for e in reload(db, complaint).timeline]
    assert TimelineKind.EVIDENCE_ADDED in kinds
    assert "notes.txt" in client.get("/track/your-complaint").get_data(as_text=True)


def test_a_wrong_file_is_refused_with_a_message_and_the_words_kept(client, db):
    complaint = waiting(db)
    track(client, complaint)
    program = (io.BytesIO(b"MZ\x90\x00\x03\x00\x00\x00" * 8), "program.exe")
    response = send_reply(client, files=[program])
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "program.exe must be a JPEG, PNG, PDF, MP4 or plain text file" in html
    assert "There is a problem" in html
    assert REPLY in html
    complaint = reload(db, complaint)
    assert complaint.status is Status.AWAITING_INFORMATION
    assert complaint.replied_at is None
    assert db.session.scalar(sa.select(sa.func.count(Evidence.id))) == 0


@pytest.mark.parametrize(
    ("text", "error"),
    [
        ("", "Enter your reply"),
        ("\x00\x07", "Enter your reply"),
        ("x" * 5001, "Your reply must be 5,000 characters or fewer"),
    ],
)
def test_a_bad_reply_says_what_to_do_and_keeps_the_text(client, db, text, error):
    complaint = waiting(db)
    track(client, complaint)
    response = send_reply(client, text=text)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert error in html
    if len(text) > 100:
        assert text in html
    assert reload(db, complaint).status is Status.AWAITING_INFORMATION


def test_replying_when_we_are_not_waiting_is_refused_kindly(client, db):
    complaint = make_complaint(tracking_code=CODE)
    complaint.status = Status.INVESTIGATING
    db.session.commit()
    track(client, complaint)
    page = client.get("/track/reply")
    assert page.status_code == 200
    assert "We are not waiting for a reply from you" in page.get_data(as_text=True)
    token = csrf_token(client.get("/track/add-evidence").get_data(as_text=True))
    response = client.post("/track/reply", data={"csrf_token": token, "reply": REPLY})
    assert response.status_code == 400
    assert "We are not waiting for a reply from you" in response.get_data(as_text=True)
    assert reload(db, complaint).replied_at is None


def test_replying_without_opening_the_complaint_first_is_refused(client, db):
    waiting(db)
    response = client.get("/track/reply")
    assert response.status_code == 403
    assert "Open your complaint again" in response.get_data(as_text=True)


def test_evidence_can_be_added_while_the_case_is_open(client, db):
    complaint = make_complaint(tracking_code=CODE)
    complaint.status = Status.INVESTIGATING
    db.session.commit()
    html = track(client, complaint).get_data(as_text=True)
    assert "/track/add-evidence" in html
    response = post_page(
        client,
        "/track/add-evidence",
        {"files": [(io.BytesIO(PNG), "photo.png")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    assert reload(db, complaint).replied_at is not None
    assert reload(db, complaint).status is Status.INVESTIGATING
    assert db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "case.evidence_added")
    )


def test_adding_no_file_says_to_select_one(client, db):
    complaint = make_complaint(tracking_code=CODE)
    db.session.commit()
    track(client, complaint)
    response = post_page(client, "/track/add-evidence", {}, content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Select a file to upload" in response.get_data(as_text=True)


def test_a_closed_case_offers_no_evidence_form(client, db):
    complaint = make_complaint(tracking_code=CODE)
    complaint.status = Status.CLOSED
    complaint.closed_at = utcnow()
    complaint.closure_reason = "withdrawn"
    db.session.commit()
    html = track(client, complaint).get_data(as_text=True)
    assert "/track/add-evidence" not in html
    page = client.get("/track/add-evidence")
    assert "You cannot add evidence to this complaint" in page.get_data(as_text=True)
    assert 'type="file"' not in page.get_data(as_text=True)


def test_a_reply_shows_in_the_queue_and_on_the_case_page_until_marked_read(client, db, caseworker):
    complaint = waiting(db)
    other = make_complaint()
    db.session.commit()
    track(client, complaint)
    assert send_reply(client).status_code == 302
    staff = client.application.test_client()
    login_as(staff, caseworker)
    queue = staff.get("/staff/cases?replied=1").get_data(as_text=True)
    assert complaint.reference in queue and other.reference not in queue
    assert "Reply received" in queue
    case = staff.get(f"/staff/cases/{complaint.reference}").get_data(as_text=True)
    assert "New reply" in case
    version = reload(db, complaint).version
    response = staff.post(
        f"/staff/cases/{complaint.reference}/reply-read",
        data={"csrf_token": csrf_token(case), "version": version},
    )
    assert response.status_code == 302
    assert reload(db, complaint).replied_at is None
    assert complaint.reference not in staff.get("/staff/cases?replied=1").get_data(as_text=True)
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "case.reply_read"))
