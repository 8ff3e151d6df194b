"""Importing deployment records (or usage returns) from a CSV file.

Every row passes through the one validator (records.clean_deployment or
clean_usage_return); a refused row is reported with its line and reasons and writes
nothing, and every other row is matched to the register on its key (records.kinds: the force and
its reference, or the force, date, start time and location; for a usage return the
force, technology and period). A new record is created at version 1, a record whose
figures differ is corrected (its version goes up and the new state is kept as a
revision, as services.save does), and
the same record again is left alone, so importing a file twice changes nothing.

Large files stream through in chunks: the keys of each force concerned are loaded in
one query, new records go in with one multi-row INSERT per chunk (and their first
revisions with another), corrections with one UPDATE per chunk. One audit event,
"deployments.imported", records the whole import. Nothing commits here: the caller
commits once, so the import is all there or not at all. A dry run does the same
reading and matching and writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_babel import gettext as _

from oversight.audit import services as audit
from oversight.deployments.imports.csv_file import (
    Columns,
    CsvFile,
    FileRefused,
    Source,
    map_columns,
)
from oversight.deployments.imports.kinds import KINDS, Change, ImportReport, Problem, RefusedRow
from oversight.deployments.records import ForceIndex, values_snapshot
from oversight.deployments.records.enums import Via
from oversight.deployments.records.kinds import DEPLOYMENTS, AnyKind, Key
from oversight.extensions import db
from oversight.models import utcnow

__all__ = [
    "KINDS",
    "Change",
    "FileRefused",
    "ImportConflict",
    "ImportReport",
    "Problem",
    "RefusedRow",
    "import_file",
]

CHUNK_ROWS = 2000
# How many of the records created (and of those corrected) the report describes, for
# people to look over; the counts are always complete.
CHANGES_KEPT = 500


class ImportConflict(RuntimeError):
    """Someone changed a record while the file was importing; nothing is kept."""


@dataclass
class _Pending:
    line: int
    key: Key
    values: dict[str, Any]


class _Import:
    def __init__(
        self,
        kind: AnyKind,
        report: ImportReport,
        columns: Columns,
        forces: ForceIndex,
        defaults: Mapping[str, Any],
        actor: str,
    ) -> None:
        self.kind = kind
        self.report = report
        self.columns = columns
        self.forces = forces
        self.defaults = defaults
        self.actor = actor
        self.names = kind.value_names
        self.order = {spec.name: index for index, spec in enumerate(kind.fields)}
        self.labels = {spec.name: str(spec.label) for spec in kind.fields}
        self.labels["force_id"] = self.labels["force"]
        # Keys already in this file: (force, key) -> (line, fingerprint of the values).
        self.seen: dict[tuple[int, Key], tuple[int, int]] = {}
        # Keys already on the register, per force: key -> (id, version).
        self.existing: dict[int, dict[Key, tuple[int, int]]] = {}
        self.kept = {"created": 0, "corrected": 0}

    def chunk(self, rows: list[tuple[int, list[str]]]) -> None:
        pending: list[_Pending] = []
        for line, cells in rows:
            self.report.rows += 1
            cleaned = self.kind.clean(self.columns.raw(cells), self.forces, self.defaults)
            if not cleaned.ok:
                self.refuse(line, self._problems(cleaned.errors))
                continue
            values = cleaned.values
            key = self.kind.key(values)
            fingerprint = hash(tuple(values[name] for name in self.names))
            earlier = self.seen.get((values["force_id"], key))
            if earlier is None:
                self.seen[(values["force_id"], key)] = (line, fingerprint)
                pending.append(_Pending(line, key, values))
            elif earlier[1] == fingerprint:
                self.report.unchanged += 1
            else:
                self.refuse(line, (self._repeat(earlier[0], key),))
        for force_id in {item.values["force_id"] for item in pending} - set(self.existing):
            self.existing[force_id] = self._load_keys(force_id)
        new = [p for p in pending if p.key not in self.existing[p.values["force_id"]]]
        matched = [p for p in pending if p.key in self.existing[p.values["force_id"]]]
        self._create(new)
        self._correct(matched)

    def refuse(self, line: int, problems: tuple[Problem, ...]) -> None:
        self.report.refused_rows.append(RefusedRow(line, problems))

    def _problems(self, errors: Mapping[str, str]) -> tuple[Problem, ...]:
        ordered = sorted(errors.items(), key=lambda item: self.order.get(item[0], 0))
        return tuple(Problem(name, self.labels[name], message) for name, message in ordered)

    def _repeat(self, line: int, key: Key) -> Problem:
        if self.kind is DEPLOYMENTS and str(key[0]).startswith("ref:"):
            message = _(
                "This row repeats line %(line)s (the same force and force reference) "
                "with different values",
                line=line,
            )
        elif self.kind is DEPLOYMENTS:
            message = _(
                "This row repeats line %(line)s (the same force, date, start time and "
                "location) with different values",
                line=line,
            )
        else:
            message = _(
                "This row repeats line %(line)s (the same force, technology and period) "
                "with different values",
                line=line,
            )
        return Problem(None, _("Row"), message)

    def _load_keys(self, force_id: int) -> dict[Key, tuple[int, int]]:
        table = self.kind.table
        columns = [table.c.id, table.c.version, *(table.c[n] for n in self.kind.key_columns)]
        rows = db.session.execute(sa.select(*columns).where(table.c.force_id == force_id))
        return {self.kind.stored_key(row): (row.id, row.version) for row in rows}

    def _keep(self, item: _Pending, change: str, fields: tuple[str, ...] = ()) -> None:
        if self.kept[change] >= CHANGES_KEPT:
            return
        self.kept[change] += 1
        on, what = self.kind.describe(item.values)
        force = self.forces.by_id(item.values["force_id"]).slug
        self.report.changes.append(Change(item.line, change, force, on, what, fields))

    def _snapshot(self, values: Mapping[str, Any]) -> dict[str, Any]:
        return values_snapshot(values, self.kind.fields, self.forces)

    def _revision(
        self, record_id: int, version: int, item: _Pending, now: datetime
    ) -> dict[str, Any]:
        data = self._snapshot(item.values)
        return self.kind.revision(
            record_id, version, data, via=Via.IMPORT, note=None, by=self.actor, at=now
        )

    def _create(self, new: list[_Pending]) -> None:
        self.report.created += len(new)
        for item in new:
            self._keep(item, "created")
        if not new or self.report.dry_run:
            return
        now = utcnow()
        table = self.kind.table
        stamps = {"created_by": self.actor, "updated_by": self.actor}
        rows = [
            {
                **item.values,
                **self.kind.derived_columns(item.values, item.key),
                **stamps,
                "version": 1,
                "created_at": now,
                "updated_at": now,
            }
            for item in new
        ]
        # A plain executemany, then the new ids read back by key: INSERT ... RETURNING of
        # many rows is one huge statement that psycopg takes seconds to parse.
        before = db.session.scalar(sa.select(sa.func.max(table.c.id))) or 0
        db.session.execute(sa.insert(table), rows)
        forces = {item.values["force_id"] for item in new}
        columns = [table.c.id, table.c.force_id, *(table.c[n] for n in self.kind.key_columns)]
        made = {
            (row.force_id, self.kind.stored_key(row)): row.id
            for row in db.session.execute(
                sa.select(*columns).where(table.c.id > before, table.c.force_id.in_(forces))
            )
        }
        ids = [made[(item.values["force_id"], item.key)] for item in new]
        db.session.execute(
            sa.insert(self.kind.revision_table),
            [
                self._revision(record_id, 1, item, now)
                for record_id, item in zip(ids, new, strict=True)
            ],
        )
        for record_id, item in zip(ids, new, strict=True):
            self.existing[item.values["force_id"]][item.key] = (record_id, 1)

    def _correct(self, matched: list[_Pending]) -> None:
        if not matched:
            return
        table = self.kind.table
        found = [(item, *self.existing[item.values["force_id"]][item.key]) for item in matched]
        ids = [record_id for _item, record_id, _version in found]
        stored = {
            row.id: row for row in db.session.execute(sa.select(table).where(table.c.id.in_(ids)))
        }
        changes = []
        for item, record_id, version in found:
            row = stored[record_id]
            changed = [name for name in self.names if row._mapping[name] != item.values[name]]
            if not changed:
                self.report.unchanged += 1
                continue
            labels = tuple(self.labels[name] for name in changed)
            self._keep(item, "corrected", labels)
            changes.append((item, record_id, version))
        self.report.corrected += len(changes)
        if not changes or self.report.dry_run:
            return
        now = utcnow()
        update = (
            sa.update(table)
            .where(table.c.id == sa.bindparam("b_id"), table.c.version == sa.bindparam("b_was"))
            .values(
                {
                    **{name: sa.bindparam(f"v_{name}") for name in self.names},
                    "version": sa.bindparam("b_version"),
                    "updated_at": sa.bindparam("b_at"),
                    "updated_by": sa.bindparam("b_by"),
                }
            )
        )
        params = [
            {
                **{f"v_{name}": item.values[name] for name in self.names},
                "b_id": record_id,
                "b_was": version,
                "b_version": version + 1,
                "b_at": now,
                "b_by": self.actor,
            }
            for item, record_id, version in changes
        ]
        result = db.session.execute(update, params)
        rowcount = getattr(result, "rowcount", len(params))
        if db.engine.dialect.supports_sane_multi_rowcount and rowcount != len(params):
            raise ImportConflict("a record changed while the file was importing")
        db.session.execute(
            sa.insert(self.kind.revision_table),
            [
                self._revision(record_id, version + 1, item, now)
                for item, record_id, version in changes
            ],
        )
        for item, record_id, version in changes:
            self.existing[item.values["force_id"]][item.key] = (record_id, version + 1)


def _in_chunks(
    run: _Import,
    rows: Iterator[tuple[int, list[str]]],
    header_line: int,
    lines: int,
    progress: Callable[[int], None] | None,
) -> None:
    chunk: list[tuple[int, list[str]]] = []
    done = header_line
    for row in rows:
        chunk.append(row)
        if len(chunk) >= CHUNK_ROWS:
            run.chunk(chunk)
            if progress:
                progress(chunk[-1][0] - done)
            done, chunk = chunk[-1][0], []
    run.chunk(chunk)
    if progress:
        progress(max(lines - done, 0))


def import_file(
    source: Source | CsvFile,
    *,
    actor: str,
    kind: str = "deployments",
    defaults: Mapping[str, Any] | None = None,
    dry_run: bool = False,
    forces: ForceIndex | None = None,
    progress: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import (or with `dry_run`, only check) a CSV file; the caller commits.

    `defaults` gives fields for rows that leave them blank, such as {"force": slug} for
    a file with no force column. `progress` is told how many lines each chunk took.
    Raises FileRefused when the file cannot be imported at all, ImportConflict when a
    record changed underneath.
    """
    spec = KINDS[kind]
    csv_file = source if isinstance(source, CsvFile) else CsvFile.read(source)
    forces = forces or ForceIndex()
    defaults = {name: value for name, value in (defaults or {}).items() if value}
    report = ImportReport(kind=kind, file_sha256=csv_file.sha256, dry_run=dry_run)
    rows = csv_file.rows()
    first = next(rows, None)
    if first is None:
        raise FileRefused(_("The selected file is empty"))
    columns = map_columns(first[1], spec.fields, defaults)
    report.ignored_columns = columns.ignored
    run = _Import(spec, report, columns, forces, defaults, actor)
    try:
        _in_chunks(run, rows, first[0], csv_file.lines, progress)
    except sa.exc.IntegrityError as error:
        # Someone else added a record with one of the same keys meanwhile.
        raise ImportConflict("a record was added while the file was importing") from error
    if report.rows == 0:
        raise FileRefused(_("The file has no records below its header row"))
    if not dry_run:
        audit.record(
            "deployments.imported",
            actor=actor,
            object_type="import",
            kind=kind,
            file_sha256=csv_file.sha256,
            rows=report.rows,
            created=report.created,
            corrected=report.corrected,
            unchanged=report.unchanged,
            refused=report.refused,
        )
        # Records changed behind the session's back: load them afresh when next read.
        db.session.expire_all()
    return report
