"""A copy of what they sent, from the track page: a ZIP with a readable document and
their own files, nothing staff wrote for themselves, never kept by a cache, audited."""

from __future__ import annotations

import io
import zipfile

import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.complaints.enums import Status
from oversight.extensions import db as _db
from tests.factories import make_complaint
from tests.public.yours import CODE, INTERNAL, PDF, REPLY, complaint_with_file, track

COPY = "/track/your-complaint/copy"


def unpacked(response) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(response.get_data())) as bundle:
        return {name: bundle.read(name) for name in bundle.namelist()}


def test_the_track_page_offers_the_three_actions(client, db):
    complaint = complaint_with_file(db)
    page = track(client, complaint).get_data(as_text=True)
    assert "Your information" in page
    assert 'href="/track/your-complaint/copy"' in page
    assert 'href="/track/withdraw"' in page
    assert 'href="/track/remove-contact-details"' in page


def test_the_copy_holds_what_they_sent_and_their_file(client, db):
    complaint = complaint_with_file(db, what_happened="A van <b>scanned</b> every face.")
    track(client, complaint)
    response = client.get(COPY)
    assert response.status_code == 200
    assert response.mimetype == "application/zip"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert f"complaint-{complaint.reference}.zip" in response.headers["Content-Disposition"]
    assert response.headers["Cache-Control"] == "no-store"
    files = unpacked(response)
    assert set(files) == {"your-complaint.html", "evidence/01-letter from the force.pdf"}
    assert files["evidence/01-letter from the force.pdf"] == PDF
    document = files["your-complaint.html"].decode()
    for sent in (
        complaint.reference,
        "Live facial recognition",
        "South Wales Police",
        "14 June 2026",
        "Cardiff city centre",
        "A van &lt;b&gt;scanned&lt;/b&gt; every face.",
        "An explanation of why there were no signs.",
        "I was passing by",
        "Jo Bloggs",
        "jo@example.com",
        REPLY,
        "letter from the force.pdf",
    ):
        assert sent in document, sent
    assert "<script" not in document.lower()
    assert "<b>scanned" not in document
    assert 'src="http' not in document and "<link" not in document


def test_nothing_staff_wrote_for_themselves_is_in_any_file_of_the_copy(client, db):
    complaint = complaint_with_file(db)
    track(client, complaint)
    for name, content in unpacked(client.get(COPY)).items():
        assert INTERNAL.encode() not in content, name
        assert b"user:1" not in content, name


def test_the_download_is_audited_without_personal_data(client, db):
    complaint = complaint_with_file(db)
    track(client, complaint)
    client.get(COPY)
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "complaint.copy_downloaded")
    )
    assert event.actor == "public" and event.object_id == complaint.reference
    assert event.details == {"reference": complaint.reference, "files": 1}


def test_an_anonymous_complaint_has_a_copy_that_says_so(client, db):
    complaint = make_complaint(tracking_code=CODE, wants_contact="no", name=None, email=None)
    _db.session.commit()
    assert complaint.anonymous
    track(client, complaint)
    document = unpacked(client.get(COPY))["your-complaint.html"].decode()
    assert "your complaint is anonymous" in document
    assert "jo@example.com" not in document


def test_a_closed_complaint_can_still_be_copied(client, db):
    complaint = complaint_with_file(db)
    complaint.status = Status.CLOSED
    db.session.commit()
    track(client, complaint)
    assert client.get(COPY).status_code == 200


def test_no_copy_without_opening_the_complaint_first(client, db):
    complaint_with_file(db)
    response = client.get(COPY)
    assert response.status_code == 403
    assert "Open your complaint again" in response.get_data(as_text=True)
