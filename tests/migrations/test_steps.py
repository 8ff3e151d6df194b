"""Every revision, up and down, with rows in every table (as SecureDrop's migration
tests do): the rows of the revision before are loaded, the schema goes up one step, and
the rows must all be there and read as they should; then the revision's own rows are
loaded, the schema goes down one step, and the rows that outlive it must be there."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.script import ScriptDirectory

from oversight.audit import services as audit
from oversight.audit.models import AuditEvent, Outcome
from oversight.complaints.enums import (
    ClosureReason,
    EvidenceType,
    Language,
    Priority,
    ReferralBody,
    Status,
)
from oversight.complaints.models import Complaint, TimelineEntry
from oversight.extensions import db
from oversight.forces.models import ForceKind, Nation, force_by_slug
from oversight.statistics.enums import ReleaseStatus
from oversight.statistics.models import StatisticsRelease
from tests.migrations.harness import (
    Schema,
    assert_every_table_has_rows,
    assert_rows_kept,
    empty_tables,
    revision_module,
)

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"
REVISIONS = [
    rev.revision for rev in reversed(list(ScriptDirectory(str(MIGRATIONS)).walk_revisions()))
]


@pytest.mark.parametrize("revision", REVISIONS)
def test_upgrading_to_each_revision_keeps_the_rows_of_every_table(
    schema: Schema, revision: str
) -> None:
    down = schema.down_revision(revision)
    loaded = {}
    if down != "base":
        schema.upgrade(down)
        with schema.begin() as connection:
            loaded = revision_module(down).load(connection)
            assert_every_table_has_rows(connection, down)
    step = revision_module(revision)
    schema.upgrade(revision)
    assert schema.current() == revision
    with schema.engine.connect() as connection:
        assert_rows_kept(connection, loaded, changed=step.CHANGED_BY_UPGRADE)
        step.check_upgrade(connection, loaded)


@pytest.mark.parametrize("revision", REVISIONS)
def test_downgrading_from_each_revision_keeps_the_rows_that_outlive_it(
    schema: Schema, revision: str
) -> None:
    schema.upgrade(revision)
    step = revision_module(revision)
    with schema.begin() as connection:
        loaded = step.load(connection)
        assert_every_table_has_rows(connection, revision)
    down = schema.down_revision(revision)
    schema.downgrade(down)
    assert schema.current() == (None if down == "base" else down)
    # A step may delete rows the older schema has no place for (it says which).
    outliving = getattr(step, "rows_outliving_downgrade", lambda rows: rows)(loaded)
    with schema.engine.connect() as connection:
        assert_rows_kept(
            connection,
            outliving,
            changed=step.CHANGED_BY_DOWNGRADE,
            dropped_tables=step.DROPPED_BY_DOWNGRADE,
            columns_may_go=True,
        )
        step.check_downgrade(connection, loaded)


def test_a_table_left_without_rows_fails_the_step(schema: Schema) -> None:
    schema.upgrade(REVISIONS[-1])
    with schema.begin() as connection:
        revision_module(REVISIONS[-1]).load(connection)
        connection.execute(sa.text("DELETE FROM complaint_links"))
        assert empty_tables(connection) == ["complaint_links"]
        with pytest.raises(
            AssertionError, match=r"these tables have no rows: \['complaint_links'\]"
        ):
            assert_every_table_has_rows(connection, REVISIONS[-1])


def test_the_rows_of_the_head_revision_read_through_the_models(schema: Schema) -> None:
    schema.upgrade()
    with schema.begin() as connection:
        revision_module(REVISIONS[-1]).load(connection)
    complaints = db.session.scalars(sa.select(Complaint).order_by(Complaint.id)).all()
    assert [c.priority for c in complaints] == [Priority.STANDARD, Priority.HIGH, Priority.URGENT]
    assert [c.status for c in complaints] == [Status.RECEIVED, Status.INVESTIGATING, Status.CLOSED]
    closed = complaints[2]
    assert closed.closure_reason is ClosureReason.REFERRED
    assert closed.referred_to is ReferralBody.IOPC
    assert {c.language for c in complaints} == {Language.ENGLISH}
    assert complaints[0].complainant is not None
    assert complaints[0].complainant.preferred_language is Language.ENGLISH
    assert [e.content_type for e in complaints[0].evidence] == [EvidenceType.JPEG]
    reasons = db.session.scalars(sa.select(TimelineEntry.reason).order_by(TimelineEntry.id))
    assert list(reasons) == [None, None, None, ClosureReason.WITHDRAWN]
    outcomes = db.session.scalars(sa.select(AuditEvent.outcome).order_by(AuditEvent.seq))
    assert list(outcomes) == [Outcome.SUCCESS] * 3 + [Outcome.FAILURE]
    assert audit.verify().intact
    force = force_by_slug("south-wales")
    assert force is not None
    assert (force.nation, force.kind) == (Nation.WALES, ForceKind.TERRITORIAL)
    statuses = db.session.scalars(
        sa.select(StatisticsRelease.status).order_by(StatisticsRelease.id)
    )
    assert list(statuses) == [
        ReleaseStatus.SUPERSEDED,
        ReleaseStatus.PUBLISHED,
        ReleaseStatus.DRAFT,
    ]
