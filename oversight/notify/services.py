"""Messages to complainants: always kept in the outbox, mailed when a server is set."""

from __future__ import annotations

import logging
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

import sqlalchemy as sa
from flask import Config

from oversight.complaints.enums import ContactMethod
from oversight.complaints.models import Complaint
from oversight.extensions import db
from oversight.models import Base, utcnow
from oversight.notify.models import MessageKind, OutboxMessage
from oversight.notify.wording import compose

log = logging.getLogger(__name__)

SMTP_TIMEOUT_SECONDS = 10
# A failed message is tried again after 5 minutes, then 10, 20 … at most a day apart;
# after MAX_ATTEMPTS tries it stays in the outbox for staff and is not tried again.
FIRST_RETRY = timedelta(minutes=5)
LONGEST_RETRY = timedelta(hours=24)
MAX_ATTEMPTS = 10
# A sender holds a message this long while it sends it: far longer than one SMTP call
# (SMTP_TIMEOUT_SECONDS a step), so a hold lapses only when its sender has died.
CLAIM_LEASE = timedelta(minutes=5)


def mail_to(complaint: Complaint) -> str | None:
    """The address a message is mailed to: none for a complainant who asked for post
    (their messages are letters staff print), or who gave no email address."""
    person = complaint.complainant
    if person is None or person.preferred_contact is ContactMethod.POST:
        return None
    return person.email


def queue_message(
    complaint: Complaint, kind: MessageKind, *, template: str | None = None, **context: object
) -> OutboxMessage:
    """Put a message to the complainant in the outbox, written from the current version of
    its template (`template`, or the one its kind uses: wording/compose.key_for) in their
    language, or in Welsh then English if they asked for both; it records the versions."""
    key = template or compose.key_for(complaint, kind, context)
    written = [
        compose.compose(complaint, key, language, context)
        for language in compose.languages_for(complaint)
    ]
    subject, body = compose.join(written)
    recipient = mail_to(complaint)
    message = OutboxMessage(
        complaint_id=complaint.id,
        kind=kind,
        language=written[0].version.language if written[0].version else complaint.language,
        recipient=recipient,
        subject=subject,
        body=body,
        created_at=utcnow(),
        template_version_id=written[0].version.id if written[0].version else None,
        second_template_version_id=(
            written[1].version.id if len(written) > 1 and written[1].version else None
        ),
    )
    db.session.add(message)
    return message


def queue_acknowledgement(complaint: Complaint) -> OutboxMessage:
    return queue_message(complaint, MessageKind.ACKNOWLEDGEMENT)


