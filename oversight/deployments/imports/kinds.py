"""What an import reads and what it reports.

`KINDS` names the kinds of record a file may hold (each described once, in
records.kinds: its fields and validator, its tables, the key a record is matched on).
An `ImportReport` is what an import (or a dry run) found: the counts, each refused row
with its line and reasons, and the records created or corrected.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from oversight.deployments.records.kinds import DEPLOYMENTS, USAGE_RETURNS, AnyKind

# The kinds a file may hold, by the names the upload page and the command give them.
KINDS: dict[str, AnyKind] = {"deployments": DEPLOYMENTS, "usage_returns": USAGE_RETURNS}


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
