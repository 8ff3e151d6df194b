"""Importing CSV files of deployment records: good files in the shapes forces publish,
bad rows refused by line, and whole files refused.
"""

from __future__ import annotations

from datetime import date, time

import pytest

from oversight.complaints.enums import Technology
from oversight.deployments.imports import importer
from oversight.deployments.imports.importer import FileRefused, import_file
from oversight.deployments.records import snapshot
from oversight.deployments.records.enums import Via
from oversight.deployments.records.kinds import DEPLOYMENTS
from oversight.deployments.records.models import Deployment, DeploymentRevision
from tests.deployments.imports.files import (
    MET,
    MIXED,
    REFUSALS,
    SOUTH_WALES,
    WINDOWS,
    count,
    csv_bytes,
    deployments,
    imported,
    refused_lines,
)

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
        assert revision.data == snapshot(record, DEPLOYMENTS.fields)


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
