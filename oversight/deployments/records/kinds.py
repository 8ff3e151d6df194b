"""One description of each kind of record: deployment records and usage returns.

A `RecordKind` is what differs between the two wherever records are saved or read in
bulk: the tables, the fields and their validator, the key a record is matched on (so
that the same record sent again corrects it rather than adding another), and what a
clash or an out-of-date correction is called. Saving (records.services), the staff
pages and the CSV import all work from the two descriptions here, `DEPLOYMENTS` and
`USAGE_RETURNS`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any, Generic, TypeAlias, TypeVar

import sqlalchemy as sa

from oversight.complaints.enums import Technology
from oversight.deployments.records.enums import DEPLOYMENT_TECHNOLOGIES, USAGE_TECHNOLOGIES, Via
from oversight.deployments.records.fields import DEPLOYMENT_FIELDS, USAGE_FIELDS, Field
from oversight.deployments.records.models import (
    Deployment,
    DeploymentRevision,
    UsageReturn,
    UsageReturnRevision,
)
from oversight.deployments.records.validation import (
    Cleaner,
    clean_deployment,
    clean_usage_return,
)

Record: TypeAlias = Deployment | UsageReturn
R = TypeVar("R", bound=Record)
# What a record is matched on, one part for each of its kind's `key_columns`.
Key: TypeAlias = tuple[Hashable, ...]
NATURAL_KEY_LENGTH = 400  # the column's length


@dataclass(frozen=True)
class RecordKind(Generic[R]):
    """What differs between deployment records and usage returns."""

    name: str  # deployment or usage_return: audit events and object types, page templates
    model: type[R]
    revision_model: type[DeploymentRevision] | type[UsageReturnRevision]
    revision_key: str  # the revision's column naming its record
    fields: tuple[Field, ...]
    technologies: tuple[Technology, ...]
    clean: Cleaner
    # A record's key (besides its force), and the stored columns it is kept in.
    key: Callable[[Mapping[str, Any]], Key]
    key_columns: tuple[str, ...]
    # Whether the "created" audit event names where the record came from.
    audits_source: bool
    # The date and the few words an import report names a record by.
    describe: Callable[[Mapping[str, Any]], tuple[date, str]]
    # The field a clash with another record is put on, and what it says.
    clash_field: str
    clash: str
    stale: str  # a correction made from an out-of-date page

    @property
    def table(self) -> sa.Table:
        table: sa.Table = self.model.__table__
        return table

    @property
    def revision_table(self) -> sa.Table:
        table: sa.Table = self.revision_model.__table__
        return table

    @property
    def value_names(self) -> tuple[str, ...]:
        """The cleaned values' names: the fields, with the force as `force_id`."""
        return tuple("force_id" if spec.kind == "force" else spec.name for spec in self.fields)

    def derived_columns(self, values: Mapping[str, object], key: Key) -> dict[str, Hashable]:
        """The key's columns that are not among the values: a deployment's natural key."""
        columns = zip(self.key_columns, key, strict=True)
        return {name: part for name, part in columns if name not in values}

    def stored_key(self, row: sa.Row[Any]) -> Key:
        """The key of a stored row that has the key columns."""
        return tuple(row._mapping[name] for name in self.key_columns)

    def revision(
        self,
        record_id: int,
        version: int,
        data: dict[str, Any],
        *,
        via: Via,
        note: str | None,
        by: str,
        at: datetime,
    ) -> dict[str, Any]:
        """The columns of one revision of a record."""
        return {
            self.revision_key: record_id,
            "version": version,
            "data": data,
            "via": via,
            "note": note,
            "changed_by": by,
            "changed_at": at,
        }


AnyKind: TypeAlias = RecordKind[Deployment] | RecordKind[UsageReturn]


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


def deployment_key(values: Mapping[str, Any]) -> str:
    """The natural key of a deployment's cleaned values."""
    return natural_key(
        values.get("force_reference"),
        values["deployed_on"],
        values.get("start_time"),
        values["location_name"],
    )


def _usage_key(values: Mapping[str, Any]) -> Key:
    return (values["technology"], values["period_start"], values["period_end"])


def _describe_usage(values: Mapping[str, Any]) -> tuple[date, str]:
    return values["period_start"], f"{values['technology'].label}, {values['period_end']}"


DEPLOYMENTS: RecordKind[Deployment] = RecordKind(
    name="deployment",
    model=Deployment,
    revision_model=DeploymentRevision,
    revision_key="deployment_id",
    fields=DEPLOYMENT_FIELDS,
    technologies=DEPLOYMENT_TECHNOLOGIES,
    clean=clean_deployment,
    key=lambda values: (deployment_key(values),),
    key_columns=("natural_key",),
    audits_source=True,
    describe=lambda values: (values["deployed_on"], values["location_name"]),
    clash_field="force_reference",
    clash=(
        "Another record of this force already has this reference, or this date, "
        "start time and location"
    ),
    stale="Someone else changed this record while you were editing it",
)
USAGE_RETURNS: RecordKind[UsageReturn] = RecordKind(
    name="usage_return",
    model=UsageReturn,
    revision_model=UsageReturnRevision,
    revision_key="usage_return_id",
    fields=USAGE_FIELDS,
    technologies=USAGE_TECHNOLOGIES,
    clean=clean_usage_return,
    key=_usage_key,
    key_columns=("technology", "period_start", "period_end"),
    audits_source=False,
    describe=_describe_usage,
    clash_field="period_start",
    clash="This force already has a return for this technology and period",
    stale="Someone else changed this return while you were editing it",
)
