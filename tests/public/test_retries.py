"""A worker killed at any point of the journey: the person sends again and loses nothing,
files nothing twice, and sees the reference of the complaint that was stored.

A kill is simulated by an exception no handler catches (as the process would stop there,
nothing after it runs and no response goes out), then the request's transaction is rolled
back as the database does when a connection dies. A lost response is simulated by putting
the browser's cookie back as it was before the request.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from aiosmtpd.controller import Controller

from oversight.audit.models import AuditEvent
from oversight.complaints.evidence import evidence_store
from oversight.complaints.models import Complaint, Evidence, TimelineEntry
from oversight.notify import services as notify
from oversight.notify.models import OutboxMessage
from oversight.public import drafts
from oversight.public.models import ComplaintDraft
from tests import files
from tests.helpers import answer_everything, csrf_token, post_page, reference_and_code
from tests.notify.mail import Collector, free_port, mail_server, send

CHECK_ANSWERS = "/complain/check-answers"
SENT = "/complain/complaint-sent"


class WorkerKilled(BaseException):
    """The process stopped here: no error page, no response."""


def kill(*args: object, **kwargs: object) -> None:
    raise WorkerKilled


def count(db, model) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0


@contextmanager
def killed(client, db) -> Iterator[None]:
    """The worker dies in the request: no response (the cookie stays as it was), and its
    transaction is rolled back as the database does when the connection drops. (The
    request shares the test's session, so this rolls that back by hand.)"""
    with LostResponse(client), pytest.raises(WorkerKilled):
        yield
    db.session.remove()


class LostResponse:
    """Whatever the request sets in the browser never arrives."""

    def __init__(self, client) -> None:
        self.client = client

    def __enter__(self) -> LostResponse:
        cookie = self.client.get_cookie("session")
        self.kept = cookie.value if cookie else None
        return self

    def __exit__(self, *exc: object) -> None:
        if self.kept is None:
            self.client.delete_cookie("session")
        else:
            self.client.set_cookie("session", self.kept)


def submit_token(client) -> str:
    return csrf_token(client.get(CHECK_ANSWERS).get_data(as_text=True))


def confirmation(client) -> tuple[str, str | None]:
    response = client.get(SENT)
    assert response.status_code == 200
    return reference_and_code(response.get_data(as_text=True))


def submitted_events(db) -> int:
    return db.session.scalar(
        sa.select(sa.func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == "complaint.submitted")
    )


def test_a_send_whose_answer_was_lost_after_the_commit_shows_the_same_reference(client, db):
    answer_everything(client)
    token = submit_token(client)
    with LostResponse(client):
        client.post(CHECK_ANSWERS, data={"csrf_token": token})

    again = client.post(CHECK_ANSWERS, data={"csrf_token": token})

    assert again.status_code == 302
    assert again.location == SENT
    reference, code = confirmation(client)
    assert code is not None
    assert count(db, Complaint) == 1
    assert db.session.scalar(sa.select(Complaint.reference)) == reference
    assert count(db, OutboxMessage) == 1
    assert submitted_events(db) == 1


def test_a_worker_killed_after_the_commit_leaves_the_acknowledgement_for_the_outbox(
    app, client, db, runner, monkeypatch
):
    """Killed before the message was mailed: the retry shows the same reference and the
    message stays due, and `flask outbox send` mails it, once."""
    answer_everything(client)
    token = submit_token(client)
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        with mail_server(app, controller.port):
            monkeypatch.setattr(notify, "deliver", kill)
            with killed(client, db):
                client.post(CHECK_ANSWERS, data={"csrf_token": token})
            monkeypatch.undo()

            again = client.post(CHECK_ANSWERS, data={"csrf_token": token})
            assert again.location == SENT
            reference, code = confirmation(client)
            assert code is not None
            assert count(db, Complaint) == 1
            message = db.session.scalar(sa.select(OutboxMessage))
            assert message.sent_at is None
            assert message.claimed_until is None  # due now, held by nobody

            result = send(runner)
            assert "1 sent, 0 failed" in result.output
            send(runner)
    finally:
        controller.stop()
    assert len(handler.messages) == 1
    assert reference in handler.messages[0]["Subject"]


def test_a_worker_killed_between_creating_and_committing_stores_nothing(client, db, monkeypatch):
    answer_everything(client)
    token = submit_token(client)
    # Right after create_complaint has added the complaint, its timeline and audit event.
    monkeypatch.setattr(notify, "queue_acknowledgement", kill)
    with killed(client, db):
        client.post(CHECK_ANSWERS, data={"csrf_token": token})
    monkeypatch.undo()

    assert count(db, Complaint) == 0
    assert count(db, TimelineEntry) == 0
    assert count(db, OutboxMessage) == 0
    assert submitted_events(db) == 0
    draft = db.session.scalar(sa.select(ComplaintDraft))
    assert draft.complaint_id is None
    assert draft.answers["place"] == "Cardiff city centre"

    again = client.post(CHECK_ANSWERS, data={"csrf_token": token})

    assert again.location == SENT
    reference, code = confirmation(client)
    assert code is not None
    assert count(db, Complaint) == 1
    assert db.session.scalar(sa.select(Complaint.reference)) == reference
    assert count(db, OutboxMessage) == 1
    assert submitted_events(db) == 1


def test_a_confirmation_page_that_was_cut_off_shows_the_reference_and_code_again(client, db):
    answer_everything(client)
    client.post(CHECK_ANSWERS, data={"csrf_token": submit_token(client)})
    with LostResponse(client):
        first = confirmation(client)

    assert confirmation(client) == first
    assert first[1] is not None
    assert count(db, Complaint) == 1


def test_sending_again_after_the_confirmation_was_shown_shows_the_same_reference(client, db):
    answer_everything(client)
    token = submit_token(client)
    client.post(CHECK_ANSWERS, data={"csrf_token": token})
    reference, _ = confirmation(client)

    again = client.post(CHECK_ANSWERS, data={"csrf_token": token})

    assert again.location == SENT
    assert confirmation(client)[0] == reference
    assert count(db, Complaint) == 1


def test_a_worker_killed_before_an_answer_was_saved_keeps_nothing_and_a_retry_saves_it(
    client, db, monkeypatch
):
    answer_everything(client)
    monkeypatch.setattr(drafts, "save_answers", kill)
    with killed(client, db):
        post_page(client, "/complain/where", {"place": "Swansea Marina"})
    monkeypatch.undo()
    assert db.session.scalar(sa.select(ComplaintDraft)).answers["place"] == "Cardiff city centre"

    assert post_page(client, "/complain/where", {"place": "Swansea Marina"}).status_code == 302

    db.session.expire_all()
    assert db.session.scalar(sa.select(ComplaintDraft)).answers["place"] == "Swansea Marina"


def test_a_first_answer_whose_response_was_lost_starts_again_and_files_one_complaint(client, db):
    with LostResponse(client):
        post_page(client, "/complain/technology", {"technology": "lfr"})

    answer_everything(client)
    client.post(CHECK_ANSWERS, data={"csrf_token": submit_token(client)})

    reference, _ = confirmation(client)
    assert count(db, Complaint) == 1
    assert db.session.scalar(sa.select(Complaint.reference)) == reference
    # The draft the browser never heard of holds no contact details and expires in a day.
    assert count(db, ComplaintDraft) == 2


def upload(client, name: str, content: bytes):
    token = csrf_token(client.get("/complain/evidence").get_data(as_text=True))
    data = {"csrf_token": token, "action": "upload", "files": [(io.BytesIO(content), name)]}
    return client.post("/complain/evidence", data=data, content_type="multipart/form-data")


def test_an_upload_sent_again_after_its_answer_was_lost_is_kept_once(app, client, db):
    answer_everything(client)
    with LostResponse(client):
        assert upload(client, "letter.pdf", files.pdf()).status_code == 302

    assert upload(client, "letter.pdf", files.pdf()).status_code == 302
    assert upload(client, "letter again.pdf", files.pdf()).status_code == 302

    db.session.expire_all()
    kept = drafts.files(db.session.scalar(sa.select(ComplaintDraft)))
    assert [f["name"] for f in kept] == ["letter.pdf", "letter again.pdf"]
    with app.app_context():
        root = evidence_store().root
    stored = sorted(p.name for p in root.rglob("*") if p.is_file() and len(p.name) == 32)
    assert sorted(f["key"] for f in kept) == stored
    client.post(CHECK_ANSWERS, data={"csrf_token": submit_token(client)})
    assert count(db, Evidence) == 2
