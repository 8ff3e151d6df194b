"""The information pages and the feedback journey in real Chromium.

One visit runs once for the module: every new public page is opened and checked with
axe-core; the person follows the phase banner's feedback link from the tracking page,
sends the form empty to read the error, then answers it using only the keyboard and
goes back to the page they came from; a senior caseworker signs in and reads the
answer on the staff feedback page. Each test below checks one thing about that record.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Page, expect

from oversight.auth.models import Role
from oversight.extensions import db as _db
from oversight.pages.models import Feedback
from tests.browser import CrownWatch, press, sign_in, staff_menu, watched_page
from tests.factories import make_user

pytestmark = pytest.mark.browser

SENIOR = ("sasha.senior@example.test", "Sasha Senior")
IMPROVE = "The dates were hard to type on my phone."
PAGES = {
    "/privacy": "Privacy notice",
    "/accessibility": "Accessibility statement",
    "/cookies": "Cookies",
    "/contact": "Contact us",
    "/easy-read": "Making a complaint: easy read",
}


@dataclass(kw_only=True)
class Visit(CrownWatch):
    footer_links: list[str] = field(default_factory=list)
    banner: str = ""
    feedback_url: str = ""
    empty_errors: str = ""
    focused_after_error: str = ""
    keyboard_reached: list[str] = field(default_factory=list)
    sent: str = ""
    back_to: str = ""
    staff_list: str = ""
    mark_read_name: str = ""
    kept: list[tuple[str, str | None, str | None, bool]] = field(default_factory=list)


def information_pages(visit: Visit, page: Page) -> None:
    for path, heading in PAGES.items():
        page.goto(path)
        visit.look(page, path, heading)
    visit.footer_links = page.locator(".govuk-footer__link").all_inner_texts()


def tab_to(page: Page, locator: Any, reached: list[str], most: int = 30) -> None:
    """Press Tab until `locator` has the focus, noting each thing reached."""
    for _ in range(most):
        if locator.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
        reached.append(
            page.evaluate("document.activeElement.id || document.activeElement.textContent.trim()")
        )
    raise AssertionError(f"Tab never reached it: {reached}")


def give_feedback(visit: Visit, page: Page) -> None:
    page.goto("/track")
    visit.look(page, "tracking page", "Track your complaint")
    visit.banner = page.locator(".govuk-phase-banner").inner_text()
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name="giving your feedback").click()
    visit.look(page, "feedback form", "Give feedback")
    visit.feedback_url = page.url
    press(page, "Send feedback")
    visit.look(page, "feedback form: no answer", "Give feedback")
    visit.empty_errors = page.locator(".govuk-error-summary").inner_text()
    visit.focused_after_error = page.evaluate("document.activeElement.className")
    # Now only the keyboard: Tab to the first answer, arrows move within the radios, Tab
    # to the text box, type, Tab to the button, Enter sends.
    page.locator("body").focus()
    first = page.get_by_label("Very satisfied", exact=True)
    tab_to(page, first, visit.keyboard_reached)
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Satisfied", exact=True)).to_be_checked()
    page.keyboard.press("Tab")
    expect(page.get_by_label("How could we improve this service? (optional)")).to_be_focused()
    page.keyboard.type(IMPROVE)
    button = page.get_by_role("button", name="Send feedback")
    tab_to(page, button, visit.keyboard_reached)
    with page.expect_navigation(wait_until="load"):
        page.keyboard.press("Enter")
    visit.look(page, "feedback sent", "Thank you for your feedback")
    visit.sent = page.locator("main").inner_text()
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("link", name="Go back to the page you were on").click()
    visit.back_to = page.url


def read_feedback(visit: Visit, page: Page) -> None:
    sign_in(page, SENIOR[0], SENIOR[1])
    with page.expect_navigation(wait_until="load"):
        staff_menu(page).get_by_role("link", name="Feedback").click()
    visit.look(page, "staff feedback list", "Feedback")
    visit.staff_list = page.locator("main").inner_text()
    button = page.get_by_role("button", name=re.compile(r"^Mark as read the answer sent "))
    visit.mark_read_name = button.first.evaluate("button => button.textContent")
    with page.expect_navigation(wait_until="load"):
        button.first.click()
    visit.look(page, "staff feedback list, marked read", "Feedback")


@pytest.fixture(scope="module")
def visit(browser: Any, live_server: str, app: Flask) -> Iterator[Visit]:
    with app.app_context():
        make_user({Role.SENIOR_CASEWORKER}, email=SENIOR[0], name=SENIOR[1])
        _db.session.commit()
        _db.session.remove()
    record = Visit()
    with watched_page(browser, live_server, record) as page:
        information_pages(record, page)
        give_feedback(record, page)
        read_feedback(record, page)
    with app.app_context():
        record.kept = [
            (f.satisfaction.value, f.improve, f.page, f.read_at is not None)
            for f in _db.session.scalars(sa.select(Feedback))
        ]
        _db.session.remove()
    yield record


def test_every_page_passes_axe(visit: Visit):
    assert len(visit.audited) == 11, visit.audited
    assert visit.violations == {}, visit.violations_report()


def test_no_page_uses_an_id_twice(visit: Visit) -> None:
    assert not visit.duplicated, visit.duplicates_report()


def test_no_page_breaks_the_content_security_policy_or_throws(visit: Visit):
    assert visit.csp == []
    assert visit.script_errors == []
    assert visit.failed_assets() == []
    assert visit.refused_pages() == [("POST", 400, "document", "/feedback")]
    assert not visit.crowns


def test_the_footer_links_every_information_page(visit: Visit):
    for label in ("Privacy", "Accessibility statement", "Cookies", "Contact us", "Easy read"):
        assert label in visit.footer_links


def test_the_phase_banner_leads_to_feedback_from_the_page_it_is_on(visit: Visit):
    assert "Beta" in visit.banner
    assert "This is a new service. Help us improve it by giving your feedback." in visit.banner
    assert visit.feedback_url.endswith("/feedback?from=/track")


def test_an_empty_form_says_what_to_do_and_takes_the_focus_to_the_summary(visit: Visit):
    assert "Select how you feel about the service" in visit.empty_errors
    assert "govuk-error-summary" in visit.focused_after_error


def test_the_form_can_be_answered_and_sent_with_the_keyboard_alone(visit: Visit):
    assert "Thank you for your feedback" in visit.sent
    assert visit.back_to.endswith("/track")
    assert visit.kept == [("satisfied", IMPROVE, "/track", True)]


def test_staff_read_the_answer_with_its_counts(visit: Visit):
    assert IMPROVE in visit.staff_list
    assert "Satisfied" in visit.staff_list
    assert "/track" in visit.staff_list


def test_each_mark_as_read_button_names_the_answer_it_marks(visit: Visit):
    assert " ".join(visit.mark_read_name.split()).startswith("Mark as read the answer sent ")


def test_the_new_public_pages_fit_a_small_screen_without_scrolling_sideways(
    browser: Any, live_server: str, db: Any
) -> None:
    context = browser.new_context(base_url=live_server, viewport={"width": 320, "height": 640})
    try:
        page = context.new_page()
        widths = {}
        for path in [*PAGES, "/feedback", "/feedback/sent"]:
            page.goto(path)
            widths[path] = page.evaluate("document.documentElement.scrollWidth")
    finally:
        context.close()
    assert {path: width for path, width in widths.items() if width > 320} == {}
