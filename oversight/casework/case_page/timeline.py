"""A case's timeline in words: who did it, by name, and what changed.

An entry keeps its actor as a string ("user:12", "public", or a tool's name) and some
changes in raw values ("related_to FR-…", a status's value). The case page shows each
entry as a `Line`: the person's name (every person named on the timeline loaded in one
query), and the change said in staff words.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_babel import gettext as _

from oversight.auth.models import User
from oversight.complaints.enums import CLOSURE_LABELS, LinkKind, Status, TimelineKind
from oversight.complaints.models import TimelineEntry
from oversight.complaints.services import PUBLIC_ACTOR
from oversight.extensions import db

USER_ACTOR = re.compile(r"^user:(\d+)$")
# How complaint_links writes a link between complaints: "<kind> <reference>".
COMPLAINT_LINK = re.compile(r"^(" + "|".join(k.value for k in LinkKind) + r") (\S+)$")


@dataclass(frozen=True)
class Line:
    """One entry as the case page shows it. `what` says what changed; `reference` is
    another complaint it names (shown as a link after `what`); `body` is text someone
    wrote (a note, a message, a reply), shown as written."""

    at: datetime
    kind: str
    who: str
    what: str | None
    reference: str | None
    body: str | None
    shown_to_complainant: bool


def names_of(actors: Sequence[str]) -> dict[str, str]:
    """The name of every staff actor among `actors` ("user:12"), in one query."""
    ids = {int(match.group(1)) for actor in actors if (match := USER_ACTOR.match(actor))}
    if not ids:
        return {}
    rows = db.session.execute(sa.select(User.id, User.name).where(User.id.in_(ids)))
    return {f"user:{user_id}": name for user_id, name in rows}


def who(actor: str, names: dict[str, str]) -> str:
    if actor in names:
        return names[actor]
    if USER_ACTOR.match(actor):
        return str(_("A former member of staff"))
    if actor == PUBLIC_ACTOR:
        return str(_("The complainant"))
    return str(_("The register"))


def status_change(entry: TimelineEntry) -> str:
    if entry.to_status is None:
        return str(_("Status changed"))
    if entry.from_status is None and entry.to_status is Status.RECEIVED:
        return str(_("Complaint received"))
    to = entry.to_status.staff_label
    if entry.from_status is None:
        said = _("Status changed to %(to)s", to=to)
    else:
        said = _(
            "Status changed from %(from)s to %(to)s",
            to=to,
            **{"from": entry.from_status.staff_label},
        )
    if entry.reason is not None:
        said = _("%(change)s: %(reason)s", change=said, reason=CLOSURE_LABELS[entry.reason])
    return str(said)


def describe(entry: TimelineEntry, names: dict[str, str]) -> Line:
    what: str | None = None
    reference: str | None = None
    body = entry.body
    if entry.kind is TimelineKind.STATUS_CHANGE:
        what = status_change(entry)
    elif entry.kind is TimelineKind.ASSIGNMENT:
        what = _("Assigned to %(name)s", name=body) if body else _("Assigned to nobody")
        body = None
    elif entry.kind is TimelineKind.LINK and body and (match := COMPLAINT_LINK.match(body)):
        kind = LinkKind(match.group(1))
        what = (
            _("Linked as a duplicate of")
            if kind is LinkKind.DUPLICATE_OF
            else _("Linked as related to")
        )
        reference, body = match.group(2), None
    elif entry.kind is TimelineKind.EVIDENCE_ADDED and body:
        what, body = _("File added: %(name)s", name=body), None
    return Line(
        at=entry.at,
        kind=entry.kind.label,
        who=who(entry.actor, names),
        what=what,
        reference=reference,
        body=body,
        shown_to_complainant=entry.visible_to_complainant,
    )


def lines_of(entries: Sequence[TimelineEntry]) -> list[Line]:
    """The entries in words, newest first."""
    names = names_of([entry.actor for entry in entries])
    return [describe(entry, names) for entry in reversed(entries)]
