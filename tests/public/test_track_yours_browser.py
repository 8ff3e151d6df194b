"""Your information in real Chromium: a complainant opens their complaint, downloads a
copy of what they sent, removes their contact details and withdraws the complaint;
axe-core checks every page visited."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from oversight.extensions import db as _db
from tests.browser import PageWatch, follow, press, watched_page
from tests.factories import make_complaint

pytestmark = pytest.mark.browser
CODE = "K7PM-29QX-4HTD"


class Journey(PageWatch):
    copy: dict[str, bytes]
    copy_name: str


@pytest.fixture(scope="module")
def journey(app: Any, browser: Any, live_server: str) -> Iterator[Journey]:
    with app.app_context():
        complaint = make_complaint(tracking_code=CODE)
        _db.session.commit()
        reference = complaint.reference
    record = Journey()
    with watched_page(browser, live_server, record, accept_downloads=True) as page:
        page.goto("/track")
        record.look(page, "track page", "Track your complaint")
        page.get_by_label("Complaint reference").fill(reference)
        page.get_by_label("Tracking code").fill(CODE)
        press(page, "Continue")
        record.look(page, "your complaint", "Your complaint")
        expect(page.locator("#your-information")).to_have_text("Your information")
        with page.expect_download() as download:
            page.get_by_role("link", name="Download a copy of what you sent us").click()
        record.copy_name = download.value.suggested_filename
        with zipfile.ZipFile(io.BytesIO(open(download.value.path(), "rb").read())) as bundle:
            record.copy = {name: bundle.read(name) for name in bundle.namelist()}
        follow(page, "Ask us to remove your contact details")
        record.look(page, "remove contact details", "Remove your contact details")
        page.keyboard.press("Tab")  # the page works from the keyboard
        press(page, "Remove my contact details")
        record.look(page, "contact details removed", "Your contact details have been removed")
        follow(page, "Back to your complaint")
        record.look(page, "your complaint, anonymous now", "Your complaint")
        expect(page.locator(".app-your-information")).to_contain_text(
            "We hold no contact details for you."
        )
        follow(page, "Withdraw your complaint")
        record.look(page, "withdraw", "Withdraw your complaint")
        page.get_by_label("Why are you withdrawing your complaint? (optional)").fill("x" * 2001)
        press(page, "Withdraw my complaint")
        record.look(page, "withdraw with an error", "Withdraw your complaint")
        expect(page.locator(".govuk-error-summary")).to_contain_text("2,000 characters or fewer")
        page.get_by_label("Why are you withdrawing your complaint? (optional)").fill(
            "I have sorted it out with the force."
        )
        press(page, "Withdraw my complaint")
        record.look(page, "withdrawn", "Complaint withdrawn")
        follow(page, "Back to your complaint")
        record.look(page, "your complaint, withdrawn", "Your complaint")
        expect(page.locator("#now")).to_have_text("Your complaint is closed.")
        yield record


def test_the_your_information_journey_meets_wcag_22_aa_on_every_page(journey: Journey) -> None:
    assert len(journey.audited) == 9, journey.audited
    assert not journey.violations, journey.violations_report()


def test_no_page_uses_an_id_twice(journey: Journey) -> None:
    assert not journey.duplicated, journey.duplicates_report()


def test_the_copy_downloads_with_the_document_and_nothing_else(journey: Journey) -> None:
    assert journey.copy_name.startswith("complaint-FR-") and journey.copy_name.endswith(".zip")
    assert list(journey.copy) == ["your-complaint.html"]
    assert b"Jo Bloggs" in journey.copy["your-complaint.html"]


def test_the_your_information_journey_breaks_nothing(journey: Journey) -> None:
    assert not journey.failed_assets(), journey.failed_assets()
    assert not journey.csp and not journey.script_errors
    assert journey.refused_pages() == [("POST", 400, "document", "/track/withdraw")]
