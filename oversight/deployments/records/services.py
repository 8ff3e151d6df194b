"""Recording and correcting deployment records and usage returns.

`save_deployment` and `save_usage_return` take cleaned values (records.clean_*): a
record the register already holds is corrected in place (its version goes up and the
new state is kept as a revision), a new one is created at version 1, and a record
that would not change is left alone. Each change is audited. Services never commit.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field
from datetime import date, time
from typing import Any, Literal

import sqlalchemy as sa

from oversight.audit import services as audit
from oversight.deployments.records.enums import Via
from oversight.deployments.records.fields import DEPLOYMENT_FIELDS, USAGE_FIELDS
from oversight.deployments.records.models import (
    Deployment,
    DeploymentRevision,
    UsageReturn,
    UsageReturnRevision,
)
from oversight.deployments.records.validation import ForceIndex, snapshot, values_snapshot
from oversight.extensions import db
from oversight.models import utcnow
from oversight.problems import Problem

Change = Literal["created", "corrected", "unchanged"]
NATURAL_KEY_LENGTH = 400  # the column's length


class RecordProblem(Problem):
    """A change the register refuses, such as a correction that would collide with
    another record, or one made from an out-of-date page."""

    field: str

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field)


@dataclass
class Saved:
    record: Any
    change: Change
    fields: list[str] = field(default_factory=list)


def natural_key(
    force_reference: str | None,
    deployed_on: date,
    start_time: time | None,
    location_name: str,
) -> str:
    """The same deployment gets the same key however it is typed: by the force's own
    reference when it has one, else by its date, start time and place."""
    if force_reference and force_reference.strip():
        key = "ref:" + " ".join(force_reference.lower().split())
    else:
        start = start_time.strftime("%H:%M") if start_time else ""
        place = " ".join(re.sub(r"[^\w]+", " ", location_name.lower()).split())
        key = f"at:{deployed_on.isoformat()}|{start}|{place}"
    if len(key) > NATURAL_KEY_LENGTH:  # lower-casing can lengthen some letters
        key = key[: NATURAL_KEY_LENGTH - 65] + "#" + hashlib.sha256(key.encode()).hexdigest()
    return key


def deployment_key(values: dict[str, Any]) -> str:
    return natural_key(
        values.get("force_reference"),
        values["deployed_on"],
        values.get("start_time"),
        values["location_name"],
    )


def find_deployment(force_id: int, key: str) -> Deployment | None:
    return db.session.scalar(
        sa.select(Deployment).where(Deployment.force_id == force_id, Deployment.natural_key == key)
    )


def _changed(record: Any, values: dict[str, Any]) -> list[str]:
    return sorted(name for name, value in values.items() if getattr(record, name) != value)


def save_deployment(
    values: dict[str, Any],
    *,
    actor: str,
    via: Via,
    forces: ForceIndex,
    record: Deployment | None = None,
    note: str | None = None,
    expected_version: int | None = None,
) -> Saved:
    """Create the deployment, or correct `record` (or the one with the same key)."""
    key = deployment_key(values)
    if record is None:
        record = find_deployment(values["force_id"], key)
    else:
        other = find_deployment(values["force_id"], key)
        if other is not None and other.id != record.id:
            raise RecordProblem(
                "force_reference",
                "Another record of this force already has this reference, or this date, "
                "start time and location",
            )
    if record is not None and expected_version is not None and record.version != expected_version:
        raise RecordProblem("version", "Someone else changed this record while you were editing it")
    now = utcnow()
    data = values_snapshot(values, DEPLOYMENT_FIELDS, forces)
    force_slug = data["force"]
    if record is None:
        record = Deployment(
            **values,
            natural_key=key,
            created_by=actor,
            updated_by=actor,
            created_at=now,
            updated_at=now,
        )
        db.session.add(record)
        db.session.flush()
        db.session.add(
            DeploymentRevision(
                deployment_id=record.id,
                version=1,
                data=data,
                via=via,
                note=note,
                changed_by=actor,
                changed_at=now,
            )
        )
        audit.record(
            "deployment.created",
            actor=actor,
            object_type="deployment",
            object_id=str(record.id),
            force=force_slug,
            via=via.value,
            source=values["source"].value,
        )
        return Saved(record, "created")
    changed = _changed(record, values)
    if not changed:
        return Saved(record, "unchanged")
    for name in changed:
        setattr(record, name, values[name])
    record.natural_key = key
    record.version += 1
    record.updated_at = now
    record.updated_by = actor
    db.session.add(
        DeploymentRevision(
            deployment_id=record.id,
            version=record.version,
            data=data,
            via=via,
            note=note,
            changed_by=actor,
            changed_at=now,
        )
    )
    audit.record(
        "deployment.corrected",
        actor=actor,
        object_type="deployment",
        object_id=str(record.id),
        force=force_slug,
        via=via.value,
        version=record.version,
        fields=changed,
    )
    return Saved(record, "corrected", changed)


def find_usage_return(values: dict[str, Any]) -> UsageReturn | None:
    return db.session.scalar(
        sa.select(UsageReturn).where(
            UsageReturn.force_id == values["force_id"],
            UsageReturn.technology == values["technology"],
            UsageReturn.period_start == values["period_start"],
            UsageReturn.period_end == values["period_end"],
        )
    )


def save_usage_return(
    values: dict[str, Any],
    *,
    actor: str,
    via: Via,
    forces: ForceIndex,
    record: UsageReturn | None = None,
    note: str | None = None,
    expected_version: int | None = None,
) -> Saved:
    """Create the usage return, or correct `record` (or the one for the same force,
    technology and period)."""
    same = find_usage_return(values)
    if record is None:
        record = same
    elif same is not None and same.id != record.id:
        raise RecordProblem(
            "period_start", "This force already has a return for this technology and period"
        )
    if record is not None and expected_version is not None and record.version != expected_version:
        raise RecordProblem("version", "Someone else changed this return while you were editing it")
    now = utcnow()
    data = values_snapshot(values, USAGE_FIELDS, forces)
    if record is None:
        record = UsageReturn(
            **values, created_by=actor, updated_by=actor, created_at=now, updated_at=now
        )
        db.session.add(record)
        db.session.flush()
        db.session.add(
            UsageReturnRevision(
                usage_return_id=record.id,
                version=1,
                data=data,
                via=via,
                note=note,
                changed_by=actor,
                changed_at=now,
            )
        )
        audit.record(
            "usage_return.created",
            actor=actor,
            object_type="usage_return",
            object_id=str(record.id),
            force=data["force"],
            via=via.value,
        )
        return Saved(record, "created")
    changed = _changed(record, values)
    if not changed:
        return Saved(record, "unchanged")
    for name in changed:
        setattr(record, name, values[name])
    record.version += 1
    record.updated_at = now
    record.updated_by = actor
    db.session.add(
        UsageReturnRevision(
            usage_return_id=record.id,
            version=record.version,
            data=data,
            via=via,
            note=note,
            changed_by=actor,
            changed_at=now,
        )
    )
    audit.record(
        "usage_return.corrected",
        actor=actor,
        object_type="usage_return",
        object_id=str(record.id),
        force=data["force"],
        via=via.value,
        version=record.version,
        fields=changed,
    )
    return Saved(record, "corrected", changed)


def deployment_snapshot(record: Deployment) -> dict[str, Any]:
    """A deployment's current fields as JSON values (what a correction starts from)."""
    return snapshot(record, DEPLOYMENT_FIELDS)


def usage_return_snapshot(record: UsageReturn) -> dict[str, Any]:
    return snapshot(record, USAGE_FIELDS)
