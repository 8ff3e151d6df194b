"""The public register in real Chromium, driven from the keyboard.

One visit runs once for the module (it is the slow part) and records what it saw: a
member of the public opens the register, which runs to two pages; filters it by force
and date with the keyboard alone, first typing a date that does not exist; opens a
deployment from the filtered list; goes from there to the force's page; and opens the
list of forces. The record holds axe-core's findings on every page and error state,
every Content-Security-Policy violation and script error, and every failed request;
each test below checks one thing about it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
from flask import Flask
from playwright.sync_api import Page, Response, expect

from oversight.extensions import db as _db
from tests.browser import PageWatch, watched_page
from tests.factories import make_deployment, make_usage_return

pytestmark = pytest.mark.browser

ACTIVE = "document.activeElement"
STADIUM = "Principality Stadium, Westgate Street"


@dataclass(kw_only=True)
class Visit(PageWatch):
    """What the register showed."""

    first_page_rows: int = 0
    pagination: list[str] = field(default_factory=list)
    chosen_force: str = ""
    focus_after_error: str = ""
    error_summary: str = ""
    kept_date: str = ""
    filtered_url: str = ""
    filtered_forces: list[str] = field(default_factory=list)
    csv_link: str = ""
    csv_rows: int = 0
    deployment_heading: str = ""
    deployment_summary: str = ""
    force_page_heading: str = ""
    force_page_rows: list[str] = field(default_factory=list)
    forces_listed: str = ""

    def record(self, response: Response) -> None:
        # The page with a bad date answers 400 on purpose; it is checked on its own.
        if "31%2F02" not in response.url:
            super().record(response)


def tab_to(page: Page, label: str) -> None:
    """Press Tab until the control with this label (or text) has the focus."""
    for _ in range(40):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            f"({ACTIVE}.labels && {ACTIVE}.labels.length ? {ACTIVE}.labels[0].textContent"
            f" : {ACTIVE}.textContent || '').trim()"
        )
        if focused == label:
            return
    raise AssertionError(f"Tab never reached {label!r}")


def submit_with_enter(page: Page) -> None:
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")


def browse(visit: Visit, page: Page) -> None:
    page.goto("/register")
    visit.look(page, "register, first page", "Police facial recognition deployments")
    visit.first_page_rows = page.locator("#deployments tbody tr").count()
    visit.pagination = page.locator(".govuk-pagination__item").all_inner_texts()
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name="Next page").click()
    visit.look(page, "register, second page", "Police facial recognition deployments")


def filter_by_keyboard(visit: Visit, page: Page) -> None:
    page.goto("/register")
    page.wait_for_load_state("load")
    page.locator("body").focus()
    tab_to(page, "Force")
    page.keyboard.type("South Wales")
    visit.chosen_force = page.get_by_label("Force", exact=True).input_value()
    tab_to(page, "Date from")
    page.keyboard.type("31/02/2026")
    submit_with_enter(page)
    visit.look(page, "register with a date that does not exist", "Police facial recognition")
    visit.error_summary = page.locator(".govuk-error-summary").inner_text()
    visit.focus_after_error = page.evaluate(f"{ACTIVE}.className")
    visit.kept_date = page.get_by_label("Date from").input_value()

    # The error summary links to the field; the person corrects it and applies again.
    page.locator(".govuk-error-summary a").first.focus()
    page.keyboard.press("Enter")
    field = page.get_by_label("Date from")
    expect(field).to_be_focused()
    page.keyboard.press("Control+A")
    page.keyboard.type("1/4/2026")
    tab_to(page, "Apply filters")
    submit_with_enter(page)
    visit.look(page, "register filtered by force and date", "Police facial recognition")
    visit.filtered_url = page.url
    visit.filtered_forces = page.locator("#deployments tbody tr td:nth-child(2)").all_inner_texts()
    visit.csv_link = (
        page.get_by_role("link", name="Download these deployments as CSV").get_attribute("href")
        or ""
    )
    download = page.request.get(visit.csv_link)
    visit.csv_rows = len(download.text().strip().splitlines()) - 1


def open_records(visit: Visit, page: Page) -> None:
    tab_to(page, STADIUM)
    submit_with_enter(page)
    visit.look(page, "deployment page", STADIUM)
    visit.deployment_heading = page.locator("h1").inner_text()
    visit.deployment_summary = page.locator("#record").inner_text()

    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name="South Wales Police"
    ).click()
    visit.look(page, "force page", "South Wales Police")
    visit.force_page_heading = page.locator("h1").inner_text()
    visit.force_page_rows = page.locator("#deployments tbody tr td:nth-child(2)").all_inner_texts()

    page.get_by_role("navigation", name="Breadcrumb").get_by_role("link", name="Forces").click()
    visit.look(page, "forces page", "Forces on the register")
    visit.forces_listed = page.locator("#forces").inner_text()


@pytest.fixture(scope="module")
def visit(browser: Any, live_server: str, app: Flask) -> Iterator[Visit]:
    with app.app_context():
        make_deployment()
        make_deployment(deployed_on="2026-03-31", location_name="Cardiff Central station")
        for day in range(1, 56):
            make_deployment(
                force="metropolitan",
                deployed_on=f"2026-05-{1 + day % 28:02d}",
                start_time=f"{8 + day // 28:02d}:00",
                end_time="20:00",
                location_name=f"Oxford Street, stop {day}",
            )
        make_usage_return()
        _db.session.commit()
        _db.session.remove()
    record = Visit()
    with watched_page(
        browser, live_server, record, viewport={"width": 1280, "height": 900}
    ) as page:
        browse(record, page)
        filter_by_keyboard(record, page)
        open_records(record, page)
    yield record


def test_axe_finds_nothing_on_any_register_page(visit: Visit) -> None:
    assert visit.audited == [
        "register, first page",
        "register, second page",
        "register with a date that does not exist",
        "register filtered by force and date",
        "deployment page",
        "force page",
        "forces page",
    ]
    assert visit.violations == {}, visit.violations_report()


def test_no_page_uses_an_id_twice(visit: Visit) -> None:
    assert not visit.duplicated, visit.duplicates_report()


def test_no_script_error_policy_violation_or_failed_request(visit: Visit) -> None:
    assert visit.csp == []
    assert visit.script_errors == []
    assert visit.failed == []
    assert visit.unfinished == []


def test_the_register_shows_fifty_deployments_and_offers_the_next_page(visit: Visit) -> None:
    assert visit.first_page_rows == 50
    assert [item.strip() for item in visit.pagination] == ["1", "2"]


def test_a_bad_date_is_reported_focused_and_kept(visit: Visit) -> None:
    assert "There is a problem" in visit.error_summary
    assert "Date from must be a real date" in visit.error_summary
    assert "govuk-error-summary" in visit.focus_after_error
    assert visit.kept_date == "31/02/2026"


def test_the_keyboard_filters_the_register_by_force_and_date(visit: Visit) -> None:
    assert visit.chosen_force == "south-wales"
    query = parse_qs(urlsplit(visit.filtered_url).query)
    assert query["force"] == ["south-wales"]
    assert query["from"] == ["1/4/2026"]
    assert visit.filtered_forces == ["South Wales Police"]


def test_the_download_link_carries_the_filters_and_gives_the_same_rows(visit: Visit) -> None:
    query = parse_qs(urlsplit(visit.csv_link).query)
    assert query == {"force": ["south-wales"], "from": ["1/4/2026"]}
    assert urlsplit(visit.csv_link).path == "/register/deployments.csv"
    assert visit.csv_rows == len(visit.filtered_forces) == 1


def test_a_deployment_opens_from_the_list_with_its_figures(visit: Visit) -> None:
    assert visit.deployment_heading == f"{STADIUM} on 14 June 2026"
    assert "24,310" in visit.deployment_summary
    assert "Superintendent" in visit.deployment_summary


def test_the_force_page_lists_only_that_forces_deployments(visit: Visit) -> None:
    assert visit.force_page_heading == "South Wales Police"
    # On a force's page the second column is the location: there is no force column.
    assert visit.force_page_rows == [STADIUM, "Cardiff Central station"]


def test_the_forces_page_lists_forces_with_their_counts(visit: Visit) -> None:
    assert "South Wales Police\t2\t1" in visit.forces_listed
    assert "Metropolitan Police Service\t55\t0" in visit.forces_listed
