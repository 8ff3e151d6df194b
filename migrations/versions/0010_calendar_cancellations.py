"""Cancelling an announced release, with its reason, and announcing it again.

- release_calendar.announcement: 1 when first announced, one more each time the release
  is announced again after a cancellation.
- release_calendar_cancellations: which announcement was cancelled, the day it was for,
  who cancelled it, when and why.

On SQLite and PostgreSQL alike: a cancellation has a reason (a CHECK), is of the entry's
current announcement and day, and never of a period whose first release is out
(release_calendar_cancelled_as_announced); it is never altered or removed
(release_calendar_cancellation_kept); an entry is announced again only after its current
announcement is cancelled, one number on (release_calendar_announced_again), and only
then may its day move without a recorded change (0009's
release_calendar_date_changed_with_reason, taught the exception here and restored going
down).

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

KEPT = "release_calendar_cancellation_kept"
KEPT_DELETE = "release_calendar_cancellation_kept_delete"
AS_ANNOUNCED = "release_calendar_cancelled_as_announced"
AGAIN = "release_calendar_announced_again"
DATE_WITH_REASON = "release_calendar_date_changed_with_reason"  # 0009's

KEPT_MESSAGE = "a cancellation of a release is never altered or removed"
AS_ANNOUNCED_MESSAGE = (
    "a cancellation is of the release as announced now, before it is published"
)
AGAIN_MESSAGE = "a release is announced again only once its announcement is cancelled"
DATE_MESSAGE = "an announced release date changes only with a recorded change and its reason"

RECORDED = """
    EXISTS (SELECT 1 FROM release_calendar_changes AS change
            WHERE change.entry_id = OLD.id AND change.old_date = OLD.release_date
              AND change.new_date = NEW.release_date)
"""
MOVED = "NEW.release_date <> OLD.release_date"
# The announcement a cancellation names is the entry's own now, for the day it has now,
# and the period's first release is not out.
CURRENT = """
    EXISTS (SELECT 1 FROM release_calendar AS entry
            WHERE entry.id = NEW.entry_id AND entry.announcement = NEW.announcement
              AND entry.release_date = NEW.release_date)
    AND NOT EXISTS (SELECT 1 FROM release_calendar AS entry
                    JOIN statistics_releases AS first_release ON first_release.slug = entry.slug
                    WHERE entry.id = NEW.entry_id AND first_release.revision = 1
                      AND first_release.status IN ('published', 'superseded'))
"""
CANCELLED = """
    NEW.announcement = OLD.announcement + 1
    AND EXISTS (SELECT 1 FROM release_calendar_cancellations AS cancellation
                WHERE cancellation.entry_id = OLD.id
                  AND cancellation.announcement = OLD.announcement)
"""
RENUMBERED = "NEW.announcement <> OLD.announcement"
SAME_ANNOUNCEMENT = "NEW.announcement = OLD.announcement"


def upgrade():
    with op.batch_alter_table("release_calendar", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("announcement", sa.Integer(), server_default="1", nullable=False)
        )
    op.create_table(
        "release_calendar_cancellations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entry_id", sa.Integer(), nullable=False),
        sa.Column("announcement", sa.Integer(), nullable=False),
        sa.Column("release_date", sa.Date(), nullable=False),
        sa.Column("cancelled_by_id", sa.Integer(), nullable=False),
        sa.Column("cancelled_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.CheckConstraint(
            "length(trim(reason)) > 0",
            name=op.f("ck_release_calendar_cancellations_has_reason"),
        ),
        sa.ForeignKeyConstraint(
            ["cancelled_by_id"],
            ["users.id"],
            name=op.f("fk_release_calendar_cancellations_cancelled_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["entry_id"],
            ["release_calendar.id"],
            name=op.f("fk_release_calendar_cancellations_entry_id_release_calendar"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_release_calendar_cancellations")),
        sa.UniqueConstraint(
            "entry_id",
            "announcement",
            name=op.f("uq_release_calendar_cancellations_entry_id_announcement"),
        ),
    )
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_triggers()
    else:
        _sqlite_triggers()


def _postgresql_function(name: str, body: str) -> None:
    # search_path fixed at creation: a caller cannot swap in a table of its own.
    op.execute(f"""
        CREATE OR REPLACE FUNCTION {name}() RETURNS trigger AS $$
        BEGIN
            {body}
        END;
        $$ LANGUAGE plpgsql SET search_path FROM CURRENT
    """)


def _postgresql_date_rule(exception: bool) -> None:
    """0009's rule on moving a day, with or without the exception for announcing again."""
    unless = f"{SAME_ANNOUNCEMENT} AND " if exception else ""
    _postgresql_function(
        DATE_WITH_REASON,
        f"""IF {unless}NOT {RECORDED} THEN
                RAISE EXCEPTION '{DATE_MESSAGE}';
            END IF;
            RETURN NEW;""",
    )


