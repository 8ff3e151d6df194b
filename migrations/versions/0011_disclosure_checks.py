"""The disclosure checks of releases, each kept for the state it was run in.

- disclosure_checks: one row per key, a SHA-256 of the check's method version, the
  release's content and the content of every release out beside it
  (oversight/statistics/checks.py); the release checked, the method version, when it was
  run and the [c] cells it found at risk (JSON).

A new table only: going up, the earlier rows stay as they were; going down, it goes.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-03 13:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "disclosure_checks",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("method_version", sa.Integer(), nullable=False),
        sa.Column("checked_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("risks", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["statistics_releases.id"],
            name=op.f("fk_disclosure_checks_release_id_statistics_releases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_disclosure_checks")),
        sa.UniqueConstraint("key", name=op.f("uq_disclosure_checks_key")),
    )
    with op.batch_alter_table("disclosure_checks", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_disclosure_checks_release_id"), ["release_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("disclosure_checks", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_disclosure_checks_release_id"))
    op.drop_table("disclosure_checks")
