"""Messages to complainants: always kept in the outbox, mailed when a server is set."""

from __future__ import annotations

import logging
import smtplib
from email.message import EmailMessage
from typing import Any

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from oversight.complaints.models import Complaint
from oversight.extensions import db
from oversight.models import utcnow
from oversight.notify.models import MessageKind, OutboxMessage

log = logging.getLogger(__name__)
LOCALES = {"en": "en_GB", "cy": "cy"}


def queue_acknowledgement(complaint: Complaint) -> OutboxMessage:
    recipient = complaint.complainant.email if complaint.complainant else None
    with force_locale(LOCALES.get(complaint.language, "en_GB")):
        subject = _("We have received your complaint %(reference)s", reference=complaint.reference)
        body = render_template("notify/acknowledgement.txt", complaint=complaint)
    message = OutboxMessage(
        complaint_id=complaint.id,
        kind=MessageKind.ACKNOWLEDGEMENT,
        language=complaint.language,
        recipient=recipient,
        subject=subject,
        body=body,
        created_at=utcnow(),
    )
    db.session.add(message)
    return message


def deliver(message: OutboxMessage, config: dict[str, Any]) -> bool:
    """Mail one message if a mail server is configured. Logs carry no personal data."""
    if not message.recipient:
        log.info("outbox message %s (%s) kept: no email address", message.id, message.kind.value)
        return False
    if not config.get("MAIL_SERVER"):
        log.info(
            "outbox message %s (%s) kept: no mail server configured", message.id, message.kind.value
        )
        return False
    email = EmailMessage()
    email["From"] = config["MAIL_SENDER"]
    email["To"] = message.recipient
    email["Subject"] = message.subject
    email.set_content(message.body)
    try:
        with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=10) as smtp:
            if config.get("MAIL_USE_TLS"):
                smtp.starttls()
            if config.get("MAIL_USERNAME"):
                smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"] or "")
            smtp.send_message(email)
    except (OSError, smtplib.SMTPException) as error:
        log.warning(
            "outbox message %s (%s) not sent: %s",
            message.id,
            message.kind.value,
            type(error).__name__,
        )
        return False
    message.sent_at = utcnow()
    log.info("outbox message %s (%s) sent", message.id, message.kind.value)
    return True
