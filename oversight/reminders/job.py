"""One run of the reminders job: decide and queue in one transaction, then send.

The decision, every person's email, their reminders and the run's audit event are
committed together before any mail is sent; then each of the day's emails is claimed
and sent (oversight.reminders.mail). Killed at any line, the next run that day sends what
was queued and queues nothing twice. A dry run decides and writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask import Config

from oversight.extensions import db
from oversight.models import utcnow
from oversight.reminders import mail, services


@dataclass
class Run:
    decision: services.Decision
    queued: services.Queued | None = None  # None: a dry run
    sending: mail.Sending | None = None


def run(config: Config, today: date, *, dry_run: bool = False) -> Run:
    if dry_run:
        decision = services.decide(config, today)
        db.session.rollback()
        return Run(decision)
    services.begin()
    decision = services.decide(config, today)
    emails = {person.user_id: mail.compose(config, person, today) for person in decision.people}
    queued = services.queue(decision, emails)
    db.session.commit()
    return Run(decision, queued, mail.send_due(config, today, utcnow()))