def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the attempts-th failed try: 5 min doubling, at most 24 h."""
    # int: typeshed types int ** int as Any (a negative power is a float), and this one is not.
    return min(FIRST_RETRY * int(2 ** max(attempts - 1, 0)), LONGEST_RETRY)


def deliver(message: OutboxMessage, config: Config) -> bool:
    """Mail one message now, straight after it was queued and committed, if a mail server
    is configured and no other sender holds it.

    It goes through the same claim as `flask outbox send`: the claim is committed here,
    before the mail server is called, and the caller commits the outcome (sent, or the
    failure and its next try). A message another sender holds is left to that sender.
    Logs carry no personal data.
    """
    message_id, kind = message.id, message.kind.value
    if not message.recipient:
        log.info("outbox message %s (%s) kept: no email address", message_id, kind)
        return False
    if not config.get("MAIL_SERVER"):
        log.info("outbox message %s (%s) kept: no mail server configured", message_id, kind)
        return False
    now = utcnow()
    if not claim(message_id, now):
        log.info("outbox message %s (%s) left to the sender that holds it", message_id, kind)
        return False
    db.session.refresh(message)
    return _attempt(message, config, now)


@dataclass
class OutboxRun:
    """What one run of `flask outbox send` did, in counts only."""

    mail_configured: bool
    sent: int = 0
    failed: int = 0  # failed this run (gave_up included); the rest are retried later
    gave_up: int = 0  # failed for the last allowed time this run
    waiting: int = 0  # retry not due yet (with no mail server: every message still to send)
    held: int = 0  # being sent by another sender (a web request, another run) meanwhile
    no_address: int = 0  # unsent, with no email address: kept for staff
    abandoned: int = 0  # unsent after MAX_ATTEMPTS tries (gave_up included): kept for staff


def send_pending(config: Config, now: datetime) -> OutboxRun:
    """Mail every message that is due, committing each on its own.

    A batch job, so unlike view-facing services this commits: one transaction to
    claim a message (see `claim`) before it is sent, and one to mark it sent or failed.
    No two senders (two runs, or a run and the delivery straight after a web
    submission) ever send the same message, and a crash loses nothing: the claim of a
    sender that died lapses after CLAIM_LEASE and the message is sent then. (A crash
    after the server has accepted a message but before it is marked sent is the one
    way it can go twice.) Messages of any kind are sent alike, a complaint's or a
    saved draft's.
    """
    run = OutboxRun(mail_configured=bool(config.get("MAIL_SERVER")))
    run.no_address = _count(sa.and_(OutboxMessage.sent_at.is_(None), sa.not_(_has_address())))
    if not run.mail_configured:
        run.waiting = _count(_still_to_send())
    else:
        run.waiting = _count(sa.and_(_still_to_send(), OutboxMessage.next_attempt_at > now))
        # Held or not: a message another sender holds is counted when its claim fails.
        candidates = db.session.scalars(
            sa.select(OutboxMessage.id)
            .where(_still_to_send(), _next_try_due(now))
            .order_by(OutboxMessage.id)
        ).all()
        db.session.commit()
        for message_id in candidates:
            if not claim(message_id, now):
                run.held += 1  # another sender holds it (or has just sent it)
                continue
            message = db.session.get_one(OutboxMessage, message_id)
            if _attempt(message, config, now):
                run.sent += 1
            else:
                run.failed += 1
                run.gave_up += message.attempts >= MAX_ATTEMPTS
            db.session.commit()
    run.abandoned = _count(
        sa.and_(
            OutboxMessage.sent_at.is_(None),
            _has_address(),
            OutboxMessage.attempts >= MAX_ATTEMPTS,
        )
    )
    return run


def claim(message_id: int, now: datetime) -> bool:
    """Take one due message for this sender, committed before anything is sent (see
    `claim_for_sending`). Whoever's claim changes no row must not send."""
    return claim_for_sending(OutboxMessage, message_id, now, _still_to_send())


def claim_for_sending(
    model: type[Base], row_id: int, now: datetime, still_to_send: sa.ColumnElement[bool]
) -> bool:
    """Claim one row of a table of mail to send (the outbox, the staff reminders: rows
    with `attempts`, `next_attempt_at` and `claimed_until`), committed at once.

    One conditional UPDATE: it holds the row until now + CLAIM_LEASE and counts the
    attempt, only if the row is still to send (`still_to_send`, the table's own rule),
    its next try is due, and no other sender holds it (or that sender's hold has lapsed).
    """
    row = model.__table__.c
    claimed = db.session.execute(
        sa.update(model)
        .where(
            row.id == row_id,
            still_to_send,
            sa.or_(row.next_attempt_at.is_(None), row.next_attempt_at <= now),
            sa.or_(row.claimed_until.is_(None), row.claimed_until < now),
        )
        .values(attempts=row.attempts + 1, claimed_until=now + CLAIM_LEASE)
        .execution_options(synchronize_session=False)
    )
    db.session.commit()
    # An UPDATE's result is a CursorResult, which has rowcount; scoped_session.execute()
    # is typed as returning the base Result, which does not.
    rowcount: int = claimed.rowcount  # type: ignore[attr-defined]
    return rowcount == 1


