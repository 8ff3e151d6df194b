"""`flask audit …`: verify the chain against the key and the checkpoints, take a
checkpoint, grant the PostgreSQL app role.

`flask audit verify` exits 1 when the chain is broken or contradicts a checkpoint, or a
checkpoint's signature fails; `flask audit checkpoint` verifies first and writes nothing
for a chain that does not verify.
"""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import AppGroup

from oversight.audit import chain, checkpoints, roles
from oversight.audit.models import AuditChainHead
from oversight.extensions import db

audit_cli = AppGroup("audit", help="Audit trail commands.")
log = logging.getLogger(__name__)


def _verify() -> tuple[chain.Verification, list[str], checkpoints.Reading]:
    """The chain verified with the key, then against every checkpoint in the file."""
    if db.engine.dialect.name == "postgresql" and not db.session().in_transaction():
        # One snapshot for the walk, the head and the checkpoints' events.
        db.session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    keys = chain.keys()
    result = chain.verify(keys)
    reading = checkpoints.read(current_app.config["AUDIT_CHECKPOINT_FILE"], keys)
    head = db.session.get(AuditChainHead, 1)
    problems = list(reading.problems)
    if head is not None:
        problems += checkpoints.compare(reading.checkpoints, head.seq, head.keyed_from_seq)
    return result, problems, reading


@audit_cli.command("verify")
def audit_verify() -> None:
    """Check the audit trail's keyed chain and the checkpoints; report what is broken."""
    result, problems, reading = _verify()
    path = current_app.config["AUDIT_CHECKPOINT_FILE"]
    failed = False
    if result.intact:
        click.echo(f"Audit trail intact: {result.checked} events checked.")
        if result.unkeyed:
            click.echo(
                f"Events 1 to {result.unkeyed} were recorded before the audit key was in "
                "use: plain SHA-256 links, held by the keyed events after them and by the "
                "checkpoints."
            )
    else:
        failed = True
        click.echo(
            f"Audit trail broken at event {result.broken_at}: {result.reason} "
            f"({result.checked} events before it are intact).",
            err=True,
        )
    for problem in problems:
        click.echo(f"Checkpoint problem: {problem}.", err=True)
    if problems:
        failed = True
    elif reading.checkpoints:
        newest = max(reading.checkpoints, key=lambda c: (c.seq, c.line))
        click.echo(
            f"Checkpoints agree: {len(reading.checkpoints)} in {path}, the newest at event "
            f"{newest.seq} ({newest.at})."
        )
    elif not reading.lines:
        click.echo(
            f"No checkpoints in {path} yet: run flask audit checkpoint regularly and keep "
            "a copy of the file outside this server.",
            err=True,
        )
    if failed:
        raise SystemExit(1)


@audit_cli.command("checkpoint")
def audit_checkpoint() -> None:
    """Verify the chain, then append a signed checkpoint of its head to the checkpoint
    file (AUDIT_CHECKPOINT_FILE), log it and print it."""
    result, problems, _ = _verify()
    if not result.intact or problems:
        reasons = (
            [f"broken at event {result.broken_at}: {result.reason}"] if not result.intact else []
        )
        click.echo(
            "No checkpoint written: the audit trail does not verify ("
            + "; ".join(reasons + problems)
            + "). Run flask audit verify and find out what changed.",
            err=True,
        )
        raise SystemExit(1)
    line = checkpoints.make_line(chain.keys()[0], result)
    checkpoints.append(current_app.config["AUDIT_CHECKPOINT_FILE"], line)
    log.info("audit checkpoint", extra={"checkpoint": line})
    click.echo(line)


@audit_cli.command("grant-app-role")
@click.argument("role")
@click.option("--dry-run", is_flag=True, help="Print the SQL without running it.")
def audit_grant_app_role(role: str, dry_run: bool) -> None:
    """On PostgreSQL, run as the tables' owner: grant ROLE (the role in the app's
    DATABASE_URL) what the app needs, with audit events append-only."""
    try:
        with db.engine.begin() as connection:
            sql = roles.grant(connection, role, dry_run=dry_run)
    except roles.RoleProblem as problem:
        raise click.ClickException(str(problem)) from None
    for statement in sql:
        click.echo(f"{statement};")
    if not dry_run:
        click.echo(f"Granted {role}: audit events are append-only for it.")
