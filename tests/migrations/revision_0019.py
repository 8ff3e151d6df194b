"""Revision 0019: message templates, their versions, and the version each message used.

Going up, every earlier row stays as it was: complainants are written to in one language
(both_languages false) and the messages already sent name no template version. Then a
template with two versions, a complainant who asked for both languages and a message
written from both languages' versions are kept; a second version 1 of the same template,
a version 0 and a second row for the same key and language are refused. Going down, the
tables and columns go."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from tests.migrations import revision_0001, revision_0018
from tests.migrations.harness import Rows, read
from tests.migrations.revision_0008 import refused
from tests.migrations.revision_0009 import load_rows

AT = revision_0001.AT
NEW_TABLES = frozenset({"message_templates", "message_template_versions"})


def rows(connection: sa.Connection) -> Rows:
    rows = revision_0018.rows(connection)
    rows["complainants"] = [{**person, "both_languages": True} for person in rows["complainants"]]
    rows["message_templates"] = [
        {"id": 1, "key": "acknowledgement", "language": "cy", "created_at": AT},
        {"id": 2, "key": "acknowledgement", "language": "en", "created_at": AT},
    ]
    rows["message_template_versions"] = [
        {
            "id": 1,
            "template_id": 1,
            "version": 1,
            "subject": "Mae eich cwyn ((reference)) wedi dod i law",
            "body": "Diolch.",
            "created_by_id": None,
            "created_at": AT,
        },
        {
            "id": 2,
            "template_id": 2,
            "version": 1,
            "subject": "We have received your complaint ((reference))",
            "body": "Thank you.",
            "created_by_id": None,
            "created_at": AT,
        },
        {
            "id": 3,
            "template_id": 2,
            "version": 2,
            "subject": "Your complaint ((reference)) has reached us",
            "body": "Thank you for telling us.",
            "created_by_id": 1,
            "created_at": AT + timedelta(days=2),
        },
    ]
    rows["outbox_messages"] = [
        {**message, "template_version_id": 1, "second_template_version_id": 3}
        for message in rows["outbox_messages"]
    ]
    return rows


def load(connection: sa.Connection) -> Rows:
    return load_rows(connection, rows(connection))


CHANGED_BY_UPGRADE: frozenset[tuple[str, str]] = frozenset()
CHANGED_BY_DOWNGRADE: frozenset[tuple[str, str]] = frozenset()
DROPPED_BY_DOWNGRADE = NEW_TABLES


def check_upgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert set(sa.inspect(connection).get_table_names()) >= NEW_TABLES
    assert {bool(p["both_languages"]) for p in read(connection, "complainants")} == {False}
    messages = read(connection, "outbox_messages")
    assert {(m["template_version_id"], m["second_template_version_id"]) for m in messages} == {
        (None, None)
    }
    template = (
        "INSERT INTO message_templates (id, key, language, created_at)"
        " VALUES ({id}, 'withdrawal', '{language}', '2026-03-10 09:30:00')"
    )
    assert refused(connection, template.format(id=3, language="fr"))
    with connection.engine.begin() as other:
        other.execute(sa.text(template.format(id=1, language="en")))
    assert refused(connection, template.format(id=2, language="en"))
    assert not refused(connection, template.format(id=2, language="cy"))
    version = (
        "INSERT INTO message_template_versions"
        " (id, template_id, version, subject, body, created_at)"
        " VALUES ({id}, 1, {version}, 'Subject', 'Body', '2026-03-10 09:30:00')"
    )
    with connection.engine.begin() as other:
        other.execute(sa.text(version.format(id=1, version=1)))
    assert refused(connection, version.format(id=2, version=1))
    assert refused(connection, version.format(id=3, version=0))
    assert not refused(connection, version.format(id=4, version=2))


def check_downgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert not NEW_TABLES & set(sa.inspect(connection).get_table_names())
    assert "both_languages" not in read(connection, "complainants")[0]
    assert "template_version_id" not in read(connection, "outbox_messages")[0]