def _has_address() -> sa.ColumnElement[bool]:
    return sa.and_(OutboxMessage.recipient.is_not(None), OutboxMessage.recipient != "")


def _still_to_send() -> sa.ColumnElement[bool]:
    """Unsent, with an address, and not given up on."""
    return sa.and_(
        OutboxMessage.sent_at.is_(None),
        _has_address(),
        OutboxMessage.attempts < MAX_ATTEMPTS,
    )


def _unclaimed(now: datetime) -> sa.ColumnElement[bool]:
    """Held by no sender, or by one whose hold has lapsed (it died mid-send)."""
    return sa.or_(OutboxMessage.claimed_until.is_(None), OutboxMessage.claimed_until < now)


def _next_try_due(now: datetime) -> sa.ColumnElement[bool]:
    return sa.or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now)


def _due(now: datetime) -> sa.ColumnElement[bool]:
    """To send now: still to send, its next try not in the future, and unclaimed."""
    return sa.and_(_still_to_send(), _next_try_due(now), _unclaimed(now))


def _count(where: sa.ColumnElement[bool]) -> int:
    return db.session.scalar(sa.select(sa.func.count(OutboxMessage.id)).where(where)) or 0


def _attempt(message: OutboxMessage, config: Config, now: datetime) -> bool:
    """Send one message whose attempt is already counted, and record how it went."""
    try:
        _send(message, config)
    # One message's failure, whatever it is, must not hold up the others (or a
    # complainant's confirmation page); only the error's class name is kept.
    except Exception as error:
        _record_failure(message, error, now)
        return False
    _record_success(message, now)
    return True


def _send(message: OutboxMessage, config: Config) -> None:
    assert message.recipient
    send_email(config, message.recipient, message.subject, message.body)


def send_email(config: Config, recipient: str, subject: str, body: str) -> None:
    """The one place mail leaves (outbox messages, and staff reminders): from MAIL_SENDER,
    with MAIL_REPLY_TO as its Reply-To when set; STARTTLS only when MAIL_USE_TLS, login
    only with a username. Raises whatever the mail server or the connection raises."""
    email = EmailMessage()
    email["From"] = config["MAIL_SENDER"]
    if config.get("MAIL_REPLY_TO"):
        email["Reply-To"] = config["MAIL_REPLY_TO"]
    email["To"] = recipient
    email["Subject"] = subject
    email.set_content(body)
    with smtplib.SMTP(
        config["MAIL_SERVER"], config["MAIL_PORT"], timeout=SMTP_TIMEOUT_SECONDS
    ) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls(context=ssl.create_default_context())
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(email)


def _record_success(message: OutboxMessage, now: datetime) -> None:
    message.sent_at = now
    message.claimed_until = None
    message.next_attempt_at = None
    message.last_error = None
    log.info("outbox message %s (%s) sent", message.id, message.kind.value)


def _record_failure(message: OutboxMessage, error: Exception, now: datetime) -> None:
    """Keep the error's class name only: its text can carry an address."""
    message.last_error = type(error).__name__[:100]
    message.claimed_until = None
    if message.attempts >= MAX_ATTEMPTS:
        message.next_attempt_at = None
        log.warning(
            "outbox message %s (%s) not sent: %s; gave up after %s attempts",
            message.id,
            message.kind.value,
            message.last_error,
            message.attempts,
        )
        return
    message.next_attempt_at = now + retry_delay(message.attempts)
    log.warning(
        "outbox message %s (%s) not sent: %s; attempt %s, next try at %s",
        message.id,
        message.kind.value,
        message.last_error,
        message.attempts,
        message.next_attempt_at.isoformat(timespec="seconds"),
    )


def messages_to(complaint: Complaint) -> list[OutboxMessage]:
    """Every message to the complainant, newest first, whether or not it was mailed."""
    return list(
        db.session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.complaint_id == complaint.id)
            .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        )
    )
