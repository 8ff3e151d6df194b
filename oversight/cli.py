"""Flask commands for administrative tasks."""

from __future__ import annotations

import click
from flask import Flask, current_app

from oversight.extensions import db
from oversight.models import utcnow


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_demo)
    app.cli.add_command(purge_drafts)


@click.command("seed-demo")
def seed_demo() -> None:
    """Load demo complaints (once; running it again adds nothing)."""
    from oversight import demo

    made = demo.seed(current_app.config)
    db.session.commit()
    if not made:
        click.echo("Demo data is already loaded.")
        return
    click.echo("Demo complaints (reference and tracking code):")
    for reference, code in made:
        click.echo(f"  {reference}  {code}")


@click.command("purge-drafts")
def purge_drafts() -> None:
    """Delete unsubmitted answers older than the draft lifetime, and their files."""
    from oversight.complaints.evidence import evidence_store
    from oversight.public import drafts

    count = drafts.purge_expired(utcnow(), evidence_store())
    db.session.commit()
    click.echo(f"Deleted {count} expired drafts.")
