"""Importing deployment records from CSV files: the importer, the command and the page.

The files in tests/data/deployments/ are in the shapes forces publish: the Met's (no
force column, British dates, a BOM and CRLF from Excel), South Wales Police's (a force
and a reference in every row), a file with every kind of bad row, a mixed file, and one
saved in Windows-1252.
"""

from __future__ import annotations

import io
import re
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.complaints.enums import Technology
from oversight.deployments.imports import cli as deployments_cli
from oversight.deployments.imports import importer
from oversight.deployments.imports.importer import FileRefused, import_file
from oversight.deployments.records.enums import Via
from oversight.deployments.records.models import (
    Deployment,
    DeploymentRevision,
    UsageReturn,
    UsageReturnRevision,
)
from oversight.deployments.records.services import deployment_snapshot
from oversight.forces.models import force_by_slug
from tests.factories import make_deployment
from tests.helpers import csrf_token, login_as, post_page

DATA = Path(__file__).parent / "data" / "deployments"
MET = DATA / "met_lfr_2025.csv"
SOUTH_WALES = DATA / "south_wales_lfr.csv"
SOUTH_WALES_CORRECTED = DATA / "south_wales_lfr_corrected.csv"
REFUSALS = DATA / "refusals.csv"
MIXED = DATA / "mixed.csv"
WINDOWS = DATA / "windows_1252.csv"
USAGE = DATA / "usage_returns.csv"


def count(db: Any, model: Any) -> int:
    return int(db.session.scalar(sa.select(sa.func.count()).select_from(model)))


def deployments(db: Any) -> list[Deployment]:
    return list(db.session.scalars(sa.select(Deployment).order_by(Deployment.deployed_on)))


def imported(db: Any, source: Any, **options: Any) -> importer.ImportReport:
    """Import as the command does: one commit at the end (nothing for a dry run)."""
    report = import_file(source, actor=options.pop("actor", "cli"), **options)
    if report.dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    return report


def refused_lines(report: importer.ImportReport) -> dict[int, list[str]]:
    return {row.line: [p.message for p in row.problems] for row in report.refused_rows}


def csv_bytes(*lines: str) -> bytes:
    return ("\r\n".join(lines) + "\r\n").encode()


# Good files ---------------------------------------------------------------------------


def test_a_met_file_without_a_force_column_imports_for_the_force_given(db):
    report = imported(db, MET, defaults={"force": "metropolitan"})
    assert (report.rows, report.created, report.corrected, report.unchanged) == (5, 5, 0, 0)
    assert report.refused == 0
    assert report.ignored_columns == ["Notes"]
    oxford = deployments(db)[0]
    assert oxford.force.slug == "metropolitan"
    assert oxford.deployed_on == date(2025, 9, 28)
    assert oxford.location_name == "Oxford Street, junction with Regent Street"
    assert oxford.location_area == "Westminster"
    assert (oxford.start_time, oxford.end_time) == (time(11, 0), time(17, 30))
    assert (oxford.watchlist_size, oxford.faces_seen) == (16431, 41208)
    assert (oxford.alerts, oxford.true_alerts, oxford.false_alerts, oxford.arrests) == (4, 3, 1, 2)
    assert oxford.technology is Technology.LFR
    assert oxford.natural_key == "at:2025-09-28|11:00|oxford street junction with regent street"
    assert (oxford.version, oxford.created_by, oxford.updated_by) == (1, "cli", "cli")


def test_each_imported_record_has_a_first_revision_like_a_form_would_write(db):
    imported(db, SOUTH_WALES)
    for record in deployments(db):
        (revision,) = record.revisions
        assert (revision.version, revision.via, revision.changed_by) == (1, Via.IMPORT, "cli")
        assert revision.data == deployment_snapshot(record)


def test_a_south_wales_file_is_matched_on_the_force_reference(db):
    report = imported(db, SOUTH_WALES)
    assert (report.created, report.refused) == (3, 0)
    stadium = deployments(db)[0]
    assert stadium.force.slug == "south-wales"
    assert stadium.force_reference == "SWP-2025-041"
    assert stadium.natural_key == "ref:swp-2025-041"
    assert stadium.authorising_rank == "Superintendent"
    assert stadium.source_link == "https://www.south-wales.police.uk/lfr/2025-041"
    assert (stadium.watchlist_size, stadium.faces_seen, stadium.engagements) == (1203, 24310, 5)


