"""Preparing, approving and publishing a statistics release in real Chromium.

One visit runs once for the module (it is the slow part) and records what it saw: a
statistician signs in, prepares a release for April to June 2026 (a quarter with
complaints in it), first sending the form with no period to read the error, and signs
out; a publisher signs in, opens the release, asks for a later publication without a
time to read that error, then approves it to be published now, and opens the public
page. The record holds axe-core's findings on every page and error state, every
Content-Security-Policy violation and script error; each test below checks one thing.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page

from oversight.auth.models import Role
from oversight.extensions import db as _db
from oversight.statistics import services
from oversight.statistics.periods import quarter
from tests.browser import (
    PageWatch,
    enter_code,
    enter_password,
    follow,
    press,
    staff_menu,
    watched_page,
)
from tests.factories import make_complaint, make_user
from tests.statistics.calendar_data import in_the_calendar

pytestmark = pytest.mark.browser

STATISTICIAN = ("sam.stats@example.test", "Sam Statistician")
PUBLISHER = ("pat.publisher@example.test", "Pat Publisher")
PERIOD = "April to June 2026"
COMPLAINTS = 8


@dataclass(kw_only=True)
class Visit(PageWatch):
    """What the pages showed."""

    no_period_errors: str = ""
    quarter_fields_hidden_at_first: bool = False
    quarter_fields_shown_when_chosen: bool = False
    prepared: str = ""
    statistician_buttons: list[str] = field(default_factory=list)
    approval_errors: str = ""
    approval_kept: dict[str, str] = field(default_factory=dict)
    approved: str = ""
    public_heading: str = ""
    public_page: str = ""


def sign_in(visit: Visit, page: Page, who: tuple[str, str]) -> None:
    page.goto("/staff/sign-in")
    visit.look(page, f"sign-in page ({who[1]})", "Sign in")
    enter_password(page, who[0])
    enter_code(page)
    visit.look(page, f"staff home ({who[1]})", f"Hello, {who[1]}")


def sign_out(visit: Visit, page: Page) -> None:
    with page.expect_navigation(wait_until="load"):
        staff_menu(page).get_by_role("button", name="Sign out").click()
    visit.look(page, "sign-in page after signing out", "Sign in")


def prepare(visit: Visit, page: Page) -> None:
    sign_in(visit, page, STATISTICIAN)
    with page.expect_navigation(wait_until="load"):
        staff_menu(page).get_by_role("link", name="Statistics releases").click()
    visit.look(page, "statistics releases, none yet", "Statistics releases")
    follow(page, "Prepare a release", "button")
    visit.look(page, "prepare a release", "Prepare a release")
    year = page.get_by_label("Year", exact=True).first
    visit.quarter_fields_hidden_at_first = not year.is_visible()
    press(page, "Prepare the release")
    visit.look(page, "prepare a release: no period chosen", "Prepare a release")
    visit.no_period_errors = page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("A quarter", exact=True).check()
    visit.quarter_fields_shown_when_chosen = year.is_visible()
    year.fill("2026")
    page.get_by_label("Quarter", exact=True).select_option(label="April to June (Q2)")
    press(page, "Prepare the release")
    visit.look(page, "the prepared draft", PERIOD)
    visit.prepared = page.locator("main").inner_text()
    visit.statistician_buttons = page.locator("main .govuk-button").all_inner_texts()
    sign_out(visit, page)


def approve(visit: Visit, page: Page) -> None:
    sign_in(visit, page, PUBLISHER)
    with page.expect_navigation(wait_until="load"):
        staff_menu(page).get_by_role("link", name="Statistics releases").click()
    visit.look(page, "statistics releases, one draft", "Statistics releases")
    follow(page, PERIOD)
    visit.look(page, "the draft, as a publisher sees it", PERIOD)
    page.get_by_label("At a date and time").check()
    page.get_by_label("Day", exact=True).fill("1")
    page.get_by_label("Month").fill("7")
    page.get_by_label("Year").fill("2027")
    press(page, "Approve the release")
    visit.look(page, "the draft: a publication time missing", PERIOD)
    visit.approval_errors = page.locator(".govuk-error-summary").inner_text()
    visit.approval_kept = {
        label: page.get_by_label(label, exact=True).input_value()
        for label in ("Day", "Month", "Year")
    }
    page.get_by_label("Now, as soon as it is approved").check()
    press(page, "Approve the release")
    visit.look(page, "the release, approved and published", PERIOD)
    visit.approved = page.locator("main").inner_text()
    follow(page, "See the published release as the public sees it")
    visit.look(page, "the public release page", PERIOD)
    visit.public_heading = page.locator("h1").inner_text()
    visit.public_page = page.locator("main").inner_text()


@pytest.fixture(scope="module")
def visit(browser: Any, live_server: str, app: Flask) -> Iterator[Visit]:
    with app.app_context():
        make_user({Role.STATISTICIAN}, email=STATISTICIAN[0], name=STATISTICIAN[1])
        publisher = make_user({Role.PUBLISHER}, email=PUBLISHER[0], name=PUBLISHER[1])
        received = datetime(2026, 5, 11, 9, 0, tzinfo=UTC)
        for n in range(COMPLAINTS):
            make_complaint(received_at=received + timedelta(days=n))
        # A first release comes out only as the calendar announces it.
        moment = in_the_calendar(quarter(2026, 2), publisher).publish_at
        _db.session.commit()
        _db.session.remove()
    record = Visit()
    with watched_page(browser, live_server, record) as page:
        prepare(record, page)
        with pytest.MonkeyPatch.context() as clock:
            # The publisher approves it on its announced day, at 09:30: out at once.
            clock.setattr(services, "utcnow", lambda: moment)
            approve(record, page)
    yield record


def test_every_page_and_error_state_passes_axe(visit: Visit):
    assert len(visit.audited) == 14, visit.audited
    assert visit.violations == {}, visit.violations_report()


def test_no_page_uses_an_id_twice(visit: Visit) -> None:
    assert not visit.duplicated, visit.duplicates_report()


def test_no_page_breaks_the_content_security_policy_or_throws(visit: Visit):
    assert visit.csp == []
    assert visit.script_errors == []


def test_a_release_with_no_period_chosen_says_what_to_do(visit: Visit):
    assert "Choose the kind of period the release covers" in visit.no_period_errors


def test_the_fields_of_a_kind_of_period_appear_when_it_is_chosen(visit: Visit):
    assert visit.quarter_fields_hidden_at_first
    assert visit.quarter_fields_shown_when_chosen


def test_the_statistician_sees_the_draft_with_its_figures(visit: Visit):
    assert f"Release prepared for {PERIOD}. It is a draft." in visit.prepared
    assert f"by {STATISTICIAN[1]}" in visit.prepared
    assert "Complaints received by police force" in visit.prepared
    assert visit.statistician_buttons == ["Recompute the figures"]


def test_a_later_publication_without_a_time_is_refused_with_the_date_kept(visit: Visit):
    assert "Enter the publication time, like 09:30" in visit.approval_errors
    assert visit.approval_kept == {"Day": "1", "Month": "7", "Year": "2027"}


def test_the_publisher_approves_it_to_be_published_at_once(visit: Visit):
    assert "Release approved and published." in visit.approved
    assert f"by {PUBLISHER[1]}" in visit.approved
    assert "can no longer change" in visit.approved


def test_the_public_page_shows_the_period_as_its_heading(visit: Visit):
    assert PERIOD in visit.public_heading
    assert "Complaints received" in visit.public_page
