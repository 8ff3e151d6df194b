"""Fixtures shared by the whole suite.

The schema always comes from the migrations, on SQLite (default) or on the
database named by TEST_DATABASE_URL. In CI (CI=true) nothing that needs
PostgreSQL or Chromium may skip.
"""

from __future__ import annotations

import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient
from flask_migrate import upgrade
from werkzeug.serving import make_server

from oversight import create_app
from oversight.audit.models import GENESIS_HASH, AuditChainHead
from oversight.auth.models import Role, User
from oversight.config import database_url
from oversight.extensions import db as _db
from oversight.extensions import limiter

IN_CI = os.environ.get("CI", "").lower() == "true"
# The working-day calendar is a fact of the dates, the same for every test.
REFERENCE_TABLES = {"forces", "alembic_version", "audit_chain_head", "working_days"}
# Triggers that refuse a DELETE (migrations 0008 to 0010), lifted while tables are emptied.
KEEPING_TRIGGERS = (
    "statistics_release_never_deleted",
    "release_calendar_change_kept_delete",
    "release_calendar_cancellation_kept_delete",
    "message_template_version_never_deleted",
)
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test that drives Chromium is marked `browser`, whether or not it says so, so
    `-m "not browser"` leaves out all of them (CI runs them once, on PostgreSQL)."""
    for item in items:
        if "browser" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.browser)


def drop_everything(engine: sa.Engine) -> None:
    """Empty the test database, whatever an earlier run left in it."""
    metadata = sa.MetaData()
    metadata.reflect(bind=engine)
    metadata.drop_all(bind=engine)


def worker_database(url: str) -> str:
    """With pytest-xdist, each worker gets its own PostgreSQL database beside the named one
    (the URL is read as the app reads DATABASE_URL, so postgresql:// takes psycopg 3)."""
    url = database_url(url)
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    if not worker or not url.startswith("postgresql"):
        return url
    named = sa.make_url(url)
    own = named.set(database=f"{named.database}_{worker}")
    engine = sa.create_engine(named, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        exists = connection.scalar(
            sa.text("SELECT 1 FROM pg_database WHERE datname = :name"), {"name": own.database}
        )
        if not exists:
            connection.execute(sa.text(f'CREATE DATABASE "{own.database}"'))
    engine.dispose()
    return own.render_as_string(hide_password=False)


@contextmanager
def releases_deletable(connection: sa.Connection) -> Iterator[None]:
    """Lift the triggers that keep published releases and release date changes
    (migrations 0008 and 0009) for the length of the transaction that empties the tables
    between tests."""
    if connection.dialect.name == "postgresql":
        # Local to the transaction; the tests' role is a superuser.
        connection.execute(sa.text("SET LOCAL session_replication_role = replica"))
        yield
        return
    kept = connection.scalars(
        sa.text(
            "SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name IN :names"
        ).bindparams(sa.bindparam("names", expanding=True)),
        {"names": list(KEEPING_TRIGGERS)},
    ).all()
    for name in KEEPING_TRIGGERS:
        connection.execute(sa.text(f"DROP TRIGGER IF EXISTS {name}"))
    yield
    for sql in kept:
        connection.execute(sa.text(sql))


@pytest.fixture(scope="session")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    instance = tmp_path_factory.mktemp("instance")
    overrides: dict[str, Any] = {
        "EVIDENCE_STORAGE_DIR": str(instance / "evidence"),
        "IMPORT_STORAGE_DIR": str(instance / "imports"),
    }
    if os.environ.get("TEST_DATABASE_URL"):
        overrides["SQLALCHEMY_DATABASE_URI"] = worker_database(os.environ["TEST_DATABASE_URL"])
    else:
        overrides["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{instance / 'test.db'}"
    application = create_app("test", overrides)
    with application.app_context():
        drop_everything(_db.engine)
        upgrade()
    yield application
    with application.app_context():
        _db.engine.dispose()


@pytest.fixture(autouse=True)
def _clean(request: pytest.FixtureRequest) -> Iterator[None]:
    """After each test that used the app, empty every table but the reference data."""
    yield
    if "app" not in request.fixturenames:
        return
    application: Flask = request.getfixturevalue("app")
    with application.app_context():
        _db.session.remove()
        with _db.engine.begin() as connection, releases_deletable(connection):
            for table in reversed(_db.metadata.sorted_tables):
                if table.name not in REFERENCE_TABLES:
                    connection.execute(table.delete())
            connection.execute(
                AuditChainHead.__table__.update().values(
                    seq=0, last_hash=GENESIS_HASH, keyed_from_seq=1
                )
            )
        limiter.reset()
    shutil.rmtree(application.config["EVIDENCE_STORAGE_DIR"], ignore_errors=True)


@pytest.fixture
def db(app: Flask) -> Iterator[Any]:
    with app.app_context():
        yield _db
        _db.session.remove()


def _user_with(role: Role) -> Any:
    @pytest.fixture
    def fixture(db: Any) -> User:
        from tests.factories import make_user

        user = make_user({role}, email=f"{role.value}@example.test")
        db.session.commit()
        return user

    return fixture


caseworker = _user_with(Role.CASEWORKER)
senior_caseworker = _user_with(Role.SENIOR_CASEWORKER)
statistician = _user_with(Role.STATISTICIAN)
publisher = _user_with(Role.PUBLISHER)
administrator = _user_with(Role.ADMINISTRATOR)


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> Any:
    return app.test_cli_runner()


@pytest.fixture(scope="session")
def live_server(app: Flask) -> Iterator[str]:
    """The app served on a free port of 127.0.0.1, for browser tests."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Real Chromium through Playwright. Outside CI, skips (saying why) if absent."""
    reason = None
    if not Path(CHROMIUM).exists():
        reason = f"Chromium not found at {CHROMIUM} (apt-get install chromium chromium-driver)"
    if reason:
        if IN_CI:
            pytest.fail(reason)
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any, live_server: str) -> Iterator[Any]:
    context = browser.new_context(base_url=live_server)
    tab = context.new_page()
    yield tab
    context.close()
