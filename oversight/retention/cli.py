"""`flask retention run`: what the retention schedule has made due, shown (a dry run,
writing nothing at all, by default) or applied with `--apply`.

Applying, each case is its own transaction: its rules applied, what was applied recorded
(retention_applied) and its audit event, committed together; then its evidence files are
deleted (oversight.retention.files). Killed at any point, a case is either untouched or
done, and the next run finishes what is left (files queued first), doing no case twice.
Run it daily from cron.
"""

from __future__ import annotations

import time as clock
from collections import Counter
from datetime import date, datetime, time

import click
from flask import current_app
from flask.cli import AppGroup

from oversight.complaints.evidence import evidence_store
from oversight.extensions import db
from oversight.models import utcnow
from oversight.retention import files, run
from oversight.retention.schedule import UK, RecordKind, rule_for

retention_cli = AppGroup("retention", help="The retention schedule.")


def _day(_ctx: click.Context, _param: click.Parameter, value: str | None) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter("give the date as YYYY-MM-DD, for example 2026-12-04") from None


def _cases(count: int) -> str:
    return f"{count} case" if count == 1 else f"{count} cases"


def _show(plan: run.Plan) -> None:
    config = current_app.config
    click.echo(f"Retention due on {plan.today.isoformat()} (UK date):")
    for kind, count in plan.counts().items():
        rule = rule_for(config, kind)
        click.echo(f"  {rule.label!s}: {_cases(count)} ({rule.action.value})")
    click.echo(f"  Unsent answers (drafts) past their lifetime: {plan.drafts}")
    click.echo(f"Cases with something due: {len(plan.due)}")
    if plan.held:
        click.echo(f"Cases skipped for a legal hold: {len(plan.held)}")
        for case in plan.held:
            click.echo(f"  {case.reference}")
    if plan.pending_files:
        click.echo(f"Files left to delete by an earlier run: {plan.pending_files}")


@retention_cli.command("run")
@click.option("--apply", "apply_", is_flag=True, help="Apply it (without this, a dry run).")
@click.option(
    "--today",
    callback=_day,
    help="Run as on this UK date (YYYY-MM-DD), for testing; the default is today.",
)
@click.option("--batch-size", default=100, show_default=True, type=click.IntRange(min=1))
# For the tests that kill a run halfway: seconds to wait inside each case's transaction.
@click.option("--pause", default=0.0, type=float, hidden=True)
def run_command(apply_: bool, today: date | None, batch_size: int, pause: float) -> None:
    """Show what the retention schedule has made due (dry run), or apply it (--apply)."""
    now = utcnow()
    moment = now if today is None else datetime.combine(today, time(0), tzinfo=UK)
    today = today or run.today_in_the_uk(now)
    config = current_app.config
    plan = run.plan(config, today, moment)
    _show(plan)
    if not apply_:
        db.session.rollback()
        click.echo("Dry run: nothing was changed. Run again with --apply to apply it.")
        return
    store = evidence_store()
    # Files whose rows an earlier run removed, first.
    if files.delete_pending(store):
        db.session.commit()
    run_id = run.new_run_id()
    rules = run.case_rules(config)
    applied: Counter[RecordKind] = Counter()
    cases = 0
    total = len(plan.due)
    for start in range(0, total, batch_size):
        for due in plan.due[start : start + batch_size]:
            kinds = run.apply_case(due.complaint_id, rules, today, run_id, utcnow())
            if pause:
                db.session.flush()
                clock.sleep(pause)
            db.session.commit()
            if files.delete_pending(store):
                db.session.commit()
            if kinds:
                cases += 1
                applied.update(kinds)
        click.echo(f"Applied: {min(start + batch_size, total)} of {_cases(total)}")
    drafts = 0
    while batch := run.expired_drafts(moment, batch_size):
        for draft in batch:
            run.purge_draft(draft)
            db.session.commit()
            files.delete_pending(store)
            db.session.commit()
            drafts += 1
        click.echo(f"Deleted: {drafts} unsent answers")
    run.record_run(
        run_id,
        today,
        {kind: applied[kind] for kind in plan.counts()},
        cases,
        drafts,
        len(plan.held),
    )
    db.session.commit()
    click.echo(f"Done: {_cases(cases)} and {drafts} unsent answers (run {run_id}).")
