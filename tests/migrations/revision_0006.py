"""Revision 0006: every enum column holds its list with a CHECK constraint, and the free
strings that held closed lists (closure reasons, referral bodies, languages, evidence
types, audit outcomes, the forces' nation and kind) become enum columns. The tables are
those of 0005; only constraints and lengths change."""

from __future__ import annotations

import sqlalchemy as sa

from tests.migrations import revision_0005
from tests.migrations.harness import Rows, read

# Every enum column at this revision, by table: each has a CHECK ck_<table>_<column>.
ENUM_COLUMNS = {
    "audit_events": ("outcome",),
    "forces": ("nation", "kind"),
    "user_roles": ("role",),
    "complaints": (
        "channel",
        "technology",
        "relation",
        "status",
        "priority",
        "referred_to",
        "closure_reason",
        "overall_outcome",
        "language",
    ),
    "complainants": ("preferred_contact", "preferred_language"),
    "complaint_concerns": ("concern",),
    "evidence": ("content_type",),
    "outbox_messages": ("kind", "language"),
    "timeline_entries": ("kind", "from_status", "to_status", "reason"),
    "case_findings": ("concern", "finding"),
    "recommendations": ("response",),
    "complaint_links": ("kind",),
    "deployments": ("technology", "source"),
    "deployment_revisions": ("via",),
    "usage_returns": ("technology", "source"),
    "usage_return_revisions": ("via",),
    "deployment_links": ("state",),
    "statistics_releases": ("period_kind", "status"),
}
# The free strings that became enum columns, with their lengths before (now all 40).
RETYPED = {
    ("audit_events", "outcome"): 20,
    ("forces", "kind"): 20,
    ("complaints", "language"): 8,
    ("complainants", "preferred_language"): 8,
    ("evidence", "content_type"): 100,
    ("outbox_messages", "language"): 8,
    ("timeline_entries", "reason"): 60,
    ("complaints", "referred_to"): 40,
    ("complaints", "closure_reason"): 40,
    ("forces", "nation"): 40,
}
# The CHECK constraints of earlier revisions, which the batch copies must keep.
EARLIER_CHECKS = {
    "deployments": {
        "ck_deployments_alerts_add_up",
        "ck_deployments_counts_not_negative",
        "ck_deployments_ends_after_start",
        "ck_deployments_latitude_range",
        "ck_deployments_longitude_range",
    },
    "usage_returns": {
        "ck_usage_returns_counts_not_negative",
        "ck_usage_returns_period_ends_after_start",
        "ck_usage_returns_technology_searched",
    },
    "statistics_releases": {
        "ck_statistics_releases_approved_before_publication",
        "ck_statistics_releases_four_eyes",
        "ck_statistics_releases_period_ends_after_start",
        "ck_statistics_releases_published_has_a_time",
        "ck_statistics_releases_revision_has_note",
        "ck_statistics_releases_revision_positive",
    },
}


def rows(connection: sa.Connection) -> Rows:
    return revision_0005.rows(connection)


def load(connection: sa.Connection) -> Rows:
    return revision_0005.load(connection)


def checks(connection: sa.Connection, table: str) -> set[str]:
    return {c["name"] for c in sa.inspect(connection).get_check_constraints(table)}


def length(connection: sa.Connection, table: str, column: str) -> int:
    (found,) = [c for c in sa.inspect(connection).get_columns(table) if c["name"] == column]
    return int(found["type"].length)


CHANGED_BY_UPGRADE: frozenset[tuple[str, str]] = frozenset()
CHANGED_BY_DOWNGRADE: frozenset[tuple[str, str]] = frozenset()
DROPPED_BY_DOWNGRADE: frozenset[str] = frozenset()


def check_upgrade(connection: sa.Connection, loaded: Rows) -> None:
    for table, columns in ENUM_COLUMNS.items():
        expected = {f"ck_{table}_{column}" for column in columns} | EARLIER_CHECKS.get(table, set())
        assert checks(connection, table) == expected, table
    assert {key: length(connection, *key) for key in RETYPED} == dict.fromkeys(RETYPED, 40)
    assert revision_0005.has_trigger(connection)
    assert revision_0005.published_release_is_final(connection.engine)
    (closed,) = [c for c in read(connection, "complaints") if c["status"] == "closed"]
    assert (closed["closure_reason"], closed["referred_to"]) == ("referred", "iopc")


def check_downgrade(connection: sa.Connection, loaded: Rows) -> None:
    for table in ENUM_COLUMNS:
        assert checks(connection, table) == EARLIER_CHECKS.get(table, set()), table
    assert {key: length(connection, *key) for key in RETYPED} == RETYPED
    assert revision_0005.has_trigger(connection)
    assert revision_0005.published_release_is_final(connection.engine)
