"""Who messages come from: MAIL_SENDER as From and MAIL_REPLY_TO as Reply-To, from
configuration; production will not mail without a sender of its own."""

from __future__ import annotations

import pytest

from oversight import create_app
from oversight.config import DEVELOPMENT_SENDER, ConfigurationError
from oversight.notify import services
from tests.notify.mail import mail_server, queue, reload

SECRETS = {
    "SECRET_KEY": "a-long-random-secret-from-the-environment",
    "DATABASE_URL": "postgresql://oversight@db.invalid/oversight",
    "AUDIT_KEY": "an-audit-key-from-the-environment-0123456789",
}


def mail_one(app, db, port, **settings):
    message_id = queue(app, db)
    with mail_server(app, port, **settings):
        assert services.deliver(reload(db, message_id), dict(app.config))
        db.session.commit()


def test_every_message_is_from_the_configured_sender_with_its_reply_to(app, db, smtp):
    handler, port = smtp
    mail_one(
        app,
        db,
        port,
        MAIL_SENDER="Oversight Register <complaints@oversight.example>",
        MAIL_REPLY_TO="casework@oversight.example",
    )

    [mailed] = handler.messages
    assert mailed["From"] == "Oversight Register <complaints@oversight.example>"
    assert mailed["Reply-To"] == "casework@oversight.example"
    assert mailed["To"] == "jo@example.com"


def test_without_a_reply_to_a_message_has_no_reply_to_header(app, db, smtp):
    handler, port = smtp
    mail_one(app, db, port, MAIL_SENDER="complaints@oversight.example", MAIL_REPLY_TO=None)

    [mailed] = handler.messages
    assert mailed["From"] == "complaints@oversight.example"
    assert "Reply-To" not in mailed


@pytest.mark.parametrize("name", ["development", "test"])
def test_development_and_tests_have_a_sender_nobody_receives(monkeypatch, tmp_path, name):
    for variable in ("MAIL_SENDER", "MAIL_REPLY_TO", "DATABASE_URL", "TEST_DATABASE_URL"):
        monkeypatch.delenv(variable, raising=False)
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    config = create_app(name).config
    assert config["MAIL_SENDER"] == DEVELOPMENT_SENDER
    assert DEVELOPMENT_SENDER.endswith(".invalid")
    assert config["MAIL_REPLY_TO"] is None


def test_production_with_a_mail_server_refuses_to_start_without_a_sender(monkeypatch):
    for variable, value in SECRETS.items():
        monkeypatch.setenv(variable, value)
    monkeypatch.setenv("MAIL_SERVER", "smtp.oversight.example")
    monkeypatch.delenv("MAIL_SENDER", raising=False)
    with pytest.raises(ConfigurationError, match="MAIL_SENDER"):
        create_app("production")


def test_production_takes_its_sender_and_reply_to_from_the_environment(monkeypatch):
    for variable, value in SECRETS.items():
        monkeypatch.setenv(variable, value)
    monkeypatch.setenv("MAIL_SERVER", "smtp.oversight.example")
    monkeypatch.setenv("MAIL_SENDER", "complaints@oversight.example")
    monkeypatch.setenv("MAIL_REPLY_TO", "casework@oversight.example")
    config = create_app("production").config
    assert config["MAIL_SERVER"] == "smtp.oversight.example"
    assert config["MAIL_SENDER"] == "complaints@oversight.example"
    assert config["MAIL_REPLY_TO"] == "casework@oversight.example"


def test_production_without_a_mail_server_needs_no_sender_and_never_uses_the_development_one(
    monkeypatch,
):
    for variable, value in SECRETS.items():
        monkeypatch.setenv(variable, value)
    for variable in ("MAIL_SERVER", "MAIL_SENDER", "MAIL_REPLY_TO"):
        monkeypatch.delenv(variable, raising=False)
    config = create_app("production").config
    assert config["MAIL_SERVER"] is None
    assert config["MAIL_SENDER"] is None
