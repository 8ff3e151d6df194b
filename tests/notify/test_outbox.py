"""`flask outbox send` against a real SMTP server on loopback (aiosmtpd), not a mock."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest

from oversight.complaints.enums import Language
from oversight.complaints.models import Complaint
from oversight.models import utcnow
from oversight.notify import services
from oversight.notify.models import MessageKind, OutboxMessage
from oversight.public import drafts
from tests.notify.mail import EMAIL, NAME, free_port, mail_server, queue, reload, send


def test_pending_messages_are_delivered_and_marked_sent(app, db, runner, smtp):
    handler, port = smtp
    first = queue(app, db)
    second = queue(app, db, tracking_code="DDDD-EEEE-FFFF", email="sam@example.org")

    with mail_server(app, port):
        result = send(runner)

    assert "2 sent, 0 failed, 0 waiting" in result.output
    assert EMAIL not in result.output
    assert sorted(envelope[0] for envelope in handler.envelopes) == [EMAIL, "sam@example.org"]
    for message_id in (first, second):
        message = reload(db, message_id)
        assert message.sent_at is not None
        assert message.attempts == 1
        assert message.last_error is None
        assert message.next_attempt_at is None
        mailed = next(m for m in handler.messages if m["To"] == message.recipient)
        assert mailed["Subject"] == message.subject
        assert mailed["From"] == app.config["MAIL_SENDER"]
        body = mailed.get_payload(decode=True).decode().replace("\r\n", "\n")
        assert body.strip() == message.body.strip()


def test_a_second_run_sends_nothing_twice(app, db, runner, smtp):
    handler, port = smtp
    queue(app, db)

    with mail_server(app, port):
        send(runner)
        again = send(runner)

    assert len(handler.messages) == 1
    assert "0 sent, 0 failed, 0 waiting" in again.output


def test_without_a_mail_server_nothing_is_sent_and_messages_stay(app, db, runner, smtp):
    handler, _port = smtp
    message_id = queue(app, db)

    with mail_server(app, 0, MAIL_SERVER=None):
        result = send(runner)

    assert "No mail server is configured" in result.output
    assert "1 message waiting in the outbox" in result.output
    assert handler.messages == []
    message = reload(db, message_id)
    assert message.sent_at is None
    assert message.attempts == 0


def test_messages_without_an_address_stay_in_the_outbox_for_staff(app, db, runner, smtp):
    handler, port = smtp
    anonymous = queue(app, db, wants_contact="no")
    phone_only = queue(
        app,
        db,
        tracking_code="DDDD-EEEE-FFFF",
        email=None,
        phone="020 7946 0000",
        preferred_contact="phone",
    )

    with mail_server(app, port):
        result = send(runner)

    assert "0 sent, 0 failed" in result.output
    assert "2 messages with no email address" in result.output
    assert handler.messages == []
    for message_id in (anonymous, phone_only):
        message = reload(db, message_id)
        assert message.sent_at is None
        assert message.attempts == 0


@pytest.mark.parametrize(
    "refusal",
    [
        {"refuse_rcpt": "550 5.1.1 <jo@example.com>: mailbox unavailable"},
        {"refuse_data": "550 5.7.1 Message from Jo Bloggs <jo@example.com> rejected"},
    ],
    ids=["rcpt", "data"],
)
def test_a_refusal_schedules_a_retry_without_personal_data(app, db, runner, smtp, caplog, refusal):
    handler, port = smtp
    for setting, reply in refusal.items():
        setattr(handler, setting, reply)
    message_id = queue(app, db)
    caplog.set_level(logging.INFO, logger="oversight")
    before = utcnow()

    with mail_server(app, port):
        result = send(runner)

    assert "0 sent, 1 failed" in result.output
    message = reload(db, message_id)
    assert message.sent_at is None
    assert message.attempts == 1
    assert message.last_error in {"SMTPRecipientsRefused", "SMTPDataError"}
    assert message.next_attempt_at is not None
    assert before + timedelta(minutes=5) <= message.next_attempt_at
    assert message.next_attempt_at <= utcnow() + timedelta(minutes=5)
    assert message.claimed_until is None  # released, so the retry is not held up
    assert "not sent" in caplog.text
    for personal in (EMAIL, NAME, "mailbox unavailable", "rejected"):
        assert personal not in caplog.text
        assert personal not in message.last_error
        assert personal not in result.output


def test_a_message_not_yet_due_is_skipped_then_delivered_once_the_server_recovers(
    app, db, runner, smtp
):
    handler, port = smtp
    handler.refuse_rcpt = "451 4.3.0 try again later"
    message_id = queue(app, db)
    with mail_server(app, port):
        send(runner)
        handler.refuse_rcpt = None

        waiting = send(runner)
        assert "0 sent, 0 failed, 1 waiting for a later retry" in waiting.output
        assert handler.messages == []

        due = reload(db, message_id).next_attempt_at
        assert due is not None
        run = services.send_pending(dict(app.config), due + timedelta(seconds=1))

    assert (run.sent, run.failed, run.waiting) == (1, 0, 0)
    assert len(handler.messages) == 1
    message = reload(db, message_id)
    assert message.sent_at is not None
    assert message.attempts == 2
    assert message.last_error is None
    assert message.next_attempt_at is None


def test_connection_refused_is_retried(app, db, runner):
    message_id = queue(app, db)

    with mail_server(app, free_port()):
        result = send(runner)

    assert "0 sent, 1 failed" in result.output
    message = reload(db, message_id)
    assert message.sent_at is None
    assert message.attempts == 1
    assert message.last_error == "ConnectionRefusedError"
    assert message.next_attempt_at is not None


def test_tls_required_but_not_offered_sends_nothing_in_clear(app, db, runner, smtp):
    handler, port = smtp
    message_id = queue(app, db)

    with mail_server(app, port, MAIL_USE_TLS=True):
        send(runner)

    assert handler.messages == []
    message = reload(db, message_id)
    assert message.sent_at is None
    assert message.last_error == "SMTPNotSupportedError"


def test_retries_wait_longer_each_time_up_to_a_day():
    delays = [services.retry_delay(attempts) for attempts in range(1, 12)]
    assert delays[0] == timedelta(minutes=5)
    assert delays[1] == timedelta(minutes=10)
    assert delays == sorted(delays)
    assert max(delays) == timedelta(hours=24)


def test_after_the_last_attempt_a_message_is_no_longer_retried(app, db, runner):
    message_id = queue(app, db)
    message = reload(db, message_id)
    message.attempts = services.MAX_ATTEMPTS - 1
    db.session.commit()

    with mail_server(app, free_port()):
        result = runner.invoke(args=["outbox", "send"])
        again = services.send_pending(dict(app.config), utcnow() + timedelta(days=2))

    assert result.exit_code == 0
    assert "0 sent, 1 failed" in result.output
    assert (
        f"1 message failed {services.MAX_ATTEMPTS} times and will not be retried" in result.output
    )
    message = reload(db, message_id)
    assert message.attempts == services.MAX_ATTEMPTS
    assert message.next_attempt_at is None
    assert message.sent_at is None
    assert (again.sent, again.failed, again.abandoned) == (0, 0, 1)


def test_deliver_mails_one_message_through_the_same_path(app, db, smtp):
    handler, port = smtp
    message_id = queue(app, db)

    with mail_server(app, port):
        message = reload(db, message_id)
        assert services.deliver(message, dict(app.config))
        db.session.commit()

    assert len(handler.messages) == 1
    assert handler.messages[0]["To"] == EMAIL
    message = reload(db, message_id)
    assert message.sent_at is not None
    assert message.attempts == 1


def test_deliver_leaves_a_message_another_sender_holds(app, db, smtp):
    handler, port = smtp
    message_id = queue(app, db)
    assert services.claim(message_id, utcnow())

    with mail_server(app, port):
        assert not services.deliver(reload(db, message_id), dict(app.config))
        db.session.commit()

    assert handler.messages == []
    message = reload(db, message_id)
    assert (message.sent_at, message.attempts) == (None, 1)
    assert message.claimed_until is not None


def test_a_message_about_a_saved_draft_has_no_complaint_and_is_sent_alike(app, db, runner, smtp):
    handler, port = smtp
    complaint_message = queue(app, db)
    _token, draft = drafts.start(utcnow(), timedelta(days=1))
    db.session.flush()
    draft_message = OutboxMessage(
        draft_id=draft.id,
        kind=MessageKind.SAVED_DRAFT,
        language=Language.ENGLISH,
        recipient="sam@example.org",
        subject="Your saved complaint",
        body="Come back to your complaint with this link.",
        created_at=utcnow(),
    )
    db.session.add(draft_message)
    db.session.commit()

    with mail_server(app, port):
        result = send(runner)

    assert "2 sent, 0 failed" in result.output
    assert sorted(envelope[0] for envelope in handler.envelopes) == [EMAIL, "sam@example.org"]
    assert reload(db, draft_message.id).sent_at is not None
    complaint = db.session.get_one(OutboxMessage, complaint_message).complaint_id
    listed = services.messages_to(db.session.get_one(Complaint, complaint))
    assert [message.id for message in listed] == [complaint_message]
