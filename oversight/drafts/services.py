"""Saving, finding and deleting one person's drafts. Nothing here commits (the views
do), logs or audits: a draft is the person's own unfinished text, not a change to a
case, and its words must not reach a log."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import Flask
from flask_babel import gettext as _
from werkzeug.exceptions import HTTPException

from oversight.access import rule_for
from oversight.auth.models import User
from oversight.drafts.models import DRAFT_TEXT_MAX, KEY_MAX, Draft
from oversight.extensions import db
from oversight.forms import CONTROL_BUT_LINES
from oversight.models import utcnow
from oversight.problems import Problem

FIELD_NAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]{0,99}")
# A staff form's address as the app makes them: no query, no escapes, no control characters.
FORM_PATH = re.compile(r"/staff(/[A-Za-z0-9_.~-]+)+")
# The pages' own requests and the sign-in pages: no form a draft belongs to.
NOT_FORMS = ("drafts.", "session.", "auth.")


class DraftRefused(Problem):
    """A draft that cannot be kept: a key naming no staff form, or text too long."""


def well_formed(key: str) -> bool:
    """Whether `key` reads as `<path>#<field>` at all (nothing else reaches a query:
    PostgreSQL refuses a NUL in a parameter)."""
    path, _hash, field = key.rpartition("#")
    return (
        len(key) <= KEY_MAX
        and bool(FIELD_NAME.fullmatch(field))
        and bool(FORM_PATH.fullmatch(path))
    )


def check_key(app: Flask, user: User, key: str) -> str:
    """The key of a long field of a staff form `user` may send: `<path>#<field>`, the
    path a POST route of the app whose roles include one of theirs."""
    if not well_formed(key):
        raise DraftRefused(_("A draft needs the address of its form and its field’s name"))
    path = key.rpartition("#")[0]
    try:
        endpoint, _args = app.url_map.bind("localhost").match(path, method="POST")
    except HTTPException:
        raise DraftRefused(_("A draft needs the address of a staff form")) from None
    rule = rule_for(app, endpoint)
    if endpoint.startswith(NOT_FORMS) or not isinstance(rule, frozenset) or not user.has_any(rule):
        raise DraftRefused(_("A draft needs the address of a staff form you may send"))
    return key


def clean(text: str) -> str:
    """As a long field keeps typed text: control characters go, but tab and line breaks
    stay. Surrounding spaces stay too: the person is still typing."""
    if len(text) > DRAFT_TEXT_MAX:
        raise DraftRefused(
            _("A draft must be %(max)s characters or fewer", max=f"{DRAFT_TEXT_MAX:,}")
        )
    return CONTROL_BUT_LINES.sub("", text)


def _mine(user: User) -> sa.ColumnElement[bool]:
    return Draft.user_id == user.id


def save(user: User, key: str, text: str, now: datetime | None = None) -> bool:
    """Keep `text` as the user's draft for `key` (none when it is blank). Returns whether
    the text changed: a change is the person typing."""
    now = now or utcnow()
    text = clean(text)
    draft = db.session.scalar(sa.select(Draft).where(_mine(user), Draft.key == key))
    if not text.strip():
        if draft is not None:
            db.session.delete(draft)
        return draft is not None
    if draft is None:
        db.session.add(Draft(user_id=user.id, key=key, text=text, updated_at=now))
        return True
    if draft.text == text:
        return False
    draft.text = text
    draft.updated_at = now
    return True


def find(user: User, keys: Iterable[str], keep: timedelta) -> Sequence[Draft]:
    """The user's drafts for these keys, not older than `keep`."""
    wanted = [key for key in keys if well_formed(key)][:50]
    if not wanted:
        return []
    return db.session.scalars(
        sa.select(Draft)
        .where(_mine(user), Draft.key.in_(wanted), Draft.updated_at >= utcnow() - keep)
        .order_by(Draft.key)
    ).all()


def discard(user: User, key: str) -> None:
    db.session.execute(sa.delete(Draft).where(_mine(user), Draft.key == key))


def discard_for_form(user_id: int, path: str) -> None:
    """Every draft of the form at `path` (one per field), once it was sent successfully."""
    db.session.execute(
        sa.delete(Draft).where(
            Draft.user_id == user_id, Draft.key.startswith(path + "#", autoescape=True)
        )
    )


def purge(keep: timedelta, now: datetime | None = None) -> int:
    """Delete every draft older than `keep`; how many went."""
    cutoff = (now or utcnow()) - keep
    result = db.session.execute(sa.delete(Draft).where(Draft.updated_at < cutoff))
    return int(getattr(result, "rowcount", 0) or 0)
