"""Revision 0006 refuses to apply over rows holding a value outside their column's list,
and says which; once they are corrected it applies."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from alembic import command

from tests.migrations import revision_0005, revision_0006
from tests.migrations.harness import Schema, read

BAD_ROWS = [
    "UPDATE complaints SET closure_reason = 'resolved' WHERE id IN (1, 2)",
    "UPDATE forces SET kind = 'regional' WHERE slug = 'btp'",
    "INSERT INTO timeline_entries (id, complaint_id, kind, at, actor, reason, visible_to_complainant)"
    " VALUES (10, 3, 'status_change', '2026-03-10 09:30:00', 'user:1', 'lost_interest', :visible)",
]
REFUSAL = """\
Migration 0006 refused to apply: some rows hold a value outside their column's list. \
This revision changed nothing.
  table forces, column kind: 'regional' in 1 row
  table complaints, column closure_reason: 'resolved' in 2 rows
  table timeline_entries, column reason: 'lost_interest' in 1 row
Correct or remove those rows, then run the upgrade again."""


def at_0005_with_bad_rows(schema: Schema) -> None:
    schema.upgrade("0005")
    with schema.begin() as connection:
        revision_0005.load(connection)
        for sql in BAD_ROWS:
            connection.execute(sa.text(sql), {"visible": True})


def test_0006_refuses_to_apply_over_values_outside_their_lists_and_says_which(
    schema: Schema,
) -> None:
    at_0005_with_bad_rows(schema)
    with pytest.raises(RuntimeError) as refused:
        command.upgrade(schema.config, "0006")
    assert str(refused.value) == REFUSAL
    assert schema.current() == "0005"
    assert "ck_complaints_closure_reason" not in schema.check_constraints("complaints")
    assert schema.column_length("complaints", "language") == 8
    with schema.engine.connect() as connection:
        reasons = [c["closure_reason"] for c in read(connection, "complaints")]
    assert reasons == ["resolved", "resolved", "referred"]


def test_flask_db_upgrade_stops_with_an_error_over_values_outside_their_lists(
    schema: Schema,
) -> None:
    at_0005_with_bad_rows(schema)
    result = schema.app.test_cli_runner().invoke(args=["db", "upgrade"])
    assert result.exit_code == 1
    assert schema.current() == "0005"


def test_0006_applies_once_the_rows_are_corrected(schema: Schema) -> None:
    at_0005_with_bad_rows(schema)
    with pytest.raises(RuntimeError):
        command.upgrade(schema.config, "0006")
    with schema.begin() as connection:
        connection.execute(sa.text("UPDATE complaints SET closure_reason = NULL WHERE id < 3"))
        connection.execute(sa.text("UPDATE forces SET kind = 'special' WHERE slug = 'btp'"))
        connection.execute(
            sa.text("UPDATE timeline_entries SET reason = 'withdrawn' WHERE id = 10")
        )
    schema.upgrade("0006")
    assert schema.current() == "0006"
    with schema.engine.connect() as connection:
        revision_0006.check_upgrade(connection, {})
        assert len(read(connection, "timeline_entries")) == 5


@pytest.mark.parametrize(
    ("table", "column", "value"),
    [
        ("complaints", "closure_reason", "resolved"),
        ("complaints", "referred_to", "the_press"),
        ("complaints", "language", "fr"),
        ("timeline_entries", "reason", "lost_interest"),
        ("audit_events", "outcome", "maybe"),
        ("evidence", "content_type", "text/html"),
        ("forces", "nation", "Isle of Man"),
        ("user_roles", "role", "superuser"),
    ],
)
def test_after_0006_the_database_refuses_a_value_outside_the_list(
    schema: Schema, table: str, column: str, value: str
) -> None:
    schema.upgrade("0006")
    with schema.begin() as connection:
        revision_0006.load(connection)
    with schema.engine.connect() as connection, pytest.raises(sa.exc.IntegrityError):
        connection.execute(sa.text(f"UPDATE {table} SET {column} = :value"), {"value": value})  # noqa: S608
