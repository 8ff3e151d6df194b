"""Sending a complaint: one complaint per draft, shown once, nothing before submit."""

from __future__ import annotations

import threading
from datetime import timedelta

import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.complaints.enums import Channel, Status
from oversight.complaints.models import Complainant, Complaint, TimelineEntry
from oversight.models import utcnow
from oversight.notify.models import MessageKind, OutboxMessage
from oversight.public.models import ComplaintDraft
from tests.helpers import answer_everything, csrf_token, reference_and_code, send_complaint


def count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_nothing_reaches_the_case_tables_before_the_complaint_is_sent(client, db):
    answer_everything(client)
    assert count(db, Complaint) == 0
    assert count(db, Complainant) == 0
    assert count(db, OutboxMessage) == 0
    assert count(db, ComplaintDraft) == 1


def test_sending_a_complaint_shows_its_reference_and_tracking_code(client, db):
    answer_everything(client)
    response = send_complaint(client)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Complaint sent" in html
    reference, code = reference_and_code(html)
    assert code is not None
    complaint = db.session.scalar(sa.select(Complaint))
    assert complaint.reference == reference
    assert complaint.status is Status.RECEIVED
    assert complaint.channel is Channel.WEB
    assert complaint.force.slug == "south-wales"
    assert sorted(c.concern.value for c in complaint.concerns) == ["no_notice", "protest_or_event"]
    assert complaint.acknowledge_by < complaint.triage_by < complaint.decision_by


def test_the_tracking_code_is_stored_only_as_a_hash(client, db):
    answer_everything(client)
    _, code = reference_and_code(send_complaint(client).get_data(as_text=True))
    complaint = db.session.scalar(sa.select(Complaint))
    assert code not in complaint.tracking_code_hash
    assert code.replace("-", "") not in complaint.tracking_code_hash
    for (answers,) in db.session.execute(sa.select(ComplaintDraft.answers)):
        assert code not in str(answers)


def test_contact_details_are_kept_apart_from_the_case(client, db):
    answer_everything(client)
    send_complaint(client)
    complaint = db.session.scalar(sa.select(Complaint))
    complainant = db.session.scalar(sa.select(Complainant))
    assert complainant.complaint_id == complaint.id
    assert complainant.name == "Jo Bloggs"
    assert complainant.email == "jo@example.com"
    assert complainant.consent_to_share is True


def test_an_anonymous_complaint_has_no_complainant(client, db):
    answer_everything(client, anonymous=True)
    send_complaint(client)
    complaint = db.session.scalar(sa.select(Complaint))
    assert complaint.anonymous
    assert count(db, Complainant) == 0


def test_sending_queues_an_acknowledgement_without_a_mail_server(client, db, caplog):
    answer_everything(client)
    with caplog.at_level("INFO", logger="oversight"):
        send_complaint(client)
    complaint = db.session.scalar(sa.select(Complaint))
    message = db.session.scalar(sa.select(OutboxMessage))
    assert message.kind is MessageKind.ACKNOWLEDGEMENT
    assert message.complaint_id == complaint.id
    assert message.recipient == "jo@example.com"
    assert complaint.reference in message.body
    assert message.sent_at is None
    assert "no mail server" in caplog.text
    assert "jo@example.com" not in caplog.text
    assert "Jo Bloggs" not in caplog.text


def test_sending_records_a_timeline_entry_and_an_audit_event(client, db):
    answer_everything(client)
    send_complaint(client)
    complaint = db.session.scalar(sa.select(Complaint))
    entry = db.session.scalar(sa.select(TimelineEntry))
    assert entry.complaint_id == complaint.id
    assert entry.to_status is Status.RECEIVED
    assert entry.visible_to_complainant
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "complaint.submitted")
    )
    assert event.object_id == complaint.reference
    assert "Jo Bloggs" not in str(event.details)


