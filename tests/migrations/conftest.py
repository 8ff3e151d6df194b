"""An app and a database of their own for the migration tests, which take the schema up
and down through every revision without touching the database the rest of the suite
shares (its working-day calendar, its reference data)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import Flask

from oversight import create_app
from oversight.config import database_url
from oversight.extensions import db as _db
from tests.migrations.harness import Schema


def database_of_its_own(url: str) -> str:
    """A PostgreSQL database beside the named one, <name>_migrations (per xdist worker),
    created if need be."""
    named = sa.make_url(database_url(url))
    name = f"{named.database}_migrations"
    if worker := os.environ.get("PYTEST_XDIST_WORKER"):
        name = f"{name}_{worker}"
    engine = sa.create_engine(named, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.scalar(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": name}
        )
        if not exists:
            connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return named.set(database=name).render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def migration_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    instance: Path = tmp_path_factory.mktemp("migrations")
    url = os.environ.get("TEST_DATABASE_URL")
    application = create_app(
        "test",
        {
            "EVIDENCE_STORAGE_DIR": str(instance / "evidence"),
            "IMPORT_STORAGE_DIR": str(instance / "imports"),
            "SQLALCHEMY_DATABASE_URI": (
                database_of_its_own(url) if url else f"sqlite:///{instance / 'migrations.db'}"
            ),
        },
    )
    yield application
    with application.app_context():
        _db.engine.dispose()


@pytest.fixture
def schema(migration_app: Flask) -> Iterator[Schema]:
    """The migration database, emptied: no tables, no revision."""
    with migration_app.app_context():
        schema = Schema(migration_app, _db.engine)
        schema.empty()
        yield schema
        _db.session.remove()
        _db.engine.dispose()
