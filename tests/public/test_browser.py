"""The public journey in real Chromium: a person files a complaint and tracks it.

One journey runs once for the module (it is the slow part) and records what it saw:
axe-core's findings on every page and error state, every failed request, every sign
of the GOV.UK crown and any markup shown as text. Each test below then checks one
thing about that record.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.browser import AXE_OPTIONS, CrownWatch, press, watched_page

pytestmark = pytest.mark.browser

# Escaped markup showing as text, such as "<span class=...>" or "<br>".
MARKUP_AS_TEXT = re.compile(r"</?[a-z][a-z0-9]*(\s[^>]*)?/?>", re.IGNORECASE)

PLACE = "Outside Stratford station, London"
WHAT_HAPPENED = "A van with cameras was parked by the exit.\nAn officer stopped me after an alert."
OUTCOME = "An explanation, and my images deleted."
NAME = "Sam Example"
EMAIL = "sam@example.com"
PHONE = "07700 900 982"
NEEDS = "Large print letters, please."
PNG_NAME = "van-photo.png"
TEXT_NAME = "notes.txt"


def png_bytes(width: int = 4, height: int = 4) -> bytes:
    """A real PNG image: a small red square, built by hand."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


@dataclass(kw_only=True)
class Journey(CrownWatch):
    """What one person's journey through the public pages showed."""

    markup_as_text: dict[str, list[str]] = field(default_factory=dict)
    check_answers: str = ""
    reference: str = ""
    tracking_code: str = ""
    status: str = ""

    def look(self, page: Page, name: str, heading: str) -> None:
        """Wait for the page, then check it with axe-core, for the crown and for raw markup."""
        super().look(page, name, heading)
        text = page.locator("body").inner_text()
        shown = [match.group(0) for match in MARKUP_AS_TEXT.finditer(text)]
        if shown:
            self.markup_as_text[name] = shown


def file_a_complaint(journey: Journey, page: Page, files: Path) -> None:
    page.goto("/")
    journey.look(page, "start page", "Complain about police use of facial recognition")
    page.get_by_role("button", name="Start now").click()

    journey.look(page, "technology question", "Which technology was used?")
    press(page, "Continue")
    journey.look(page, "technology question with an error", "Which technology was used?")
    page.get_by_label("Live facial recognition").check()
    press(page, "Continue")

    journey.look(page, "force question", "Which police force was it?")
    page.get_by_label("Which police force was it?").select_option(
        label="Metropolitan Police Service"
    )
    press(page, "Continue")

    journey.look(page, "date question", "When did it happen?")
    page.get_by_label("Day").press_sequentially("14")
    page.get_by_label("Month").press_sequentially("3")
    page.get_by_label("Year").press_sequentially("2025")
    press(page, "Continue")

    journey.look(page, "place question", "Where did it happen?")
    page.get_by_label("Where did it happen?").press_sequentially(PLACE)
    press(page, "Continue")

    journey.look(page, "what happened question", "What happened?")
    what_happened = page.get_by_label("What happened?")
    first_line, second_line = WHAT_HAPPENED.split("\n")
    what_happened.press_sequentially(first_line)
    what_happened.press("Enter")
    what_happened.press_sequentially(second_line)
    press(page, "Continue")

    journey.look(page, "concerns question", "What are you concerned about?")
    page.get_by_label("Being stopped or questioned after an alert").check()
    page.get_by_label("There was no notice or signage").check()
    press(page, "Continue")

    journey.look(page, "involvement question", "How were you involved?")
    page.get_by_label("I was the person searched for or alerted on").check()
    press(page, "Continue")

    journey.look(page, "outcome question", "What would you like to happen")
    page.get_by_label("What would you like to happen").press_sequentially(OUTCOME)
    press(page, "Continue")

    journey.look(page, "evidence page", "Upload evidence")
    press(page, "Upload")
    journey.look(page, "evidence page with no file chosen", "Upload evidence")
    empty = files / "empty.txt"
    empty.write_bytes(b"")
    program = files / "program.exe"
    program.write_bytes(b"MZ\x90\x00\x03\x00\x00\x00" * 8)
    page.get_by_label("Upload a file").set_input_files([empty, program])
    press(page, "Upload")
    journey.look(page, "evidence page with two files refused", "Upload evidence")
    expect(page.locator("#files-error")).to_contain_text(
        re.compile(r"empty\.txt is empty\nprogram\.exe must be a JPEG"), use_inner_text=True
    )
    photo = files / PNG_NAME
    photo.write_bytes(png_bytes())
    page.get_by_label("Upload a file").set_input_files(photo)
    press(page, "Upload")
    expect(page.get_by_role("heading", name="You have uploaded 1 file")).to_be_visible()
    notes = files / TEXT_NAME
    notes.write_text("The van was there from 9am until about 4pm.\n", encoding="utf-8")
    page.get_by_label("Upload another file").set_input_files(notes)
    press(page, "Upload")
    expect(page.get_by_role("heading", name="You have uploaded 2 files")).to_be_visible()
    journey.look(page, "evidence page with two files", "Upload evidence")
    press(page, "Continue")

    journey.look(page, "contact question", "Do you want to give your contact details?")
    page.get_by_label("Yes, give my contact details").check()
    press(page, "Continue")

    journey.look(page, "contact details question", "Your contact details")
    page.get_by_label("Full name").press_sequentially(NAME)
    page.get_by_label("Email address").press_sequentially(EMAIL)
    page.get_by_label("Phone number").press_sequentially(PHONE)
    page.get_by_label("Email", exact=True).check()
    page.get_by_label("Do you need us to do anything differently").press_sequentially(NEEDS)
    press(page, "Continue")

    journey.look(page, "consent question", "Can we share your name and contact details")
    page.get_by_label("Yes", exact=True).check()
    press(page, "Continue")

    journey.look(page, "check answers", "Check your answers before sending your complaint")
    journey.check_answers = page.locator("main .govuk-summary-list").inner_text()
    press(page, "Send complaint")

    journey.look(page, "confirmation", "Complaint sent")
    journey.reference = page.locator(".govuk-panel .app-reference").inner_text().strip()
    journey.tracking_code = page.locator(".app-tracking-code").inner_text().strip()


