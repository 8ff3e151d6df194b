"""The case page's letters to post: download a letter (audited as a look at the case's
personal data), mark it posted once (CSRF, the caseworker's role and the case policy),
and the timeline saying so."""

from __future__ import annotations

import logging

import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.auth.models import Role
from oversight.complaints.enums import TimelineKind
from oversight.notify.models import OutboxMessage
from tests.factories import make_case, make_user
from tests.helpers import csrf_token, login_as
from tests.letters.cases import ADDRESS, NAME, case_to_post


def events(db, action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
        )
    )


def mark(client, reference: str, message_id: int):
    page = client.get(f"/staff/cases/{reference}").get_data(as_text=True)
    return client.post(
        f"/staff/cases/{reference}/letters/{message_id}/posted",
        data={"csrf_token": csrf_token(page)},
    )


def test_the_case_page_offers_a_letter_and_its_marking_for_a_complainant_without_email(
    client, db, caseworker
):
    complaint, message = case_to_post()
    db.session.commit()
    login_as(client, caseworker)
    html = client.get(f"/staff/cases/{complaint.reference}").get_data(as_text=True)
    assert "Letters to post" in html
    assert f"/staff/cases/{complaint.reference}/letters/{message.id}.pdf" in html
    assert "Download letter (PDF)" in html
    assert f'action="/staff/cases/{complaint.reference}/letters/{message.id}/posted"' in html
    assert "Mark as posted" in html


def test_a_complainant_with_email_has_no_letter_to_post(client, db, caseworker):
    complaint = make_case()
    db.session.flush()
    from oversight.notify import services as notify

    message = notify.queue_acknowledgement(complaint)
    db.session.commit()
    login_as(client, caseworker)
    html = client.get(f"/staff/cases/{complaint.reference}").get_data(as_text=True)
    assert "Download letter (PDF)" not in html
    response = client.get(f"/staff/cases/{complaint.reference}/letters/{message.id}.pdf")
    assert response.status_code == 404
    assert events(db, "letter.downloaded") == []


def test_a_caseworker_downloads_the_letter_and_the_download_is_audited(client, db, caseworker):
    complaint, message = case_to_post()
    db.session.commit()
    login_as(client, caseworker)
    response = client.get(f"/staff/cases/{complaint.reference}/letters/{message.id}.pdf")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.data.startswith(b"%PDF")
    assert "attachment" in response.headers["Content-Disposition"]
    [event] = events(db, "letter.downloaded")
    assert event.actor == f"user:{caseworker.id}"
    assert event.object_id == complaint.reference
    assert event.details == {"reference": complaint.reference, "message_id": message.id}


def test_the_access_log_lists_a_letter_downloaded(client, db, caseworker, administrator):
    complaint, message = case_to_post()
    db.session.commit()
    login_as(client, caseworker)
    client.get(f"/staff/cases/{complaint.reference}/letters/{message.id}.pdf")
    login_as(client, administrator)
    html = client.get(f"/staff/access-log?search={complaint.reference}").get_data(as_text=True)
    assert "Downloaded a letter for post" in html


def test_a_letter_of_another_case_is_not_found(client, db, caseworker):
    complaint, _message = case_to_post()
    _other, others_message = case_to_post()
    db.session.commit()
    login_as(client, caseworker)
    path = f"/staff/cases/{complaint.reference}/letters/{others_message.id}"
    assert client.get(path + ".pdf").status_code == 404
    assert mark(client, complaint.reference, others_message.id).status_code == 404
    assert client.get(f"/staff/cases/{complaint.reference}/letters/99999.pdf").status_code == 404
    db.session.expire_all()
    assert db.session.get(OutboxMessage, others_message.id).posted_at is None


