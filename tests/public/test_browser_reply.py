"""Replying online in real Chromium: a complainant asked for information opens their
complaint, sends a reply that is refused (no words), then one with a file, and adds
evidence; axe-core checks every page visited."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from oversight.complaints.enums import Status
from oversight.extensions import db as _db
from oversight.models import utcnow
from tests.browser import PageWatch, press, watched_page
from tests.factories import make_complaint

pytestmark = pytest.mark.browser
CODE = "K7PM-29QX-4HTD"


@pytest.fixture(scope="module")
def journey(app: Any, browser: Any, live_server: str, tmp_path_factory: Any) -> Iterator[PageWatch]:
    with app.app_context():
        complaint = make_complaint(tracking_code=CODE)
        complaint.status = Status.AWAITING_INFORMATION
        complaint.awaiting_since = utcnow()
        _db.session.commit()
        reference = complaint.reference
    notes = tmp_path_factory.mktemp("reply") / "notes.txt"
    notes.write_text("The van was there from 9am.\n", encoding="utf-8")
    record = PageWatch()
    with watched_page(browser, live_server, record) as page:
        page.goto("/track")
        record.look(page, "track page", "Track your complaint")
        page.get_by_label("Complaint reference").fill(reference)
        page.get_by_label("Tracking code").fill(CODE)
        press(page, "Continue")
        record.look(page, "complaint waiting for a reply", "Your complaint")
        page.get_by_role("button", name="Reply to our request").click()
        record.look(page, "reply page", "Reply to our request")
        press(page, "Send your reply")
        record.look(page, "reply page with an error", "Reply to our request")
        expect(page.locator(".govuk-error-summary")).to_contain_text("Enter your reply")
        page.get_by_label("Your reply").fill("It was the 14th.")
        page.get_by_label("Upload files (optional)").set_input_files(notes)
        press(page, "Send your reply")
        record.look(page, "complaint after the reply", "Your complaint")
        expect(page.locator(".govuk-notification-banner")).to_contain_text(
            "We have received your reply"
        )
        page.get_by_role("button", name="Add evidence").click()
        record.look(page, "add evidence page", "Add evidence")
        page.get_by_label("Upload files").set_input_files(notes)
        press(page, "Send evidence")
        record.look(page, "complaint after adding evidence", "Your complaint")
        yield record


def test_the_reply_online_journey_meets_wcag_22_aa_on_every_page(journey: PageWatch) -> None:
    assert len(journey.audited) == 7, journey.audited
    assert not journey.violations, journey.violations_report()


def test_no_page_uses_an_id_twice(journey: PageWatch) -> None:
    assert not journey.duplicated, journey.duplicates_report()


def test_the_reply_online_journey_breaks_nothing(journey: PageWatch) -> None:
    assert not journey.failed_assets(), journey.failed_assets()
    assert not journey.csp and not journey.script_errors
    assert journey.refused_pages() == [("POST", 400, "document", "/track/reply")]
