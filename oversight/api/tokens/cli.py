"""`flask force-tokens`: issue, list and revoke force API tokens from the command line."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from oversight.api.tokens import services as tokens
from oversight.extensions import db
from oversight.forces.models import force_by_slug

force_tokens_cli = AppGroup("force-tokens", help="Force API tokens.")
ACTOR = "cli"


@force_tokens_cli.command("issue")
@click.argument("force")
@click.argument("name")
def issue_command(force: str, name: str) -> None:
    """Issue a token for FORCE (its slug, such as south-wales) named NAME.

    The token is printed once; the register keeps only its hash.
    """
    found = force_by_slug(force)
    if found is None:
        raise click.BadParameter(f"no force has the slug {force!r}", param_hint="FORCE")
    try:
        token, plaintext = tokens.issue(found, name, actor=ACTOR)
    except tokens.TokenProblem as problem:
        db.session.rollback()
        raise click.BadParameter(problem.message, param_hint="NAME") from None
    db.session.commit()
    click.echo(
        f"Token {token.id} for {found.name} ({token.name}). Copy it now: it is not shown again."
    )
    click.echo(plaintext)


@force_tokens_cli.command("list")
def list_command() -> None:
    """List every token: id, force, name, first characters, and whether it is revoked."""
    for token in tokens.all_tokens():
        state = f"revoked {token.revoked_at:%Y-%m-%d}" if token.revoked_at else "active"
        click.echo(f"{token.id}\t{token.force.slug}\t{token.prefix}…\t{state}\t{token.name}")


@force_tokens_cli.command("revoke")
@click.argument("token_id", type=int)
def revoke_command(token_id: int) -> None:
    """Revoke the token with TOKEN_ID (as `list` shows it)."""
    token = tokens.find(token_id)
    if token is None:
        raise click.BadParameter(f"no token has the id {token_id}", param_hint="TOKEN_ID")
    try:
        tokens.revoke(token, actor=ACTOR)
    except tokens.TokenProblem as problem:
        db.session.rollback()
        raise click.ClickException(problem.message) from None
    db.session.commit()
    click.echo(f"Token {token.id} for {token.force.name} ({token.name}) revoked.")
