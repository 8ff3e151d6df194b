"""A real SMTP server on loopback (aiosmtpd) and helpers for the outbox tests."""

from __future__ import annotations

import asyncio
import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from flask import Flask

from oversight.notify import services
from oversight.notify.models import OutboxMessage
from tests.factories import make_complaint

EMAIL = "jo@example.com"
NAME = "Jo Bloggs"


class Collector:
    """An SMTP handler that keeps what it is given, or refuses when told to. With `hold`,
    it sits on each message that long before accepting it (a slow server), and `entered`
    is set as soon as a message's data has started to arrive."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.envelopes: list[list[str]] = []
        self.refuse_rcpt: str | None = None
        self.refuse_data: str | None = None
        self.hold = 0.0
        self.entered = threading.Event()

    async def handle_RCPT(
        self, server: Any, session: Any, envelope: Any, address: str, rcpt_options: Any
    ) -> str:
        if self.refuse_rcpt:
            return self.refuse_rcpt
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.entered.set()
        if self.hold:
            await asyncio.sleep(self.hold)
        if self.refuse_data:
            return self.refuse_data
        self.envelopes.append(list(envelope.rcpt_tos))
        self.messages.append(message_from_bytes(envelope.original_content))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def mail_server(app: Flask, port: int, **settings: Any) -> Iterator[None]:
    """Point the app at a mail server on loopback for the duration."""
    overrides = {
        "MAIL_SERVER": "127.0.0.1",
        "MAIL_PORT": port,
        "MAIL_USE_TLS": False,
        "MAIL_USERNAME": None,
        **settings,
    }
    saved = {key: app.config.get(key) for key in overrides}
    app.config.update(overrides)
    try:
        yield
    finally:
        app.config.update(saved)


def queue(app: Flask, db: Any, **answers: Any) -> int:
    """Queue an acknowledgement for a new complaint; return the message's id."""
    with app.test_request_context():
        complaint = make_complaint(**answers)
        message = services.queue_acknowledgement(complaint)
        db.session.commit()
        return message.id


def reload(db: Any, message_id: int) -> OutboxMessage:
    db.session.expire_all()
    return db.session.get_one(OutboxMessage, message_id)


def send(runner: Any) -> Any:
    result = runner.invoke(args=["outbox", "send"])
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture
def smtp() -> Iterator[tuple[Collector, int]]:
    """A real SMTP server on a free loopback port for one test: what it got, and its port.
    The outbox's and the reminders' conftest both use it."""
    handler = Collector()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    try:
        yield handler, controller.port
    finally:
        controller.stop()
