"""The release calendar: releases announced ahead, and every change to an announced day.

- release_calendar: one entry a period (a quarter, calendar or financial year, never
  given dates), published on release_date at 09:30 UK time, a day after the period ends.
- release_calendar_changes: who moved an announced day, when, from which day to which,
  and why.

On SQLite and PostgreSQL alike: release_calendar_date_changed_with_reason refuses to
move an entry's release_date unless a recorded change from the old day to the new one is
there (the app records the change first, then moves the day, in one transaction);
release_calendar_change_kept refuses to UPDATE or DELETE a recorded change.

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

DATE_WITH_REASON = "release_calendar_date_changed_with_reason"
CHANGE_KEPT = "release_calendar_change_kept"
CHANGE_KEPT_DELETE = "release_calendar_change_kept_delete"
DATE_MESSAGE = "an announced release date changes only with a recorded change and its reason"
KEPT_MESSAGE = "a recorded change to a release date is never altered or removed"
RECORDED = """
    EXISTS (SELECT 1 FROM release_calendar_changes AS change
            WHERE change.entry_id = OLD.id AND change.old_date = OLD.release_date
              AND change.new_date = NEW.release_date)
"""
MOVED = "NEW.release_date <> OLD.release_date"


def upgrade():
    op.create_table(
        "release_calendar",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("slug", sa.String(length=40), nullable=False),
        sa.Column("period_kind", sa.String(length=40), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("release_date", sa.Date(), nullable=False),
        sa.Column("announced_by_id", sa.Integer(), nullable=False),
        sa.Column("announced_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "period_end >= period_start", name=op.f("ck_release_calendar_period_ends_after_start")
        ),
        sa.CheckConstraint(
            "period_kind IN ('quarter', 'calendar_year', 'financial_year', 'custom')",
            name=op.f("ck_release_calendar_period_kind"),
        ),
        sa.CheckConstraint(
            "period_kind <> 'custom'", name=op.f("ck_release_calendar_standard_period")
        ),
        sa.CheckConstraint(
            "release_date > period_end", name=op.f("ck_release_calendar_released_after_period")
        ),
        sa.ForeignKeyConstraint(
            ["announced_by_id"],
            ["users.id"],
            name=op.f("fk_release_calendar_announced_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_release_calendar")),
        sa.UniqueConstraint("slug", name=op.f("uq_release_calendar_slug")),
    )
    op.create_table(
        "release_calendar_changes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("changed_by_id", sa.Integer(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("old_date", sa.Date(), nullable=False),
        sa.Column("new_date", sa.Date(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "old_date <> new_date", name=op.f("ck_release_calendar_changes_date_changed")
        ),
        sa.CheckConstraint(
            "length(trim(reason)) > 0", name=op.f("ck_release_calendar_changes_has_reason")
        ),
        sa.ForeignKeyConstraint(
            ["changed_by_id"],
            ["users.id"],
            name=op.f("fk_release_calendar_changes_changed_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["release_calendar.id"],
            name=op.f("fk_release_calendar_changes_entry_id_release_calendar"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_release_calendar_changes")),
    )
    with op.batch_alter_table("release_calendar_changes", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_release_calendar_changes_entry_id"), ["entry_id"], unique=False
        )
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_triggers()
    else:
        _sqlite_triggers()


def _postgresql_triggers():
    # search_path fixed at creation: a caller cannot swap in a table of its own.
    op.execute(f"""
        CREATE OR REPLACE FUNCTION {DATE_WITH_REASON}() RETURNS trigger AS $$
        BEGIN
            IF NOT {RECORDED} THEN
                RAISE EXCEPTION '{DATE_MESSAGE}';
            END IF;
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql SET search_path FROM CURRENT
    """)
    op.execute(f"""
        CREATE TRIGGER {DATE_WITH_REASON} BEFORE UPDATE ON release_calendar
        FOR EACH ROW WHEN ({MOVED}) EXECUTE FUNCTION {DATE_WITH_REASON}()
    """)
    op.execute(f"""
        CREATE OR REPLACE FUNCTION {CHANGE_KEPT}() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION '{KEPT_MESSAGE}';
        END;
        $$ LANGUAGE plpgsql SET search_path FROM CURRENT
    """)
    op.execute(f"""
        CREATE TRIGGER {CHANGE_KEPT} BEFORE UPDATE OR DELETE ON release_calendar_changes
        FOR EACH ROW EXECUTE FUNCTION {CHANGE_KEPT}()
    """)


def _sqlite_triggers():
    op.execute(f"""
        CREATE TRIGGER {DATE_WITH_REASON} BEFORE UPDATE ON release_calendar
        WHEN {MOVED} AND NOT {RECORDED}
        BEGIN SELECT RAISE(ABORT, '{DATE_MESSAGE}'); END
    """)
    op.execute(f"""
        CREATE TRIGGER {CHANGE_KEPT} BEFORE UPDATE ON release_calendar_changes
        BEGIN SELECT RAISE(ABORT, '{KEPT_MESSAGE}'); END
    """)
    op.execute(f"""
        CREATE TRIGGER {CHANGE_KEPT_DELETE} BEFORE DELETE ON release_calendar_changes
        BEGIN SELECT RAISE(ABORT, '{KEPT_MESSAGE}'); END
    """)


def downgrade():
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.execute(f"DROP TRIGGER IF EXISTS {DATE_WITH_REASON} ON release_calendar")
        op.execute(f"DROP TRIGGER IF EXISTS {CHANGE_KEPT} ON release_calendar_changes")
        op.execute(f"DROP FUNCTION IF EXISTS {DATE_WITH_REASON}()")
        op.execute(f"DROP FUNCTION IF EXISTS {CHANGE_KEPT}()")
    else:
        for name in (DATE_WITH_REASON, CHANGE_KEPT, CHANGE_KEPT_DELETE):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    with op.batch_alter_table("release_calendar_changes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_release_calendar_changes_entry_id"))
    op.drop_table("release_calendar_changes")
    op.drop_table("release_calendar")
