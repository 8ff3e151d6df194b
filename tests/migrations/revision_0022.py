"""Revision 0022: message template versions are kept as they were. Triggers refuse
UPDATE and DELETE on message_template_versions; going down, they go and the rows stay."""

from __future__ import annotations

import sqlalchemy as sa

from tests.migrations import revision_0021
from tests.migrations.harness import Rows, read
from tests.migrations.revision_0008 import refused

CHANGE = "UPDATE message_template_versions SET body = 'Something else'"
DELETE = "DELETE FROM message_template_versions"


def rows(connection: sa.Connection) -> Rows:
    return revision_0021.rows(connection)


def load(connection: sa.Connection) -> Rows:
    return revision_0021.load(connection)


CHANGED_BY_UPGRADE: frozenset[tuple[str, str]] = frozenset()
CHANGED_BY_DOWNGRADE: frozenset[tuple[str, str]] = frozenset()
DROPPED_BY_DOWNGRADE: frozenset[str] = frozenset()


def check_upgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert read(connection, "message_template_versions")
    assert refused(connection, CHANGE)
    assert refused(connection, DELETE)


def check_downgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert read(connection, "message_template_versions")
    assert not refused(connection, CHANGE)
