"""Reminder emails are sent once per person and day, to a real SMTP server on loopback,
whatever is run twice, at once, or killed halfway. Runs on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa
from flask import url_for

from oversight.audit.models import AuditEvent
from oversight.extensions import db as _db
from oversight.models import utcnow
from oversight.reminders import job, mail, services
from oversight.reminders.models import Reminder
from tests.notify.mail import mail_server
from tests.reminders.cases import TUESDAY, case, caseworker, emails, reminded, send, senior

WEDNESDAY = date(2026, 11, 25)


def queue_only(app: Any, day: date) -> None:
    """The first half of a run, as if it were killed straight after its commit."""
    services.begin()
    decision = services.decide(app.config, day)
    texts = {person.user_id: mail.compose(app.config, person, day) for person in decision.people}
    services.queue(decision, texts)
    _db.session.commit()


def test_running_twice_on_a_day_sends_one_email_and_keeps_one_reminder_a_case(
    app, db, runner, smtp
):
    handler, port = smtp
    worker = caseworker()
    case(TUESDAY, worker)
    case(date(2026, 11, 20), worker)
    db.session.commit()

    with mail_server(app, port):
        first = send(runner, TUESDAY)
        second = send(runner, TUESDAY)

    assert len(handler.messages) == 1
    assert handler.envelopes == [[worker.email]]
    assert db.session.scalar(sa.select(sa.func.count(Reminder.id))) == 2
    assert "Emails: 1 sent, 0 failed" in first.output
    assert "Queued: 0 emails with 0 reminders." in second.output
    assert "1 person already reminded today." in second.output
    assert "Emails: 0 sent, 0 failed" in second.output


def test_a_case_still_due_soon_the_next_day_is_reminded_again_that_day(app, db, runner, smtp):
    handler, port = smtp
    worker = caseworker()
    due = case(date(2026, 11, 26), worker).reference
    db.session.commit()

    with mail_server(app, port):
        send(runner, TUESDAY)
        send(runner, WEDNESDAY)
        send(runner, WEDNESDAY)

    assert len(handler.messages) == 2
    assert reminded(TUESDAY) == reminded(WEDNESDAY) == {(due, worker.email, "due_soon")}


def test_the_email_lists_references_due_dates_and_links_and_no_complainant_data(
    app, db, runner, smtp
):
    handler, port = smtp
    boss = senior()
    own = case(date(2026, 11, 20), boss).reference
    waiting = case(date(2026, 12, 4), None, received=date(2026, 11, 2)).reference
    db.session.commit()

    with mail_server(app, port):
        send(runner, TUESDAY)

    [message] = handler.messages
    body = message.get_payload(decode=True).decode()
    assert message["Subject"] == "Cases to look at on 24 November 2026"
    assert message["To"] == boss.email
    assert f"{own}: was due 20 November 2026 (Investigating)" in body
    assert f"{waiting}: received 2 November 2026, due 4 December 2026" in body
    base = app.config["PUBLIC_BASE_URL"]
    assert f"{base}/staff/cases/{own}" in body and f"{base}/staff/cases/{waiting}" in body
    for personal in ("Jo Bloggs", "jo@example.com", "Cardiff city centre", "camera van"):
        assert personal not in body
        assert personal not in message["Subject"]


def test_the_links_go_to_the_case_page(app):
    with app.test_request_context():
        path = url_for("casework.case_detail", reference="FR-AAAA-BBBB")
    assert path == mail.CASE_PATH.format(reference="FR-AAAA-BBBB")


def test_a_run_killed_after_its_commit_is_sent_by_the_next_run(app, db, runner, smtp):
    handler, port = smtp
    worker = caseworker()
    case(TUESDAY, worker)
    db.session.commit()
    queue_only(app, TUESDAY)
    assert handler.messages == []

    with mail_server(app, port):
        result = send(runner, TUESDAY)

    assert "Queued: 0 emails" in result.output
    assert "Emails: 1 sent" in result.output
    assert handler.envelopes == [[worker.email]]


def test_an_email_claimed_by_a_sender_that_died_is_sent_once_its_lease_lapses(
    app, db, runner, smtp
):
    handler, port = smtp
    worker = caseworker()
    case(TUESDAY, worker)
    db.session.commit()
    queue_only(app, TUESDAY)
    [email] = emails()
    claimed_at = utcnow()
    assert mail.claim(email.id, claimed_at)  # then the sender died before sending

    with mail_server(app, port):
        during = send(runner, TUESDAY)
        assert "1 email being sent by another run, left to it." in during.output
        assert handler.messages == []
        after = mail.send_due(app.config, TUESDAY, claimed_at + timedelta(minutes=6))

    assert after.sent == 1
    assert len(handler.messages) == 1
    [email] = emails()
    assert (email.sent_at is not None, email.attempts, email.claimed_until) == (True, 2, None)


def test_two_runs_at_once_send_one_email(app, db, smtp):
    handler, port = smtp
    handler.hold = 0.5
    worker = caseworker()
    case(TUESDAY, worker)
    case(WEDNESDAY, worker)
    db.session.commit()
    start = threading.Barrier(2)
    runs: list[job.Run] = []
    errors: list[BaseException] = []

    def work() -> None:
        with app.app_context():
            try:
                start.wait(timeout=10)
                runs.append(job.run(app.config, TUESDAY))
            except BaseException as error:
                errors.append(error)
            finally:
                _db.session.remove()

    with mail_server(app, port):
        threads = [threading.Thread(target=work) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)

    assert not errors, errors
    assert len(handler.messages) == 1
    assert sorted(run.queued.emails for run in runs if run.queued) == [0, 1]
    assert db.session.scalar(sa.select(sa.func.count(Reminder.id))) == 2


def test_a_refused_email_is_tried_again_later_and_not_sent_twice(app, db, runner, smtp):
    handler, port = smtp
    handler.refuse_data = "451 Try again later"
    worker = caseworker()
    case(TUESDAY, worker)
    db.session.commit()

    with mail_server(app, port):
        failed = send(runner, TUESDAY)
        handler.refuse_data = None
        too_soon = send(runner, TUESDAY)
        [email] = emails()
        later = mail.send_due(app.config, TUESDAY, email.next_attempt_at)

    assert "Emails: 0 sent, 1 failed, 1 waiting" in failed.output
    assert "Emails: 0 sent, 0 failed, 1 waiting" in too_soon.output
    assert later.sent == 1 and len(handler.messages) == 1
    [email] = emails()
    assert email.last_error is None and email.attempts == 2


def test_an_email_left_unsent_is_not_sent_on_a_later_day(app, db, runner, smtp):
    handler, port = smtp
    worker = caseworker()
    case(date(2026, 11, 26), worker)
    db.session.commit()
    send(runner, TUESDAY)  # no mail server: kept

    with mail_server(app, port):
        send(runner, WEDNESDAY)

    assert len(handler.messages) == 1
    assert "25 November 2026" in handler.messages[0]["Subject"]


def test_with_no_mail_server_the_emails_stay_queued_and_the_log_says_so(db, runner, caplog):
    worker = caseworker()
    case(TUESDAY, worker)
    db.session.commit()

    with caplog.at_level("INFO", logger="oversight.reminders.mail"):
        result = send(runner, TUESDAY)

    assert "No mail server is configured (MAIL_SERVER), so nothing was sent" in result.output
    assert "1 reminder email waiting" in result.output
    assert "no mail server configured" in caplog.text
    [email] = emails()
    assert email.sent_at is None and email.attempts == 0
    for text in (result.output, caplog.text):
        assert worker.email not in text and worker.name not in text


def test_a_dry_run_writes_nothing_and_each_run_records_one_audit_event(db, runner):
    worker = caseworker()
    reference = case(TUESDAY, worker).reference
    db.session.commit()

    dry = send(runner, TUESDAY, "--dry-run")
    assert "1 person to remind of 1 case" in dry.output
    assert "Dry run: nothing was queued or sent." in dry.output
    assert emails() == [] and reminded() == set()
    assert _runs(db) == []

    send(runner, TUESDAY)
    send(runner, TUESDAY)
    send(runner, date(2026, 11, 28))  # a Saturday

    details = [event.details for event in _runs(db)]
    assert details == [
        {"today": "2026-11-24", "working_day": True, "people": 1, "cases": 1, "reminders": 1},
        {"today": "2026-11-24", "working_day": True, "people": 0, "cases": 0, "reminders": 0},
        {"today": "2026-11-28", "working_day": False, "people": 0, "cases": 0, "reminders": 0},
    ]
    assert reference not in dry.output and worker.email not in dry.output


def test_a_date_that_is_not_one_is_refused_with_what_to_give(runner, db):
    result = runner.invoke(args=["reminders", "send", "--today", "24/11/2026"])
    assert result.exit_code == 2
    assert "give the date as YYYY-MM-DD" in result.output


def _runs(db: Any) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.action == "reminders.run")
            .order_by(AuditEvent.seq)
        )
    )
