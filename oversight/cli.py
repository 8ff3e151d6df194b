"""Flask commands for administrative tasks."""

from __future__ import annotations

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from oversight.extensions import db
from oversight.models import utcnow

outbox_cli = AppGroup("outbox", help="Messages to complainants.")


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_demo)
    app.cli.add_command(purge_drafts)
    app.cli.add_command(create_user)
    app.cli.add_command(outbox_cli)
    from oversight.api.tokens.cli import force_tokens_cli
    from oversight.audit.cli import audit_cli
    from oversight.deployments.imports.cli import deployments_cli
    from oversight.retention.cli import retention_cli
    from oversight.statistics.cli import statistics_cli

    app.cli.add_command(audit_cli)
    app.cli.add_command(deployments_cli)
    app.cli.add_command(force_tokens_cli)
    app.cli.add_command(statistics_cli)
    app.cli.add_command(retention_cli)


@click.command("seed-demo")
def seed_demo() -> None:
    """Load demo complaints, deployment records and usage returns, one demo staff
    account per role, and a published statistics release (once)."""
    from oversight.demo import NotForProduction
    from oversight.demo import complaints as demo_complaints
    from oversight.demo import deployments as demo_deployments
    from oversight.demo import staff as demo_staff
    from oversight.demo import statistics as demo_statistics

    try:
        staff = demo_staff.seed_staff(current_app.config)
        made = demo_complaints.seed(current_app.config)
        deployments, returns = demo_deployments.seed(current_app.config)
        # After the cases and deployments, so the release counts them.
        release = demo_statistics.seed_statistics(current_app.config)
        announced = demo_statistics.seed_calendar(current_app.config)
    except NotForProduction as refused:
        db.session.rollback()
        raise click.ClickException(str(refused)) from None
    db.session.commit()
    if made:
        click.echo("Demo complaints to track (reference and tracking code):")
        for reference, code in made[:3]:
            click.echo(f"  {reference}  {code}")
        if len(made) > 3:
            click.echo(f"  and {len(made) - 3} more cases in the queue at /staff/cases")
    if staff:
        click.echo(
            f"Demo staff accounts (password {demo_staff.STAFF_PASSWORD!r}, security code secret {demo_staff.STAFF_TOTP_SECRET}):"
        )
        for email in staff:
            click.echo(f"  {email}")
    if deployments or returns:
        click.echo(
            f"Demo deployment records: {deployments}; usage returns: {returns} "
            "(at /staff/deployments and /register)"
        )
    if release is not None:
        click.echo(
            f"Demo statistics release: {release.period.label}, published at /statistics/{release.slug}"
        )
    if announced is not None:
        click.echo(
            f"Demo release calendar: {announced.period.label} announced for "
            f"{announced.release_date.isoformat()}, at /statistics/calendar"
        )
    nothing = not made and not staff and not deployments and not returns
    if nothing and release is None and announced is None:
        click.echo("Demo data is already loaded.")


@click.command("purge-drafts")
def purge_drafts() -> None:
    """Delete unsubmitted answers older than the draft lifetime, and their files."""
    from oversight.complaints.evidence import evidence_store
    from oversight.public import drafts

    count = drafts.purge_expired(utcnow(), evidence_store())
    db.session.commit()
    click.echo(f"Deleted {count} expired drafts.")


@click.command("create-user")
@click.option("--email", required=True, help="Their email address, used to sign in.")
@click.option("--name", required=True, help="Their full name.")
@click.option(
    "--role",
    "roles",
    multiple=True,
    required=True,
    type=click.Choice(
        ["caseworker", "senior_caseworker", "statistician", "publisher", "administrator"]
    ),
    help="A role; give --role again for more than one.",
)
@click.password_option(help="Their first password (asked for if not given).")
def create_user(email: str, name: str, roles: tuple[str, ...], password: str) -> None:
    """Create a staff account (the first administrator is made this way)."""
    from oversight.auth import services
    from oversight.auth.models import Role

    try:
        user = services.create_user(email, name, {Role(r) for r in roles}, password, actor="cli")
    except services.AccountProblem as problem:
        db.session.rollback()
        raise click.ClickException(problem.message) from None
    db.session.commit()
    click.echo(
        f"Created account {user.id} for {user.email}. They set up their security code when they first sign in."
    )


@outbox_cli.command("send")
def outbox_send() -> None:
    """Mail the messages that are due, retrying failures later; prints counts only."""
    from oversight.notify import services

    run = services.send_pending(current_app.config, utcnow())
    if not run.mail_configured:
        click.echo(
            "No mail server is configured (MAIL_SERVER), so nothing was sent; "
            f"{_messages(run.waiting)} waiting in the outbox."
        )
    else:
        click.echo(
            f"Outbox: {run.sent} sent, {run.failed} failed, "
            f"{run.waiting} waiting for a later retry."
        )
        if run.held:
            click.echo(f"{_messages(run.held)} being sent by another sender, left to it.")
    if run.no_address:
        click.echo(f"{_messages(run.no_address)} with no email address kept in the outbox.")
    if run.abandoned:
        click.echo(
            f"{_messages(run.abandoned)} failed {services.MAX_ATTEMPTS} times and will not be "
            f"retried ({run.gave_up} in this run); kept in the outbox.",
            err=True,
        )


def _messages(count: int) -> str:
    return f"{count} message" if count == 1 else f"{count} messages"