def test_blank_and_not_known_cells_are_stored_as_not_known(db):
    imported(db, MET, defaults={"force": "metropolitan"})
    walthamstow, camden = deployments(db)[2:4]
    assert walthamstow.location_name == "Walthamstow Central"
    assert (walthamstow.true_alerts, walthamstow.false_alerts) == (None, None)
    assert walthamstow.alerts == 0
    assert camden.faces_seen is None


def test_thousands_separators_and_every_way_of_saying_not_known_are_read(db):
    source = csv_bytes(
        "Force,Date,Location,Faces Seen,Watchlist Size,Alerts,True Alerts,False Alerts,Arrests",
        'essex,01/08/2025,Chelmsford,"1,234,567",N/A,-,unknown,Not known,',
    )
    report = imported(db, source)
    assert report.created == 1, refused_lines(report)
    (record,) = deployments(db)
    assert record.faces_seen == 1_234_567
    assert (record.watchlist_size, record.alerts, record.true_alerts) == (None, None, None)
    assert (record.false_alerts, record.arrests) == (None, None)


def test_headings_are_matched_through_aliases_whatever_their_case_and_spacing(db):
    source = csv_bytes(
        " POLICE FORCE ,Deployment Date,  site ,TIME STARTED,finish_time,Number of Faces Seen,"
        "Total Alerts,True Positives,False Positives,Deployment ID,Officer in charge",
        "Essex Police,2025-08-01,Basildon Eastgate,09:30,15:45,987,2,1,1,ESX-7,Insp Smith",
    )
    report = imported(db, source)
    assert report.created == 1, refused_lines(report)
    assert report.ignored_columns == ["Officer in charge"]
    (record,) = deployments(db)
    assert record.force.slug == "essex"
    assert (record.location_name, record.force_reference) == ("Basildon Eastgate", "ESX-7")
    assert (record.start_time, record.end_time) == (time(9, 30), time(15, 45))
    assert (record.faces_seen, record.alerts, record.true_alerts, record.false_alerts) == (
        987,
        2,
        1,
        1,
    )


def test_a_byte_order_mark_and_crlf_line_ends_are_read(db):
    assert MET.read_bytes().startswith(b"\xef\xbb\xbf")
    assert b"\r\n" in MET.read_bytes()
    report = imported(db, MET.read_bytes(), defaults={"force": "metropolitan"})
    assert (report.created, report.refused) == (5, 0)


def test_a_file_saved_in_windows_1252_is_read(db):
    assert "’".encode("cp1252") in WINDOWS.read_bytes()
    report = imported(db, WINDOWS)
    assert report.created == 1, refused_lines(report)
    (record,) = deployments(db)
    assert record.location_name == "St Giles’ Street"
    assert record.purpose == "Wanted persons – £ fraud enquiry"
    assert record.faces_seen == 1204


# Bad rows -----------------------------------------------------------------------------


def test_every_kind_of_bad_row_is_refused_with_its_line_and_reason(db):
    report = imported(db, REFUSALS)
    assert refused_lines(report) == {
        3: ["Date must be a real date"],
        4: ["Faces seen cannot be less than 0"],
        5: ["True alerts and false alerts together cannot be more than alerts"],
        6: ["End time must be after the start time"],
        7: ["Force must be a police force the register knows, by name or code"],
        8: ["Enter the location"],
        9: ["Location must be 200 characters or fewer"],
    }
    assert (report.rows, report.created, report.refused) == (9, 2, 7)
    problems = {row.line: row.problems[0] for row in report.refused_rows}
    assert (problems[3].field, problems[3].label) == ("deployed_on", "Date")
    assert (problems[4].field, problems[4].label) == ("faces_seen", "Faces seen")
    assert (problems[7].field, problems[7].label) == ("force", "Force")
    assert [d.location_name for d in deployments(db)] == [
        "Chelmsford High Street",
        "Brentwood High Street",
    ]


def test_a_row_with_several_problems_lists_each_in_column_order(db):
    source = csv_bytes(
        "Force,Date,Location,Start Time,End Time,Alerts,True Alerts",
        "essex,yesterday,Harlow,25:00,10:00,1.5,3",
    )
    report = imported(db, source)
    assert refused_lines(report) == {
        2: [
            "Date must be a date like 28/09/2025 or 2025-09-28",
            "Start time must be a time like 09:30 or 17:45",
            "Alerts must be a whole number, like 1,250",
        ]
    }
    assert count(db, Deployment) == 0


