"""The message-template editor in real Chromium: a senior caseworker opens it from the
staff menu, previews the Welsh acknowledgement against a real case, is refused a
placeholder the message cannot fill, and saves a new version; axe-core checks every page."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page

from oversight.auth.models import Role
from oversight.complaints.enums import Language, Status
from oversight.extensions import db as _db
from tests.browser import PageWatch, press, sign_in, staff_menu, watched_page
from tests.factories import make_case, make_user

pytestmark = pytest.mark.browser

SENIOR = ("wren.senior@example.test", "Wren Senior")


@dataclass(kw_only=True)
class Visit(PageWatch):
    reference: str = ""
    listed: str = ""
    preview: str = ""
    refused: str = ""
    saved: str = ""


def edit(visit: Visit, page: Page) -> None:
    sign_in(page, SENIOR[0], SENIOR[1])
    with page.expect_navigation(wait_until="load"):
        staff_menu(page).get_by_role("link", name="Message templates").click()
    visit.look(page, "message templates", "Message templates")
    visit.listed = page.locator("main").inner_text()
    page.goto("/staff/messages/acknowledgement/cy")
    visit.look(page, "edit a template", "Acknowledgement of a complaint")
    page.get_by_label("Preview against the case with this reference").fill(visit.reference)
    press(page, "Preview")
    visit.look(page, "preview", "Acknowledgement of a complaint")
    visit.preview = page.locator("#preview-body").inner_text()
    body = page.get_by_label("Message", exact=True)
    body.fill("Annwyl ((first_name)), ((reference))")
    press(page, "Save as a new version")
    visit.look(page, "unknown placeholder", "Acknowledgement of a complaint")
    visit.refused = page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Message", exact=True).fill("Diolch, ((reference)).")
    press(page, "Save as a new version")
    visit.look(page, "saved", "Acknowledgement of a complaint")
    visit.saved = page.locator("main").inner_text()


@pytest.fixture(scope="module")
def visit(browser: Any, live_server: str, app: Flask) -> Iterator[Visit]:
    record = Visit()
    with app.app_context():
        make_user({Role.SENIOR_CASEWORKER}, email=SENIOR[0], name=SENIOR[1])
        record.reference = make_case(Status.IN_TRIAGE, language=Language.WELSH).reference
        _db.session.commit()
        _db.session.remove()
    with watched_page(browser, live_server, record) as page:
        edit(record, page)
    yield record


def test_the_list_shows_every_template_in_both_languages(visit: Visit) -> None:
    assert "Triage: referred to ICO" in visit.listed and "Edit Welsh" in visit.listed


def test_the_preview_is_the_welsh_message_for_the_case(visit: Visit) -> None:
    assert f"Eich cyfeirnod yw {visit.reference}." in visit.preview
    assert "((" not in visit.preview


def test_an_unknown_placeholder_is_refused_in_the_error_summary(visit: Visit) -> None:
    assert "Remove ((first_name))" in visit.refused


def test_the_save_is_version_two_by_the_senior(visit: Visit) -> None:
    assert "Version 2, saved by Wren Senior" in visit.saved


def test_every_page_meets_wcag_22_aa(visit: Visit) -> None:
    assert len(visit.audited) == 5, visit.audited
    assert not visit.violations, visit.violations_report()
    assert not visit.csp and not visit.script_errors