def track_the_complaint(journey: Journey, page: Page) -> None:
    page.get_by_role("link", name="Track your complaint").click()
    journey.look(page, "track page", "Track your complaint")
    expect(page).to_have_url(re.compile(r"/track$"))
    page.get_by_label("Complaint reference").press_sequentially(journey.reference)
    page.get_by_label("Tracking code").press_sequentially("AAAA-BBBB-CCCC")
    press(page, "Continue")
    journey.look(page, "track page with a wrong code", "Track your complaint")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The reference or tracking code is not right"
    )
    page.get_by_label("Tracking code").fill("")
    page.get_by_label("Tracking code").press_sequentially(journey.tracking_code)
    press(page, "Continue")
    journey.look(page, "complaint status", "Your complaint")
    journey.status = page.locator("main .govuk-tag").first.inner_text().strip()


@pytest.fixture(scope="module")
def journey(
    browser: Any, live_server: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Journey]:
    """A person files a complaint with evidence and contact details, then tracks it."""
    record = Journey()
    with watched_page(browser, live_server, record) as page:
        file_a_complaint(record, page, tmp_path_factory.mktemp("evidence"))
        track_the_complaint(record, page)
        yield record


def test_a_person_can_file_a_complaint_and_track_it_to_received(journey: Journey) -> None:
    assert re.fullmatch(r"FR-[0-9A-Z]{4}-[0-9A-Z]{4}", journey.reference), journey.reference
    assert re.fullmatch(r"[0-9A-Z]{4}(-[0-9A-Z]{4})+", journey.tracking_code), journey.tracking_code
    assert journey.status == "Received"


def test_check_answers_shows_every_answer_given(journey: Journey) -> None:
    shown = journey.check_answers
    for answer in [
        "Live facial recognition",
        "Metropolitan Police Service",
        "14 March 2025",
        PLACE,
        WHAT_HAPPENED,
        "Being stopped or questioned after an alert\nThere was no notice or signage",
        "I was the person searched for or alerted on",
        OUTCOME,
        f"{PNG_NAME}\n{TEXT_NAME}",
        f"{NAME}\n{EMAIL}\n{PHONE}",
        NEEDS,
    ]:
        assert answer in shown, f"check answers does not show {answer!r}:\n{shown}"


def test_every_page_of_the_journey_and_its_error_states_meets_wcag_22_aa(
    journey: Journey,
) -> None:
    assert len(journey.audited) == 22, journey.audited
    assert not journey.violations, journey.violations_report()


def test_no_page_uses_an_id_twice(journey: Journey) -> None:
    assert not journey.duplicated, journey.duplicates_report()


def test_the_journey_requests_nothing_that_fails_and_no_font_files(journey: Journey) -> None:
    assert not journey.failed_assets(), f"requests that failed: {journey.failed_assets()}"
    assert not journey.unfinished, f"requests that never finished: {journey.unfinished}"
    # Only the deliberate mistakes: an empty question, no file, bad files, a wrong code.
    assert journey.refused_pages() == [
        ("POST", 400, "document", "/complain/evidence"),
        ("POST", 400, "document", "/complain/evidence"),
        ("POST", 400, "document", "/complain/technology"),
        ("POST", 400, "document", "/track"),
    ]
    fonts = journey.fonts_requested()
    assert not fonts, f"font files requested: {fonts}"


def test_no_page_shows_the_govuk_crown(journey: Journey) -> None:
    assert not journey.crowns, f"the crown or crest appears on: {journey.crowns}"
    images = journey.crown_images_requested()
    assert not images, f"crown images requested: {images}"


def test_no_page_breaks_the_content_security_policy_or_throws(journey: Journey) -> None:
    assert not journey.csp, "Content-Security-Policy violations:\n" + "\n".join(journey.csp)
    assert not journey.script_errors, f"script errors: {journey.script_errors}"


def test_no_page_shows_markup_as_text(journey: Journey) -> None:
    assert not journey.markup_as_text, f"escaped markup shown as text: {journey.markup_as_text}"


def test_a_missing_page_meets_wcag_22_aa(page: Page) -> None:
    response = page.goto("/no-such-page")
    assert response is not None and response.status == 404
    expect(page.locator("h1")).to_have_text("Page not found")
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, results.generate_report()


def test_the_error_summary_takes_focus_and_its_link_moves_focus_to_the_field(
    page: Page,
) -> None:
    page.goto("/complain/technology")
    page.get_by_role("button", name="Continue").press("Enter")

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(page).to_have_title(re.compile(r"^Error: "))

    page.keyboard.press("Tab")
    link = summary.get_by_role("link", name="Select the technology that was used")
    expect(link).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.get_by_label("Live facial recognition")).to_be_focused()

    page.keyboard.press("Space")
    expect(page.get_by_label("Live facial recognition")).to_be_checked()
