"""The export bundle: every record of the person in JSON, HTML and PDF; nothing of
anyone else's; every redaction applied, the original kept."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import date

from PIL import Image
from pypdf import PdfReader

from oversight.complaints import services as complaints
from oversight.rights import bundle, services
from oversight.rights.models import ReceivedVia, RedactionReason, RequestKind
from tests.rights.conftest import OTHERS


def _request(db, user, reference):
    request = services.log_request(
        RequestKind.ACCESS,
        "Siân Ó Briain",
        "sian@example.com",
        ReceivedVia.EMAIL,
        date(2026, 11, 30),
        user,
        date(2026, 12, 4),
    )
    services.check_identity(request, "Email matches", user)
    services.choose_cases(request, [reference], user)
    db.session.commit()
    return request


def _open(made):
    data = made.file.read()
    archive = zipfile.ZipFile(io.BytesIO(data))
    texts = {
        "html": archive.read("records.html").decode(),
        "json": archive.read("records.json").decode(),
        "pdf": "\n".join(
            page.extract_text() for page in PdfReader(io.BytesIO(archive.read("records.pdf"))).pages
        ),
    }
    return data, archive, texts


def _flat(text):
    return " ".join(text.split())


def test_every_record_of_the_person_is_in_the_json_html_and_pdf(db, information_rights, person):
    request = _request(db, information_rights, person["mine"])
    _data, archive, texts = _open(bundle.build(request))
    complaint = complaints.find_by_reference(person["mine"])
    document = json.loads(texts["json"])
    (case,) = document["cases"]
    assert case["contact_details"]["name"] == "Siân Ó Briain"
    assert {row["text"] for row in case["timeline"]} >= {
        "Internal note: legal advice from counsel says the force erred",
        "We wrote to you about the signs",
    }
    assert case["messages"][0]["subject"] == "We have your complaint"
    assert case["decisions"] == [] and case["findings"]
    assert case["recommendations"][0]["text"] == "Distinctive recommendation: put up signs"
    assert case["deployments"][0]["location"] == "Distinctive Stadium Gate"
    assert (
        case["links"] == [{"kind": "Duplicate of", "with": "another complaint"}]
        or len(case["links"]) == 1
    )
    expected = [
        complaint.reference,
        "Siân Ó Briain",
        "Large print letters",
        "12 Heol y Frenhines",
        "Distinctive priority reason",
        complaint.what_happened,
        "Internal note: legal advice from counsel says the force erred",
        "We have your complaint",
        "Thank you for telling us about the camera van.",
        "Distinctive recommendation: put up signs",
        "Distinctive Stadium Gate",
        "letter.pdf",
        "photo.jpg",
    ]
    for kind, text in texts.items():
        for wanted in expected:
            assert _flat(wanted) in _flat(text), f"{wanted!r} missing from the {kind}"
    names = archive.namelist()
    assert len([n for n in names if n.startswith("evidence/")]) == 3
    assert "<script" not in texts["html"] and "<link" not in texts["html"]


def test_nothing_of_anyone_else_is_in_the_bundle(db, information_rights, person):
    request = _request(db, information_rights, person["mine"])
    data, archive, texts = _open(bundle.build(request))
    everything = [data.decode("latin-1"), *list(texts.values())]
    for name in archive.namelist():
        everything.append(archive.read(name).decode("latin-1"))
    for word in (*OTHERS, person["other"], "zeb@example.org"):
        for text in everything:
            assert word not in text
            assert _flat(word) not in _flat(text)


def test_the_released_copy_applies_every_redaction_and_keeps_the_original(
    db, information_rights, person
):
    request = _request(db, information_rights, person["mine"])
    services.add_phrase(
        request, "alex   SMITH", RedactionReason.THIRD_PARTY, None, information_rights
    )
    services.add_phrase(
        request, "legal advice from counsel", RedactionReason.LEGAL_ADVICE, None, information_rights
    )
    complaint = complaints.find_by_reference(person["mine"])
    photo = next(e for e in complaint.evidence if e.original_name == "photo.jpg")
    services.add_box(
        request, photo, 0, (0.0, 0.0, 0.5, 0.5), RedactionReason.OTHER, "A face", information_rights
    )
    db.session.commit()
    data, archive, texts = _open(bundle.build(request))
    for text in [*texts.values(), data.decode("latin-1")]:
        for phrase in ("Alex Smith", "legal advice from counsel"):
            assert phrase.lower() not in _flat(text).lower()
    assert "[redacted]" in texts["json"] and "[redacted]" in texts["html"]
    for name in archive.namelist():
        content = archive.read(name)
        if name.endswith(".pdf"):
            extracted = " ".join(
                p.extract_text() or "" for p in PdfReader(io.BytesIO(content)).pages
            )
            assert "alex smith" not in _flat(extracted).lower()
        assert b"Alex Smith" not in content and b"Secretname" not in content
        if name.endswith(".jpg"):
            image = Image.open(io.BytesIO(content))
            assert not image.getexif() and "comment" not in image.info
            assert image.getpixel((2, 2)) == (0, 0, 0) or sum(image.getpixel((2, 2))) < 60
    # The records themselves are unchanged.
    assert any(
        "Internal note: legal advice from counsel" in (t.body or "") for t in complaint.timeline
    )


def test_an_image_without_boxes_is_still_released_without_its_metadata(
    db, information_rights, person
):
    request = _request(db, information_rights, person["mine"])
    _data, archive, _texts = _open(bundle.build(request))
    (photo,) = [n for n in archive.namelist() if n.endswith(".jpg")]
    image = Image.open(io.BytesIO(archive.read(photo)))
    assert not image.getexif()
    assert b"Secretname" not in archive.read(photo)
