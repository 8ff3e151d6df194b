"""A legal hold set on a case page, and the administrators' retention page, in real
Chromium, with axe-core on every page and error state visited.

A senior caseworker opens a case closed years ago, sends the hold form without a reason
(the error says what to enter), then with one; an administrator opens the retention
page from the staff menu and finds the schedule, what is due and the hold for review.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from oversight.auth.models import Role
from oversight.extensions import db as _db
from tests.browser import PageWatch, press, sign_in, staff_menu, watched_page
from tests.factories import make_user
from tests.retention.cases import closed_case

pytestmark = pytest.mark.browser

SENIOR = ("hana.holder@example.test", "Hana Holder")
ADMIN = ("ade.admin@example.test", "Ade Admin")
REASON = "A claim in the county court about this stop."


@dataclass(kw_only=True)
class Journey(PageWatch):
    reference: str
    error: str = ""
    held: str = ""
    schedule: str = ""
    due: str = ""
    holds: str = ""


def hold(journey: Journey, page: Page) -> None:
    sign_in(page, SENIOR[0], SENIOR[1])
    page.goto(f"/staff/cases/{journey.reference}")
    journey.look(page, "case page", journey.reference)
    press(page, "Put on legal hold")
    journey.look(page, "hold without a reason", journey.reference)
    journey.error = page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Why is the case on legal hold?").fill(REASON)
    press(page, "Put on legal hold")
    journey.look(page, "case on hold", journey.reference)
    journey.held = page.locator("#legal-hold ~ .govuk-inset-text").first.inner_text()


def review(journey: Journey, page: Page) -> None:
    sign_in(page, ADMIN[0], ADMIN[1])
    with page.expect_navigation(wait_until="load"):
        staff_menu(page).get_by_role("link", name="Retention").click()
    journey.look(page, "retention page", "Retention")
    expect(page.locator("#active-holds")).to_be_visible()
    journey.schedule = page.locator("#retention-schedule").inner_text()
    journey.due = page.locator("main").inner_text()
    journey.holds = page.locator("#active-holds").inner_text()


@pytest.fixture(scope="module")
def journey(browser: Any, live_server: str, app: Flask) -> Iterator[Journey]:
    with app.app_context():
        make_user({Role.SENIOR_CASEWORKER}, email=SENIOR[0], name=SENIOR[1])
        make_user({Role.ADMINISTRATOR}, email=ADMIN[0], name=ADMIN[1])
        reference = closed_case(datetime(2019, 6, 3, 10, tzinfo=UTC)).reference
        _db.session.commit()
        _db.session.remove()
    record = Journey(reference=reference)
    for step in (hold, review):
        with watched_page(browser, live_server, record) as page:
            step(record, page)
    yield record


def test_a_hold_without_a_reason_says_what_to_enter(journey: Journey) -> None:
    assert "Enter why the case is on legal hold" in journey.error


def test_the_case_page_shows_the_hold_with_its_reason_and_who_set_it(journey: Journey) -> None:
    assert "On legal hold" in journey.held
    assert REASON in journey.held and SENIOR[1] in journey.held


def test_the_retention_page_shows_the_schedule_and_the_hold_for_review(journey: Journey) -> None:
    assert "Contact details" in journey.schedule
    assert "6 years after the case closes" in journey.schedule
    assert "1 case that would be due is skipped for a legal hold" in journey.due
    assert journey.reference in journey.holds and REASON in journey.holds
    assert SENIOR[1] in journey.holds


def test_every_page_and_error_state_meets_wcag_22_aa(journey: Journey) -> None:
    assert len(journey.audited) == 4, journey.audited
    assert not journey.violations, journey.violations_report()
    assert not journey.duplicated, journey.duplicates_report()


def test_no_script_errors_and_nothing_fails_but_the_form_sent_empty(journey: Journey) -> None:
    assert not journey.csp, journey.csp
    assert not journey.script_errors, journey.script_errors
    assert journey.failed == [
        ("POST", 400, "document", f"/staff/cases/{journey.reference}/legal-hold")
    ]
