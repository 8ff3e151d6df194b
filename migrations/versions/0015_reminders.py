"""Reminders to staff (`flask reminders send`) and the emails that carry them.

- reminder_emails: one email per staff member and UK day (unique), kept like an outbox
  message: its address, subject and body (staff words, no complainant's personal data),
  when it was sent, its attempts, last failure's kind, next try and the claim's lease.
- reminders: one row per case, staff member, kind (due_soon, overdue, unassigned) and UK
  day (unique: a reminder is sent once per case, person, kind and day), with its email.

New tables only: going up, the earlier rows stay as they were; going down, they go.

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-07 14:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None

KINDS = ("due_soon", "overdue", "unassigned")


def upgrade():
    op.create_table(
        "reminder_emails",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("recipient", sa.String(length=254), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("last_error", sa.String(length=100), nullable=True),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["recipient_id"], ["users.id"], name=op.f("fk_reminder_emails_recipient_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminder_emails")),
        sa.UniqueConstraint(
            "recipient_id", "day", name=op.f("uq_reminder_emails_recipient_id_day")
        ),
    )
    with op.batch_alter_table("reminder_emails", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_reminder_emails_day"), ["day"], unique=False)
    op.create_table(
        "reminders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("recipient_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("email_id", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "kind IN ('" + "', '".join(KINDS) + "')", name=op.f("ck_reminders_kind")
        ),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_reminders_complaint_id_complaints"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["email_id"],
            ["reminder_emails.id"],
            name=op.f("fk_reminders_email_id_reminder_emails"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["recipient_id"], ["users.id"], name=op.f("fk_reminders_recipient_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reminders")),
        sa.UniqueConstraint(
            "complaint_id",
            "recipient_id",
            "kind",
            "day",
            name=op.f("uq_reminders_complaint_id_recipient_id_kind_day"),
        ),
    )
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_reminders_complaint_id"), ["complaint_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_reminders_email_id"), ["email_id"], unique=False)


def downgrade():
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reminders_email_id"))
        batch_op.drop_index(batch_op.f("ix_reminders_complaint_id"))
    op.drop_table("reminders")
    with op.batch_alter_table("reminder_emails", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_reminder_emails_day"))
    op.drop_table("reminder_emails")
