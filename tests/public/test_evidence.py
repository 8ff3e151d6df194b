"""Uploading evidence: type from the content, size and count limits, nothing lost."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
import sqlalchemy as sa

from oversight.complaints.models import Evidence
from oversight.public import drafts
from oversight.public.models import ComplaintDraft
from tests import files
from tests.helpers import answer_everything, csrf_token, send_complaint

EVIDENCE = "/complain/evidence"


def upload(client, *named: tuple[str, bytes], action: str = "upload"):
    token = csrf_token(client.get(EVIDENCE).get_data(as_text=True))
    data = {
        "csrf_token": token,
        "action": action,
        "files": [(io.BytesIO(content), name) for name, content in named],
    }
    return client.post(EVIDENCE, data=data, content_type="multipart/form-data")


def draft_files(db) -> list[dict]:
    db.session.expire_all()
    draft = db.session.scalar(sa.select(ComplaintDraft))
    return drafts.files(draft) if draft else []


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("photo.jpg", files.jpeg(), "image/jpeg"),
        ("screenshot.png", files.png(), "image/png"),
        ("letter.pdf", files.pdf(), "application/pdf"),
        ("clip.mp4", files.mp4(), "video/mp4"),
        ("notes.txt", files.text(), "text/plain"),
    ],
)
def test_each_accepted_type_is_stored_with_its_sniffed_type(
    app, client, db, name, content, content_type
):
    response = upload(client, (name, content))
    assert response.status_code == 302
    [stored] = draft_files(db)
    assert stored["name"] == name
    assert stored["type"] == content_type
    path = Path(app.config["EVIDENCE_STORAGE_DIR"]) / stored["key"][:2] / stored["key"]
    assert stored["size"] == path.stat().st_size
    if not content_type.startswith("image/"):  # photos are encoded again (test_evidence_content)
        assert path.read_bytes() == content
    assert name not in str(path)


def test_the_type_and_extension_come_from_the_content_not_the_name(client, db):
    assert upload(client, ("holiday.txt", files.pdf())).status_code == 302
    [stored] = draft_files(db)
    assert stored["type"] == "application/pdf"
    assert stored["name"] == "holiday.pdf"


def test_a_program_named_as_a_photo_is_refused_by_name(client, db):
    response = upload(client, ("photo.jpg", files.windows_program()))
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "photo.jpg must be a JPEG, PNG, PDF, MP4 or plain text file" in html
    assert "<title>Error:" in html
    assert draft_files(db) == []


def test_an_empty_file_is_refused_by_name(client, db):
    response = upload(client, ("empty.txt", b""))
    assert response.status_code == 400
    assert "empty.txt is empty" in response.get_data(as_text=True)
    assert draft_files(db) == []


def test_a_file_over_20_mb_is_refused_by_name(client, db):
    big = files.png() + b"\x00" * (20 * 1024 * 1024)
    response = upload(client, ("huge.png", big))
    assert response.status_code == 400
    assert "huge.png must be smaller than 20 MB" in response.get_data(as_text=True)
    assert draft_files(db) == []


def test_good_files_are_kept_when_another_in_the_same_upload_is_refused(client, db):
    response = upload(client, ("good.png", files.png()), ("bad.exe", files.windows_program()))
    assert response.status_code == 400
    assert [f["name"] for f in draft_files(db)] == ["good.png"]


def test_no_more_than_10_files_can_be_uploaded(client, db):
    assert upload(client, *[(f"note{i}.txt", files.text()) for i in range(10)]).status_code == 302
    assert "You have uploaded the most files you can" in client.get(EVIDENCE).get_data(as_text=True)
    response = upload(client, ("eleventh.txt", files.text()))
    assert response.status_code == 400
    assert "eleventh.txt was not uploaded" in response.get_data(as_text=True)
    assert len(draft_files(db)) == 10


def test_the_eleventh_file_in_one_upload_is_refused_by_name(client, db):
    response = upload(client, *[(f"note{i}.txt", files.text()) for i in range(11)])
    assert response.status_code == 400
    assert "note10.txt was not uploaded: you can upload up to 10 files" in response.get_data(
        as_text=True
    )
    assert len(draft_files(db)) == 10


def test_upload_without_choosing_a_file_asks_for_one(client):
    response = upload(client)
    assert response.status_code == 400
    assert "Select a file to upload" in response.get_data(as_text=True)


def test_continue_without_files_moves_on(client):
    response = upload(client, action="continue")
    assert response.status_code == 302
    assert response.location == "/complain/contact"


def test_other_answers_stay_when_an_upload_is_refused(client, db):
    answer_everything(client)
    before = dict(db.session.scalar(sa.select(ComplaintDraft)).answers)
    upload(client, ("bad.exe", files.windows_program()))
    db.session.expire_all()
    assert db.session.scalar(sa.select(ComplaintDraft)).answers == before


def test_a_request_over_the_size_limit_gets_a_friendly_page(app, client):
    limit = app.config["MAX_CONTENT_LENGTH"]
    app.config["MAX_CONTENT_LENGTH"] = 1024
    try:
        response = upload(client, ("big.txt", b"x" * 4096))
    finally:
        app.config["MAX_CONTENT_LENGTH"] = limit
    html = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "The files you chose are too big" in html
    assert "Your other answers have been saved" in html


def test_a_file_can_be_removed(app, client, db):
    upload(client, ("one.png", files.png()), ("two.txt", files.text()))
    first, second = draft_files(db)
    token = csrf_token(client.get(EVIDENCE).get_data(as_text=True))
    response = client.post(f"/complain/evidence/{first['key']}/remove", data={"csrf_token": token})
    assert response.status_code == 302
    assert [f["name"] for f in draft_files(db)] == ["two.txt"]
    store = Path(app.config["EVIDENCE_STORAGE_DIR"])
    assert not (store / first["key"][:2] / first["key"]).exists()
    assert (store / second["key"][:2] / second["key"]).exists()


def test_file_names_are_shown_as_text(client):
    upload(client, ("<img src=x onerror=alert(1)>.png", files.png()))
    html = client.get(EVIDENCE).get_data(as_text=True)
    assert "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;.png" in html


def test_evidence_is_stored_outside_the_static_folder(app):
    static = Path(app.static_folder).resolve()
    store = Path(app.config["EVIDENCE_STORAGE_DIR"]).resolve()
    assert static not in store.parents and store != static


def test_sent_evidence_becomes_part_of_the_complaint(app, client, db):
    answer_everything(client)
    upload(client, ("photo.png", files.png()))
    send_complaint(client)
    evidence = db.session.scalar(sa.select(Evidence))
    assert evidence.original_name == "photo.png"
    assert evidence.content_type == "image/png"
    assert len(evidence.sha256) == 64
    store = Path(app.config["EVIDENCE_STORAGE_DIR"])
    kept = (store / evidence.storage_key[:2] / evidence.storage_key).read_bytes()
    assert kept.startswith(b"\x89PNG") and hashlib.sha256(kept).hexdigest() == evidence.sha256