def test_marking_a_letter_posted_records_it_on_the_message_the_timeline_and_the_audit(
    client, db, caseworker
):
    complaint, message = case_to_post()
    db.session.commit()
    login_as(client, caseworker)
    response = mark(client, complaint.reference, message.id)
    assert response.status_code == 302
    db.session.expire_all()
    posted = db.session.get(OutboxMessage, message.id)
    assert posted.posted_at is not None
    assert posted.posted_by_id == caseworker.id
    [entry] = [
        e for e in posted_case(db, complaint).timeline if e.kind is TimelineKind.LETTER_POSTED
    ]
    assert entry.actor == f"user:{caseworker.id}"
    assert entry.body == message.subject
    assert not entry.visible_to_complainant
    [event] = events(db, "case.letter_posted")
    assert event.details == {"reference": complaint.reference, "message_id": message.id}
    html = client.get(f"/staff/cases/{complaint.reference}").get_data(as_text=True)
    assert "Letter marked as posted" in html
    assert "Letter posted" in html  # the timeline's entry
    assert f"by {caseworker.name}" in html
    assert "Mark as posted" not in html


def posted_case(db, complaint):
    from oversight.complaints.models import Complaint

    return db.session.get(Complaint, complaint.id)


def test_marking_a_letter_posted_twice_is_refused_with_a_clear_message(client, db, caseworker):
    complaint, message = case_to_post()
    db.session.commit()
    login_as(client, caseworker)
    path = f"/staff/cases/{complaint.reference}/letters/{message.id}/posted"
    page = client.get(f"/staff/cases/{complaint.reference}").get_data(as_text=True)
    token = csrf_token(page)
    assert client.post(path, data={"csrf_token": token}).status_code == 302
    # The same form sent again (a second tab, a double click that got through).
    again = client.post(path, data={"csrf_token": token})
    assert again.status_code == 400
    html = again.get_data(as_text=True)
    assert "This letter was already marked as posted on" in html
    assert "It has not been marked again." in html
    entries = [
        e for e in posted_case(db, complaint).timeline if e.kind is TimelineKind.LETTER_POSTED
    ]
    assert len(entries) == 1
    assert len(events(db, "case.letter_posted")) == 1


def test_a_caseworker_may_not_print_or_mark_a_letter_on_someone_elses_case(client, db, caseworker):
    colleague = make_user({Role.CASEWORKER}, email="colleague@example.test", name="A Colleague")
    complaint, message = case_to_post(assignee_id=colleague.id)
    db.session.commit()
    login_as(client, caseworker)
    html = client.get(f"/staff/cases/{complaint.reference}").get_data(as_text=True)
    assert "Download letter (PDF)" not in html and "Mark as posted" not in html
    response = client.get(f"/staff/cases/{complaint.reference}/letters/{message.id}.pdf")
    assert response.status_code == 403
    assert NAME not in response.get_data(as_text=True)
    assert mark(client, complaint.reference, message.id).status_code == 403
    db.session.expire_all()
    assert db.session.get(OutboxMessage, message.id).posted_at is None
    assert len(events(db, "access.refused")) == 2
    assert events(db, "letter.downloaded") == [] and events(db, "case.letter_posted") == []


def test_a_senior_caseworker_marks_a_letter_on_anyones_case(client, db, senior_caseworker):
    colleague = make_user({Role.CASEWORKER}, email="colleague@example.test", name="A Colleague")
    complaint, message = case_to_post(assignee_id=colleague.id)
    db.session.commit()
    login_as(client, senior_caseworker)
    assert (
        client.get(f"/staff/cases/{complaint.reference}/letters/{message.id}.pdf").status_code
        == 200
    )
    assert mark(client, complaint.reference, message.id).status_code == 302


def test_nothing_personal_reaches_the_logs(client, db, caseworker, caplog):
    complaint, message = case_to_post()
    db.session.commit()
    login_as(client, caseworker)
    with caplog.at_level(logging.DEBUG):
        client.get(f"/staff/cases/{complaint.reference}/letters/{message.id}.pdf")
        mark(client, complaint.reference, message.id)
        mark(client, complaint.reference, message.id)
    for personal in (NAME, *ADDRESS.splitlines()):
        assert personal not in caplog.text
