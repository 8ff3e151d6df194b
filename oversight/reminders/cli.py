"""`flask reminders send`: decide the day's reminders, queue them, and mail them.

The decision and the queueing are one transaction (the reminders, each person's email and
the run's audit event, committed together before any mail is sent); then each email is
claimed and sent as the outbox does. Killed at any line, the next run that day sends what
was queued and queues nothing twice. Run it daily from cron, on working days or every day
(on a weekend or bank holiday it reminds nobody). Prints counts only, never a name or an
address.
"""

from __future__ import annotations

from datetime import date

import click
from flask import current_app
from flask.cli import AppGroup

from oversight.models import utcnow
from oversight.reminders import job, services
from oversight.reminders.models import ReminderKind

reminders_cli = AppGroup(
    "reminders", help="Reminders to staff of cases due, overdue or unassigned."
)

KIND_LABELS = {
    ReminderKind.OVERDUE: "overdue",
    ReminderKind.DUE_SOON: "due soon",
    ReminderKind.UNASSIGNED: "unassigned (to senior caseworkers)",
}


def _day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("give the date as YYYY-MM-DD, for example 2026-12-07") from None


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def _show(decision: services.Decision) -> None:
    click.echo(f"Reminders for {decision.today.isoformat()} (UK date):")
    if not decision.working_day:
        click.echo(
            "  Not a working day in England and Wales (a weekend or bank holiday): nobody is reminded."
        )
        return
    click.echo(
        f"  {_plural(len(decision.people), 'person', 'people')} to remind of "
        f"{_plural(decision.cases(), 'case', 'cases')}:"
    )
    for kind, count in decision.counts().items():
        click.echo(f"    {KIND_LABELS[kind]}: {count}")
    if decision.already_emailed:
        click.echo(
            f"  {_plural(decision.already_emailed, 'person', 'people')} already reminded today."
        )


@reminders_cli.command("send")
@click.option(
    "--today",
    callback=_day,
    help="Run as on this UK date (YYYY-MM-DD), for testing; the default is today.",
)
@click.option("--dry-run", is_flag=True, help="Show who would be reminded (counts); write nothing.")
def send_command(today: date | None, dry_run: bool) -> None:
    """Email each assignee their cases due soon and overdue, and each senior caseworker the
    cases unassigned too long; once per case, person and day."""
    today = today or services.today_in_the_uk(utcnow())
    done = job.run(current_app.config, today, dry_run=dry_run)
    _show(done.decision)
    if done.queued is None:
        click.echo("Dry run: nothing was queued or sent.")
        return
    click.echo(
        f"Queued: {_plural(done.queued.emails, 'email', 'emails')} with "
        f"{_plural(done.queued.reminders, 'reminder', 'reminders')}."
    )
    sending = done.sending
    assert sending is not None
    if not sending.mail_configured:
        click.echo(
            "No mail server is configured (MAIL_SERVER), so nothing was sent; "
            f"{_plural(sending.waiting, 'reminder email', 'reminder emails')} waiting."
        )
        return
    click.echo(
        f"Emails: {sending.sent} sent, {sending.failed} failed, "
        f"{sending.waiting} waiting for a later run today."
    )
    if sending.held:
        click.echo(
            f"{_plural(sending.held, 'email', 'emails')} being sent by another run, left to it."
        )
