"""An index for the desk: a person's open cases by status, due date and unread reply.

- complaints: ix_complaints_desk_assignee (assignee_id, status, due_on, replied_at), so
  the desk counts a caseworker's open, overdue, due-soon and replied cases from the
  index, not by reading every case they were ever assigned.

An index only: no row changes either way.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-07 15:05:00.000000

"""

from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_complaints_desk_assignee",
        "complaints",
        ["assignee_id", "status", "due_on", "replied_at"],
    )


def downgrade() -> None:
    op.drop_index("ix_complaints_desk_assignee", table_name="complaints")
