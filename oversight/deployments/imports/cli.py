"""Flask commands for deployment records."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import ExitStack
from pathlib import Path

import click
from flask.cli import AppGroup

from oversight.deployments.imports import importer
from oversight.deployments.imports.csv_file import CsvFile, FileRefused
from oversight.deployments.records import ForceIndex, Invalid
from oversight.extensions import db

deployments_cli = AppGroup("deployments", help="Deployment records and usage returns.")

# Files with more lines than this show a progress bar; at most this many problems print.
PROGRESS_FROM = 5000
SHOWN = 50


@deployments_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--force",
    "force_name",
    metavar="FORCE",
    help="The force of every record, for a file with no force column (slug, name or ONS code).",
)
@click.option(
    "--kind",
    type=click.Choice(["deployments", "usage-returns"]),
    default="deployments",
    show_default=True,
    help="What the file holds.",
)
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.option(
    "--as",
    "as_email",
    metavar="EMAIL",
    help="Record the import as this staff account's (default: cli).",
)
def import_command(
    file: Path, force_name: str | None, kind: str, dry_run: bool, as_email: str | None
) -> None:
    """Import deployment records (or usage returns) from a CSV file.

    Each row is checked as the staff form checks it. A refused row is listed with its
    line number and writes nothing; the others are created, corrected or left alone
    (matched on force and reference, or force, date, start time and location), so the
    same file imported twice changes nothing. Exits 1 only if the whole file is refused.
    """
    forces = ForceIndex()
    defaults = {}
    if force_name:
        try:
            defaults["force"] = forces.find(force_name).slug
        except Invalid:
            raise click.BadParameter(
                f"no force {force_name!r}: give its slug (such as metropolitan), name or ONS code",
                param_hint="--force",
            ) from None
    actor = _actor(as_email)
    try:
        csv_file = CsvFile.read(file)
        # A progress bar only for a file big enough to take a while.
        with ExitStack() as stack:
            progress: Callable[[int], None] | None = None
            if csv_file.lines > PROGRESS_FROM:
                bar = click.progressbar(length=csv_file.lines, label="Reading rows")
                progress = stack.enter_context(bar).update
            report = importer.import_file(
                csv_file,
                actor=actor,
                kind=kind.replace("-", "_"),
                defaults=defaults,
                dry_run=dry_run,
                forces=forces,
                progress=progress,
            )
    except FileRefused as refused:
        db.session.rollback()
        message = f"{file.name} was not imported: {refused.message}."
        if "force" in refused.missing:
            message += " Give --force if every record in the file is for one force."
        raise click.ClickException(message) from None
    except importer.ImportConflict:
        db.session.rollback()
        raise click.ClickException(
            "A record changed while the file was importing, so nothing was imported. Try again."
        ) from None
    if dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    _summary(file, report)


def _actor(email: str | None) -> str:
    if not email:
        return "cli"
    from oversight.auth.services import find_by_email

    user = find_by_email(email)
    if user is None:
        raise click.BadParameter(f"no staff account has the email {email}", param_hint="--as")
    return f"user:{user.id}"


def _summary(file: Path, report: importer.ImportReport) -> None:
    dry = report.dry_run
    if dry:
        click.echo(f"Checked {file.name}: a dry run, so nothing was written.")
    else:
        click.echo(f"Imported {file.name}.")
    would = "would be " if dry else ""
    for label, count in (
        ("Rows read", report.rows),
        ("Would be created" if dry else "Created", report.created),
        ("Would be corrected" if dry else "Corrected", report.corrected),
        ("Unchanged", report.unchanged),
        ("Refused", report.refused),
    ):
        click.echo(f"  {label + ':':<20}{count:>9,}")
    if report.ignored_columns:
        click.echo(f"Columns ignored: {', '.join(report.ignored_columns)}")
    corrected = report.kept("corrected")
    if corrected:
        click.echo(f"Records that {would or 'were '}corrected, and what changed:")
        for change in corrected[:SHOWN]:
            fields = ", ".join(change.fields)
            click.echo(
                f"  Line {change.line} ({change.force}, {change.on:%d/%m/%Y}, {change.what}): {fields}"
            )
        _more(report.corrected - min(len(corrected), SHOWN), "corrected records")
    if report.refused_rows:
        click.echo("Refused rows, not imported:")
        for row in report.refused_rows[:SHOWN]:
            click.echo(f"  Line {row.line}: {row.reasons}")
        _more(report.refused - SHOWN, "refused rows")


def _more(count: int, what: str) -> None:
    if count > 0:
        click.echo(f"  and {count:,} more {what}")
