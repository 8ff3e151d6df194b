"""Hostile cells in an imported file: control characters (a NUL, which PostgreSQL cannot
store), formula-leading text, overlong cells and headings. Each row is either stored
safely or refused by line with a message that says what to do; nothing is a 500, on
SQLite or PostgreSQL, and a formula never runs in a spreadsheet of the register.
"""

from __future__ import annotations

import pytest

from oversight.deployments.records.models import Deployment
from tests.deployments.imports.files import (
    count,
    csv_bytes,
    deployments,
    imported,
    refused_lines,
)
from tests.deployments.imports.test_page import send_file
from tests.helpers import login_as
from tests.register_pages import rows_of

HEADER = "Force,Date,Location,Area,Purpose,Number of Alerts,Source URL"
CONTROL_MESSAGE = "must not include control characters, such as NUL: remove them"


def file_with(location: str, *, area: str = "Cardiff", url: str = "", filler: int = 0) -> bytes:
    """A South Wales file whose last row holds the given cells. `filler` rows before it
    push it past the first bytes a file is sniffed by."""
    rows = [HEADER]
    rows += [
        f"South Wales Police,2025-09-{1 + n % 28:02d},Place {n},Cardiff,Wanted,1,"
        for n in range(filler)
    ]
    rows.append(f'South Wales Police,2025-10-01,"{location}","{area}",Wanted,1,"{url}"')
    return csv_bytes(*rows)


@pytest.mark.parametrize("character", ["\x00", "\x07", "\x1b", "\x7f", "\x9b"])
def test_a_cell_with_a_control_character_is_refused_by_line_and_the_rest_go_in(db, character):
    report = imported(db, file_with(f"Queen{character}Street", filler=300))
    assert (report.rows, report.created, report.refused) == (301, 300, 1)
    assert refused_lines(report) == {302: [f"Location {CONTROL_MESSAGE}"]}
    assert count(db, Deployment) == 300
    assert all(character not in record.location_name for record in deployments(db))


def test_a_control_character_in_any_text_or_address_cell_is_refused(db):
    report = imported(
        db, file_with("Queen Street", area="Car\x00diff", url="https://a.example/\x00")
    )
    assert refused_lines(report) == {
        2: [f"Area {CONTROL_MESSAGE}", f"Source link {CONTROL_MESSAGE}"]
    }


def test_a_nul_in_a_date_count_or_force_cell_says_what_the_cell_must_be(db):
    content = csv_bytes(
        HEADER, "South\x00Wales Police,2025-10-\x0001,Queen Street,Cardiff,Wanted,1\x00,"
    )
    [problems] = refused_lines(imported(db, content)).values()
    assert problems == [
        "Force must be a police force the register knows, by name or code",
        "Date must be a date like 28/09/2025 or 2025-09-28",
        "Alerts must be a whole number, like 1,250",
    ]


def test_tabs_and_line_breaks_in_a_cell_become_one_space(db):
    imported(db, file_with("Queen\tStreet\r\nnorth  end\x0bside"))
    [record] = deployments(db)
    assert record.location_name == "Queen Street north end side"


def test_an_overlong_cell_is_refused_and_a_huge_one_refuses_the_file_by_line(db):
    report = imported(db, file_with("Q" * 5000))
    [problems] = refused_lines(report).values()
    assert problems[0].startswith("Location must be") and problems[0].endswith(
        "characters or fewer"
    )
    with pytest.raises(Exception) as refused:
        imported(db, file_with("Q" * 200_000))
    assert "Line 2 of the file cannot be read as CSV" in refused.value.message


def test_an_imported_formula_is_stored_as_typed_and_never_runs_in_the_download(client, db):
    imported(
        db, file_with('=HYPERLINK(""http://evil.example"",""click"")', area="+cmd|' /C calc'!A0")
    )
    [record] = deployments(db)
    assert record.location_name == '=HYPERLINK("http://evil.example","click")'
    [row] = rows_of(client, "/register/deployments.csv")
    assert row["Location"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["Area"] == "'+cmd|' /C calc'!A0"


def test_the_check_page_shows_no_control_character_of_a_heading_or_file_name(
    client, db, caseworker, storage
):
    login_as(client, caseworker)
    content = csv_bytes(
        "Force,Date,Location,No\x07tes\x1b", "South Wales Police,2025-10-01,Queen Street,x"
    )
    response = send_file(client, content, name="sw\x00\x1blfr.csv")
    page = response.get_data(as_text=True)
    assert response.status_code == 200, page
    assert "Notes" in page and "swlfr.csv" in page
    assert not {"\x00", "\x07", "\x1b"} & set(page)
