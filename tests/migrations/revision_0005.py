"""Revision 0005: statistics releases, kept final once published by a trigger, and the
working-day calendar. New tables only."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from tests.migrations import revision_0001, revision_0002, revision_0004
from tests.migrations.harness import Row, Rows, insert

AT = revision_0001.AT
NEW_TABLES = frozenset({"statistics_releases", "working_days"})
TRIGGER = "statistics_release_is_final"


def release(id_: int, slug: str, revision: int, status: str) -> Row:
    public = status in ("published", "superseded")
    return {
        "id": id_,
        "slug": slug,
        "revision": revision,
        "period_kind": "quarter",
        "period_start": date(2026, 1, 1) if slug == "2026-q1" else date(2026, 4, 1),
        "period_end": date(2026, 3, 31) if slug == "2026-q1" else date(2026, 6, 30),
        "status": status,
        "content": {"received": {"total": 3 + revision}, "suppressed": ["by_force"]},
        "content_sha256": f"{id_}" * 64,
        "computed_at": AT + timedelta(days=30 + id_),
        "prepared_by_id": 1,
        "prepared_at": AT + timedelta(days=30 + id_),
        "approved_by_id": 2 if status != "draft" else None,
        "approved_at": AT + timedelta(days=31 + id_) if status != "draft" else None,
        "publish_at": AT + timedelta(days=32 + id_) if status != "draft" else None,
        "published_at": AT + timedelta(days=32 + id_) if public else None,
        "superseded_at": AT + timedelta(days=40) if status == "superseded" else None,
        "revision_note": "Two closures were recorded late." if revision > 1 else None,
        "version": 2 if status == "superseded" else 1,
    }


def rows(connection: sa.Connection) -> Rows:
    rows = revision_0004.rows(connection)
    rows["statistics_releases"] = [
        release(1, "2026-q1", 1, "superseded"),
        release(2, "2026-q1", 2, "published"),
        release(3, "2026-q2", 1, "draft"),
    ]
    rows["working_days"] = [
        {"day": date(2026, 3, 6), "number": 1, "working": True},
        {"day": date(2026, 3, 7), "number": 1, "working": False},
        {"day": date(2026, 3, 8), "number": 1, "working": False},
        {"day": date(2026, 3, 9), "number": 2, "working": True},
    ]
    return rows


def load(connection: sa.Connection) -> Rows:
    loaded = insert(connection, rows(connection))
    revision_0002.move_chain_head(connection, loaded["audit_events"])
    return loaded


def has_trigger(connection: sa.Connection) -> bool:
    if connection.dialect.name == "postgresql":
        sql = "SELECT 1 FROM pg_trigger WHERE tgname = :name"
    else:
        sql = "SELECT 1 FROM sqlite_master WHERE type = 'trigger' AND name = :name"
    return connection.scalar(sa.text(sql), {"name": TRIGGER}) is not None


def published_release_is_final(engine: sa.Engine) -> bool:
    """Whether the database refuses a change to the published release (id 2); a change
    it takes is rolled back."""
    with engine.connect() as connection:
        try:
            connection.execute(
                sa.text("UPDATE statistics_releases SET content_sha256 = :x WHERE id = 2"),
                {"x": "f" * 64},
            )
        except sa.exc.DatabaseError as refused:
            assert "never changes" in str(refused)
            return True
        finally:
            connection.rollback()
    return False


CHANGED_BY_UPGRADE: frozenset[tuple[str, str]] = frozenset()
CHANGED_BY_DOWNGRADE: frozenset[tuple[str, str]] = frozenset()
DROPPED_BY_DOWNGRADE = NEW_TABLES


def check_upgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert set(sa.inspect(connection).get_table_names()) >= NEW_TABLES
    assert has_trigger(connection)


def check_downgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert not NEW_TABLES & set(sa.inspect(connection).get_table_names())
    assert not has_trigger(connection)
