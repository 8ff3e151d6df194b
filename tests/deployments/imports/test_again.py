"""Importing again: the same file changes nothing, a corrected file corrects the records
and keeps their history, a record changed meanwhile stops the import; dry runs, the
report and the audit event.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.complaints.enums import Technology
from oversight.deployments.imports import importer
from oversight.deployments.imports.importer import import_file
from oversight.deployments.records import snapshot
from oversight.deployments.records.enums import Via
from oversight.deployments.records.kinds import DEPLOYMENTS
from oversight.deployments.records.models import (
    Deployment,
    DeploymentRevision,
    UsageReturn,
    UsageReturnRevision,
)
from tests.deployments.imports.files import (
    MIXED,
    REFUSALS,
    SOUTH_WALES,
    SOUTH_WALES_CORRECTED,
    USAGE,
    count,
    deployments,
    imported,
)
from tests.factories import make_deployment

# Importing again -----------------------------------------------------------------------


def test_importing_the_same_file_twice_changes_nothing(db):
    imported(db, SOUTH_WALES)
    before = [(d.id, d.version, d.updated_at) for d in deployments(db)]
    again = imported(db, SOUTH_WALES)
    assert (again.created, again.corrected, again.unchanged, again.refused) == (0, 0, 3, 0)
    assert [(d.id, d.version, d.updated_at) for d in deployments(db)] == before
    assert count(db, Deployment) == 3
    assert count(db, DeploymentRevision) == 3


def test_a_corrected_file_corrects_the_record_and_keeps_its_history(db):
    imported(db, SOUTH_WALES)
    report = imported(db, SOUTH_WALES_CORRECTED, actor="user:7")
    assert (report.created, report.corrected, report.unchanged) == (0, 1, 2)
    (change,) = report.kept("corrected")
    assert (change.line, change.force, change.what) == (3, "south-wales", "Queen Street")
    assert change.fields == ("Faces seen", "Arrests")
    queen_street = deployments(db)[1]
    assert (queen_street.faces_seen, queen_street.arrests) == (12045, 2)
    assert (queen_street.version, queen_street.updated_by) == (2, "user:7")
    first, second = queen_street.revisions
    assert (first.version, first.data["faces_seen"], first.data["arrests"]) == (1, 11540, 1)
    assert (second.version, second.via, second.changed_by) == (2, Via.IMPORT, "user:7")
    assert second.data == snapshot(queen_street, DEPLOYMENTS.fields)
    assert [d.version for d in deployments(db)] == [1, 2, 1]


def test_a_record_added_by_hand_is_corrected_by_a_file_with_its_key(db):
    record = make_deployment(
        force="south-wales", force_reference="SWP-2025-042", faces_seen="10", arrests="0"
    )
    db.session.commit()
    report = imported(db, SOUTH_WALES)
    assert (report.created, report.corrected) == (2, 1)
    db.session.refresh(record)
    assert (record.version, record.faces_seen, record.location_name) == (2, 11540, "Queen Street")
    assert [revision.via for revision in record.revisions] == [Via.FORM, Via.IMPORT]


def test_a_record_changed_while_the_file_imports_stops_the_whole_import(db, monkeypatch):
    imported(db, SOUTH_WALES)
    load_keys = importer._Import._load_keys

    def seen_before_someone_else_corrected_it(self: Any, force_id: int) -> Any:
        return {
            key: (id_, version - 1) for key, (id_, version) in load_keys(self, force_id).items()
        }

    monkeypatch.setattr(importer._Import, "_load_keys", seen_before_someone_else_corrected_it)
    with pytest.raises(importer.ImportConflict):
        import_file(SOUTH_WALES_CORRECTED, actor="cli")
    db.session.rollback()
    assert [d.version for d in deployments(db)] == [1, 1, 1]
    assert count(db, DeploymentRevision) == 3


def test_a_record_added_elsewhere_while_the_file_imports_stops_the_whole_import(db, monkeypatch):
    imported(db, SOUTH_WALES)
    monkeypatch.setattr(importer._Import, "_load_keys", lambda self, force_id: {})
    with pytest.raises(importer.ImportConflict):
        import_file(SOUTH_WALES_CORRECTED, actor="cli")
    db.session.rollback()
    assert count(db, Deployment) == 3
    assert count(db, DeploymentRevision) == 3


def test_a_dry_run_reports_what_would_change_and_writes_nothing(db):
    imported(db, SOUTH_WALES)
    events = count(db, AuditEvent)
    report = imported(db, SOUTH_WALES_CORRECTED, dry_run=True)
    assert report.dry_run
    assert (report.created, report.corrected, report.unchanged) == (0, 1, 2)
    assert report.kept("corrected")[0].fields == ("Faces seen", "Arrests")
    assert [d.version for d in deployments(db)] == [1, 1, 1]
    assert count(db, DeploymentRevision) == 3
    assert count(db, AuditEvent) == events

    fresh = imported(db, MIXED, dry_run=True)
    assert (fresh.created, fresh.refused) == (4, 2)
    assert [item.line for item in fresh.kept("created")] == [2, 3, 6, 9]
    assert count(db, Deployment) == 3


def test_the_report_describes_the_first_records_of_each_change_and_counts_them_all(db, monkeypatch):
    imported(db, SOUTH_WALES)
    monkeypatch.setattr(importer, "CHANGES_KEPT", 2)
    source = SOUTH_WALES_CORRECTED.read_bytes() + b"".join(
        f"South Wales Police,SWP-X-{n},2025-10-0{n},10:00,12:00,Cardiff\r\n".encode()
        for n in range(1, 5)
    )
    report = imported(db, source, dry_run=True)
    assert (report.created, report.corrected) == (4, 1)
    assert [item.line for item in report.kept("created")] == [5, 6]
    assert [item.line for item in report.kept("corrected")] == [3]


def test_one_audit_event_records_each_import(db):
    report = imported(db, REFUSALS)
    imported(db, REFUSALS)
    events = list(db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq)))
    assert [event.action for event in events] == ["deployments.imported"] * 2
    first, second = events
    assert first.actor == "cli"
    assert first.details == {
        "kind": "deployments",
        "file_sha256": report.file_sha256,
        "rows": 9,
        "created": 2,
        "corrected": 0,
        "unchanged": 0,
        "refused": 7,
    }
    assert (second.details["created"], second.details["unchanged"]) == (0, 2)
    assert re.fullmatch(r"[0-9a-f]{64}", report.file_sha256)


def test_usage_returns_import_through_the_same_path(db):
    report = imported(db, USAGE, kind="usage_returns")
    assert (report.created, report.refused) == (2, 0)
    returns = list(db.session.scalars(sa.select(UsageReturn).order_by(UsageReturn.technology)))
    assert [(r.technology, r.searches, r.possible_matches) for r in returns] == [
        (Technology.OIFR, 212, 35),
        (Technology.RFR, 1420, 310),
    ]
    assert returns[0].force.slug == "leicestershire"
    assert imported(db, USAGE, kind="usage_returns").unchanged == 2
    corrected = USAGE.read_bytes().replace(b'"1,420",310', b'"1,425",310')
    report = imported(db, corrected, kind="usage_returns")
    assert (report.corrected, report.kept("corrected")[0].fields) == (1, ("Searches",))
    db.session.refresh(returns[1])
    assert (returns[1].version, returns[1].searches) == (2, 1425)
    assert count(db, UsageReturnRevision) == 3
