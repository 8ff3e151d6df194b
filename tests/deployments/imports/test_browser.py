"""A caseworker imports a file of deployment records with one bad row, in real Chromium.

One journey runs once for the module: the caseworker signs in, opens the import page,
first sends it without a file, then uploads a South Wales Police file whose third
record has true and false alerts adding up to more than its alerts; the check page
shows that row refused with its line number and the two good rows that would be
added; the caseworker imports them and sees the result. axe-core checks every page and
error state on the way; each test below checks one thing the journey saw.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Page

from oversight.auth.models import Role
from oversight.deployments.records.models import Deployment
from oversight.extensions import db as _db
from tests.browser import PageWatch, press, sign_in, watched_page
from tests.factories import make_user

pytestmark = pytest.mark.browser

CASEWORKER = ("imogen.importer@example.test", "Imogen Importer")
HEADER = (
    "Force,Deployment Reference,Date,Start Time,End Time,Location,Faces Seen,Alerts,"
    "True Alerts,False Alerts,Arrests"
)
ROWS = [
    'South Wales Police,SWP-B-1,06/09/2025,14:00,19:30,"Principality Stadium, Westgate Street",'
    '"24,310",6,4,2,2',
    'South Wales Police,SWP-B-2,13/09/2025,10:00,16:00,Queen Street,"11,540",1,1,0,1',
    'South Wales Police,SWP-B-3,20/09/2025,18:00,23:30,Wind Street,"8,902",2,2,1,0',
]
REFUSED = "True alerts and false alerts together cannot be more than alerts"


@dataclass(kw_only=True)
class Journey(PageWatch):
    empty_errors: str = ""
    refused_rows: list[list[str]] = field(default_factory=list)
    would_add: str = ""
    button: str = ""
    result: str = ""
    records: list[tuple[str, int | None]] = field(default_factory=list)


def run(journey: Journey, page: Page, file: Path) -> None:
    sign_in(page, *CASEWORKER)
    page.goto("/staff/imports")
    journey.look(page, "upload page", "Import deployment records")

    press(page, "Check the file")
    journey.look(page, "upload page sent without a file", "Import deployment records")
    journey.empty_errors = page.locator(".govuk-error-summary").inner_text()

    page.get_by_label("Upload a CSV file").set_input_files(str(file))
    press(page, "Check the file")
    journey.look(page, "check page", "Check the file before importing")
    refused = page.get_by_role("table", name="1 row will not be imported")
    journey.refused_rows = [
        [cell.strip() for cell in row.locator("th, td").all_inner_texts()]
        for row in refused.locator("tbody tr").all()
    ]
    journey.would_add = page.get_by_role("table", name="Records that would be added").inner_text()
    journey.button = page.locator("main form .govuk-button").inner_text().strip()

    press(page, journey.button)
    journey.look(page, "result page", "File imported")
    journey.result = page.locator("main").inner_text()


@pytest.fixture(scope="module")
def journey(
    browser: Any, live_server: str, app: Flask, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Journey]:
    folder = tmp_path_factory.mktemp("import-browser")
    file = folder / "south-wales-september.csv"
    file.write_text("\r\n".join([HEADER, *ROWS]) + "\r\n", encoding="utf-8")
    storage = app.config.get("IMPORT_STORAGE_DIR")
    app.config["IMPORT_STORAGE_DIR"] = str(folder / "waiting")
    with app.app_context():
        make_user({Role.CASEWORKER}, email=CASEWORKER[0], name=CASEWORKER[1])
        _db.session.commit()
        _db.session.remove()
    record = Journey()
    try:
        with watched_page(browser, live_server, record) as page:
            run(record, page, file)
    finally:
        app.config["IMPORT_STORAGE_DIR"] = storage
    with app.app_context():
        record.records = [
            (row.force_reference, row.faces_seen)
            for row in _db.session.execute(
                sa.select(Deployment.force_reference, Deployment.faces_seen).order_by(
                    Deployment.force_reference
                )
            )
        ]
        _db.session.remove()
    yield record


def test_a_file_sent_without_choosing_one_says_what_to_do(journey: Journey) -> None:
    assert "Select a CSV file" in journey.empty_errors


def test_the_check_shows_the_bad_row_with_its_line_number_and_reason(journey: Journey) -> None:
    assert journey.refused_rows == [["4", REFUSED]]


def test_the_check_shows_the_records_that_would_be_added(journey: Journey) -> None:
    assert "Principality Stadium, Westgate Street" in journey.would_add
    assert "Queen Street" in journey.would_add
    assert "Wind Street" not in journey.would_add
    assert journey.button == "Import 2 records"


def test_the_good_rows_are_imported_and_the_result_says_so(journey: Journey) -> None:
    assert "File imported" in journey.result
    assert "2 added, 0 corrected" in journey.result
    assert "1 row was not imported" in journey.result
    assert REFUSED in journey.result
    assert journey.records == [("SWP-B-1", 24310), ("SWP-B-2", 11540)]


def test_every_page_of_the_import_meets_wcag_22_aa(journey: Journey) -> None:
    assert journey.audited == [
        "upload page",
        "upload page sent without a file",
        "check page",
        "result page",
    ]
    assert not journey.violations, journey.violations_report()


def test_no_page_uses_an_id_twice(journey: Journey) -> None:
    assert not journey.duplicated, journey.duplicates_report()


def test_no_page_throws_and_only_the_empty_upload_is_refused(journey: Journey) -> None:
    assert not journey.csp, journey.csp
    assert not journey.script_errors, journey.script_errors
    assert journey.failed == [("POST", 400, "document", "/staff/imports")]
