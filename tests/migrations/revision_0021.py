"""Revision 0021: post as a way to be contacted. complainants.preferred_contact gains
"post".

Going up, every complainant reads as before; going down, one who asked for post reads as
asking for email (or phone, with a number and no email), their address kept."""

from __future__ import annotations

import sqlalchemy as sa

from tests.migrations import revision_0009, revision_0020
from tests.migrations.harness import Rows, read
from tests.migrations.revision_0008 import refused

ADDRESS = "1 High Street\nCardiff\nCF10 1AA"


def rows(connection: sa.Connection) -> Rows:
    rows = revision_0020.rows(connection)
    for person in rows["complainants"]:
        person.update(preferred_contact="post", postal_address=ADDRESS)
    return rows


def load(connection: sa.Connection) -> Rows:
    return revision_0009.load_rows(connection, rows(connection))


CHANGED_BY_UPGRADE: frozenset[tuple[str, str]] = frozenset()
CHANGED_BY_DOWNGRADE = frozenset({("complainants", "preferred_contact")})
DROPPED_BY_DOWNGRADE: frozenset[str] = frozenset()

BY_POST = "UPDATE complainants SET preferred_contact = 'post'"
BY_PIGEON = "UPDATE complainants SET preferred_contact = 'pigeon'"


def check_upgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert read(connection, "complainants")
    assert not refused(connection, BY_POST)
    assert refused(connection, BY_PIGEON)


def check_downgrade(connection: sa.Connection, loaded: Rows) -> None:
    people = read(connection, "complainants")
    assert people
    for person in people:
        assert person["preferred_contact"] == (
            "phone" if not person["email"] and person["phone"] else "email"
        )
        assert person["postal_address"] == ADDRESS
    assert refused(connection, BY_POST)
