"""Letters by post: a message staff printed and posted, and the timeline saying so.

- outbox_messages: when a message's letter was marked posted (posted_at), and by whom
  (posted_by_id, a staff user);
- timeline_entries: the list of kinds grows by letter_posted ("Letter posted").

Going down, each "Letter posted" entry becomes a note that says so (its text kept), so
the case's history keeps it; the two columns go.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-07 23:40:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None

TIMELINE_KINDS = (
    "status_change",
    "note",
    "correspondence_in",
    "correspondence_out",
    "link",
    "assignment",
    "evidence_added",
    "decision",
    "review",
)
NEW_TIMELINE_KIND = "letter_posted"


def _one_of(column: str, values: tuple[str, ...]) -> str:
    listed = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({listed})"


def _timeline_kinds(kinds: tuple[str, ...]) -> None:
    with op.batch_alter_table("timeline_entries", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_timeline_entries_kind"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_timeline_entries_kind"), _one_of("kind", kinds)
        )


def upgrade() -> None:
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("posted_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("posted_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_messages_posted_by_id_users"), "users", ["posted_by_id"], ["id"]
        )
    _timeline_kinds((*TIMELINE_KINDS, NEW_TIMELINE_KIND))


def downgrade() -> None:
    op.execute(
        "UPDATE timeline_entries SET kind = 'note', body = CASE WHEN body IS NULL"
        " THEN 'Letter posted' ELSE 'Letter posted: ' || body END"
        f" WHERE kind = '{NEW_TIMELINE_KIND}'"
    )
    _timeline_kinds(TIMELINE_KINDS)
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_outbox_messages_posted_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_column("posted_by_id")
        batch_op.drop_column("posted_at")
