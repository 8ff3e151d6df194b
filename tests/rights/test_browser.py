"""The information rights officer's journey in real Chromium: log a request (once with
mistakes), check the requester's identity, search for their case, choose it, redact a
phrase and download the bundle, with axe-core on every page and error state."""

from __future__ import annotations

import zipfile
from dataclasses import dataclass

import pytest
from flask import Flask
from playwright.sync_api import expect

from oversight.auth.models import Role
from oversight.complaints.enums import Status
from oversight.extensions import db as _db
from tests.browser import PageWatch, follow, press, sign_in, staff_menu, watched_page
from tests.factories import make_case, make_user

pytestmark = pytest.mark.browser

OFFICER = ("ira.rights@example.test", "Ira Rights")


@dataclass(kw_only=True)
class Journey(PageWatch):
    pass


def test_the_staff_request_journey_meets_wcag_22_aa(
    app: Flask, browser, live_server: str, tmp_path
) -> None:
    with app.app_context():
        make_user({Role.INFORMATION_RIGHTS}, email=OFFICER[0], name=OFFICER[1])
        case = make_case(Status.INVESTIGATING)
        case.complainant.email = "jo.bloggs@example.com"
        case.what_happened = "Alex Neighbour was with me when the van scanned us."
        reference = case.reference
        _db.session.commit()
        _db.session.remove()
    journey = Journey()
    with watched_page(browser, live_server, journey) as page:
        sign_in(page, *OFFICER)
        with page.expect_navigation():
            staff_menu(page).get_by_role("link", name="Rights requests").click()
        journey.look(page, "list", "Rights requests")
        follow(page, "Log a request", "button")
        journey.look(page, "new", "Log a rights request")
        page.get_by_label("Requester's full name").fill("Jo Bloggs")
        press(page, "Log the request")
        journey.look(page, "new with errors", "Log a rights request")
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Select what the request is for"
        )
        expect(page.get_by_label("Requester's full name")).to_have_value("Jo Bloggs")
        page.get_by_label("Access (a copy of their data)").check()
        page.get_by_label("How to reply to them").fill("jo.bloggs@example.com")
        page.get_by_label("Email", exact=True).check()
        page.get_by_label("Day").fill("30")
        page.get_by_label("Month").fill("11")
        page.get_by_label("Year").fill("2026")
        press(page, "Log the request")
        journey.look(page, "request", "Request")
        expect(page.locator("main")).to_contain_text("Due on 30 December 2026")
        follow(page, "Record the identity check")
        journey.look(page, "identity", "Record the identity check")
        page.get_by_label("How was their identity checked?").fill("Email matches the complaint")
        press(page, "Record the check")
        follow(page, "Search for the requester's cases")
        journey.look(page, "search", "Search for the requester's cases")
        page.get_by_label("Email address").fill("JO.BLOGGS@example.com ")
        press(page, "Search")
        journey.look(page, "search results", "Search for the requester's cases")
        page.get_by_label(reference, exact=False).check()
        press(page, "Choose these cases")
        journey.look(page, "request with a case", "Request")
        follow(page, "Redact words in the records")
        journey.look(page, "redactions", "Redact words in the records")
        page.get_by_label("Words to redact").fill("Alex Neighbour")
        page.get_by_label("Third-party personal data").check()
        press(page, "Redact these words")
        journey.look(page, "redactions added", "Redact words in the records")
        expect(page.locator("mark").first).to_have_text("Alex Neighbour")
        page.goto(page.url.rsplit("/redactions", 1)[0])
        with page.expect_download() as waiting:
            page.get_by_role("button", name="Release the bundle and download it").click()
        saved = tmp_path / "bundle.zip"
        waiting.value.save_as(saved)
    archive = zipfile.ZipFile(saved)
    assert "Alex Neighbour" not in archive.read("records.html").decode()
    assert "[redacted]" in archive.read("records.json").decode()
    assert len(journey.audited) == 10, journey.audited
    assert not journey.violations, journey.violations_report()
    assert not journey.duplicated, journey.duplicates_report()
    assert not journey.csp and not journey.script_errors
