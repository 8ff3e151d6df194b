"""Who is reminded of what on a day: assignees of cases due soon and overdue, senior
caseworkers of cases unassigned too long; never a closed or paused case, never a
disabled account; nobody on a weekend or bank holiday."""

from __future__ import annotations

from datetime import date

import pytest

from oversight.complaints.enums import Status
from oversight.models import utcnow
from oversight.reminders.models import ReminderKind
from tests.reminders.cases import TUESDAY, case, caseworker, emails, reminded, send, senior

DUE_SOON, OVERDUE, UNASSIGNED = ReminderKind.DUE_SOON, ReminderKind.OVERDUE, ReminderKind.UNASSIGNED


def test_an_assignee_is_reminded_of_cases_due_within_two_working_days_and_overdue(db, runner):
    worker = caseworker()
    yesterday = case(date(2026, 11, 23), worker).reference
    today = case(TUESDAY, worker).reference
    thursday = case(date(2026, 11, 26), worker).reference
    case(date(2026, 11, 27), worker)  # three working days on: not yet
    db.session.commit()

    result = send(runner, TUESDAY)

    assert reminded() == {
        (yesterday, worker.email, OVERDUE),
        (today, worker.email, DUE_SOON),
        (thursday, worker.email, DUE_SOON),
    }
    assert "1 person to remind of 3 cases" in result.output
    assert "overdue: 1" in result.output
    assert "due soon: 2" in result.output


def test_due_soon_counts_working_days_over_christmas_bank_holidays(db, runner):
    """24 December 2026 is a Thursday; the 25th and the 28th (Boxing Day's substitute)
    are bank holidays, so two working days on is Wednesday 30 December."""
    worker = caseworker()
    wednesday = case(date(2026, 12, 30), worker).reference
    case(date(2026, 12, 31), worker)
    db.session.commit()

    send(runner, date(2026, 12, 24))

    assert reminded() == {(wednesday, worker.email, DUE_SOON)}


@pytest.mark.parametrize(
    "day",
    [date(2026, 12, 25), date(2026, 12, 26), date(2026, 12, 27), date(2026, 12, 28)],
    ids=["christmas", "saturday", "sunday", "boxing-day-substitute"],
)
def test_nobody_is_reminded_on_a_weekend_or_bank_holiday(db, runner, day):
    worker = caseworker()
    case(date(2026, 12, 24), worker)  # overdue all the while
    case(date(2026, 12, 29), worker)
    senior()
    case(date(2027, 1, 5), received=date(2026, 12, 1))
    db.session.commit()

    result = send(runner, day)

    assert reminded() == set()
    assert emails() == []
    assert "Not a working day" in result.output


def test_after_the_christmas_bank_holidays_the_next_working_day_reminds_again(db, runner):
    worker = caseworker()
    overdue = case(date(2026, 12, 24), worker).reference
    due = case(date(2026, 12, 29), worker).reference
    db.session.commit()

    send(runner, date(2026, 12, 28))
    send(runner, date(2026, 12, 29))

    assert reminded() == {(overdue, worker.email, OVERDUE), (due, worker.email, DUE_SOON)}
    assert [email.day for email in emails()] == [date(2026, 12, 29)]


@pytest.mark.parametrize(
    ("status", "due_on"),
    # A closed case, even with a due date left on it; a decided one has none.
    [(Status.CLOSED, TUESDAY), (Status.DECISION_ISSUED, None)],
    ids=["closed", "decision-sent"],
)
def test_nobody_is_reminded_about_a_closed_or_decided_case(db, runner, status, due_on):
    worker = caseworker()
    senior()
    case(due_on, worker, status=status)
    case(due_on, None, status=status)  # and unassigned
    db.session.commit()

    send(runner, TUESDAY)

    assert reminded() == set()
    assert emails() == []


def test_nobody_is_reminded_about_a_case_awaiting_the_complainant(db, runner):
    worker = caseworker()
    senior()
    case(None, worker, status=Status.AWAITING_INFORMATION)
    case(None, None, status=Status.AWAITING_INFORMATION)
    db.session.commit()

    send(runner, TUESDAY)

    assert reminded() == set()


def test_a_case_closed_after_a_reminder_is_not_reminded_of_again(db, runner):
    worker = caseworker()
    complaint = case(TUESDAY, worker)
    db.session.commit()
    send(runner, TUESDAY)
    complaint.status = Status.CLOSED
    complaint.closed_at = utcnow()
    db.session.commit()

    send(runner, date(2026, 11, 25))

    assert reminded(date(2026, 11, 25)) == set()
    assert len(emails()) == 1


def test_a_disabled_account_gets_no_reminder(db, runner):
    gone = caseworker("gone@example.test", disabled_at=utcnow())
    case(TUESDAY, gone)
    senior("gone-senior@example.test", disabled_at=utcnow())
    case(date(2026, 12, 10), None, received=date(2026, 11, 2))
    db.session.commit()

    send(runner, TUESDAY)

    assert reminded() == set()
    assert emails() == []


def test_seniors_are_told_of_cases_unassigned_for_more_than_two_working_days(db, runner):
    """Received Monday 23 November: two working days by Wednesday, more by Thursday."""
    first, second = senior(), senior("other-senior@example.test")
    caseworker()  # not a senior: told nothing
    waiting = case(date(2026, 12, 7), None, status=Status.RECEIVED, received=date(2026, 11, 23))
    db.session.commit()

    send(runner, date(2026, 11, 25))
    assert reminded() == set()

    send(runner, date(2026, 11, 26))
    assert reminded() == {
        (waiting.reference, first.email, UNASSIGNED),
        (waiting.reference, second.email, UNASSIGNED),
    }


def test_unassigned_time_skips_bank_holidays(db, runner):
    """Received Wednesday 23 December: 24th, 29th, 30th are its first working days."""
    boss = senior()
    waiting = case(date(2027, 1, 8), None, status=Status.RECEIVED, received=date(2026, 12, 23))
    db.session.commit()

    send(runner, date(2026, 12, 29))
    assert reminded() == set()

    send(runner, date(2026, 12, 30))
    assert reminded() == {(waiting.reference, boss.email, UNASSIGNED)}


def test_the_unassigned_time_is_a_setting(app, db, runner):
    boss = senior()
    waiting = case(date(2026, 12, 7), None, status=Status.RECEIVED, received=date(2026, 11, 23))
    db.session.commit()
    saved = app.config["REMINDER_UNASSIGNED_AFTER_WORKING_DAYS"]
    app.config["REMINDER_UNASSIGNED_AFTER_WORKING_DAYS"] = 0
    try:
        send(runner, TUESDAY)
    finally:
        app.config["REMINDER_UNASSIGNED_AFTER_WORKING_DAYS"] = saved

    assert reminded() == {(waiting.reference, boss.email, UNASSIGNED)}


def test_a_senior_with_cases_of_their_own_gets_one_email_with_both(db, runner):
    boss = senior()
    own = case(TUESDAY, boss).reference
    waiting = case(date(2026, 12, 7), None, received=date(2026, 11, 2)).reference
    db.session.commit()

    send(runner, TUESDAY)

    assert reminded() == {(own, boss.email, DUE_SOON), (waiting, boss.email, UNASSIGNED)}
    assert len(emails()) == 1
