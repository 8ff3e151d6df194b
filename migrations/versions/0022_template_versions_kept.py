"""A message template version never changes and is never deleted: a message records
the version it was written from, so the words it names must stay as they were.

Triggers refuse UPDATE and DELETE on message_template_versions, on PostgreSQL and
SQLite alike (the app's own refusal is models.py's before_update; this holds for every
path, a console's included). `flask audit grant-app-role` grants the app's role only
SELECT and INSERT on the table.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-08 00:50:00.000000

"""

from alembic import op

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

TABLE = "message_template_versions"
CHANGED = "message_template_version_never_changed"
DELETED = "message_template_version_never_deleted"
MESSAGE = "A message template version is kept as it was: save a new version instead"


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        # search_path fixed at creation: a caller cannot swap in a function of its own.
        op.execute(f"""
            CREATE OR REPLACE FUNCTION {CHANGED}() RETURNS trigger AS $$
            BEGIN
                RAISE EXCEPTION '{MESSAGE}';
            END;
            $$ LANGUAGE plpgsql SET search_path FROM CURRENT
        """)
        for name, event in ((CHANGED, "UPDATE"), (DELETED, "DELETE")):
            op.execute(f"""
                CREATE TRIGGER {name} BEFORE {event} ON {TABLE}
                FOR EACH ROW EXECUTE FUNCTION {CHANGED}()
            """)
        return
    for name, event in ((CHANGED, "UPDATE"), (DELETED, "DELETE")):
        op.execute(f"""
            CREATE TRIGGER {name} BEFORE {event} ON {TABLE}
            BEGIN SELECT RAISE(ABORT, '{MESSAGE}'); END
        """)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for name in (CHANGED, DELETED):
        op.execute(f"DROP TRIGGER IF EXISTS {name}" + (f" ON {TABLE}" if postgresql else ""))
    if postgresql:
        op.execute(f"DROP FUNCTION IF EXISTS {CHANGED}()")
