"""The reminder email: written (staff words, references, due dates, links to the case
pages; no complainant's personal data) and sent as the outbox sends its messages.

Each email is claimed with one conditional UPDATE, committed before the mail server is
called, so two senders never send the same one; a claim lapses after CLAIM_LEASE, so an
email whose sender died is sent by the next run that day. Only the day's emails are sent:
a reminder of yesterday's due dates is not worth sending, and the day's run makes new ones.
Like the outbox's batch job, this commits: one transaction per claim and per outcome.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

import sqlalchemy as sa
from flask import Config, render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from oversight.extensions import db
from oversight.formatting import long_date
from oversight.notify.services import (
    MAX_ATTEMPTS,
    claim_for_sending,
    retry_delay,
    send_email,
)
from oversight.reminders.models import ReminderEmail, ReminderKind
from oversight.reminders.services import Person

log = logging.getLogger(__name__)

# The case page's address under the staff base (casework.case_detail; a test holds them equal).
CASE_PATH = "/staff/cases/{reference}"


def compose(config: Config, person: Person, today: date) -> tuple[str, str]:
    """The subject and body of one person's email for the day, in English (staff's language)."""
    base = config["PUBLIC_BASE_URL"]
    with force_locale("en_GB"):
        subject = _("Cases to look at on %(day)s", day=long_date(today))
        body = render_template(
            "reminders/email.txt",
            today=today,
            overdue=person.of_kind(ReminderKind.OVERDUE),
            due_soon=person.of_kind(ReminderKind.DUE_SOON),
            unassigned=person.of_kind(ReminderKind.UNASSIGNED),
            unassigned_after=config["REMINDER_UNASSIGNED_AFTER_WORKING_DAYS"],
            link=lambda reference: base + CASE_PATH.format(reference=reference),
        )
    return subject, body


@dataclass
class Sending:
    """What one run's sending did, in counts only."""

    mail_configured: bool
    sent: int = 0
    failed: int = 0
    held: int = 0  # being sent by another sender meanwhile
    waiting: int = 0  # the day's emails still to send after this run (retry not due yet)


def send_due(config: Config, today: date, now: datetime) -> Sending:
    """Send the day's unsent reminder emails whose next try is due, each claimed first."""
    sending = Sending(mail_configured=bool(config.get("MAIL_SERVER")))
    if not sending.mail_configured:
        sending.waiting = _count(_still_to_send(today))
        db.session.commit()
        if sending.waiting:
            log.info(
                "reminder emails kept: %s, no mail server configured (MAIL_SERVER)",
                sending.waiting,
            )
        return sending
    candidates = db.session.scalars(
        sa.select(ReminderEmail.id)
        .where(_still_to_send(today), _next_try_due(now))
        .order_by(ReminderEmail.id)
    ).all()
    db.session.commit()
    for email_id in candidates:
        if not claim(email_id, now):
            sending.held += 1
            continue
        email = db.session.get_one(ReminderEmail, email_id)
        if _attempt(email, config, now):
            sending.sent += 1
        else:
            sending.failed += 1
        db.session.commit()
    sending.waiting = _count(_still_to_send(today))
    db.session.commit()
    return sending


def claim(email_id: int, now: datetime) -> bool:
    """Take one email for this sender, committed before anything is sent, as the outbox
    claims its messages: only if it is unsent, not given up on, due and held by no other
    sender (or that sender's hold has lapsed)."""
    return claim_for_sending(
        ReminderEmail,
        email_id,
        now,
        sa.and_(ReminderEmail.sent_at.is_(None), ReminderEmail.attempts < MAX_ATTEMPTS),
    )


def _still_to_send(today: date) -> sa.ColumnElement[bool]:
    return sa.and_(
        ReminderEmail.day == today,
        ReminderEmail.sent_at.is_(None),
        ReminderEmail.attempts < MAX_ATTEMPTS,
    )


def _next_try_due(now: datetime) -> sa.ColumnElement[bool]:
    return sa.or_(ReminderEmail.next_attempt_at.is_(None), ReminderEmail.next_attempt_at <= now)


def _count(where: sa.ColumnElement[bool]) -> int:
    return db.session.scalar(sa.select(sa.func.count(ReminderEmail.id)).where(where)) or 0


def _attempt(email: ReminderEmail, config: Config, now: datetime) -> bool:
    """Send one claimed email and record how it went (the error's class name only: its
    text can carry an address). Logs carry no address or name."""
    try:
        send_email(config, email.recipient, email.subject, email.body)
    # One email's failure, whatever it is, must not hold up the others.
    except Exception as error:
        email.last_error = type(error).__name__[:100]
        email.claimed_until = None
        email.next_attempt_at = now + retry_delay(email.attempts)
        log.warning(
            "reminder email %s not sent: %s; attempt %s", email.id, email.last_error, email.attempts
        )
        return False
    email.sent_at = now
    email.claimed_until = None
    email.next_attempt_at = None
    email.last_error = None
    log.info("reminder email %s sent", email.id)
    return True
