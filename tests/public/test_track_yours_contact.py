"""Removing contact details from the track page: the complainant's row goes, unsent
messages lose their address, the case stays and shows as anonymous to staff; said plainly
before, confirmed after, audited; already anonymous says so."""

from __future__ import annotations

import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.complaints.enums import Status, TimelineKind
from oversight.complaints.models import Complainant, Complaint, TimelineEntry
from oversight.models import utcnow
from oversight.notify.models import MessageKind, OutboxMessage
from tests.factories import make_complaint
from tests.helpers import login_as
from tests.public.yours import CODE, complaint_with_file, confirm, track

REMOVE = "/track/remove-contact-details"


def reload(db, complaint) -> Complaint:
    db.session.expire_all()
    return db.session.get(Complaint, complaint.id)


def message(db, complaint, sent: bool) -> OutboxMessage:
    row = OutboxMessage(
        complaint_id=complaint.id,
        kind=MessageKind.ACKNOWLEDGEMENT,
        language=complaint.language,
        recipient="jo@example.com",
        subject="We have received your complaint",
        body="Thank you.",
        created_at=utcnow(),
        sent_at=utcnow() if sent else None,
    )
    db.session.add(row)
    db.session.commit()
    return row


def test_the_page_says_plainly_what_removing_means(client, db):
    track(client, complaint_with_file(db))
    page = client.get(REMOVE).get_data(as_text=True)
    for words in (
        "we will no longer be able to write to you",
        "you can still follow your complaint here with your reference and tracking code",
        "we carry on with your complaint anonymously where the law allows",
        "we keep what we need to decide it and for our statistics",
        "stay with your complaint until our retention schedule removes them",
        "You cannot undo this.",
    ):
        assert words in page, words
    assert 'name="csrf_token"' in page


def test_removing_deletes_the_details_and_unsent_addresses_and_keeps_the_case(client, db):
    complaint = complaint_with_file(db)
    unsent = message(db, complaint, sent=False)
    sent = message(db, complaint, sent=True)
    version = complaint.version
    track(client, complaint)
    response = confirm(client, REMOVE)
    assert response.status_code == 200
    assert "Your contact details have been removed" in response.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Complainant)) == 0
    complaint = reload(db, complaint)
    assert complaint is not None and complaint.anonymous
    assert complaint.status is Status.RECEIVED and complaint.version == version + 1
    assert db.session.get(OutboxMessage, unsent.id).recipient is None
    assert db.session.get(OutboxMessage, sent.id).recipient == "jo@example.com"
    note = db.session.scalar(
        sa.select(TimelineEntry)
        .where(TimelineEntry.complaint_id == complaint.id, TimelineEntry.actor == "public")
        .where(TimelineEntry.kind == TimelineKind.NOTE)
    )
    assert "contact details to be removed" in note.body
    assert not note.visible_to_complainant and "Jo Bloggs" not in note.body
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "case.contact_details_removed")
    )
    assert event.details == {"reference": complaint.reference}
    # They still follow it here, and are told there is nothing more to remove.
    status = client.get("/track/your-complaint").get_data(as_text=True)
    assert "We hold no contact details for you." in status


def test_staff_see_the_case_as_anonymous_afterwards(client, db, caseworker):
    complaint = complaint_with_file(db)
    track(client, complaint)
    confirm(client, REMOVE)
    login_as(client, caseworker)
    page = client.get(f"/staff/cases/{complaint.reference}").get_data(as_text=True)
    assert "This complaint is anonymous." in page
    assert "asked for their contact details to be removed" in page
    details = client.get(f"/staff/cases/{complaint.reference}/complainant")
    assert "Jo Bloggs" not in details.get_data(as_text=True)


def test_an_anonymous_complaint_is_told_there_is_nothing_to_remove(client, db):
    complaint = make_complaint(tracking_code=CODE, wants_contact="no", name=None, email=None)
    db.session.commit()
    track(client, complaint)
    page = client.get(REMOVE)
    assert page.status_code == 200
    assert "We hold no contact details for you" in page.get_data(as_text=True)
    assert 'name="csrf_token"' not in page.get_data(as_text=True)


def test_another_complaints_details_cannot_be_removed_by_naming_it(client, db):
    mine = complaint_with_file(db)
    theirs = make_complaint(tracking_code="ZZZZ-YYYY-XXXX", email="other@example.com")
    db.session.commit()
    track(client, mine)
    confirm(client, f"{REMOVE}?reference={theirs.reference}", reference=theirs.reference)
    assert not reload(db, theirs).anonymous
    assert reload(db, mine).anonymous


def test_removing_needs_the_complaint_opened_here(client, db):
    complaint = complaint_with_file(db)
    response = client.get(REMOVE)
    assert response.status_code == 403
    assert "Open your complaint again" in response.get_data(as_text=True)
    assert not reload(db, complaint).anonymous