def _postgresql_triggers():
    _postgresql_function(KEPT, f"RAISE EXCEPTION '{KEPT_MESSAGE}';")
    op.execute(f"""
        CREATE TRIGGER {KEPT} BEFORE UPDATE OR DELETE ON release_calendar_cancellations
        FOR EACH ROW EXECUTE FUNCTION {KEPT}()
    """)
    _postgresql_function(
        AS_ANNOUNCED,
        f"""IF NOT ({CURRENT}) THEN
                RAISE EXCEPTION '{AS_ANNOUNCED_MESSAGE}';
            END IF;
            RETURN NEW;""",
    )
    op.execute(f"""
        CREATE TRIGGER {AS_ANNOUNCED} BEFORE INSERT ON release_calendar_cancellations
        FOR EACH ROW EXECUTE FUNCTION {AS_ANNOUNCED}()
    """)
    _postgresql_function(
        AGAIN,
        f"""IF NOT ({CANCELLED}) THEN
                RAISE EXCEPTION '{AGAIN_MESSAGE}';
            END IF;
            RETURN NEW;""",
    )
    op.execute(f"""
        CREATE TRIGGER {AGAIN} BEFORE UPDATE ON release_calendar
        FOR EACH ROW WHEN ({RENUMBERED}) EXECUTE FUNCTION {AGAIN}()
    """)
    _postgresql_date_rule(exception=True)


def _sqlite_date_rule(exception: bool) -> None:
    unless = f"AND {SAME_ANNOUNCEMENT} " if exception else ""
    op.execute(f"DROP TRIGGER IF EXISTS {DATE_WITH_REASON}")
    op.execute(f"""
        CREATE TRIGGER {DATE_WITH_REASON} BEFORE UPDATE ON release_calendar
        WHEN {MOVED} {unless}AND NOT {RECORDED}
        BEGIN SELECT RAISE(ABORT, '{DATE_MESSAGE}'); END
    """)


def _sqlite_triggers():
    op.execute(f"""
        CREATE TRIGGER {KEPT} BEFORE UPDATE ON release_calendar_cancellations
        BEGIN SELECT RAISE(ABORT, '{KEPT_MESSAGE}'); END
    """)
    op.execute(f"""
        CREATE TRIGGER {KEPT_DELETE} BEFORE DELETE ON release_calendar_cancellations
        BEGIN SELECT RAISE(ABORT, '{KEPT_MESSAGE}'); END
    """)
    op.execute(f"""
        CREATE TRIGGER {AS_ANNOUNCED} BEFORE INSERT ON release_calendar_cancellations
        WHEN NOT ({CURRENT})
        BEGIN SELECT RAISE(ABORT, '{AS_ANNOUNCED_MESSAGE}'); END
    """)
    op.execute(f"""
        CREATE TRIGGER {AGAIN} BEFORE UPDATE ON release_calendar
        WHEN {RENUMBERED} AND NOT ({CANCELLED})
        BEGIN SELECT RAISE(ABORT, '{AGAIN_MESSAGE}'); END
    """)
    _sqlite_date_rule(exception=True)


def downgrade():
    postgresql = op.get_bind().dialect.name == "postgresql"
    if postgresql:
        op.execute(f"DROP TRIGGER IF EXISTS {AGAIN} ON release_calendar")
        op.execute(f"DROP TRIGGER IF EXISTS {KEPT} ON release_calendar_cancellations")
        op.execute(f"DROP TRIGGER IF EXISTS {AS_ANNOUNCED} ON release_calendar_cancellations")
        for name in (AGAIN, KEPT, AS_ANNOUNCED):
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
        _postgresql_date_rule(exception=False)
    else:
        for name in (AGAIN, KEPT, KEPT_DELETE, AS_ANNOUNCED, DATE_WITH_REASON):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table("release_calendar_cancellations")
    with op.batch_alter_table("release_calendar", schema=None) as batch_op:
        batch_op.drop_column("announcement")
    if not postgresql:
        # After the table is rebuilt without the column: 0009's rule as it was.
        _sqlite_date_rule(exception=False)
