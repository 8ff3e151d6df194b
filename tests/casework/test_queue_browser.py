"""The queue in real Chromium: a senior caseworker sends the bulk form with nothing
selected (its error state), then assigns two cases at once, saves the filter shown as
a view shared with the team and applies it; and the queue at 320 px wide (WCAG 1.4.10's
reflow width) never scrolls sideways. Every page and state is checked with axe-core and
for ids used twice; each test below checks one thing about what the journey saw."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from oversight.auth.models import Role
from oversight.complaints.enums import Status
from oversight.extensions import db as _db
from tests.browser import (
    REFLOW_VIEWPORT,
    PageWatch,
    follow,
    press,
    sideways_scroll,
    sign_in,
    staff_menu,
    watched_page,
)
from tests.factories import make_case, make_user

pytestmark = pytest.mark.browser

SENIOR = ("queue.senior@example.test", "Quinn Senior")
NARROW_SENIOR = ("narrow.senior@example.test", "Nat Narrow")
CASEWORKER = ("queue.worker@example.test", "Casey Queue")
VIEW_NAME = "Soonest due first"


@dataclass(kw_only=True)
class QueueJourney(PageWatch):
    references: list[str]
    empty_errors: str = ""
    empty_status: int = 0
    done_page: str = ""
    saved_banner: str = ""
    applied_select: str = ""
    applied_current: str = ""
    narrow_scroll: int = -1
    narrow_table_scroll: int = -1
    statuses_shown: str = ""
    ticked_by_select_all: int = 0
    left_ticked: int = -1


def bulk_and_views(journey: QueueJourney, page: Page) -> None:
    sign_in(page, *SENIOR)
    staff_menu(page).get_by_role("link", name="Cases").click()
    journey.look(page, "queue: senior caseworker", "Cases")
    journey.statuses_shown = page.locator("main tbody").inner_text()
    boxes = page.locator('tbody input[name="cases"]')
    page.get_by_label("Select every case on this page").check()
    journey.ticked_by_select_all = sum(boxes.nth(n).is_checked() for n in range(boxes.count()))
    page.get_by_label("Select every case on this page").uncheck()
    journey.left_ticked = sum(boxes.nth(n).is_checked() for n in range(boxes.count()))

    with page.expect_response(lambda r: r.url.endswith("/staff/cases/queue/bulk")) as sent:
        press(page, "Apply to the selected cases")
    journey.empty_status = sent.value.status
    journey.look(page, "queue: bulk action sent empty", "Cases")
    journey.empty_errors = page.locator(".govuk-error-summary").inner_text()

    first, second, _ = journey.references
    page.get_by_label(f"Select {first}", exact=True).check()
    page.get_by_label(f"Select {second}", exact=True).check()
    page.get_by_label("Assign them", exact=True).check()
    page.get_by_label("Assign them to").select_option(label=CASEWORKER[1])
    press(page, "Apply to the selected cases")
    journey.look(page, "bulk action done", "What was done to the cases you selected")
    journey.done_page = page.locator("main").inner_text()

    follow(page, "Back to the queue", "button")
    page.get_by_label("Sort by").select_option(label="Due date, soonest first")
    press(page, "Apply")
    page.get_by_text("Save the filter shown as a view").click()
    page.get_by_label("Name of the view").fill(VIEW_NAME)
    page.get_by_label("Share it with the team").check()
    press(page, "Save view")
    journey.look(page, "queue: view saved", "Cases")
    journey.saved_banner = page.locator(".govuk-notification-banner").inner_text()

    staff_menu(page).get_by_role("link", name="Cases").click()
    expect(page.get_by_label("Sort by")).to_have_value("")
    page.get_by_role("link", name=VIEW_NAME, exact=True).click()
    journey.look(page, "queue: saved view applied", "Cases")
    journey.applied_select = page.get_by_label("Sort by").input_value()
    journey.applied_current = (
        page.get_by_role("link", name=VIEW_NAME, exact=True).get_attribute("aria-current") or ""
    )


def at_320_pixels(journey: QueueJourney, page: Page) -> None:
    sign_in(page, *NARROW_SENIOR)
    page.goto("/staff/cases")
    journey.look(page, "queue at 320 px", "Cases")
    journey.narrow_scroll = sideways_scroll(page)
    region = page.locator(".app-table-scroll")
    journey.narrow_table_scroll = int(region.evaluate("e => e.scrollWidth - e.clientWidth"))


@pytest.fixture(scope="module")
def journey(browser: Any, live_server: str, app: Flask) -> Iterator[QueueJourney]:
    with app.app_context():
        make_user({Role.SENIOR_CASEWORKER}, email=SENIOR[0], name=SENIOR[1])
        make_user({Role.SENIOR_CASEWORKER}, email=NARROW_SENIOR[0], name=NARROW_SENIOR[1])
        make_user({Role.CASEWORKER}, email=CASEWORKER[0], name=CASEWORKER[1])
        references = [
            make_case(Status.AWAITING_INFORMATION, force_id=None).reference,
            make_case(Status.IN_TRIAGE).reference,
            make_case(Status.INVESTIGATING).reference,
        ]
        _db.session.commit()
        _db.session.remove()
    record = QueueJourney(references=references)
    with ExitStack() as contexts:
        bulk_and_views(record, contexts.enter_context(watched_page(browser, live_server, record)))
        narrow = watched_page(browser, live_server, record, viewport=REFLOW_VIEWPORT)
        at_320_pixels(record, contexts.enter_context(narrow))
    yield record


def test_the_bulk_form_sent_empty_says_what_to_select(journey: QueueJourney) -> None:
    assert journey.empty_status == 400
    assert "Select at least one case" in journey.empty_errors
    assert "Select what to do to the cases" in journey.empty_errors


def test_two_cases_are_assigned_at_once_and_the_page_lists_them(journey: QueueJourney) -> None:
    first, second, third = journey.references
    assert "2 cases done" in journey.done_page
    assert f"You asked to assign them to {CASEWORKER[1]}." in journey.done_page
    assert first in journey.done_page and second in journey.done_page
    assert third not in journey.done_page


def test_a_saved_view_is_applied_from_its_link(journey: QueueJourney) -> None:
    assert f"View saved as “{VIEW_NAME}”." in journey.saved_banner
    assert journey.applied_select == "due"
    assert journey.applied_current == "page"


def test_select_all_ticks_and_clears_every_case_on_the_page(journey: QueueJourney) -> None:
    assert journey.ticked_by_select_all == len(journey.references)
    assert journey.left_ticked == 0


def test_the_queue_shows_statuses_in_staff_words(journey: QueueJourney) -> None:
    assert "Awaiting information" in journey.statuses_shown
    assert "Waiting for your reply" not in journey.statuses_shown


def test_the_queue_reflows_at_320_pixels_with_the_table_in_its_own_region(
    journey: QueueJourney,
) -> None:
    assert journey.narrow_scroll == 0
    assert journey.narrow_table_scroll > 0  # the table scrolls in its region instead


def test_every_page_and_state_meets_wcag_22_aa(journey: QueueJourney) -> None:
    assert len(journey.audited) == 6, journey.audited
    assert not journey.violations, journey.violations_report()


def test_no_id_is_used_twice(journey: QueueJourney) -> None:
    assert not journey.duplicated, journey.duplicates_report()


def test_nothing_breaks_the_content_security_policy_or_fails_to_load(
    journey: QueueJourney,
) -> None:
    assert not journey.csp, journey.csp
    assert not journey.script_errors, journey.script_errors
    assert not journey.failed_assets(), journey.failed_assets()
    assert journey.refused_pages() == [("POST", 400, "document", "/staff/cases/queue/bulk")]
