"""Message templates: the wording of each message, versioned, and which version a
message used.

- message_templates: one row per template key and language (unique together).
- message_template_versions: a template's versions (unique per template and number,
  numbered from 1), subject, body, who saved it (none for the shipped wording) and when.
- outbox_messages: template_version_id (the version the text came from) and
  second_template_version_id (the English one, when a message holds Welsh then English).
- complainants: both_languages, false for every complainant already there.

Going up, the earlier rows stay as they were (the new columns empty or false); going
down, the tables and columns go.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-07 23:29:16.371029

"""

import sqlalchemy as sa
from alembic import op

revision = "0019"
down_revision = "0018"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "message_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column(
            "language",
            sa.Enum("en", "cy", name="language", native_enum=False, create_constraint=True, length=40),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_templates")),
        sa.UniqueConstraint("key", "language", name=op.f("uq_message_templates_key_language")),
    )
    op.create_table(
        "message_template_versions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("template_id", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(length=255), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "version >= 1", name=op.f("ck_message_template_versions_version_positive")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["users.id"],
            name=op.f("fk_message_template_versions_created_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["template_id"],
            ["message_templates.id"],
            name=op.f("fk_message_template_versions_template_id_message_templates"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_message_template_versions")),
        sa.UniqueConstraint(
            "template_id", "version", name=op.f("uq_message_template_versions_template_id_version")
        ),
    )
    with op.batch_alter_table("message_template_versions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_message_template_versions_template_id"), ["template_id"], unique=False
        )
    with op.batch_alter_table("complainants", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("both_languages", sa.Boolean(), server_default=sa.false(), nullable=False)
        )
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("template_version_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("second_template_version_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_outbox_messages_template_version_id"),
            ["template_version_id"],
            unique=False,
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_messages_template_version_id_message_template_versions"),
            "message_template_versions",
            ["template_version_id"],
            ["id"],
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_messages_second_template_version_id_message_template_versions"),
            "message_template_versions",
            ["second_template_version_id"],
            ["id"],
        )


def downgrade():
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_outbox_messages_second_template_version_id_message_template_versions"),
            type_="foreignkey",
        )
        batch_op.drop_constraint(
            batch_op.f("fk_outbox_messages_template_version_id_message_template_versions"),
            type_="foreignkey",
        )
        batch_op.drop_index(batch_op.f("ix_outbox_messages_template_version_id"))
        batch_op.drop_column("second_template_version_id")
        batch_op.drop_column("template_version_id")
    with op.batch_alter_table("complainants", schema=None) as batch_op:
        batch_op.drop_column("both_languages")
    with op.batch_alter_table("message_template_versions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_message_template_versions_template_id"))
    op.drop_table("message_template_versions")
    op.drop_table("message_templates")
