"""Issuing and revoking force API tokens.

A token is 32 random bytes (URL-safe base64) after the prefix `frr_`, so a leaked one is
recognisable in a log or a scanner. The register keeps only its SHA-256 and its first
characters (to tell tokens apart); the token itself is shown once, to whoever issued
it, and never logged. Services never commit.
"""

from __future__ import annotations

import hashlib
import secrets

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import contains_eager

from oversight.api.tokens.models import ForceToken
from oversight.audit import services as audit
from oversight.extensions import db
from oversight.forces.models import Force
from oversight.models import utcnow
from oversight.problems import Problem

PREFIX = "frr_"
# What is kept of the token in clear: the prefix and 8 characters, enough to tell
# tokens apart and far too little to guess the rest (256 random bits).
SHOWN = len(PREFIX) + 8
NAME_LENGTH = 100


class TokenProblem(Problem):
    """A change to a token the register refuses (`field` is "name" when the name is at fault)."""


def new_token() -> str:
    return PREFIX + secrets.token_urlsafe(32)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def issue(force: Force, name: str, actor: str) -> tuple[ForceToken, str]:
    """A new token for `force`: the record (holding only the hash) and the token itself."""
    name = " ".join(name.split())
    if not name:
        raise TokenProblem(_l("Enter a name for the token"), "name")
    if len(name) > NAME_LENGTH:
        raise TokenProblem(
            _l("Name must be %(count)s characters or fewer", count=NAME_LENGTH), "name"
        )
    plaintext = new_token()
    token = ForceToken(
        force_id=force.id,
        name=name,
        prefix=plaintext[:SHOWN],
        token_hash=token_hash(plaintext),
        created_by=actor,
        created_at=utcnow(),
    )
    db.session.add(token)
    db.session.flush()
    audit.record(
        "force_token.issued",
        actor=actor,
        object_type="force_token",
        object_id=str(token.id),
        force=force.slug,
        name=name,
    )
    return token, plaintext


def revoke(token: ForceToken, actor: str) -> None:
    """Stop the token working from the next request on. Revoking twice is refused."""
    if not token.active:
        raise TokenProblem(_l("This token was already revoked"))
    token.revoked_at = utcnow()
    token.revoked_by = actor
    audit.record(
        "force_token.revoked",
        actor=actor,
        object_type="force_token",
        object_id=str(token.id),
        force=token.force.slug,
        name=token.name,
    )


def all_tokens() -> list[ForceToken]:
    """Every token, active ones first, then by force and newest first."""
    return list(
        db.session.scalars(
            sa.select(ForceToken)
            .join(ForceToken.force)
            .options(contains_eager(ForceToken.force))
            .order_by(
                ForceToken.revoked_at.is_not(None),
                Force.name,
                ForceToken.created_at.desc(),
                ForceToken.id.desc(),
            )
        )
    )


def find(token_id: int) -> ForceToken | None:
    return db.session.get(ForceToken, token_id)


def find_by_token(token: str) -> ForceToken | None:
    """The token the register knows by this plaintext (revoked or not), found by its hash."""
    return db.session.scalar(
        sa.select(ForceToken).where(ForceToken.token_hash == token_hash(token))
    )
