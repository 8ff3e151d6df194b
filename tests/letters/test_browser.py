"""Letters to post on a case page, in real Chromium, with axe-core on every page visited.

A caseworker opens a case whose complainant has no email address, finds the letter to
download, marks it posted, and sees the timeline say so.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page

from oversight.auth.models import Role
from oversight.extensions import db as _db
from tests.browser import PageWatch, press, sign_in, watched_page
from tests.factories import make_user
from tests.letters.cases import case_to_post

pytestmark = pytest.mark.browser

CASEWORKER = ("pat.post@example.test", "Pat Post")


@dataclass(kw_only=True)
class Journey(PageWatch):
    reference: str
    message_id: int
    before: str = ""
    after: str = ""
    timeline: str = ""


def post_a_letter(journey: Journey, page: Page) -> None:
    sign_in(page, CASEWORKER[0], CASEWORKER[1])
    page.goto(f"/staff/cases/{journey.reference}")
    journey.look(page, "case page with a letter to post", journey.reference)
    journey.before = page.locator(f"#letter-{journey.message_id}").inner_text()
    press(page, "Mark as posted")
    journey.look(page, "letter posted", journey.reference)
    journey.after = page.locator(f"#letter-{journey.message_id}").inner_text()
    journey.timeline = page.locator("main").inner_text()


@pytest.fixture(scope="module")
def journey(browser: Any, live_server: str, app: Flask) -> Iterator[Journey]:
    with app.app_context():
        make_user({Role.CASEWORKER}, email=CASEWORKER[0], name=CASEWORKER[1])
        complaint, message = case_to_post()
        record = Journey(reference=complaint.reference, message_id=message.id)
        _db.session.commit()
        _db.session.remove()
    with watched_page(browser, live_server, record) as page:
        post_a_letter(record, page)
    yield record


def test_the_letter_is_offered_to_download_and_to_mark_posted(journey: Journey) -> None:
    assert "Download letter (PDF)" in journey.before
    assert "To post" in journey.before


def test_once_marked_the_letter_says_who_posted_it_and_the_timeline_shows_it(
    journey: Journey,
) -> None:
    assert "Posted on" in journey.after and CASEWORKER[1] in journey.after
    assert "Mark as posted" not in journey.after
    assert "Letter marked as posted" in journey.timeline
    assert "Letter posted" in journey.timeline


def test_every_page_meets_wcag_22_aa(journey: Journey) -> None:
    assert len(journey.audited) == 2, journey.audited
    assert not journey.violations, journey.violations_report()
    assert not journey.duplicated, journey.duplicates_report()


def test_no_script_errors_and_nothing_fails(journey: Journey) -> None:
    assert not journey.csp, journey.csp
    assert not journey.script_errors, journey.script_errors
    assert journey.failed == []
