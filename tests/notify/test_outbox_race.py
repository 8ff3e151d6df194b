"""Senders at the same moment: two `outbox send` runs, a run and the delivery straight
after a web submission. Each message is claimed first, so it is mailed exactly once.
Against a real SMTP server on loopback that is slow to accept, so the senders overlap.
Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from flask import Flask

from oversight.extensions import db as _db
from oversight.models import utcnow
from oversight.notify import services
from tests.helpers import answer_everything, post_page
from tests.notify.mail import EMAIL, mail_server, queue, reload, send

SLOW = 0.6  # seconds the server holds each message before accepting it


def run_at_once(app: Flask, *senders: Callable[[], Any]) -> list[Any]:
    """Run each sender in a thread of its own with its own app context (so its own
    database session and connection), all released at the same moment."""
    start = threading.Barrier(len(senders))
    results: list[Any] = [None] * len(senders)
    errors: list[BaseException] = []

    def work(index: int, sender: Callable[[], Any]) -> None:
        with app.app_context():
            try:
                start.wait(timeout=10)
                results[index] = sender()
            except BaseException as error:
                errors.append(error)
            finally:
                _db.session.remove()

    threads = [threading.Thread(target=work, args=pair) for pair in enumerate(senders)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    return results


def test_two_outbox_runs_at_once_mail_a_message_once(app, db, smtp):
    handler, port = smtp
    handler.hold = SLOW
    message_id = queue(app, db)

    with mail_server(app, port):
        config = dict(app.config)
        runs = run_at_once(
            app,
            lambda: services.send_pending(config, utcnow()),
            lambda: services.send_pending(config, utcnow()),
        )

    assert len(handler.messages) == 1
    assert sorted(run.sent for run in runs) == [0, 1]
    message = reload(db, message_id)
    assert message.sent_at is not None
    assert message.attempts == 1
    assert message.claimed_until is None


def test_two_runs_at_once_share_many_messages_and_mail_each_once(app, db, smtp):
    handler, port = smtp
    handler.hold = SLOW / 4
    addresses = [f"person{number}@example.org" for number in range(6)]
    for number, address in enumerate(addresses):
        queue(app, db, tracking_code=f"AAAA-BBBB-{number:04d}", email=address)

    with mail_server(app, port):
        config = dict(app.config)
        runs = run_at_once(
            app,
            lambda: services.send_pending(config, utcnow()),
            lambda: services.send_pending(config, utcnow()),
        )

    assert sorted(envelope[0] for envelope in handler.envelopes) == sorted(addresses)
    assert sum(run.sent for run in runs) == len(addresses)


def test_a_delivery_and_a_run_at_once_mail_a_message_once(app, db, smtp):
    handler, port = smtp
    handler.hold = SLOW
    message_id = queue(app, db)

    def deliver() -> bool:
        """As the web submission does: deliver, then commit how it went."""
        sent = services.deliver(_db.session.get_one(services.OutboxMessage, message_id), config)
        _db.session.commit()
        return sent

    with mail_server(app, port):
        config = dict(app.config)
        delivered, run = run_at_once(app, deliver, lambda: services.send_pending(config, utcnow()))

    assert len(handler.messages) == 1
    assert int(delivered) + run.sent == 1
    assert reload(db, message_id).sent_at is not None


def submit(client: Any) -> Any:
    return post_page(client, "/complain/check-answers", {})


def test_outbox_send_while_a_web_submission_is_mailing_its_acknowledgement_sends_nothing(
    app, db, client, runner, smtp
):
    handler, port = smtp
    handler.hold = SLOW * 2
    answer_everything(client)
    submitted: list[Any] = []

    with mail_server(app, port):
        web = threading.Thread(target=lambda: submitted.append(submit(client)))
        web.start()
        # The web request has claimed the message and is in the middle of mailing it.
        assert handler.entered.wait(timeout=20)
        during = send(runner)
        web.join(timeout=60)

    assert submitted[0].status_code == 302
    assert "0 sent, 0 failed" in during.output
    assert "1 message being sent by another sender" in during.output
    assert [envelope[0] for envelope in handler.envelopes] == [EMAIL]
    [message] = db.session.scalars(_db.select(services.OutboxMessage)).all()
    db.session.refresh(message)
    assert (message.sent_at is not None, message.attempts, message.claimed_until) == (True, 1, None)


def test_outbox_send_straight_after_a_web_submission_sends_nothing_again(
    app, db, client, runner, smtp
):
    handler, port = smtp
    answer_everything(client)

    with mail_server(app, port):
        assert submit(client).status_code == 302
        again = send(runner)

    assert "0 sent, 0 failed, 0 waiting" in again.output
    assert len(handler.messages) == 1


@pytest.mark.parametrize("lapsed", [False, True], ids=["held", "lapsed"])
def test_a_message_claimed_by_a_sender_that_died_is_sent_once_its_claim_lapses(
    app, db, smtp, lapsed
):
    handler, port = smtp
    message_id = queue(app, db)
    claimed_at = utcnow()
    assert services.claim(message_id, claimed_at)  # and the sender died before mailing it
    later = claimed_at + (services.CLAIM_LEASE if lapsed else services.CLAIM_LEASE / 2)

    with mail_server(app, port):
        run = services.send_pending(dict(app.config), later + services.FIRST_RETRY / 300)

    assert (run.sent, run.held) == ((1, 0) if lapsed else (0, 1))
    assert len(handler.messages) == int(lapsed)
    message = reload(db, message_id)
    assert (message.sent_at is not None) is lapsed
    assert message.attempts == 1 + int(lapsed)
