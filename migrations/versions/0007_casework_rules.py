"""Casework that keeps its own rules, and a complainant who can take part.

- complaints: who last recorded the findings (findings_by_id), a reply not yet read
  (replied_at), and CHECKs that a decided case was signed off (decision_signed_off) and
  never by its assignee (signer_not_assignee) or the findings' author (signer_not_recorder);
- case_findings: who recorded each finding (recorded_by_id);
- decisions: each decision as it was sent; reviews: at most one review of each decision,
  with its outcome;
- recommendations: whether the complainant is shown it (visible_to_complainant);
- dismissed_suggestions: possible duplicates a caseworker judged not to be;
- outbox_messages: a sender's claim (claimed_until), and messages for a saved draft
  (draft_id, complaint_id now optional; exactly one of the two is set);
- complaint_drafts: the hash of the code that reopens a saved draft;
- the lists of timeline kinds and message kinds grow.

Before it changes anything the upgrade looks for decided cases without a sign-off, and
sign-offs by the case's assignee; if it finds any it refuses to apply, naming the cases.

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 14:30:00.000000

"""
import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

FINDING = ("upheld", "partly_upheld", "not_upheld", "unable_to_determine")
TIMELINE_KINDS = (
    "status_change", "note", "correspondence_in", "correspondence_out", "link", "assignment",
)
NEW_TIMELINE_KINDS = ("evidence_added", "decision", "review")
MESSAGE_KINDS = ("acknowledgement", "request_for_information", "status_change", "outcome")
NEW_MESSAGE_KINDS = ("reply_received", "review_outcome", "saved_draft")

DECISION_SIGNED_OFF = (
    "status <> 'decision_issued' OR (signed_off_by_id IS NOT NULL"
    " AND decision_issued_at IS NOT NULL AND overall_outcome IS NOT NULL)"
)
SIGNER_NOT_ASSIGNEE = (
    "signed_off_by_id IS NULL OR assignee_id IS NULL OR signed_off_by_id <> assignee_id"
)
SIGNER_NOT_RECORDER = (
    "signed_off_by_id IS NULL OR findings_by_id IS NULL OR signed_off_by_id <> findings_by_id"
)
FOR_A_COMPLAINT_OR_A_DRAFT = "(complaint_id IS NULL) <> (draft_id IS NULL)"


def _one_of(column, values):
    listed = ", ".join(f"'{value}'" for value in values)
    return f"{column} IN ({listed})"


def cases_breaking_the_rules(connection):
    return connection.execute(
        sa.text(
            "SELECT reference FROM complaints WHERE NOT ("
            + DECISION_SIGNED_OFF
            + ") OR NOT ("
            + SIGNER_NOT_ASSIGNEE
            + ") ORDER BY reference"
        )
    ).scalars().all()


