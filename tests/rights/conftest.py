"""Fixtures for the rights request tests: an information rights officer, a requester's
case with every kind of record, and another person's case linked to it."""

from __future__ import annotations

import io
import secrets
from datetime import date
from typing import Any

import pytest
from fpdf import FPDF

from oversight.auth.models import Role, User
from oversight.complaints.enums import (
    EvidenceType,
    Finding,
    ForceResponse,
    Language,
    LinkKind,
    Status,
    TimelineKind,
)
from oversight.complaints.evidence import evidence_store
from oversight.complaints.models import (
    ComplaintLink,
    Evidence,
    Recommendation,
    TimelineEntry,
)
from oversight.forces.models import force_by_slug
from oversight.links.enums import LinkState
from oversight.links.models import DeploymentLink
from oversight.notify.models import MessageKind, OutboxMessage
from tests.factories import make_case, make_deployment, make_user

# Words that appear only in another person's case: they must never reach the bundle.
OTHERS = ("Zebediah", "Quillfeather", "marmalade-lighthouse", "07700 900999")


@pytest.fixture
def information_rights(db: Any) -> User:
    user = make_user({Role.INFORMATION_RIGHTS}, email="rights@example.test", name="Ira Rights")
    db.session.commit()
    return user


def text_pdf(text: str) -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=14)
    pdf.cell(text=text)
    return bytes(pdf.output())


def store_evidence(complaint: Any, name: str, kind: EvidenceType, data: bytes) -> Evidence:
    """Evidence written straight into the store (as it is kept), with its row."""
    store = evidence_store()
    key = secrets.token_hex(16)
    path = store.path(key)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    evidence = Evidence(
        complaint=complaint,
        original_name=name,
        content_type=kind,
        size=len(data),
        sha256="0" * 64,
        storage_key=key,
        uploaded_by="public",
    )
    return evidence


def exif_jpeg() -> bytes:
    from PIL import Image

    image = Image.new("RGB", (40, 30), (200, 30, 30))
    exif = image.getexif()
    exif[0x010E] = "Taken at Heddlu HQ by Artist Secretname"  # ImageDescription
    out = io.BytesIO()
    image.save(out, "JPEG", exif=exif.tobytes(), comment=b"Secretname comment")
    return out.getvalue()


@pytest.fixture
def person(db: Any) -> dict[str, Any]:
    """A requester's case with every kind of record, and another's case linked to it as
    a duplicate (its words in OTHERS)."""
    mine = make_case(Status.INVESTIGATING, findings=Finding.UPHELD)
    mine.complainant.name = "Siân Ó Briain"
    mine.complainant.email = "  Sian.OBriain@Example.com "
    mine.complainant.phone = "+44 (0)29 2018 0000"
    mine.complainant.postal_address = "12 Heol y Frenhines\nCaerdydd\nCF10 2AB"
    mine.complainant.accessibility_needs = "Large print letters"
    mine.priority_reason = "Distinctive priority reason"
    other = make_case(
        Status.RECEIVED, what_happened="The marmalade-lighthouse van was parked on the hill."
    )
    other.complainant.name = "Zebediah Quillfeather"
    other.complainant.email = "zeb@example.org"
    other.complainant.phone = "07700 900999"
    south_wales = force_by_slug("south-wales")
    db.session.add_all(
        [
            TimelineEntry(
                complaint=mine,
                kind=TimelineKind.NOTE,
                actor="user:1",
                body="Internal note: legal advice from counsel says the force erred",
            ),
            TimelineEntry(
                complaint=mine,
                kind=TimelineKind.CORRESPONDENCE_OUT,
                actor="user:1",
                body="We wrote to you about the signs",
                visible_to_complainant=True,
            ),
            OutboxMessage(
                complaint_id=mine.id,
                kind=MessageKind.ACKNOWLEDGEMENT,
                language=Language.ENGLISH,
                recipient="sian.obriain@example.com",
                subject="We have your complaint",
                body="Thank you for telling us about the camera van.",
            ),
            Recommendation(
                complaint=mine,
                force=south_wales,
                text="Distinctive recommendation: put up signs",
                due_date=date(2027, 1, 29),
                response=ForceResponse.ACCEPTED,
                created_by="user:1",
            ),
            ComplaintLink(
                complaint_id=other.id,
                other_id=mine.id,
                kind=LinkKind.DUPLICATE_OF,
                created_by="user:1",
            ),
            TimelineEntry(
                complaint=mine,
                kind=TimelineKind.LINK,
                actor="user:1",
                body=f"related_to {other.reference}",
            ),
        ]
    )
    deployment = make_deployment(location_name="Distinctive Stadium Gate")
    db.session.add(
        DeploymentLink(
            complaint_id=mine.id,
            deployment_id=deployment.id,
            state=LinkState.CONFIRMED,
            created_by="user:1",
        )
    )
    db.session.add_all(
        [
            store_evidence(
                mine, "letter.pdf", EvidenceType.PDF, text_pdf("Neighbour Alex Smith saw it")
            ),
            store_evidence(mine, "photo.jpg", EvidenceType.JPEG, exif_jpeg()),
            store_evidence(mine, "notes.txt", EvidenceType.TEXT, b"Alex Smith was with me.\n"),
            store_evidence(
                other, "other.txt", EvidenceType.TEXT, b"Zebediah's marmalade-lighthouse file\n"
            ),
        ]
    )
    db.session.commit()
    return {"mine": mine.reference, "other": other.reference, "mine_id": mine.id}
