"""The public statistics pages in real Chromium.

One visit runs once for the module and records what it saw: a member of the public opens
the statistics before anything is published; then, once a release and its revision are
out, opens the list, the release, and its superseded first revision, and goes back to the
current one. It reads the release again on a 320 pixel wide screen, and once more with
every stylesheet switched off. The record holds axe-core's findings on every page, every
Content-Security-Policy violation and script error, and every failed request; each test
below checks one thing about it.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from oversight.auth.models import Role
from oversight.extensions import db as _db
from tests.browser import PageWatch, watched_page
from tests.factories import make_user
from tests.statistics.pages import TITLE, add_complaints, publish

pytestmark = pytest.mark.browser

HEADING = f"{TITLE}: July to September 2026"
OVERFLOW = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
# Each heading's level, in page order.
HEADING_LEVELS = "[...document.querySelectorAll('h1, h2, h3, h4, h5, h6')].map(h => +h.tagName[1])"


@dataclass(kw_only=True)
class Visit(PageWatch):
    empty_list: str = ""
    listed: list[str] = field(default_factory=list)
    charts: list[str] = field(default_factory=list)
    technology_chart_name: str = ""
    regions: list[dict[str, Any]] = field(default_factory=list)
    focused_region: str = ""
    superseded_banner: str = ""
    back_to_current: str = ""
    widths: dict[str, list[int]] = field(default_factory=dict)
    heading_levels: list[int] = field(default_factory=list)
    unstyled: dict[str, Any] = field(default_factory=dict)


def before_publication(visit: Visit, page: Page) -> None:
    page.goto("/statistics")
    visit.look(page, "statistics, none published", TITLE)
    visit.empty_list = page.locator("#no-releases").inner_text()


def read_release(visit: Visit, page: Page) -> None:
    page.goto("/")
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Statistics").click()
    visit.look(page, "statistics list", TITLE)
    visit.listed = page.locator("#releases tbody th").all_inner_texts()
    page.get_by_role("link", name="July to September 2026").click()
    visit.look(page, "release page", HEADING)
    visit.charts = [
        svg.get_attribute("aria-labelledby") or "" for svg in page.locator("svg.app-chart").all()
    ]
    # The name a screen reader announces for the chart: its title, then its summary.
    visit.technology_chart_name = page.evaluate(
        """() => document.querySelector('#chart-complaints_by_technology svg')
            .getAttribute('aria-labelledby').split(' ')
            .map(id => document.getElementById(id).textContent.trim()).join(' ')"""
    )
    expect(
        page.get_by_role("img", name="Chart for table 2: Complaints received by technology")
    ).to_have_count(1)
    visit.regions = page.evaluate(
        """() => [...document.querySelectorAll('[role=region]')].map(r => ({
            name: document.getElementById(r.getAttribute('aria-labelledby')).textContent.trim(),
            tabindex: r.tabIndex}))"""
    )
    region = page.get_by_role(
        "region", name="Table 12: Live facial recognition deployments by police force", exact=True
    )
    region.focus()
    visit.focused_region = page.evaluate("document.activeElement.getAttribute('aria-labelledby')")
    visit.heading_levels = page.evaluate(HEADING_LEVELS)
    page.locator("#revisions").get_by_role("link", name="Revision 1").click()
    visit.look(page, "superseded revision", HEADING)
    visit.superseded_banner = page.locator("#superseded").inner_text()
    page.locator("#current-revision").click()
    visit.look(page, "current revision again", HEADING)
    visit.back_to_current = urlsplit(page.url).path


def read_on_a_small_screen(visit: Visit, page: Page) -> None:
    for path in ("/statistics", "/statistics/2026-q3", "/statistics/2026-q3/revisions/1"):
        page.goto(path)
        page.wait_for_load_state("load")
        visit.widths[path] = page.evaluate(OVERFLOW)
    page.goto("/statistics/2026-q3")
    visit.look(page, "release page at 320 pixels", HEADING)


def read_without_styles(visit: Visit, page: Page) -> None:
    page.goto("/statistics/2026-q3")
    page.wait_for_load_state("load")
    page.evaluate("() => { for (const sheet of document.styleSheets) sheet.disabled = true; }")
    visit.unstyled = page.evaluate(
        """() => {
            const svg = document.querySelector('#chart-complaints_by_technology svg');
            const summary = document.getElementById('chart-complaints_by_technology-summary');
            const table = document.getElementById('table-complaints_by_technology');
            return {
                styled: [...document.styleSheets].some(s => !s.disabled),
                chart: [svg.getBoundingClientRect().width, svg.getBoundingClientRect().height],
                order: summary.compareDocumentPosition(svg) & Node.DOCUMENT_POSITION_FOLLOWING
                    && svg.compareDocumentPosition(table) & Node.DOCUMENT_POSITION_FOLLOWING,
                table: table.getBoundingClientRect().height,
            };
        }"""
    )


@pytest.fixture(scope="module")
def visit(browser: Any, live_server: str, app: Flask) -> Iterator[Visit]:
    record = Visit()
    with (
        watched_page(browser, live_server, record, viewport={"width": 1280, "height": 900}) as page,
        watched_page(browser, live_server, record, viewport={"width": 320, "height": 640}) as small,
    ):
        before_publication(record, page)
        with app.app_context():
            statistician = make_user({Role.STATISTICIAN}, email="statistician@example.test")
            publisher = make_user({Role.PUBLISHER}, email="publisher@example.test")
            add_complaints()
            publish(statistician, publisher)
            publish(statistician, publisher, note="Two complaints were logged late.")
            _db.session.remove()
        read_release(record, page)
        read_on_a_small_screen(record, small)
        # Another page beside the first, not watched: it only reads the unstyled layout.
        read_without_styles(record, page.context.new_page())
    yield record


def test_axe_finds_nothing_on_any_statistics_page(visit: Visit) -> None:
    assert visit.audited == [
        "statistics, none published",
        "statistics list",
        "release page",
        "superseded revision",
        "current revision again",
        "release page at 320 pixels",
    ]
    assert visit.violations == {}, visit.violations_report()


def test_no_page_uses_an_id_twice(visit: Visit) -> None:
    assert not visit.duplicated, visit.duplicates_report()


def test_no_script_error_policy_violation_or_failed_request(visit: Visit) -> None:
    assert visit.csp == []
    assert visit.script_errors == []
    assert visit.failed == []


def test_before_anything_is_published_the_list_says_so(visit: Visit) -> None:
    assert visit.empty_list == "No statistics have been published yet."


def test_the_menu_leads_to_the_list_and_the_list_to_the_release(visit: Visit) -> None:
    assert visit.listed == ["July to September 2026"]


def test_every_chart_is_an_image_named_by_its_title_and_summary(visit: Visit) -> None:
    # Every table but the force by technology one, the findings per concern, the findings
    # by force and the recommendations (tables with two dimensions, drawn as no bars).
    assert len(visit.charts) == 18
    for labelled_by in visit.charts:
        title, summary = labelled_by.split(" ")
        assert title.endswith("-title") and summary.endswith("-summary")
    assert visit.technology_chart_name == (
        "Chart for table 2: Complaints received by technology, July to September 2026 "
        "Live facial recognition had the most complaints: 27 of 60. "
        "2 figures are withheld ([c]) so that no one can be identified."
    )


def test_every_table_scrolls_in_a_named_region_that_takes_the_focus(visit: Visit) -> None:
    names = [region["name"] for region in visit.regions]
    assert "Table 12: Live facial recognition deployments by police force" in names
    assert "Headline figures for July to September 2026 and the same period a year before" in names
    assert all(region["tabindex"] == 0 for region in visit.regions)
    assert visit.focused_region == "table-deployments_by_force-caption"


def test_headings_never_skip_a_level(visit: Visit) -> None:
    levels = visit.heading_levels
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(b - a <= 1 for a, b in itertools.pairwise(levels))


def test_a_superseded_revision_leads_back_to_the_current_one(visit: Visit) -> None:
    assert (
        "This is revision 1. It has been replaced by a newer revision." in visit.superseded_banner
    )
    assert visit.back_to_current == "/statistics/2026-q3"


def test_at_320_pixels_wide_the_page_never_scrolls_sideways(visit: Visit) -> None:
    for path, (scroll_width, client_width) in visit.widths.items():
        assert scroll_width <= client_width, f"{path}: {scroll_width} > {client_width}"


def test_without_styles_the_chart_keeps_its_size_between_its_summary_and_its_table(
    visit: Visit,
) -> None:
    assert visit.unstyled["styled"] is False
    assert visit.unstyled["chart"][0] == 400
    assert visit.unstyled["chart"][1] > 5 * 50
    assert visit.unstyled["order"]
    assert visit.unstyled["table"] > 0
