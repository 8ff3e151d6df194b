"""Save and come back later with a mail server: the link is mailed, now or by the outbox."""

from __future__ import annotations

from tests.notify.conftest import smtp  # noqa: F401  (a fixture)
from tests.notify.mail import mail_server, send
from tests.public.saving import LINK, save, saved_draft_messages, start_complaint


def test_with_a_mail_server_the_link_is_mailed_and_the_page_says_so(app, db, client, smtp):  # noqa: F811
    handler, port = smtp
    start_complaint(client)
    with mail_server(app, port):
        save(client, "sam@example.org")
    shown = client.get("/complain/saved").get_data(as_text=True)

    assert "We have sent an email to sam@example.org with a link to your answers" in shown
    [mail] = handler.messages
    assert mail["To"] == "sam@example.org"
    assert mail["Subject"] == "Continue your complaint about police use of facial recognition"
    assert LINK.search(mail.get_payload())
    assert saved_draft_messages(db)[0].sent_at is not None


def test_the_outbox_sender_delivers_a_saved_draft_link_later(app, db, client, runner, smtp):  # noqa: F811
    handler, port = smtp
    start_complaint(client)
    save(client, "sam@example.org")  # no mail server yet: kept in the outbox

    with mail_server(app, port):
        send(runner)

    assert [m["To"] for m in handler.messages] == ["sam@example.org"]
    assert saved_draft_messages(db)[0].sent_at is not None


def test_a_link_saved_on_a_welsh_page_is_sent_in_welsh(app, db, client):
    client.get("/?lang=cy")
    start_complaint(client)
    save(client, "sam@example.org")

    [message] = saved_draft_messages(db)
    assert message.language.value == "cy"
    assert "the link" not in message.body.lower()
