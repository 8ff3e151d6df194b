"""Files are what they say (issue 13, point 3): type and extension from the content, photos
encoded again without their metadata or anything appended, active or unreadable PDFs and
markup refused, and the person told what was removed. Through the public evidence page
and the tracking page's add-evidence, as a person sends them."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
import sqlalchemy as sa
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import DictionaryObject, NameObject, TextStringObject

from oversight.complaints.enums import Status
from oversight.public import drafts
from oversight.public.models import ComplaintDraft
from tests import files
from tests.factories import make_complaint
from tests.helpers import csrf_token, post_page
from tests.public.test_reply_online import CODE, track

EVIDENCE = "/complain/evidence"
GPS = 0x8825


def upload(client, name: str, content: bytes):
    token = csrf_token(client.get(EVIDENCE).get_data(as_text=True))
    data = {"csrf_token": token, "action": "upload", "files": [(io.BytesIO(content), name)]}
    return client.post(EVIDENCE, data=data, content_type="multipart/form-data")


def kept(app, db) -> list[tuple[dict, bytes]]:
    db.session.expire_all()
    draft = db.session.scalar(sa.select(ComplaintDraft))
    store = Path(app.config["EVIDENCE_STORAGE_DIR"])
    return [
        (entry, (store / entry["key"][:2] / entry["key"]).read_bytes())
        for entry in (drafts.files(draft) if draft else [])
    ]


def stored_files(app) -> list[Path]:
    store = Path(app.config["EVIDENCE_STORAGE_DIR"])
    return [path for path in store.rglob("*") if path.is_file()] if store.exists() else []


def photo_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # camera make
    exif[0x0112] = 6  # orientation: turned a quarter
    exif.get_ifd(GPS).update({1: "N", 2: (51.0, 28.0, 40.0), 3: "W", 4: (3.0, 10.0, 57.0)})
    return files.jpeg(width=8, height=4, exif=exif.tobytes())


def pdf_with(**catalog: object) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    for key, value in catalog.items():
        writer._root_object[NameObject(f"/{key}")] = value
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def javascript_action() -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert(1)"),
        }
    )


def launch_action() -> DictionaryObject:
    return DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("calc.exe")}
    )


def pdf_with_an_attachment() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer.add_attachment("payload.exe", b"MZ")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=100, height=100)
    writer.encrypt("secret")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_photo_loses_its_location_and_camera_details_and_the_person_is_told(app, client, db):
    original = photo_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS)  # the test's photo has GPS
    response = upload(client, "IMG_0042.jpg", original)
    assert response.status_code == 302
    [(entry, content)] = kept(app, db)
    image = Image.open(io.BytesIO(content))
    assert image.format == "JPEG"
    assert len(image.getexif()) == 0
    assert b"PhoneMaker" not in content and b"Exif" not in content
    assert image.size == (4, 8)  # turned upright as its EXIF said, before the EXIF went
    assert entry["cleaned"] is True and entry["name"] == "IMG_0042.jpg"
    html = client.get(EVIDENCE).get_data(as_text=True)
    assert "We removed the location and camera details from this photo" in html


def test_a_photo_without_hidden_details_is_kept_without_a_notice(app, client, db):
    assert upload(client, "plain.png", files.png()).status_code == 302
    [(entry, content)] = kept(app, db)
    assert entry["cleaned"] is False
    assert Image.open(io.BytesIO(content)).format == "PNG"
    assert "We removed the location" not in client.get(EVIDENCE).get_data(as_text=True)


def test_a_png_loses_its_text_chunks(app, client, db):
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Location", "51.4782,-3.1826")
    out = io.BytesIO()
    Image.new("RGB", (3, 3)).save(out, "PNG", pnginfo=info)
    assert upload(client, "screen.png", out.getvalue()).status_code == 302
    [(entry, content)] = kept(app, db)
    assert b"51.4782" not in content and entry["cleaned"] is True


def test_a_jpeg_that_is_also_a_web_page_is_kept_as_the_photo_alone(app, client, db):
    polyglot = files.jpeg() + b"<html><script>alert(document.cookie)</script></html>"
    assert upload(client, "photo.jpg", polyglot).status_code == 302
    [(entry, content)] = kept(app, db)
    assert b"<script" not in content and content.endswith(b"\xff\xd9")
    assert entry["cleaned"] is True


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("photo.jpg", files.text(), "photo.jpg is not a photo we can open"),
        ("photo.jpg", b"<svg onload='alert(1)'></svg>", "photo.jpg is not a photo we can open"),
        ("photo.png", b"<html><script>x</script></html>", "photo.png is not a photo we can open"),
        ("photo.jpg", files.pdf(), "photo.jpg is not a photo we can open"),
        ("broken.jpg", files.jpeg()[:40], "broken.jpg is not a photo we can open"),
        ("notes.txt", b"  <html><body>hi</body></html>", "notes.txt is a web page or drawing file"),
        ("drawing.txt", b"\xef\xbb\xbf<svg></svg>", "drawing.txt is a web page or drawing file"),
        ("notes.txt", b"Dear sir,\n<script>alert(1)</script>", "notes.txt is a web page"),
        ("form.pdf", pdf_with(OpenAction=javascript_action()), "form.pdf contains scripts"),
        ("run.pdf", pdf_with(OpenAction=launch_action()), "run.pdf contains scripts"),
        ("attached.pdf", pdf_with_an_attachment(), "attached.pdf contains scripts"),
        ("locked.pdf", encrypted_pdf(), "locked.pdf cannot be opened"),
        ("torn.pdf", b"%PDF-1.7\n" + bytes(100), "torn.pdf cannot be opened"),
    ],
)
def test_files_that_are_not_what_they_say_or_carry_something_active_are_refused(
    app, client, db, name, content, message
):
    response = upload(client, name, content)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert kept(app, db) == []
    assert stored_files(app) == []  # nothing of it left on disk


def test_a_decompression_bomb_is_refused_not_decoded(app, client, db):
    out = io.BytesIO()
    Image.new("1", (12_000, 12_000)).save(out, "PNG")  # 144 million pixels, a few kB
    response = upload(client, "huge.png", out.getvalue())
    assert response.status_code == 400
    assert "huge.png is not a photo we can open" in response.get_data(as_text=True)


def test_a_file_gets_the_extension_of_what_it_is(app, client, db):
    assert upload(client, "scan.txt", files.pdf()).status_code == 302
    assert upload(client, "note", files.text()).status_code == 302
    assert [entry["name"] for entry, _ in kept(app, db)] == ["scan.pdf", "note.txt"]


def test_a_plain_pdf_and_plain_text_are_kept_as_sent(app, client, db):
    assert upload(client, "letter.pdf", files.pdf()).status_code == 302
    assert upload(client, "notes.txt", b"He said 3 < 4 and left.\n").status_code == 302
    assert [content for _, content in kept(app, db)] == [files.pdf(), b"He said 3 < 4 and left.\n"]


def test_evidence_added_from_the_tracking_page_is_cleaned_and_the_person_told(app, client, db):
    complaint = make_complaint(tracking_code=CODE)
    complaint.status = Status.INVESTIGATING
    db.session.commit()
    track(client, complaint)
    response = post_page(
        client,
        "/track/add-evidence",
        {"files": [(io.BytesIO(photo_with_gps()), "where.jpg")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 302
    html = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "We removed the location and camera details from where.jpg" in html
    [path] = stored_files(app)
    assert len(Image.open(path).getexif()) == 0


def test_a_pdf_with_javascript_is_refused_on_the_tracking_page_too(app, client, db):
    complaint = make_complaint(tracking_code=CODE)
    complaint.status = Status.INVESTIGATING
    db.session.commit()
    track(client, complaint)
    response = post_page(
        client,
        "/track/add-evidence",
        {"files": [(io.BytesIO(pdf_with(OpenAction=javascript_action())), "x.pdf")]},
        content_type="multipart/form-data",
    )
    assert response.status_code == 400
    assert "x.pdf contains scripts" in response.get_data(as_text=True)
    assert stored_files(app) == []
