"""Revision 0004: deployment records and usage returns with their revisions, links from
complaints to deployments, and the forces' API tokens. New tables only."""

from __future__ import annotations

from datetime import date, time, timedelta

import sqlalchemy as sa

from tests.migrations import revision_0001, revision_0002, revision_0003
from tests.migrations.harness import Rows, insert

AT = revision_0001.AT
NEW_TABLES = frozenset(
    {
        "deployments",
        "deployment_revisions",
        "deployment_links",
        "usage_returns",
        "usage_return_revisions",
        "force_tokens",
    }
)


def rows(connection: sa.Connection) -> Rows:
    rows = revision_0003.rows(connection)
    force = revision_0001.force_id(connection)
    deployment = {
        "id": 1,
        "force_id": force,
        "technology": "lfr",
        "force_reference": "SWP-2026-014",
        "natural_key": "ref:swp-2026-014",
        "deployed_on": date(2026, 2, 1),
        "start_time": time(10, 0),
        "end_time": time(16, 30),
        "location_name": "Queen Street",
        "location_area": "Cardiff",
        "latitude": 51.4816,
        "longitude": -3.1791,
        "purpose": "Wanted persons",
        "authorising_rank": "Superintendent",
        "watchlist_size": 812,
        "watchlist_categories": "wanted; missing",
        "faces_seen": 20_400,
        "alerts": 4,
        "true_alerts": 3,
        "false_alerts": 1,
        "engagements": 3,
        "arrests": 1,
        "source": "published_record",
        "source_link": "https://example.police.uk/lfr/2026-014",
        "version": 2,
        "created_at": AT,
        "created_by": "user:1",
        "updated_at": AT + timedelta(days=1),
        "updated_by": "user:1",
    }
    usage = {
        "id": 1,
        "force_id": force,
        "technology": "rfr",
        "period_start": date(2026, 1, 1),
        "period_end": date(2026, 3, 31),
        "searches": 1_204,
        "possible_matches": 311,
        "source": "foi",
        "source_link": None,
        "version": 1,
        "created_at": AT,
        "created_by": "user:1",
        "updated_at": AT,
        "updated_by": "user:1",
    }
    rows["deployments"] = [deployment]
    rows["deployment_revisions"] = [
        {
            "id": version,
            "deployment_id": 1,
            "version": version,
            "data": {"alerts": 4, "arrests": version - 1},
            "via": "import" if version == 1 else "form",
            "note": None if version == 1 else "The force corrected the arrests.",
            "changed_by": "user:1",
            "changed_at": AT + timedelta(days=version - 1),
        }
        for version in (1, 2)
    ]
    rows["usage_returns"] = [usage]
    rows["usage_return_revisions"] = [
        {
            "id": 1,
            "usage_return_id": 1,
            "version": 1,
            "data": {"searches": 1_204},
            "via": "api",
            "note": None,
            "changed_by": "force:south-wales",
            "changed_at": AT,
        }
    ]
    rows["deployment_links"] = [
        {
            "id": 1,
            "complaint_id": 1,
            "deployment_id": 1,
            "state": "confirmed",
            "created_by": "public",
            "created_at": AT + timedelta(days=1),
            "decided_by": "user:1",
            "decided_at": AT + timedelta(days=2),
        }
    ]
    rows["force_tokens"] = [
        {
            "id": 1,
            "force_id": force,
            "name": "Records system",
            "prefix": "frt_AbCd",
            "token_hash": "c" * 64,
            "created_by": "user:2",
            "created_at": AT,
            "last_used_at": AT + timedelta(days=1),
            "revoked_by": None,
            "revoked_at": None,
        }
    ]
    return rows


def load(connection: sa.Connection) -> Rows:
    loaded = insert(connection, rows(connection))
    revision_0002.move_chain_head(connection, loaded["audit_events"])
    return loaded


CHANGED_BY_UPGRADE: frozenset[tuple[str, str]] = frozenset()
CHANGED_BY_DOWNGRADE: frozenset[tuple[str, str]] = frozenset()
DROPPED_BY_DOWNGRADE = NEW_TABLES


def check_upgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert set(sa.inspect(connection).get_table_names()) >= NEW_TABLES


def check_downgrade(connection: sa.Connection, loaded: Rows) -> None:
    assert not NEW_TABLES & set(sa.inspect(connection).get_table_names())
