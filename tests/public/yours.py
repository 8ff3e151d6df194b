"""Helpers for the "Your information" tests: a tracked complaint with a file and an
internal note, and the pages' forms sent as a browser would."""

from __future__ import annotations

import io

from oversight.casework.changes import add_timeline_entry
from oversight.complaints.enums import TimelineKind
from oversight.complaints.evidence import evidence_store
from oversight.complaints.models import Complaint, Evidence
from tests import files
from tests.factories import make_complaint
from tests.helpers import csrf_token, post_page

CODE = "K7PM-29QX-4HTD"
# Words staff wrote for themselves: never in anything the complainant is given.
INTERNAL = "Zanzibar heliotrope memorandum"
REPLY = "It was the 14th, at about ten in the morning."
PDF = files.pdf()


def complaint_with_file(db, **answers) -> Complaint:
    complaint = make_complaint(tracking_code=CODE, **answers)
    stored = evidence_store().save(io.BytesIO(PDF))
    db.session.add(
        Evidence(
            complaint=complaint,
            original_name="../../letter from the force.pdf",
            content_type=stored.content_type,
            size=stored.size,
            sha256=stored.sha256,
            storage_key=stored.key,
            uploaded_by="public",
        )
    )
    add_timeline_entry(complaint, TimelineKind.NOTE, "user:1", body=INTERNAL)
    add_timeline_entry(
        complaint, TimelineKind.CORRESPONDENCE_IN, "public", body=REPLY, visible_to_complainant=True
    )
    db.session.commit()
    return complaint


def track(client, complaint: Complaint, code: str = CODE):
    response = post_page(
        client, "/track", {"reference": complaint.reference, "tracking_code": code}
    )
    assert response.status_code == 200
    return response


def confirm(client, path: str, **data):
    page = client.get(path)
    return client.post(path, data={"csrf_token": csrf_token(page.get_data(as_text=True)), **data})
