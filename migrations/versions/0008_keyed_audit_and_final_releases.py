"""A keyed audit chain, and published statistics releases that cannot be removed or
passed off as superseded.

- audit_chain_head.keyed_from_seq: the first event chained under the audit key (HMAC,
  oversight.audit.chain). The migration cannot know the key, so the events already
  recorded keep their plain SHA-256 links and the keyed chain begins after them.
- statistics_releases, on SQLite and PostgreSQL alike:
  statistics_release_never_deleted refuses to DELETE a published or superseded release;
  statistics_release_superseded_by_revision refuses to mark a published release
  superseded unless a later revision of the same period is published, with
  superseded_at equal to that revision's published_at (publishing a revision publishes
  the new one first, then marks the old one, in one transaction).

Going down refuses once events have been recorded under the key: revision 0007's code
would take their links for broken ones.

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-04 10:00:00.000000

"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None

NEVER_DELETED = "statistics_release_never_deleted"
SUPERSEDED_BY_REVISION = "statistics_release_superseded_by_revision"
DELETE_MESSAGE = "a published statistics release is never deleted; publish a revision to correct it"
SUPERSEDE_MESSAGE = (
    "a published statistics release never changes but to be marked superseded when a "
    "later revision is published, at the time that revision is published"
)
# A later revision of the same period, published at the time given as superseded_at.
LATER_REVISION_PUBLISHED = """
    EXISTS (SELECT 1 FROM statistics_releases AS later
            WHERE later.slug = OLD.slug AND later.revision > OLD.revision
              AND later.status = 'published' AND later.published_at = NEW.superseded_at)
"""
PUBLIC = "OLD.status IN ('published', 'superseded')"
SUPERSEDING = "OLD.status = 'published' AND NEW.status = 'superseded'"


def upgrade():
    with op.batch_alter_table("audit_chain_head", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("keyed_from_seq", sa.BigInteger(), server_default="1", nullable=False)
        )
    op.execute("UPDATE audit_chain_head SET keyed_from_seq = seq + 1")
    if op.get_bind().dialect.name == "postgresql":
        _postgresql_triggers()
    else:
        _sqlite_triggers()


def _postgresql_triggers():
    # search_path fixed at creation: a caller cannot swap in a table of its own.
    op.execute(f"""
        CREATE OR REPLACE FUNCTION {NEVER_DELETED}() RETURNS trigger AS $$
        BEGIN
            RAISE EXCEPTION '{DELETE_MESSAGE}';
        END;
        $$ LANGUAGE plpgsql SET search_path FROM CURRENT
    """)
    op.execute(f"""
        CREATE TRIGGER {NEVER_DELETED} BEFORE DELETE ON statistics_releases
        FOR EACH ROW WHEN ({PUBLIC}) EXECUTE FUNCTION {NEVER_DELETED}()
    """)
    op.execute(f"""
        CREATE OR REPLACE FUNCTION {SUPERSEDED_BY_REVISION}() RETURNS trigger AS $$
        BEGIN
            IF NOT {LATER_REVISION_PUBLISHED} THEN
                RAISE EXCEPTION '{SUPERSEDE_MESSAGE}';
            END IF;
            RETURN NEW;
        END;
        $$ LANGUAGE plpgsql SET search_path FROM CURRENT
    """)
    op.execute(f"""
        CREATE TRIGGER {SUPERSEDED_BY_REVISION} BEFORE UPDATE ON statistics_releases
        FOR EACH ROW WHEN ({SUPERSEDING}) EXECUTE FUNCTION {SUPERSEDED_BY_REVISION}()
    """)


def _sqlite_triggers():
    op.execute(f"""
        CREATE TRIGGER {NEVER_DELETED} BEFORE DELETE ON statistics_releases
        WHEN {PUBLIC}
        BEGIN SELECT RAISE(ABORT, '{DELETE_MESSAGE}'); END
    """)
    op.execute(f"""
        CREATE TRIGGER {SUPERSEDED_BY_REVISION} BEFORE UPDATE ON statistics_releases
        WHEN {SUPERSEDING} AND NOT {LATER_REVISION_PUBLISHED}
        BEGIN SELECT RAISE(ABORT, '{SUPERSEDE_MESSAGE}'); END
    """)


def downgrade():
    connection = op.get_bind()
    keyed = connection.scalar(
        sa.text("SELECT count(*) FROM audit_chain_head WHERE seq >= keyed_from_seq")
    )
    if keyed:
        raise RuntimeError(
            "Events have been recorded under the audit key since revision 0008; revision "
            "0007 cannot verify them, so the downgrade stops here. Restore a backup taken "
            "before upgrading instead."
        )
    postgresql = connection.dialect.name == "postgresql"
    for name in (NEVER_DELETED, SUPERSEDED_BY_REVISION):
        op.execute(
            f"DROP TRIGGER IF EXISTS {name}" + (" ON statistics_releases" if postgresql else "")
        )
        if postgresql:
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    with op.batch_alter_table("audit_chain_head", schema=None) as batch_op:
        batch_op.drop_column("keyed_from_seq")
