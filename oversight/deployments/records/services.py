"""Recording and correcting deployment records and usage returns.

`save(kind, values, ...)` takes cleaned values (records.clean_*) of either kind
(records.kinds): a record the register already holds is corrected in place (its version
goes up and the new state is kept as a revision), a new one is created at version 1,
and a record that would not change is left alone. Each change is audited. Services
never commit.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from typing import Literal, TypedDict

import sqlalchemy as sa

from oversight.audit import services as audit
from oversight.deployments.records.enums import Via
from oversight.deployments.records.kinds import (
    DEPLOYMENTS,
    USAGE_RETURNS,
    R,
    Record,
    RecordKind,
    deployment_key,
    natural_key,
)
from oversight.deployments.records.validation import ForceIndex, values_snapshot
from oversight.extensions import db
from oversight.models import utcnow
from oversight.problems import Problem

__all__ = [
    "Change",
    "RecordProblem",
    "Saved",
    "deployment_key",
    "find",
    "find_usage_return",
    "natural_key",
    "save",
    "save_deployment",
    "save_usage_return",
]

Change = Literal["created", "corrected", "unchanged"]


class RecordProblem(Problem):
    """A change the register refuses, such as a correction that would collide with
    another record, or one made from an out-of-date page."""

    field: str

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field)


class SourceDetail(TypedDict, total=False):
    """What a "created" event adds for a kind that audits its source (audit.EVENTS)."""

    source: str


@dataclass
class Saved:
    record: Record
    change: Change
    fields: list[str] = field(default_factory=list)


def find(kind: RecordKind[R], values: Mapping[str, object]) -> R | None:
    """The record of the same force with the same key as these cleaned values."""
    table = kind.table
    key = zip(kind.key_columns, kind.key(values), strict=True)
    return db.session.scalar(
        sa.select(kind.model).where(
            table.c.force_id == values["force_id"], *(table.c[name] == part for name, part in key)
        )
    )


def save(
    kind: RecordKind[R],
    values: Mapping[str, object],
    *,
    actor: str,
    via: Via,
    forces: ForceIndex,
    record: R | None = None,
    note: str | None = None,
    expected_version: int | None = None,
) -> Saved:
    """Create the record, or correct `record` (or the one with the same key)."""
    same = find(kind, values)
    if record is None:
        record = same
    elif same is not None and same.id != record.id:
        raise RecordProblem(kind.clash_field, kind.clash)
    if record is not None and expected_version is not None and record.version != expected_version:
        raise RecordProblem("version", kind.stale)
    now = utcnow()
    data = values_snapshot(values, kind.fields, forces)
    derived = kind.derived_columns(values, kind.key(values))
    if record is None:
        record = kind.model(
            **values,
            **derived,
            created_by=actor,
            updated_by=actor,
            created_at=now,
            updated_at=now,
        )
        db.session.add(record)
        db.session.flush()
        db.session.add(
            kind.revision_model(
                **kind.revision(record.id, 1, data, via=via, note=note, by=actor, at=now)
            )
        )
        source: SourceDetail = {"source": record.source.value} if kind.audits_source else {}
        audit.record(
            f"{kind.name}.created",
            actor=actor,
            object_type=kind.name,
            object_id=str(record.id),
            force=data["force"],
            via=via.value,
            **source,
        )
        return Saved(record, "created")
    changed = sorted(name for name, value in values.items() if getattr(record, name) != value)
    if not changed:
        return Saved(record, "unchanged")
    for name in changed:
        setattr(record, name, values[name])
    for name, value in derived.items():
        setattr(record, name, value)
    record.version += 1
    record.updated_at = now
    record.updated_by = actor
    db.session.add(
        kind.revision_model(
            **kind.revision(record.id, record.version, data, via=via, note=note, by=actor, at=now)
        )
    )
    audit.record(
        f"{kind.name}.corrected",
        actor=actor,
        object_type=kind.name,
        object_id=str(record.id),
        force=data["force"],
        via=via.value,
        version=record.version,
        fields=changed,
    )
    return Saved(record, "corrected", changed)


# The names the API, the demo and the tests call.
save_deployment = partial(save, DEPLOYMENTS)
save_usage_return = partial(save, USAGE_RETURNS)
find_usage_return = partial(find, USAGE_RETURNS)
