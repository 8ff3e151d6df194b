"""Adding and correcting deployment records in real Chromium.

One visit runs once for the module (it is the slow part) and records what it saw: a
caseworker signs in, opens the deployment records, adds one with more false alerts
than alerts, reads the error and fixes it, corrects the record, and reads its history;
then adds a usage return whose period ends before it starts, fixes that too, and finds
it in the list. The record holds axe-core's findings on every page and error state,
every Content-Security-Policy violation and script error, and every failed request;
each test below checks one thing about it.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page

from oversight.auth.models import Role
from oversight.extensions import db as _db
from tests.browser import PageWatch, follow, press, sign_in, watched_page
from tests.factories import make_user

pytestmark = pytest.mark.browser

CASEWORKER = ("dee.ployment@example.test", "Dee Ployment")
PLACE = "Queen Street"
NOTE = "The force republished the record with the faces re-counted."


@dataclass(kw_only=True)
class Visit(PageWatch):
    """What the pages showed."""

    add_errors: str = ""
    focused_after_error: str = ""
    kept_after_error: dict[str, str] = field(default_factory=dict)
    added: str = ""
    correction_form: dict[str, str] = field(default_factory=dict)
    corrected: str = ""
    history: str = ""
    list_row: str = ""
    return_errors: str = ""
    return_added: str = ""
    returns_listed: str = ""


def add_a_deployment(visit: Visit, page: Page) -> None:
    page.goto("/staff/deployments")
    visit.look(page, "deployment records, none yet", "Deployment records")
    follow(page, "Add a deployment record", "button")
    visit.look(page, "add a deployment record", "Add a deployment record")
    page.get_by_label("Force", exact=True).select_option(label="South Wales Police")
    page.get_by_label("Date", exact=True).fill("28/09/2025")
    page.get_by_label("Start time (optional)").fill("10:00")
    page.get_by_label("End time (optional)").fill("16:00")
    page.get_by_label("Location", exact=True).fill(PLACE)
    page.get_by_label("Area (optional)").fill("Cardiff")
    page.get_by_label("Watchlist size (optional)").fill("1,203")
    page.get_by_label("Faces seen (optional)").fill("12,450")
    page.get_by_label("Alerts (optional)", exact=True).fill("3")
    page.get_by_label("True alerts (optional)").fill("2")
    page.get_by_label("False alerts (optional)").fill("2")
    press(page, "Add the record")
    visit.look(page, "add a deployment record: false alerts too many", "Add a deployment record")
    visit.add_errors = page.locator(".govuk-error-summary").inner_text()
    visit.focused_after_error = page.evaluate("document.activeElement.className")
    visit.kept_after_error = {
        label: page.get_by_label(label, exact=True).input_value()
        for label in ("Date", "Location", "Faces seen (optional)", "False alerts (optional)")
    }
    page.locator(".govuk-error-summary").get_by_role("link").first.click()
    page.get_by_label("False alerts (optional)").fill("1")
    press(page, "Add the record")
    visit.look(page, "deployment record added", PLACE)
    visit.added = page.locator("main").inner_text()


def correct_it(visit: Visit, page: Page) -> None:
    follow(page, "Correct this record", "button")
    visit.look(page, "correct a deployment record", "Correct deployment record")
    visit.correction_form = {
        label: page.get_by_label(label, exact=True).input_value()
        for label in ("Date", "Faces seen (optional)", "False alerts (optional)")
    }
    page.get_by_label("Faces seen (optional)").fill("13,020")
    press(page, "Save correction")
    visit.look(page, "correct a deployment record: no reason given", "Correct deployment record")
    page.get_by_label("What was corrected and why").fill(NOTE)
    press(page, "Save correction")
    visit.look(page, "deployment record corrected", PLACE)
    visit.corrected = page.locator(".govuk-notification-banner").inner_text()
    visit.history = page.locator("main .app-history").inner_text()
    follow(page, "Back to deployment records")
    visit.look(page, "deployment records, one", "Deployment records")
    visit.list_row = page.locator("main tbody tr").first.inner_text()


def add_a_usage_return(visit: Visit, page: Page) -> None:
    follow(page, "Usage returns")
    visit.look(page, "usage returns, none yet", "Usage returns")
    follow(page, "Add a usage return", "button")
    visit.look(page, "add a usage return", "Add a usage return")
    page.get_by_label("Force", exact=True).select_option(label="Gwent Police")
    page.get_by_label("Operator-initiated facial recognition").check()
    page.get_by_label("Start of period").fill("01/07/2026")
    page.get_by_label("End of period").fill("30/06/2026")
    page.get_by_label("Searches", exact=True).fill("64")
    press(page, "Add the return")
    visit.look(page, "add a usage return: period ends before it starts", "Add a usage return")
    visit.return_errors = page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("End of period").fill("30/09/2026")
    press(page, "Add the return")
    visit.look(page, "usage return added", "Gwent Police")
    visit.return_added = page.locator("main").inner_text()
    follow(page, "Back to usage returns")
    visit.look(page, "usage returns, one", "Usage returns")
    visit.returns_listed = page.locator("main tbody").inner_text()


@pytest.fixture(scope="module")
def visit(browser: Any, live_server: str, app: Flask) -> Iterator[Visit]:
    with app.app_context():
        make_user({Role.CASEWORKER}, email=CASEWORKER[0], name=CASEWORKER[1])
        _db.session.commit()
        _db.session.remove()
    record = Visit()
    with watched_page(browser, live_server, record) as page:
        sign_in(page, *CASEWORKER)
        add_a_deployment(record, page)
        correct_it(record, page)
        add_a_usage_return(record, page)
    yield record


def test_false_alerts_above_alerts_are_refused_saying_why_with_the_input_kept(visit: Visit):
    assert "True alerts and false alerts together cannot be more than alerts" in visit.add_errors
    assert "govuk-error-summary" in visit.focused_after_error
    assert visit.kept_after_error == {
        "Date": "28/09/2025",
        "Location": PLACE,
        "Faces seen (optional)": "12,450",
        "False alerts (optional)": "2",
    }


def test_the_fixed_record_is_saved_with_its_figures(visit: Visit):
    assert "Deployment record added." in visit.added
    assert "Queen Street on 28 September 2025" in visit.added
    assert "South Wales Police" in visit.added
    assert "12,450" in visit.added


def test_the_correction_form_starts_from_the_record_and_needs_a_reason(visit: Visit):
    assert visit.correction_form == {
        "Date": "28/09/2025",
        "Faces seen (optional)": "12,450",
        "False alerts (optional)": "1",
    }
    assert "correct a deployment record: no reason given" in visit.audited


def test_the_history_shows_who_corrected_what_and_why(visit: Visit):
    assert "Deployment record corrected." in visit.corrected
    newest, oldest = visit.history.split("Version 1")
    assert newest.strip().startswith("Version 2")
    assert f"by {CASEWORKER[1]}, through the staff form" in newest
    assert NOTE in newest
    assert "Faces seen\t12,450\t13,020" in newest
    assert "First recorded." in oldest


def test_the_list_shows_the_corrected_record(visit: Visit):
    assert PLACE in visit.list_row
    assert "13,020" in visit.list_row


def test_a_usage_return_ending_before_it_starts_is_refused_then_added(visit: Visit):
    assert "End of period must be after the start of the period" in visit.return_errors
    assert "Usage return added." in visit.return_added
    assert "Gwent Police" in visit.returns_listed
    assert "1 July 2026 to 30 September 2026" in visit.returns_listed


def test_every_page_and_error_state_meets_wcag_22_aa(visit: Visit):
    assert len(visit.audited) == 13, visit.audited
    assert not visit.violations, visit.violations_report()


def test_no_page_uses_an_id_twice(visit: Visit) -> None:
    assert not visit.duplicated, visit.duplicates_report()


def test_no_page_breaks_the_content_security_policy_or_throws(visit: Visit):
    assert not visit.csp, "Content-Security-Policy violations:\n" + "\n".join(visit.csp)
    assert not visit.script_errors, f"script errors: {visit.script_errors}"


def test_nothing_fails_to_load_but_the_forms_sent_with_errors(visit: Visit):
    assert not visit.failed_assets(), f"requests that failed: {visit.failed_assets()}"
    assert not visit.unfinished, f"requests that never finished: {visit.unfinished}"
    refused = [(method, status) for method, status, _kind, _path in visit.refused_pages()]
    assert refused == [("POST", 400)] * 3