def test_a_mixed_file_keeps_the_good_rows_and_reports_the_bad_by_line(db):
    report = imported(db, MIXED)
    # Line 3 starts a location quoted over two lines; line 7 is blank.
    assert refused_lines(report) == {
        5: ["Faces seen must be a whole number, like 1,250"],
        8: ["True alerts and false alerts together cannot be more than alerts"],
    }
    assert (report.rows, report.created, report.refused) == (6, 4, 2)
    places = [d.location_name for d in deployments(db)]
    assert places == [
        "Southampton, Above Bar Street",
        "Portsmouth Commercial Road",
        "Basingstoke Festival Place",
        "Fareham West Street",
    ]
    # Nothing half-written: a record and its first revision for each good row, no more.
    assert count(db, DeploymentRevision) == 4


def test_a_row_repeating_an_earlier_one_is_unchanged_if_the_same_and_refused_if_not(db):
    source = csv_bytes(
        "Force,Reference,Date,Location,Faces Seen",
        "essex,ESX-1,2025-08-01,Chelmsford,100",
        "essex,ESX-2,2025-08-02,Colchester,200",
        "Essex Police,ESX-1,01/08/2025,Chelmsford,100",
        "essex,ESX-1,2025-08-01,Chelmsford,150",
        "hampshire,ESX-1,2025-08-01,Southampton,100",
    )
    report = imported(db, source)
    assert (report.created, report.unchanged, report.refused) == (3, 1, 1)
    assert refused_lines(report) == {
        5: ["This row repeats line 2 (the same force and force reference) with different values"]
    }
    assert [d.faces_seen for d in deployments(db) if d.force_reference == "ESX-1"] == [100, 100]


def test_rows_are_matched_across_chunks_of_a_large_file(db, monkeypatch):
    monkeypatch.setattr(importer, "CHUNK_ROWS", 2)
    source = csv_bytes(
        "Force,Date,Location,Start Time,Faces Seen",
        *(f"essex,2025-08-0{day},Chelmsford,10:00,{day}00" for day in range(1, 8)),
        "essex,2025-08-01,Chelmsford,10:00,100",
        "essex,2025-08-02,chelmsford ,10:00,999",
    )
    report = imported(db, source)
    assert (report.created, report.unchanged, report.refused) == (7, 1, 1)
    assert list(refused_lines(report)) == [10]
    again = imported(db, source)
    assert (again.created, again.corrected, again.unchanged, again.refused) == (0, 0, 8, 1)


# Whole files refused -------------------------------------------------------------------


def test_a_file_without_a_needed_column_is_refused_whole_naming_it(db):
    with pytest.raises(FileRefused) as refused:
        import_file(csv_bytes("Force,Borough,Faces Seen", "essex,Basildon,100"), actor="cli")
    assert refused.value.message == "The file has no Date or Location column"
    assert refused.value.missing == ("deployed_on", "location_name")
    assert count(db, Deployment) == 0


def test_a_file_without_a_force_column_needs_a_force_given(db):
    with pytest.raises(FileRefused) as refused:
        import_file(MET, actor="cli")
    assert refused.value.message == "The file has no Force column"
    assert refused.value.missing == ("force",)


def test_a_file_whose_first_row_is_not_headings_is_refused(db):
    with pytest.raises(FileRefused) as refused:
        import_file(csv_bytes("essex,2025-08-01,Chelmsford"), actor="cli")
    assert "The first row of the file must hold the column headings" in refused.value.message


def test_a_file_with_two_columns_for_one_field_is_refused(db):
    with pytest.raises(FileRefused) as refused:
        import_file(csv_bytes("Force,Date,Deployment Date,Location"), actor="cli")
    assert refused.value.message == (
        "The file has two columns for Date (“Date” and “Deployment Date”): remove one of them"
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "The selected file is empty"),
        (b"\n\r\n  \n", "The selected file is empty"),
        (b"Force,Date,Location\r\n", "The file has no records below its header row"),
        (b"\x89PNG\r\n\x1a\n" + bytes(200), "The selected file must be a CSV"),
        (b"PK\x03\x04" + bytes(200), "The selected file must be a CSV"),
        (b"Force,Date\x00,Location\n", "The selected file must be a CSV"),
    ],
)
def test_a_file_that_is_not_a_csv_of_records_is_refused(db, content, message):
    with pytest.raises(FileRefused) as refused:
        import_file(content, actor="cli")
    assert refused.value.message == message


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
    assert second.data == deployment_snapshot(queen_street)
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