def test_sending_twice_makes_one_complaint_and_shows_the_same_reference(client, db):
    answer_everything(client)
    page = client.get("/complain/check-answers").get_data(as_text=True)
    token = csrf_token(page)
    first = client.post("/complain/check-answers", data={"csrf_token": token})
    second = client.post("/complain/check-answers", data={"csrf_token": token})
    assert first.status_code == second.status_code == 302
    assert first.location == second.location == "/complain/complaint-sent"
    html = client.get("/complain/complaint-sent").get_data(as_text=True)
    reference, code = reference_and_code(html)
    assert code is not None
    assert count(db, Complaint) == 1
    assert db.session.scalar(sa.select(Complaint.reference)) == reference


def test_refreshing_the_confirmation_shows_the_reference_but_not_the_code_again(client):
    answer_everything(client)
    first = send_complaint(client).get_data(as_text=True)
    again = client.get("/complain/complaint-sent").get_data(as_text=True)
    reference, code = reference_and_code(first)
    assert code is not None
    assert reference_and_code(again) == (reference, None)
    assert code not in again


def test_sending_from_two_tabs_at_once_makes_one_complaint(app, client, db):
    answer_everything(client)
    token = csrf_token(client.get("/complain/check-answers").get_data(as_text=True))
    cookie = client.get_cookie("session")
    results = []

    def send() -> None:
        tab = app.test_client()
        tab.set_cookie(cookie.key, cookie.value)
        response = tab.post("/complain/check-answers", data={"csrf_token": token})
        results.append((response.status_code, response.location))

    tabs = [threading.Thread(target=send) for _ in range(2)]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        tab.join()
    assert results == [(302, "/complain/complaint-sent")] * 2
    assert count(db, Complaint) == 1


def test_check_answers_sends_you_to_the_first_unanswered_question(client):
    response = client.get("/complain/check-answers")
    assert response.status_code == 302
    assert response.location == "/complain/technology"


def test_check_answers_lists_every_answer_with_a_change_link(client):
    answer_everything(client)
    html = client.get("/complain/check-answers").get_data(as_text=True)
    for slug in (
        "technology",
        "force",
        "when",
        "where",
        "what-happened",
        "concerns",
        "involvement",
        "outcome",
        "evidence",
        "contact",
        "contact-details",
        "consent",
    ):
        assert f'href="/complain/{slug}?change=1"' in html
    assert "South Wales Police" in html
    assert "14 June 2026" in html


def test_expired_answers_are_deleted_and_you_are_told(client, db):
    answer_everything(client)
    draft = db.session.scalar(sa.select(ComplaintDraft))
    draft.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.get("/complain/where")
    assert response.status_code == 302
    assert response.location == "/complain/answers-deleted"
    page = client.get(response.location).get_data(as_text=True)
    assert "Your answers have been deleted" in page
    assert client.get("/complain/where").status_code == 200


def test_a_draft_expires_a_day_after_it_was_started(client, db):
    answer_everything(client)
    draft = db.session.scalar(sa.select(ComplaintDraft))
    assert draft.expires_at - draft.created_at == timedelta(days=1)


def test_sending_an_expired_draft_makes_no_complaint(client, db):
    answer_everything(client)
    token = csrf_token(client.get("/complain/check-answers").get_data(as_text=True))
    draft = db.session.scalar(sa.select(ComplaintDraft))
    draft.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    response = client.post("/complain/check-answers", data={"csrf_token": token})
    assert response.location == "/complain/answers-deleted"
    assert count(db, Complaint) == 0


def test_sending_without_a_csrf_token_is_refused(client, db):
    answer_everything(client)
    response = client.post("/complain/check-answers", data={})
    assert response.status_code == 400
    assert count(db, Complaint) == 0


def test_purge_drafts_deletes_expired_drafts(client, db, runner):
    answer_everything(client)
    draft = db.session.scalar(sa.select(ComplaintDraft))
    draft.expires_at = utcnow() - timedelta(seconds=1)
    db.session.commit()
    result = runner.invoke(args=["purge-drafts"])
    assert result.exit_code == 0
    assert "Deleted 1 expired drafts." in result.output
    db.session.expire_all()
    assert count(db, ComplaintDraft) == 0
