"""The PostgreSQL role the app runs as: `flask audit grant-app-role` leaves it unable
to UPDATE, DELETE or TRUNCATE audit events, or to delete a published release, while
it records events and does the app's ordinary writes."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from oversight.audit import chain, roles
from oversight.audit import services as audit
from oversight.audit.models import AuditEvent
from oversight.statistics import services as statistics
from oversight.statistics.periods import quarter
from tests.audit.trail import record_some
from tests.statistics.calendar_data import approve_and_publish

ROLE = f"oversight_app_{os.environ.get('PYTEST_XDIST_WORKER', 'main')}".lower()


def test_the_grants_make_audit_events_append_only() -> None:
    sql = roles.statements(["audit_events", "audit_chain_head", "complaints"], "app", "public")
    assert 'GRANT SELECT, INSERT ON TABLE "public"."audit_events" TO app' in sql
    assert (
        'GRANT SELECT, UPDATE (seq, last_hash) ON TABLE "public"."audit_chain_head" TO app' in sql
    )
    assert 'GRANT SELECT, INSERT, UPDATE, DELETE ON TABLE "public"."complaints" TO app' in sql
    versions = roles.statements(["message_template_versions"], "app", "public")
    assert 'GRANT SELECT, INSERT ON TABLE "public"."message_template_versions" TO app' in versions
    assert not [s for s in sql if "TRUNCATE" in s and "GRANT" in s]
    with pytest.raises(roles.RoleProblem, match="lower case letters"):
        roles.statements([], "app; DROP TABLE complaints", "public")


def test_the_grant_command_says_roles_are_for_postgresql_only_on_sqlite(db, runner):
    if db.engine.dialect.name == "postgresql":
        pytest.skip("SQLite's answer; PostgreSQL is tested below")
    outcome = runner.invoke(args=["audit", "grant-app-role", "oversight_app"])
    assert outcome.exit_code == 1
    assert "Database roles are only for PostgreSQL" in outcome.output


@pytest.fixture
def app_role(db, runner) -> Iterator[str]:
    if db.engine.dialect.name != "postgresql":
        pytest.skip("database roles are PostgreSQL's (run with TEST_DATABASE_URL)")
    with db.engine.begin() as connection:
        if not connection.scalar(sa.text("SELECT 1 FROM pg_roles WHERE rolname = :r"), {"r": ROLE}):
            connection.execute(sa.text(f"CREATE ROLE {ROLE} NOLOGIN"))
    outcome = runner.invoke(args=["audit", "grant-app-role", ROLE])
    assert outcome.exit_code == 0, outcome.output
    assert f"Granted {ROLE}" in outcome.output
    yield ROLE
    with db.engine.begin() as connection:
        connection.execute(sa.text(f"DROP OWNED BY {ROLE}"))


def as_role(connection: sa.Connection, role: str) -> None:
    connection.execute(sa.text(f"SET LOCAL ROLE {role}"))


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET actor = 'user:999'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
        "UPDATE audit_chain_head SET keyed_from_seq = 99",
        "DELETE FROM audit_chain_head",
        "TRUNCATE statistics_releases",
        "ALTER TABLE statistics_releases DISABLE TRIGGER statistics_release_never_deleted",
        "ALTER TABLE audit_events ENABLE ROW LEVEL SECURITY",
    ],
)
def test_the_app_role_cannot_rewrite_the_audit_trail(db, app_role, statement):
    record_some(db, 3)
    with db.engine.connect() as connection, connection.begin():
        as_role(connection, app_role)
        with pytest.raises(sa.exc.ProgrammingError, match=r"permission denied|must be owner"):
            connection.execute(sa.text(statement))
    assert chain.verify().intact
    assert chain.verify().checked == 3


def test_the_app_role_cannot_delete_a_published_release(db, app_role, statistician, publisher):
    release = statistics.prepare(quarter(2026, 2), statistician)
    approve_and_publish(release, publisher)
    db.session.commit()
    with db.engine.connect() as connection, connection.begin():
        as_role(connection, app_role)
        with pytest.raises(sa.exc.DBAPIError, match="never deleted"):
            connection.execute(sa.text("DELETE FROM statistics_releases"))


def test_the_app_role_records_events_and_does_the_apps_writes(db, app_role, caseworker):
    db.session.execute(sa.text(f"SET LOCAL ROLE {app_role}"))
    audit.record(
        "case.viewed", actor="user:1", object_type="case", object_id="FR-1", reference="FR-1"
    )
    caseworker.name = "Casey Renamed"
    db.session.commit()  # ends the transaction, and the role with it
    recorded = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.object_id == "FR-1"))
    assert recorded is not None and recorded.actor == "user:1"
    assert db.session.get(type(caseworker), caseworker.id).name == "Casey Renamed"
    assert chain.verify().intact
    with db.engine.connect() as connection, connection.begin():
        as_role(connection, app_role)
        connection.execute(sa.text("SELECT count(*) FROM audit_events"))
        connection.execute(sa.text("DELETE FROM user_roles WHERE user_id = -1"))
        assert connection.scalar(sa.text("SELECT current_user")) == app_role


def test_the_grant_command_refuses_the_owner_and_unknown_roles(db, runner):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("database roles are PostgreSQL's (run with TEST_DATABASE_URL)")
    outcome = runner.invoke(args=["audit", "grant-app-role", "postgres"])
    assert outcome.exit_code == 1
    assert "must be another, ordinary role" in outcome.output
    outcome = runner.invoke(args=["audit", "grant-app-role", "nobody_by_this_name"])
    assert "There is no role nobody_by_this_name: create it first" in outcome.output
    dry = runner.invoke(args=["audit", "grant-app-role", "nobody_by_this_name", "--dry-run"])
    assert dry.exit_code == 1
