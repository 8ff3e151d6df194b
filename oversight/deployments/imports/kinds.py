"""What an import reads and what it reports.

A `Kind` is what differs between importing deployment records and usage returns: the
fields and their validator, the tables, and the key a record is matched on. An
`ImportReport` is what an import (or a dry run) found: the counts, each refused row with
its line and reasons, and the records created or corrected.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import sqlalchemy as sa

from oversight.deployments.records import (
    DEPLOYMENT_FIELDS,
    USAGE_FIELDS,
    Cleaned,
    Field,
    clean_deployment,
    clean_usage_return,
)
from oversight.deployments.records.models import (
    Deployment,
    DeploymentRevision,
    UsageReturn,
    UsageReturnRevision,
)
from oversight.deployments.records.services import deployment_key


@dataclass(frozen=True)
class Kind:
    """What differs between importing deployment records and usage returns."""

    name: str
    fields: tuple[Field, ...]
    clean: Callable[..., Cleaned]
    model: Any
    revision_model: Any
    revision_key: str
    # The key of cleaned values, and the stored columns the same key is made from.
    key: Callable[[Mapping[str, Any]], Hashable]
    key_columns: tuple[str, ...]
    stored_key: Callable[[Any], Hashable]
    # Columns a new record needs besides its values (the deployment's natural key).
    key_column: Callable[[Hashable], dict[str, Any]]
    describe: Callable[[Mapping[str, Any]], tuple[date, str]]

    @property
    def table(self) -> sa.Table:
        return self.model.__table__  # type: ignore[no-any-return]

    @property
    def revisions(self) -> sa.Table:
        return self.revision_model.__table__  # type: ignore[no-any-return]

    @property
    def value_names(self) -> tuple[str, ...]:
        return tuple("force_id" if spec.kind == "force" else spec.name for spec in self.fields)


def _usage_key(values: Mapping[str, Any]) -> Hashable:
    return (values["technology"], values["period_start"], values["period_end"])


def _describe_usage(values: Mapping[str, Any]) -> tuple[date, str]:
    return values["period_start"], f"{values['technology'].label}, {values['period_end']}"


KINDS: dict[str, Kind] = {
    "deployments": Kind(
        name="deployments",
        fields=DEPLOYMENT_FIELDS,
        clean=clean_deployment,
        model=Deployment,
        revision_model=DeploymentRevision,
        revision_key="deployment_id",
        key=lambda values: deployment_key(dict(values)),
        key_columns=("natural_key",),
        stored_key=lambda row: row.natural_key,
        key_column=lambda key: {"natural_key": key},
        describe=lambda values: (values["deployed_on"], values["location_name"]),
    ),
    "usage_returns": Kind(
        name="usage_returns",
        fields=USAGE_FIELDS,
        clean=clean_usage_return,
        model=UsageReturn,
        revision_model=UsageReturnRevision,
        revision_key="usage_return_id",
        key=_usage_key,
        key_columns=("technology", "period_start", "period_end"),
        stored_key=lambda row: (row.technology, row.period_start, row.period_end),
        key_column=lambda key: {},
        describe=_describe_usage,
    ),
}


@dataclass(frozen=True)
class Problem:
    field: str | None  # None: a problem with the row as a whole
    label: str
    message: str


@dataclass(frozen=True)
class RefusedRow:
    line: int
    problems: tuple[Problem, ...]

    @property
    def reasons(self) -> str:
        return "; ".join(problem.message for problem in self.problems)


@dataclass(frozen=True)
class Change:
    """A record the import creates or corrects; `fields` are the labels of what changed."""

    line: int
    change: str  # created or corrected
    force: str
    on: date
    what: str
    fields: tuple[str, ...] = ()


@dataclass
class ImportReport:
    kind: str
    file_sha256: str
    dry_run: bool
    rows: int = 0
    created: int = 0
    corrected: int = 0
    unchanged: int = 0
    refused_rows: list[RefusedRow] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    changes: list[Change] = field(default_factory=list)

    @property
    def refused(self) -> int:
        return len(self.refused_rows)

    @property
    def changed(self) -> int:
        return self.created + self.corrected

    def kept(self, change: str) -> list[Change]:
        return [item for item in self.changes if item.change == change]
