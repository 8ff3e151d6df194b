"""The who-looked page in real Chromium: an administrator signs in, finds it in the staff
menu, searches with nothing typed (an error), then by a case reference; axe-core checks
every page."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import expect

from oversight.audit import services as audit
from oversight.auth.models import Role
from oversight.extensions import db as _db
from tests.browser import PageWatch, follow, press, sign_in, staff_menu, watched_page
from tests.factories import make_complaint, make_user

pytestmark = pytest.mark.browser
ADMIN = ("looker-admin@example.test", "Ada Admin")


@pytest.fixture(scope="module")
def journey(app: Any, browser: Any, live_server: str) -> Iterator[tuple[PageWatch, str]]:
    with app.app_context():
        make_user({Role.ADMINISTRATOR}, email=ADMIN[0], name=ADMIN[1])
        worker = make_user({Role.CASEWORKER}, email="looker-worker@example.test", name="Cas Worker")
        complaint = make_complaint()
        reference = complaint.reference
        audit.record(
            "complainant.viewed",
            actor=f"user:{worker.id}",
            object_type="case",
            object_id=reference,
            reference=reference,
        )
        _db.session.commit()
    record = PageWatch()
    with watched_page(browser, live_server, record) as page:
        sign_in(page, *ADMIN)
        with page.expect_navigation(wait_until="load"):
            staff_menu(page).get_by_role("link", name="Who looked").click()
        record.look(page, "access log", "Who looked at a person’s data")
        press(page, "Search")
        record.look(page, "access log with an error", "Who looked at a person’s data")
        expect(page.locator(".govuk-error-summary")).to_contain_text(
            "Enter a case reference, email address or phone number"
        )
        page.get_by_label("Case reference, email address or phone number").fill(reference)
        press(page, "Search")
        record.look(page, "access log for a person", "Who looked at a person’s data")
        expect(page.locator(".app-looks")).to_contain_text("Cas Worker")
        expect(page.locator(".app-looks")).to_contain_text("Viewed the contact details")
        follow(page, "Sign out", role="button")
        yield record, reference


def test_the_access_log_meets_wcag_22_aa(journey: tuple[PageWatch, str]) -> None:
    record, _ = journey
    assert len(record.audited) == 3, record.audited
    assert not record.violations, record.violations_report()


def test_no_page_uses_an_id_twice(journey: tuple[PageWatch, str]) -> None:
    record, _ = journey
    assert not record.duplicated, record.duplicates_report()


def test_the_access_log_breaks_nothing(journey: tuple[PageWatch, str]) -> None:
    record, _ = journey
    assert not record.failed_assets(), record.failed_assets()
    assert not record.csp and not record.script_errors