def upgrade():
    found = cases_breaking_the_rules(op.get_bind())
    if found:
        raise RuntimeError(
            "Migration 0007 refused to apply: these cases are marked decided without a "
            "sign-off, or were signed off by their own assignee: "
            + ", ".join(found)
            + ". This revision changed nothing. Move them back to investigating (or clear "
            "the sign-off), then run the upgrade again."
        )
    op.create_table(
        "decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("overall_outcome", sa.String(length=40), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("findings", sa.JSON(), nullable=False),
        sa.Column("signed_off_by_id", sa.Integer(), nullable=False),
        sa.Column("issued_by", sa.String(length=100), nullable=False),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            _one_of("overall_outcome", FINDING), name=op.f("ck_decisions_overall_outcome")
        ),
        sa.ForeignKeyConstraint(["complaint_id"], ["complaints.id"],
                                name=op.f("fk_decisions_complaint_id_complaints"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["signed_off_by_id"], ["users.id"],
                                name=op.f("fk_decisions_signed_off_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_decisions")),
        sa.UniqueConstraint("complaint_id", "number",
                            name=op.f("uq_decisions_complaint_id_number")),
    )
    op.create_index(op.f("ix_decisions_complaint_id"), "decisions", ["complaint_id"])
    op.create_table(
        "reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("decision_id", sa.Integer(), nullable=False),
        sa.Column("reasons", sa.Text(), nullable=False),
        sa.Column("requested_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("outcome", sa.String(length=40), nullable=True),
        sa.Column("explanation", sa.Text(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.CheckConstraint(
            _one_of("outcome", ("upheld", "not_upheld")), name=op.f("ck_reviews_outcome")
        ),
        sa.CheckConstraint(
            "(outcome IS NULL) = (decided_at IS NULL)", name=op.f("ck_reviews_outcome_has_a_time")
        ),
        sa.ForeignKeyConstraint(["complaint_id"], ["complaints.id"],
                                name=op.f("fk_reviews_complaint_id_complaints"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["decision_id"], ["decisions.id"],
                                name=op.f("fk_reviews_decision_id_decisions"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["decided_by_id"], ["users.id"],
                                name=op.f("fk_reviews_decided_by_id_users")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_reviews")),
        sa.UniqueConstraint("decision_id", name=op.f("uq_reviews_decision_id")),
    )
    op.create_index(op.f("ix_reviews_complaint_id"), "reviews", ["complaint_id"])
    op.create_table(
        "dismissed_suggestions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("complaint_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column("dismissed_by", sa.String(length=100), nullable=False),
        sa.Column("dismissed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["complaint_id"], ["complaints.id"],
                                name=op.f("fk_dismissed_suggestions_complaint_id_complaints"),
                                ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["other_id"], ["complaints.id"],
                                name=op.f("fk_dismissed_suggestions_other_id_complaints"),
                                ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dismissed_suggestions")),
        sa.UniqueConstraint("complaint_id", "other_id",
                            name=op.f("uq_dismissed_suggestions_complaint_id_other_id")),
    )
    op.create_index(op.f("ix_dismissed_suggestions_complaint_id"), "dismissed_suggestions",
                    ["complaint_id"])
    op.create_index(op.f("ix_dismissed_suggestions_other_id"), "dismissed_suggestions",
                    ["other_id"])

    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.add_column(sa.Column("findings_by_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("replied_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_complaints_findings_by_id_users"), "users", ["findings_by_id"], ["id"]
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_complaints_decision_signed_off"), DECISION_SIGNED_OFF
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_complaints_signer_not_assignee"), SIGNER_NOT_ASSIGNEE
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_complaints_signer_not_recorder"), SIGNER_NOT_RECORDER
        )
    with op.batch_alter_table("case_findings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("recorded_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_case_findings_recorded_by_id_users"), "users", ["recorded_by_id"], ["id"]
        )
    with op.batch_alter_table("recommendations", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("visible_to_complainant", sa.Boolean(), nullable=False,
                      server_default=sa.false())
        )
    with op.batch_alter_table("recommendations", schema=None) as batch_op:
        batch_op.alter_column("visible_to_complainant", server_default=None)
    with op.batch_alter_table("complaint_drafts", schema=None) as batch_op:
        batch_op.add_column(sa.Column("return_code_hash", sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column("saved_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_complaint_drafts_return_code_hash"), ["return_code_hash"]
        )
    with op.batch_alter_table("timeline_entries", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_timeline_entries_kind"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_timeline_entries_kind"),
            _one_of("kind", TIMELINE_KINDS + NEW_TIMELINE_KINDS),
        )
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.add_column(sa.Column("draft_id", sa.String(length=64), nullable=True))
        batch_op.add_column(
            sa.Column("claimed_until", sa.DateTime(timezone=True), nullable=True)
        )
        batch_op.alter_column("complaint_id", existing_type=sa.Integer(), nullable=True)
        batch_op.create_foreign_key(
            batch_op.f("fk_outbox_messages_draft_id_complaint_drafts"), "complaint_drafts",
            ["draft_id"], ["id"], ondelete="CASCADE",
        )
        batch_op.create_index(batch_op.f("ix_outbox_messages_draft_id"), ["draft_id"])
        batch_op.drop_constraint(batch_op.f("ck_outbox_messages_kind"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_outbox_messages_kind"),
            _one_of("kind", MESSAGE_KINDS + NEW_MESSAGE_KINDS),
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_outbox_messages_for_a_complaint_or_a_draft"),
            FOR_A_COMPLAINT_OR_A_DRAFT,
        )


def downgrade():
    # Messages for drafts, and the new kinds, have no place in the older schema.
    op.execute("DELETE FROM outbox_messages WHERE draft_id IS NOT NULL")
    op.execute(
        "DELETE FROM outbox_messages WHERE NOT (" + _one_of("kind", MESSAGE_KINDS) + ")"
    )
    op.execute(
        "DELETE FROM timeline_entries WHERE NOT (" + _one_of("kind", TIMELINE_KINDS) + ")"
    )
    with op.batch_alter_table("outbox_messages", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("ck_outbox_messages_for_a_complaint_or_a_draft"), type_="check"
        )
        batch_op.drop_constraint(batch_op.f("ck_outbox_messages_kind"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_outbox_messages_kind"), _one_of("kind", MESSAGE_KINDS)
        )
        batch_op.drop_index(batch_op.f("ix_outbox_messages_draft_id"))
        batch_op.drop_constraint(
            batch_op.f("fk_outbox_messages_draft_id_complaint_drafts"), type_="foreignkey"
        )
        batch_op.alter_column("complaint_id", existing_type=sa.Integer(), nullable=False)
        batch_op.drop_column("claimed_until")
        batch_op.drop_column("draft_id")
    with op.batch_alter_table("timeline_entries", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_timeline_entries_kind"), type_="check")
        batch_op.create_check_constraint(
            batch_op.f("ck_timeline_entries_kind"), _one_of("kind", TIMELINE_KINDS)
        )
    with op.batch_alter_table("complaint_drafts", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("uq_complaint_drafts_return_code_hash"), type_="unique"
        )
        batch_op.drop_column("saved_at")
        batch_op.drop_column("return_code_hash")
    with op.batch_alter_table("recommendations", schema=None) as batch_op:
        batch_op.drop_column("visible_to_complainant")
    with op.batch_alter_table("case_findings", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_case_findings_recorded_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_column("recorded_by_id")
    with op.batch_alter_table("complaints", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_complaints_signer_not_recorder"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_complaints_signer_not_assignee"), type_="check")
        batch_op.drop_constraint(batch_op.f("ck_complaints_decision_signed_off"), type_="check")
        batch_op.drop_constraint(
            batch_op.f("fk_complaints_findings_by_id_users"), type_="foreignkey"
        )
        batch_op.drop_column("replied_at")
        batch_op.drop_column("findings_by_id")
    op.drop_index(op.f("ix_dismissed_suggestions_other_id"), table_name="dismissed_suggestions")
    op.drop_index(op.f("ix_dismissed_suggestions_complaint_id"), table_name="dismissed_suggestions")
    op.drop_table("dismissed_suggestions")
    op.drop_index(op.f("ix_reviews_complaint_id"), table_name="reviews")
    op.drop_table("reviews")
    op.drop_index(op.f("ix_decisions_complaint_id"), table_name="decisions")
    op.drop_table("decisions")
