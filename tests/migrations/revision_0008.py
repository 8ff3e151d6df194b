"""Revision 0008: the audit chain keyed from here on, and published releases that the
database keeps from deletion and from a forged supersession.

Going up, the chain head records that the events already there (4) keep their plain
links: the keyed chain begins at event 5. Going down drops the column and the triggers
(and is refused once events were recorded under the key: tests/audit)."""

from __future__ import annotations

import sqlalchemy as sa

from tests.migrations import revision_0002, revision_0007
from tests.migrations.harness import Rows, insert, read

TRIGGERS = ("statistics_release_never_deleted", "statistics_release_superseded_by_revision")
HEAD = sa.table("audit_chain_head", sa.column("id"), sa.column("keyed_from_seq"))


def rows(connection: sa.Connection) -> Rows:
    return revision_0007.rows(connection)


def load(connection: sa.Connection) -> Rows:
    loaded = insert(connection, rows(connection))
    revision_0002.move_chain_head(connection, loaded["audit_events"])
    # As the upgrade would have found them: recorded before the key.
    last = max(event["seq"] for event in loaded["audit_events"])
    connection.execute(HEAD.update().values(keyed_from_seq=last + 1))
    return loaded


CHANGED_BY_UPGRADE: frozenset[tuple[str, str]] = frozenset()
CHANGED_BY_DOWNGRADE: frozenset[tuple[str, str]] = frozenset()
DROPPED_BY_DOWNGRADE: frozenset[str] = frozenset()


def triggers(connection: sa.Connection) -> set[str]:
    if connection.dialect.name == "postgresql":
        sql = "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal"
    else:
        sql = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    return set(connection.scalars(sa.text(sql)))


def refused(connection: sa.Connection, sql: str) -> bool:
    """Whether the database refuses the statement; one it takes is rolled back."""
    with connection.engine.connect() as other:
        try:
            with other.begin():
                other.execute(sa.text(sql))
                raise _TookIt
        except sa.exc.DBAPIError:
            return True
        except _TookIt:
            return False


class _TookIt(Exception):
    pass


def check_upgrade(connection: sa.Connection, loaded: Rows) -> None:
    (head,) = read(connection, "audit_chain_head")
    assert (head["seq"], head["keyed_from_seq"]) == (4, 5)
    assert set(TRIGGERS) <= triggers(connection)
    # Release 2 is published (revision 2 of 2026-q1), release 3 a draft.
    assert refused(connection, "DELETE FROM statistics_releases WHERE id = 2")
    assert refused(
        connection,
        "UPDATE statistics_releases SET status = 'superseded', superseded_at = prepared_at"
        " WHERE id = 2",
    )
    assert not refused(connection, "DELETE FROM statistics_releases WHERE id = 3")


def check_downgrade(connection: sa.Connection, loaded: Rows) -> None:
    columns = {c["name"] for c in sa.inspect(connection).get_columns("audit_chain_head")}
    assert "keyed_from_seq" not in columns
    assert not set(TRIGGERS) & triggers(connection)
    assert not refused(connection, "DELETE FROM statistics_releases WHERE id = 2")
