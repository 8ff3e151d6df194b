"""The retention schedule's record of what it applied, legal holds, and files to delete.

- retention_applied: one row per case and kind of record once its rule was applied
  (unique per case and kind), with when and by which run.
- legal_holds: holds on cases, with who set them, when and why, and who released them,
  when and why; at most one active hold a case (a partial unique index on both
  PostgreSQL and SQLite).
- pending_file_deletions: storage keys of evidence files whose rows are gone and whose
  bytes are still to delete (oversight/retention/files.py).

New tables only: going up, the earlier rows stay as they were; going down, they go.

Revision ID: 0013
Revises: 0011
Create Date: 2026-12-04 19:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

KINDS = (
    "contact_details",
    "free_text",
    "evidence",
    "internal_notes",
    "messages",
    "logged_calls",
    "drafts",
    "sessions",
)


def upgrade():
    op.create_table(
        "pending_file_deletions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("storage_key", sa.String(length=64), nullable=False),
        sa.Column("queued_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pending_file_deletions")),
        sa.UniqueConstraint("storage_key", name=op.f("uq_pending_file_deletions_storage_key")),
    )
    op.create_table(
        "legal_holds",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=False),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("released_by_id", sa.Integer(), nullable=True),
        sa.Column("release_reason", sa.Text(), nullable=True),
        sa.CheckConstraint(
            "(released_at IS NULL) = (released_by_id IS NULL)",
            name=op.f("ck_legal_holds_released_by_someone"),
        ),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_legal_holds_complaint_id_complaints"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["released_by_id"], ["users.id"], name=op.f("fk_legal_holds_released_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["set_by_id"], ["users.id"], name=op.f("fk_legal_holds_set_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_legal_holds")),
    )
    with op.batch_alter_table("legal_holds", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_legal_holds_complaint_id"), ["complaint_id"], unique=False
        )
        batch_op.create_index(
            "uq_legal_holds_one_active",
            ["complaint_id"],
            unique=True,
            postgresql_where=sa.text("released_at IS NULL"),
            sqlite_where=sa.text("released_at IS NULL"),
        )
    op.create_table(
        "retention_applied",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("applied_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("run_id", sa.String(length=32), nullable=False),
        sa.CheckConstraint(
            "kind IN (" + ", ".join(f"'{kind}'" for kind in KINDS) + ")",
            name=op.f("ck_retention_applied_kind"),
        ),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_retention_applied_complaint_id_complaints"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_retention_applied")),
        sa.UniqueConstraint(
            "complaint_id", "kind", name=op.f("uq_retention_applied_complaint_id_kind")
        ),
    )
    with op.batch_alter_table("retention_applied", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_retention_applied_complaint_id"), ["complaint_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("retention_applied", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_retention_applied_complaint_id"))
    op.drop_table("retention_applied")
    with op.batch_alter_table("legal_holds", schema=None) as batch_op:
        batch_op.drop_index("uq_legal_holds_one_active")
        batch_op.drop_index(batch_op.f("ix_legal_holds_complaint_id"))
    op.drop_table("legal_holds")
    op.drop_table("pending_file_deletions")
