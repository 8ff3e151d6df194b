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
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from axe_playwright_python.sync_playwright import Axe
from flask import Flask
from playwright.sync_api import ConsoleMessage, Page, Response, expect

from oversight.auth.models import Role
from oversight.deployments.models import Deployment
from oversight.extensions import db as _db
from tests.browser import AXE_OPTIONS, axe_report
from tests.factories import PASSWORD, TOTP_SECRET, make_user
from tests.helpers import current_code

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


@dataclass
class Journey:
    axe: Axe = field(default_factory=Axe)
    audited: list[str] = field(default_factory=list)
    violations: dict[str, str] = field(default_factory=dict)
    script_errors: list[str] = field(default_factory=list)
    failed: list[tuple[str, int, str]] = field(default_factory=list)
    empty_errors: str = ""
    refused_rows: list[list[str]] = field(default_factory=list)
    would_add: str = ""
    button: str = ""
    result: str = ""
    records: list[tuple[str, int | None]] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.set_default_timeout(10_000)
        page.on("console", self.console)
        page.on("pageerror", lambda error: self.script_errors.append(str(error)))
        page.on("response", self.record)

    def console(self, message: ConsoleMessage) -> None:
        # A page refused with 400 is reported on the console too; that one is expected.
        if "content security policy" in message.text.lower():
            self.script_errors.append(message.text)

    def record(self, response: Response) -> None:
        if response.status >= 400:
            path = urlsplit(response.url).path
            self.failed.append((response.request.method, response.status, path))

    def look(self, page: Page, name: str, heading: str) -> None:
        expect(page.locator("h1")).to_contain_text(heading)
        page.wait_for_load_state("load")
        results = self.axe.run(page, options=AXE_OPTIONS)
        self.audited.append(name)
        if results.violations_count:
            self.violations[f"{name} ({page.url})"] = axe_report(results)


def press(page: Page, button: str) -> None:
    page.wait_for_load_state("load")
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name=button, exact=True).click()


def sign_in(page: Page) -> None:
    page.goto("/staff/sign-in")
    page.get_by_label("Email address").fill(CASEWORKER[0])
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    press(page, "Continue")
    page.get_by_label("Enter your security code").fill(current_code(TOTP_SECRET))
    press(page, "Continue")
    expect(page.locator("h1")).to_have_text(f"Hello, {CASEWORKER[1]}")


def run(journey: Journey, page: Page, file: Path) -> None:
    sign_in(page)
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
    context = browser.new_context(base_url=live_server)
    try:
        page = context.new_page()
        record.watch(page)
        run(record, page, file)
    finally:
        context.close()
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
    report = "\n".join(f"{page}:\n{found}" for page, found in journey.violations.items())
    assert not journey.violations, f"axe-core found WCAG 2.2 A/AA violations:\n{report}"


def test_no_page_throws_and_only_the_empty_upload_is_refused(journey: Journey) -> None:
    assert not journey.script_errors, journey.script_errors
    assert journey.failed == [("POST", 400, "/staff/imports")]
