"""Answers to the feedback form.

- feedback: when an answer was sent, how satisfied they were (one of five), what they
  would improve (optional), the address pattern of the page they came from, and when and
  by whom it was marked read. No address, cookie or account of the person who sent it.

A new table only: going up, the earlier rows stay as they were; going down, it goes.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 19:45:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

SATISFACTION = ("very_satisfied", "satisfied", "neither", "dissatisfied", "very_dissatisfied")


def upgrade():
    op.create_table(
        "feedback",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("satisfaction", sa.String(length=40), nullable=False),
        sa.Column("improve", sa.Text(), nullable=True),
        sa.Column("page", sa.String(length=300), nullable=True),
        sa.Column("read_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("read_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "satisfaction IN ('" + "', '".join(SATISFACTION) + "')",
            name=op.f("ck_feedback_satisfaction"),
        ),
        sa.ForeignKeyConstraint(
            ["read_by_id"], ["users.id"], name=op.f("fk_feedback_read_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_feedback")),
    )
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_feedback_submitted_at"), ["submitted_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("feedback", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_feedback_submitted_at"))
    op.drop_table("feedback")
