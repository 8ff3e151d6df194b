"""Data subject rights requests: the request and its one-month clock, the cases chosen
as the requester's, the redactions before release and each release of the export bundle
(four new tables); and the information rights officer's role, so user_roles' CHECK
allows "information_rights".

Going down, the four tables go and so does every grant of the new role.

Revision ID: 0014
Revises: 0011
Create Date: 2026-12-04 19:30:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

ROLES = ("caseworker", "senior_caseworker", "statistician", "publisher", "administrator")
NEW_ROLE = "information_rights"


def _roles_check(roles):
    listed = ", ".join(f"'{role}'" for role in roles)
    return f"role IN ({listed})"


def _set_roles(roles):
    with op.batch_alter_table("user_roles", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_user_roles_role"), type_="check")
        batch_op.create_check_constraint(batch_op.f("ck_user_roles_role"), _roles_check(roles))


def upgrade():
    _set_roles((*ROLES, NEW_ROLE))
    op.create_table(
        "rights_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=40), nullable=False),
        sa.Column("requester_name", sa.String(length=200), nullable=False),
        sa.Column("reply_to", sa.Text(), nullable=False),
        sa.Column("received_via", sa.String(length=40), nullable=False),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("extended_due_on", sa.Date(), nullable=True),
        sa.Column("extension_reason", sa.Text(), nullable=True),
        sa.Column("extended_by_id", sa.Integer(), nullable=True),
        sa.Column("extended_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("identity_method", sa.Text(), nullable=True),
        sa.Column("identity_checked_by_id", sa.Integer(), nullable=True),
        sa.Column("identity_checked_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=40), nullable=False),
        sa.Column("outcome_note", sa.Text(), nullable=True),
        sa.Column("closed_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("logged_by_id", sa.Integer(), nullable=False),
        sa.Column("logged_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(extended_due_on IS NULL AND extension_reason IS NULL AND extended_by_id IS NULL AND extended_at IS NULL) OR (extended_due_on IS NOT NULL AND extension_reason IS NOT NULL AND extension_reason <> '' AND extended_by_id IS NOT NULL AND extended_at IS NOT NULL AND extended_due_on > due_on)",
            name=op.f("ck_rights_requests_extension_has_a_reason"),
        ),
        sa.CheckConstraint(
            "(identity_method IS NULL AND identity_checked_by_id IS NULL AND identity_checked_at IS NULL) OR (identity_method IS NOT NULL AND identity_method <> '' AND identity_checked_by_id IS NOT NULL AND identity_checked_at IS NOT NULL)",
            name=op.f("ck_rights_requests_identity_check_whole"),
        ),
        sa.CheckConstraint(
            "(status IN ('completed', 'refused', 'withdrawn')) = (closed_at IS NOT NULL)",
            name=op.f("ck_rights_requests_closed_has_a_time"),
        ),
        sa.CheckConstraint(
            "status NOT IN ('identity_checked', 'completed') OR identity_checked_at IS NOT NULL",
            name=op.f("ck_rights_requests_checked_before_completed"),
        ),
        sa.CheckConstraint(
            "due_on > received_on", name=op.f("ck_rights_requests_due_after_receipt")
        ),
        sa.CheckConstraint(
            "kind IN ('access', 'rectification', 'erasure', 'restriction', 'objection')",
            name=op.f("ck_rights_requests_kind"),
        ),
        sa.CheckConstraint(
            "received_via IN ('email', 'post', 'phone', 'online', 'in_person')",
            name=op.f("ck_rights_requests_received_via"),
        ),
        sa.CheckConstraint(
            "status IN ('received', 'identity_checked', 'in_progress', 'completed', 'refused', 'withdrawn')",
            name=op.f("ck_rights_requests_status"),
        ),
        sa.ForeignKeyConstraint(
            ["extended_by_id"], ["users.id"], name=op.f("fk_rights_requests_extended_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["identity_checked_by_id"],
            ["users.id"],
            name=op.f("fk_rights_requests_identity_checked_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["logged_by_id"], ["users.id"], name=op.f("fk_rights_requests_logged_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rights_requests")),
    )
    with op.batch_alter_table("rights_requests", schema=None) as batch_op:
        batch_op.create_index(
            "ix_rights_requests_open_due", ["closed_at", "due_on", "id"], unique=False
        )

    op.create_table(
        "rights_releases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("released_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("released_by_id", sa.Integer(), nullable=False),
        sa.Column("sha256", sa.String(length=64), nullable=False),
        sa.Column("size", sa.BigInteger(), nullable=False),
        sa.Column("counts", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["released_by_id"], ["users.id"], name=op.f("fk_rights_releases_released_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["rights_requests.id"],
            name=op.f("fk_rights_releases_request_id_rights_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rights_releases")),
    )
    with op.batch_alter_table("rights_releases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rights_releases_request_id"), ["request_id"], unique=False
        )

    op.create_table(
        "rights_request_cases",
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("chosen_by_id", sa.Integer(), nullable=False),
        sa.Column("chosen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["chosen_by_id"], ["users.id"], name=op.f("fk_rights_request_cases_chosen_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["complaint_id"],
            ["complaints.id"],
            name=op.f("fk_rights_request_cases_complaint_id_complaints"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["rights_requests.id"],
            name=op.f("fk_rights_request_cases_request_id_rights_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("request_id", "complaint_id", name=op.f("pk_rights_request_cases")),
    )
    with op.batch_alter_table("rights_request_cases", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rights_request_cases_complaint_id"), ["complaint_id"], unique=False
        )

    op.create_table(
        "rights_redactions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("phrase", sa.Text(), nullable=True),
        sa.Column("evidence_id", sa.Integer(), nullable=True),
        sa.Column("page", sa.Integer(), nullable=True),
        sa.Column("box_left", sa.Float(), nullable=True),
        sa.Column("box_top", sa.Float(), nullable=True),
        sa.Column("box_right", sa.Float(), nullable=True),
        sa.Column("box_bottom", sa.Float(), nullable=True),
        sa.Column("reason", sa.String(length=40), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "(phrase IS NOT NULL AND phrase <> '' AND evidence_id IS NULL AND page IS NULL AND box_left IS NULL AND box_top IS NULL AND box_right IS NULL AND box_bottom IS NULL) OR (phrase IS NULL AND evidence_id IS NOT NULL AND page >= 0 AND box_left >= 0 AND box_left < box_right AND box_right <= 1 AND box_top >= 0 AND box_top < box_bottom AND box_bottom <= 1)",
            name=op.f("ck_rights_redactions_phrase_or_box"),
        ),
        sa.CheckConstraint(
            "reason <> 'other' OR (note IS NOT NULL AND note <> '')",
            name=op.f("ck_rights_redactions_other_has_a_note"),
        ),
        sa.CheckConstraint(
            "reason IN ('third_party', 'legal_advice', 'other')",
            name=op.f("ck_rights_redactions_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_rights_redactions_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["evidence_id"],
            ["evidence.id"],
            name=op.f("fk_rights_redactions_evidence_id_evidence"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["rights_requests.id"],
            name=op.f("fk_rights_redactions_request_id_rights_requests"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rights_redactions")),
    )
    with op.batch_alter_table("rights_redactions", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_rights_redactions_evidence_id"), ["evidence_id"], unique=False
        )
        batch_op.create_index(
            batch_op.f("ix_rights_redactions_request_id"), ["request_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("rights_redactions", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rights_redactions_request_id"))
        batch_op.drop_index(batch_op.f("ix_rights_redactions_evidence_id"))

    op.drop_table("rights_redactions")
    with op.batch_alter_table("rights_request_cases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rights_request_cases_complaint_id"))

    op.drop_table("rights_request_cases")
    with op.batch_alter_table("rights_releases", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_rights_releases_request_id"))

    op.drop_table("rights_releases")
    with op.batch_alter_table("rights_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_rights_requests_open_due")

    op.drop_table("rights_requests")
    op.execute(sa.text("DELETE FROM user_roles WHERE role = :role").bindparams(role=NEW_ROLE))
    _set_roles(ROLES)
