"""A record's fields and history as the staff pages show them.

Each revision keeps the whole record as it stood (records.snapshot); what a revision
changed is the difference from the one before it. Values are shown the same way on
the record and in its history: dates in words, counts with thousands separators,
forces and vocabularies by their labels.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from oversight import formatting
from oversight.auth.models import User
from oversight.complaints.enums import Technology
from oversight.deployments.records.enums import Source, Via
from oversight.deployments.records.fields import Field
from oversight.deployments.records.models import RevisionColumns
from oversight.extensions import db
from oversight.forces.models import Force


@dataclass(frozen=True)
class Shown:
    """One field of a record: its label and its value in words."""

    name: str
    label: str
    value: str
    link: str | None = None


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass
class Revision:
    version: int
    at: datetime
    by: str
    via: Via
    note: str | None
    changes: list[Change] = field(default_factory=list)

    @property
    def when(self) -> str:
        return formatting.date_and_time(self.at)


def _force_names(slugs: Iterable[str]) -> dict[str, str]:
    wanted = {slug for slug in slugs if slug}
    if not wanted:
        return {}
    rows = db.session.execute(sa.select(Force.slug, Force.name).where(Force.slug.in_(wanted)))
    return {slug: name for slug, name in rows}


def in_words(spec: Field, value: Any, forces: Mapping[str, str]) -> str:
    """A snapshot's value (JSON: ISO dates, enum values, force slug) in words."""
    if value is None or value == "":
        return str(_("Not known"))
    if spec.kind == "force":
        return forces.get(value, value)
    if spec.kind == "technology":
        return str(Technology(value).label)
    if spec.kind == "source":
        return str(Source(value).label)
    if spec.kind == "date":
        return formatting.iso_date(value)
    if spec.kind == "count":
        return formatting.count(value)
    return str(value)


def fields_shown(data: Mapping[str, Any], fields: tuple[Field, ...]) -> list[Shown]:
    """Every field of a record's snapshot, in the order the form asks for them."""
    forces = _force_names([data.get("force", "")])
    return [
        Shown(
            spec.name,
            str(spec.label),
            in_words(spec, data.get(spec.name), forces),
            data.get(spec.name) if spec.kind == "url" else None,
        )
        for spec in fields
    ]


def changed_fields(
    before: Mapping[str, Any], after: Mapping[str, Any], fields: tuple[Field, ...]
) -> list[Change]:
    forces = _force_names([before.get("force", ""), after.get("force", "")])
    return [
        Change(
            str(spec.label),
            in_words(spec, before.get(spec.name), forces),
            in_words(spec, after.get(spec.name), forces),
        )
        for spec in fields
        if before.get(spec.name) != after.get(spec.name)
    ]


def actor_names(actors: Iterable[str]) -> dict[str, str]:
    """Staff actors ('user:3') by name; anything else (an import, the demo) as it is."""
    ids = {int(a[5:]) for a in actors if a.startswith("user:") and a[5:].isdigit()}
    names = {a: a for a in actors}
    if ids:
        for user_id, name in db.session.execute(
            sa.select(User.id, User.name).where(User.id.in_(ids))
        ):
            names[f"user:{user_id}"] = name
    return names


def revisions(saved: Iterable[RevisionColumns], fields: tuple[Field, ...]) -> list[Revision]:
    """A record's revisions, newest first, each with what it changed from the one before."""
    ordered = sorted(saved, key=lambda revision: revision.version)
    names = actor_names({revision.changed_by for revision in ordered})
    shown = []
    previous: Mapping[str, Any] | None = None
    for revision in ordered:
        shown.append(
            Revision(
                version=revision.version,
                at=revision.changed_at,
                by=names.get(revision.changed_by, revision.changed_by),
                via=revision.via,
                note=revision.note,
                changes=changed_fields(previous, revision.data, fields) if previous else [],
            )
        )
        previous = revision.data
    return list(reversed(shown))


def changed_since(
    saved: Iterable[RevisionColumns], version: int, fields: tuple[Field, ...]
) -> list[Change]:
    """What changed between `version` and the newest revision: what someone else did
    while a correction was being typed."""
    by_version = {revision.version: revision.data for revision in saved}
    if version not in by_version:
        return []
    return changed_fields(by_version[version], by_version[max(by_version)], fields)


def theirs_to_take(
    saved: Iterable[RevisionColumns],
    version: int,
    mine: Mapping[str, Any],
    fields: tuple[Field, ...],
) -> list[str]:
    """The fields someone else changed after `version` that a correction sent from that
    version left as they were: the page can take their new values without losing any
    of the sender's own changes."""
    by_version = {revision.version: revision.data for revision in saved}
    if version not in by_version:
        return []
    base, current = by_version[version], by_version[max(by_version)]
    return [
        spec.name
        for spec in fields
        if mine.get(spec.name) == base.get(spec.name) != current.get(spec.name)
    ]
