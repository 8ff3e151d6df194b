"""The release calendar in real Chromium: a member of the public opens the calendar from
the statistics list, reads a release's statement and follows the feed's link; a
statistician signs in, announces a release and moves another one's day with a reason.
Every page is checked with axe-core (WCAG 2.2 AA), for policy violations, script errors
and failed requests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page

from oversight.auth.models import Role
from oversight.extensions import db as _db
from oversight.models import utcnow
from oversight.statistics import calendar, services
from oversight.statistics.calendar import publication_moment
from oversight.statistics.periods import parse_period
from tests.browser import PageWatch, follow, press, sign_in, watched_page
from tests.factories import make_user
from tests.statistics.calendar_data import ended_quarter, working_day

pytestmark = pytest.mark.browser

TITLE = "Statistics release calendar"


@dataclass(kw_only=True)
class Visit(PageWatch):
    upcoming: list[str] = field(default_factory=list)
    statement_status: str = ""
    announced_message: str = ""
    after_change: str = ""
    after_cancel: str = ""
    public_cancelled: str = ""


@pytest.fixture(scope="module")
def visit(browser: Any, live_server: str, app: Flask) -> Iterator[Visit]:
    record = Visit()
    with app.app_context():
        statistician = make_user(
            {Role.STATISTICIAN}, email="cal-statistician@example.test", name="Cal Statistician"
        )
        publisher = make_user({Role.PUBLISHER}, email="cal-publisher@example.test")
        period = ended_quarter()
        out = calendar.announce(period, working_day(20), statistician)
        calendar.announce(parse_period("2025"), working_day(30), statistician)
        release = services.prepare(period, statistician)
        services.approve(release, publisher, utcnow())
        services.publish_due(publication_moment(out.release_date))
        _db.session.commit()
        slug, label = period.slug, period.label
        _db.session.remove()
    with watched_page(browser, live_server, record) as page:
        read_the_calendar(record, page, slug, label)
        keep_the_calendar(record, page)
    yield record


def read_the_calendar(visit: Visit, page: Page, slug: str, label: str) -> None:
    page.goto("/statistics")
    visit.look(page, "statistics list", "Facial recognition oversight statistics")
    follow(page, "See when the next releases will be published in the release calendar")
    visit.look(page, "calendar", TITLE)
    visit.upcoming = page.locator("#upcoming-releases tbody th").all_inner_texts()
    follow(page, label)
    visit.look(page, "release", "Facial recognition oversight statistics")
    visit.statement_status = page.locator("#statement-status dd").inner_text()


def keep_the_calendar(visit: Visit, page: Page) -> None:
    sign_in(page, "cal-statistician@example.test", "Cal Statistician")
    page.goto("/staff/statistics/calendar")
    visit.look(page, "staff calendar", "Release calendar")
    follow(page, "Announce a release", "button")
    visit.look(page, "announce", "Announce a release")
    page.get_by_label("Period").fill("FY2024-25")
    press(page, "Announce the release")
    visit.look(page, "announce with no date", "Announce a release")
    day = working_day(45)
    page.get_by_label("Day").fill(str(day.day))
    page.get_by_label("Month").fill(str(day.month))
    page.get_by_label("Year").fill(str(day.year))
    press(page, "Announce the release")
    visit.look(page, "announced", "Release calendar")
    visit.announced_message = page.locator(".govuk-notification-banner").inner_text()
    page.locator("#fy2024-25").get_by_role("link", name="Change the date").click()
    visit.look(page, "change the date", "Change the release date")
    moved = working_day(60)
    page.get_by_label("Day").fill(str(moved.day))
    page.get_by_label("Month").fill(str(moved.month))
    page.get_by_label("Year").fill(str(moved.year))
    page.get_by_label("Why is the date changing?").fill("Late returns from two forces.")
    press(page, "Change the date")
    visit.look(page, "date changed", "Release calendar")
    visit.after_change = page.locator("#fy2024-25").inner_text()
    page.locator("#fy2024-25").get_by_role("link", name="Cancel the release").click()
    visit.look(page, "cancel the release", "Cancel the release")
    press(page, "Cancel the release")
    visit.look(page, "cancel with no reason", "Cancel the release")
    page.get_by_label("Why is the release cancelled?").fill("The year's returns are incomplete.")
    press(page, "Cancel the release")
    visit.look(page, "cancelled", "Release calendar")
    visit.after_cancel = page.locator("#fy2024-25").inner_text()
    page.goto("/statistics/calendar")
    visit.look(page, "calendar with a cancellation", TITLE)
    visit.public_cancelled = page.locator("#fy2024-25").inner_text()


def test_axe_finds_nothing_on_any_calendar_page(visit: Visit) -> None:
    assert visit.audited == [
        "statistics list",
        "calendar",
        "release",
        "staff calendar",
        "announce",
        "announce with no date",
        "announced",
        "change the date",
        "date changed",
        "cancel the release",
        "cancel with no reason",
        "cancelled",
        "calendar with a cancellation",
    ]
    assert visit.violations == {}, visit.violations_report()


def test_no_page_uses_an_id_twice(visit: Visit) -> None:
    assert not visit.duplicated, visit.duplicates_report()


def test_no_script_error_policy_violation_or_unexpected_failed_request(visit: Visit) -> None:
    assert visit.csp == []
    assert visit.script_errors == []
    # The announcement sent without its date, and the cancellation without its reason,
    # are refused with 400, as they should be.
    assert [failure[:3] for failure in visit.failed] == [("POST", 400, "document")] * 2
    assert visit.failed[0][3] == "/staff/statistics/calendar/new"
    assert visit.failed[1][3].endswith("/cancel")


def test_the_calendar_lists_the_release_still_to_come(visit: Visit) -> None:
    assert visit.upcoming == ["2025"]


def test_the_release_says_what_its_statistics_are(visit: Visit) -> None:
    assert visit.statement_status.startswith("Official statistics in development.")


def test_a_statistician_announces_and_moves_a_release(visit: Visit) -> None:
    assert "April 2024 to March 2025 is announced for" in visit.announced_message
    assert "Late returns from two forces." in visit.after_change


def test_a_statistician_cancels_a_release_and_the_public_calendar_says_why(visit: Visit) -> None:
    assert "Cancelled" in visit.after_cancel and "Announce it again" in visit.after_cancel
    assert "Cancelled" in visit.public_cancelled
    assert "The year's returns are incomplete." in visit.public_cancelled
