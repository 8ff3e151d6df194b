"""Taking the migration database up and down, loading rows as the schema stands at a
revision, and reading them back.

Rows go in through the tables as reflected from the database at that revision, never
through the current models: a row a revision's schema would not take (a column it does
not have yet, a missing NOT NULL one) fails the test that loads it.
"""

from __future__ import annotations

import importlib
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from types import ModuleType
from typing import Any

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from flask import Flask

Row = dict[str, Any]
Rows = dict[str, list[Row]]
# Alembic's own table; every other table must carry rows when a revision's rows are loaded.
BOOKKEEPING = {"alembic_version"}


class Schema:
    def __init__(self, app: Flask, engine: sa.Engine) -> None:
        self.app = app
        self.engine = engine

    @property
    def config(self) -> Config:
        config: Config = self.app.extensions["migrate"].migrate.get_config()
        return config

    def revisions(self) -> list[str]:
        """Every revision, oldest first."""
        script = ScriptDirectory.from_config(self.config)
        return [rev.revision for rev in reversed(list(script.walk_revisions()))]

    def down_revision(self, revision: str) -> str:
        down = ScriptDirectory.from_config(self.config).get_revision(revision).down_revision
        assert down is None or isinstance(down, str), "one parent per revision"
        return down or "base"

    def empty(self) -> None:
        """No tables at all, whatever an earlier run left behind."""
        metadata = sa.MetaData()
        metadata.reflect(bind=self.engine)
        metadata.drop_all(bind=self.engine)

    def upgrade(self, revision: str = "head") -> None:
        command.upgrade(self.config, revision)

    def downgrade(self, revision: str) -> None:
        command.downgrade(self.config, revision)

    def current(self) -> str | None:
        with self.engine.connect() as connection:
            if not sa.inspect(connection).has_table("alembic_version"):
                return None
            return connection.scalar(sa.text("SELECT version_num FROM alembic_version"))

    @contextmanager
    def begin(self) -> Iterator[sa.Connection]:
        with self.engine.begin() as connection:
            yield connection

    def tables(self) -> set[str]:
        with self.engine.connect() as connection:
            return set(sa.inspect(connection).get_table_names()) - BOOKKEEPING

    def check_constraints(self, table: str) -> set[str]:
        with self.engine.connect() as connection:
            return {c["name"] for c in sa.inspect(connection).get_check_constraints(table)}

    def column_length(self, table: str, column: str) -> int | None:
        with self.engine.connect() as connection:
            (found,) = [c for c in sa.inspect(connection).get_columns(table) if c["name"] == column]
        return getattr(found["type"], "length", None)


def revision_module(revision: str) -> ModuleType:
    """tests/migrations/revision_<id>.py: the rows of every table at that revision, and
    what moving to it (or back from it) must do to them."""
    return importlib.import_module(f"tests.migrations.revision_{revision}")


def reflected(connection: sa.Connection) -> sa.MetaData:
    metadata = sa.MetaData()
    metadata.reflect(bind=connection)
    return metadata


def insert(connection: sa.Connection, rows: Rows) -> Rows:
    """Insert the rows, parents before children, through the tables as they stand."""
    metadata = reflected(connection)
    unknown = set(rows) - set(metadata.tables)
    assert not unknown, f"no such tables at this revision: {sorted(unknown)}"
    for table in metadata.sorted_tables:
        if rows.get(table.name):
            connection.execute(table.insert(), rows[table.name])
    return rows


def read(connection: sa.Connection, table: str) -> list[Row]:
    found = sa.Table(table, sa.MetaData(), autoload_with=connection)
    order = list(found.primary_key.columns) or list(found.columns)
    return [dict(row._mapping) for row in connection.execute(sa.select(found).order_by(*order))]


def key_of(connection: sa.Connection, table: str) -> list[str]:
    return list(sa.inspect(connection).get_pk_constraint(table)["constrained_columns"])


def plain(value: Any) -> Any:
    """A value as both databases return it: timestamps in UTC (SQLite keeps no zone)."""
    if isinstance(value, datetime):
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    return value


def empty_tables(connection: sa.Connection) -> list[str]:
    inspector = sa.inspect(connection)
    return sorted(
        name
        for name in inspector.get_table_names()
        if name not in BOOKKEEPING
        and not connection.scalar(sa.select(sa.func.count()).select_from(sa.table(name)))
    )


def assert_every_table_has_rows(connection: sa.Connection, revision: str) -> None:
    empty = empty_tables(connection)
    assert not empty, (
        f"at revision {revision} these tables have no rows: {empty}; "
        f"give tests/migrations/revision_{revision}.py rows for them"
    )


def assert_rows_kept(
    connection: sa.Connection,
    loaded: Rows,
    *,
    changed: frozenset[tuple[str, str]] = frozenset(),
    dropped_tables: frozenset[str] = frozenset(),
    columns_may_go: bool = False,
) -> None:
    """Every loaded row is still there and reads as it was loaded, but for the columns
    the step `changed` (checked by the revision's own checks), the tables it dropped
    and, going down, the columns it dropped."""
    present = set(sa.inspect(connection).get_table_names())
    for table, rows in loaded.items():
        if table in dropped_tables:
            assert table not in present, f"{table} should have been dropped"
            continue
        assert table in present, f"{table} was dropped with its rows"
        found = read(connection, table)
        assert len(found) == len(rows), f"{table}: {len(rows)} rows loaded, {len(found)} now"
        key = key_of(connection, table)
        by_key = {tuple(row[column] for column in key): row for row in found}
        for row in rows:
            now = by_key.get(tuple(row[column] for column in key))
            assert now is not None, f"{table}: row {row} is gone"
            for column, value in row.items():
                if (table, column) in changed:
                    continue
                if column not in now:
                    assert columns_may_go, f"{table}.{column} is gone"
                    continue
                assert plain(now[column]) == plain(value), (
                    f"{table}.{column}: loaded {value!r}, reads {now[column]!r}"
                )