# The command ---------------------------------------------------------------------------


def test_the_command_imports_a_file_and_prints_the_summary_and_refused_rows(runner, db):
    result = runner.invoke(args=["deployments", "import", str(REFUSALS)])
    assert result.exit_code == 0, result.output
    assert "Imported refusals.csv." in result.output
    assert re.search(r"Created:\s+2\n", result.output)
    assert re.search(r"Refused:\s+7\n", result.output)
    assert "Line 3: Date must be a real date" in result.output
    assert "Line 9: Location must be 200 characters or fewer" in result.output
    assert count(db, Deployment) == 2
    assert db.session.scalar(sa.select(AuditEvent.actor)) == "cli"


def test_the_command_dry_run_reports_and_writes_nothing(runner, db):
    runner.invoke(args=["deployments", "import", str(SOUTH_WALES)])
    result = runner.invoke(args=["deployments", "import", str(SOUTH_WALES_CORRECTED), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "a dry run, so nothing was written" in result.output
    assert re.search(r"Would be corrected:\s+1\n", result.output)
    assert "Line 3 (south-wales, 13/09/2025, Queen Street): Faces seen, Arrests" in result.output
    assert [d.version for d in deployments(db)] == [1, 1, 1]


def test_the_command_takes_the_force_of_a_file_without_one(runner, db):
    refused = runner.invoke(args=["deployments", "import", str(MET)])
    assert refused.exit_code == 1
    assert "The file has no Force column" in refused.output
    assert "Give --force" in refused.output
    result = runner.invoke(
        args=["deployments", "import", str(MET), "--force", "Metropolitan Police Service"]
    )
    assert result.exit_code == 0, result.output
    assert "Columns ignored: Notes" in result.output
    assert {d.force.slug for d in deployments(db)} == {"metropolitan"}
    unknown = runner.invoke(args=["deployments", "import", str(MET), "--force", "Gotham"])
    assert unknown.exit_code == 2
    assert "no force 'Gotham'" in unknown.output


def test_the_command_shows_a_progress_bar_on_large_files(runner, db, monkeypatch):
    monkeypatch.setattr(deployments_cli, "PROGRESS_FROM", 3)
    result = runner.invoke(args=["deployments", "import", str(MIXED)])
    assert result.exit_code == 0, result.output
    assert "Reading rows" in result.output
    small = runner.invoke(args=["deployments", "import", str(USAGE), "--kind", "usage-returns"])
    assert "Reading rows" not in small.output


def test_the_command_prints_at_most_fifty_refused_rows(runner, db, tmp_path):
    path = tmp_path / "bad.csv"
    rows = [f"essex,2025-08-{day % 28 + 1:02d},Place {day},-{day}" for day in range(60)]
    path.write_bytes(csv_bytes("Force,Date,Location,Alerts", *rows))
    result = runner.invoke(args=["deployments", "import", str(path)])
    assert result.exit_code == 0, result.output
    assert result.output.count("cannot be less than 0") == 50
    assert "and 10 more refused rows" in result.output


def test_the_command_records_who_imported_with_as(runner, db, caseworker):
    result = runner.invoke(
        args=["deployments", "import", str(SOUTH_WALES), "--as", caseworker.email.upper()]
    )
    assert result.exit_code == 0, result.output
    assert {d.created_by for d in deployments(db)} == {f"user:{caseworker.id}"}
    nobody = runner.invoke(args=["deployments", "import", str(SOUTH_WALES), "--as", "x@y.z"])
    assert nobody.exit_code == 2


def test_the_command_refuses_a_file_that_is_not_a_csv(runner, db, tmp_path):
    path = tmp_path / "deployments.csv"
    path.write_bytes(b"%PDF-1.7\n" + bytes(100))
    result = runner.invoke(args=["deployments", "import", str(path)])
    assert result.exit_code == 1
    assert "deployments.csv was not imported: The selected file must be a CSV" in result.output


def test_the_command_imports_usage_returns(runner, db):
    result = runner.invoke(args=["deployments", "import", str(USAGE), "--kind", "usage-returns"])
    assert result.exit_code == 0, result.output
    assert count(db, UsageReturn) == 2
    assert db.session.scalar(sa.select(AuditEvent.details))["kind"] == "usage_returns"


def test_the_force_for_a_file_without_one_may_be_given_by_its_ons_code(db):
    imported(db, MET, defaults={"force": "W15000003"})
    assert {d.force_id for d in deployments(db)} == {force_by_slug("south-wales").id}


# The staff page ------------------------------------------------------------------------

PAGE = "/staff/imports"


@pytest.fixture
def storage(app, tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "imports"
    monkeypatch.setitem(app.config, "IMPORT_STORAGE_DIR", str(folder))
    return folder


def send_file(client, path_or_bytes: Path | bytes, name: str = "", force: str = "") -> Any:
    content = path_or_bytes if isinstance(path_or_bytes, bytes) else path_or_bytes.read_bytes()
    name = name or (path_or_bytes.name if isinstance(path_or_bytes, Path) else "records.csv")
    return post_page(
        client,
        PAGE,
        {"file": (io.BytesIO(content), name), "force": force},
        content_type="multipart/form-data",
    )


def import_checked(client, check_page: Any) -> Any:
    html = check_page.get_data(as_text=True)
    checked = re.search(r'name="checked" type="hidden" value="([0-9a-f]{64})"', html)
    assert checked, "the check page has no import button"
    return client.post(
        f"{PAGE}/import", data={"csrf_token": csrf_token(html), "checked": checked.group(1)}
    )


def test_a_caseworker_checks_a_file_then_imports_it(client, db, caseworker, storage):
    login_as(client, caseworker)
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "Import deployment records" in page.get_data(as_text=True)

    check = send_file(client, MIXED)
    html = check.get_data(as_text=True)
    assert check.status_code == 200
    assert "Check the file before importing" in html
    assert "2 rows will not be imported" in html
    assert re.search(r">\s*5\s*</th>\s*<td[^>]*>\s*<ul[^>]*>\s*<li>Faces seen must be", html)
    assert "True alerts and false alerts together cannot be more than alerts" in html
    assert "Records that would be added" in html
    assert "Basingstoke Festival Place" in html
    assert "Import 4 records" in html
    assert count(db, Deployment) == 0
    assert count(db, AuditEvent) == 0
    (waiting,) = storage.iterdir()
    assert waiting.stat().st_mode & 0o777 == 0o600
    with client.session_transaction() as session:
        assert session["deployment_import"]["token"] == waiting.stem
        assert "Portsmouth" not in str(session)

    result = import_checked(client, check)
    html = result.get_data(as_text=True)
    assert result.status_code == 200
    assert "File imported" in html
    assert "4 added, 0 corrected" in html
    assert "2 rows were not imported" in html
    assert count(db, Deployment) == 4
    assert {d.created_by for d in deployments(db)} == {f"user:{caseworker.id}"}
    event = db.session.scalar(sa.select(AuditEvent))
    assert (event.action, event.actor, event.details["created"]) == (
        "deployments.imported",
        f"user:{caseworker.id}",
        4,
    )
    assert list(storage.iterdir()) == []
    with client.session_transaction() as session:
        assert "deployment_import" not in session

    again = import_checked(client, check)
    assert again.status_code == 302
    assert count(db, Deployment) == 4


def test_the_check_page_lists_corrections_and_what_changes(client, db, caseworker, storage):
    imported(db, SOUTH_WALES)
    login_as(client, caseworker)
    html = send_file(client, SOUTH_WALES_CORRECTED).get_data(as_text=True)
    assert "Records that would be corrected" in html
    assert "Faces seen, Arrests" in html
    assert "Import 1 record" in html
    assert import_checked(client, send_file(client, SOUTH_WALES_CORRECTED)).status_code == 200
    assert [d.version for d in deployments(db)] == [1, 2, 1]


def test_a_file_that_would_change_nothing_has_no_import_button(client, db, caseworker, storage):
    imported(db, SOUTH_WALES)
    login_as(client, caseworker)
    html = send_file(client, SOUTH_WALES).get_data(as_text=True)
    assert "Importing this file would not change the register" in html
    assert 'name="checked"' not in html


def test_the_force_chosen_on_the_page_is_the_force_of_a_file_without_one(
    client, db, senior_caseworker, storage
):
    login_as(client, senior_caseworker)
    check = send_file(client, MET, force="metropolitan")
    assert "These columns were ignored: Notes" in check.get_data(as_text=True)
    assert import_checked(client, check).status_code == 200
    assert {d.force.slug for d in deployments(db)} == {"metropolitan"}


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (None, "", "Select a CSV file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(100), "photo.csv", "The selected file must be a CSV"),
        (b"Force,Date,Location\r\nessex,2025-08-01,Basildon\r\n", "records.xlsx", "must be a CSV"),
        (b"", "records.csv", "The selected file is empty"),
        (
            b"Force,Borough\r\nessex,Basildon\r\n",
            "r.csv",
            "The file has no Date or Location column",
        ),
        (
            MET.read_bytes(),
            "met.csv",
            "The file has no Force column: choose the force below if every record in the file is for one force",
        ),
    ],
)
def test_a_file_the_page_cannot_use_is_refused_with_a_message(
    client, db, caseworker, storage, content, name, message
):
    login_as(client, caseworker)
    data: dict[str, Any] = {"force": ""}
    if content is not None:
        data["file"] = (io.BytesIO(content), name)
    response = post_page(client, PAGE, data, content_type="multipart/form-data")
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in html
    assert message in html
    assert 'href="#file"' in html
    assert not storage.exists() or list(storage.iterdir()) == []


def test_a_file_over_the_size_limit_is_refused(client, db, app, caseworker, storage, monkeypatch):
    monkeypatch.setitem(app.config, "IMPORT_MAX_BYTES", 1024 * 1024)
    login_as(client, caseworker)
    big = MIXED.read_bytes() + b"x" * (1024 * 1024)
    response = send_file(client, big)
    assert response.status_code == 400
    assert "The selected file must be smaller than 1 MB" in response.get_data(as_text=True)
    assert list(storage.iterdir()) == []


def test_importing_with_nothing_checked_goes_back_to_the_upload_page(client, db, caseworker):
    login_as(client, caseworker)
    page = client.get(PAGE).get_data(as_text=True)
    response = client.post(
        f"{PAGE}/import", data={"csrf_token": csrf_token(page), "checked": "0" * 64}
    )
    assert response.status_code == 302
    assert response.headers["Location"] == PAGE
    followed = client.get(PAGE).get_data(as_text=True)
    assert "no longer waiting to be imported" in followed


def test_a_file_checked_in_another_tab_since_is_not_imported_by_mistake(
    client, db, caseworker, storage
):
    login_as(client, caseworker)
    first = send_file(client, SOUTH_WALES)
    send_file(client, MIXED)
    assert len(list(storage.iterdir())) == 1
    response = import_checked(client, first)
    assert response.status_code == 302
    assert "You have checked another file since" in client.get(PAGE).get_data(as_text=True)
    assert count(db, Deployment) == 0


def test_the_import_needs_the_csrf_token(client, db, caseworker, storage):
    login_as(client, caseworker)
    check = send_file(client, MIXED).get_data(as_text=True)
    sha = re.search(r'name="checked" type="hidden" value="([0-9a-f]{64})"', check).group(1)
    assert client.post(f"{PAGE}/import", data={"checked": sha}).status_code == 400
    upload = client.post(
        PAGE,
        data={"file": (io.BytesIO(MIXED.read_bytes()), "m.csv")},
        content_type="multipart/form-data",
    )
    assert upload.status_code == 400
    assert count(db, Deployment) == 0


@pytest.mark.parametrize("role", ["caseworker", "senior_caseworker", "administrator"])
def test_staff_who_keep_the_register_may_open_the_import_page(client, request, role):
    login_as(client, request.getfixturevalue(role))
    assert client.get(PAGE).status_code == 200


@pytest.mark.parametrize("role", ["statistician", "publisher"])
def test_a_statistician_or_publisher_cannot_import(client, db, request, role, storage):
    login_as(client, request.getfixturevalue(role))
    assert client.get(PAGE).status_code == 403
    response = client.post(
        PAGE,
        data={"file": (io.BytesIO(MIXED.read_bytes()), "m.csv")},
        content_type="multipart/form-data",
    )
    assert response.status_code in (400, 403)
    assert count(db, Deployment) == 0


def test_someone_not_signed_in_is_sent_to_sign_in(client, db):
    response = client.get(PAGE)
    assert response.status_code == 302
    assert "/staff/sign-in" in response.headers["Location"]
