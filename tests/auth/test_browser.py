"""Staff sign-in, the second factor and the staff pages in real Chromium.

Two journeys run once for the module (they are the slow part) and record what they saw:
a new administrator signs in for the first time, sets up a security code, looks after
staff accounts, reads the audit log, and signs out; a caseworker signs in with a code and
opens a case and its complainant's contact details. The record holds axe-core's findings
on every page and error state, every Content-Security-Policy violation and script error,
every failed request and every font or crown request. Each test below checks one thing
about that record; the keyboard test drives the staff menu on its own.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import pyotp
import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from oversight.auth.models import Role
from oversight.extensions import db as _db
from tests.browser import (
    CrownWatch,
    enter_code,
    enter_password,
    press,
    sign_in,
    staff_menu,
    watched_page,
)
from tests.factories import make_complaint, make_user

pytestmark = pytest.mark.browser

ADMIN_EMAIL = "new.admin@example.test"
ADMIN_NAME = "Ada Administrator"
CASEWORKER_EMAIL = "casey@example.test"
CASEWORKER_NAME = "Casey Worker"
KEYBOARD_EMAIL = "kim@example.test"
NEW_NAME = "Sam Statistician"
# Not example.test: the form checks addresses, and .test is a special-use domain.
NEW_EMAIL = "sam.statistician@example.com"
NEW_PASSWORD = "a quiet river under winter stars"
COMPLAINANT = "Jo Bloggs"


@dataclass(kw_only=True)
class Visit(CrownWatch):
    """What the staff journeys showed."""

    qr_code: dict[str, Any] = field(default_factory=dict)
    admin_home: str = ""
    audit_log: str = ""
    after_sign_out: str = ""
    protected_page_url: str = ""
    case_reference: str = ""
    case_detail: str = ""
    complainant: str = ""


def new_administrator(visit: Visit, page: Page) -> None:
    page.goto("/staff/sign-in")
    visit.look(page, "sign-in page", "Sign in")
    enter_password(page, ADMIN_EMAIL, "not the right password")
    visit.look(page, "sign-in page with a wrong password", "Sign in")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "The email address or password is not right"
    )
    enter_password(page, ADMIN_EMAIL)

    visit.look(page, "security code set-up page", "Set up your security code")
    qr = page.get_by_role("img", name=re.compile("QR code"))
    visit.qr_code = {
        "src": qr.get_attribute("src") or "",
        "width": qr.evaluate("image => image.naturalWidth"),
    }
    page.get_by_label("Security code").fill("000000")
    press(page, "Continue")
    visit.look(page, "security code set-up page with a wrong code", "Set up your security code")
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    secret = "".join(page.locator("#setup-key").inner_text().split())
    code = page.get_by_label("Security code")
    code.fill("")
    code.fill(pyotp.TOTP(secret).now())
    press(page, "Continue")

    visit.look(page, "staff home", f"Hello, {ADMIN_NAME}")
    visit.admin_home = page.url

    staff_menu(page).get_by_role("link", name="Staff accounts").click()
    visit.look(page, "staff accounts", "Staff accounts")
    page.get_by_role("button", name="Add a staff account").click()
    visit.look(page, "new staff account page", "Add a staff account")
    press(page, "Add account")
    visit.look(page, "new staff account page with errors", "Add a staff account")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select at least one role")
    page.get_by_label("Full name").fill(NEW_NAME)
    page.get_by_label("Email address").fill(NEW_EMAIL)
    page.get_by_label("Statistician").check()
    page.get_by_label("First password", exact=True).fill(NEW_PASSWORD)
    press(page, "Add account")
    visit.look(page, "staff accounts with a new account", "Staff accounts")
    page.get_by_role("link", name=NEW_NAME).click()
    visit.look(page, "staff account page", NEW_NAME)

    staff_menu(page).get_by_role("link", name="Audit log").click()
    visit.look(page, "audit log", "Audit log")
    page.get_by_label("Action starts with").fill("auth.mfa")
    press(page, "Filter")
    visit.look(page, "audit log filtered", "Audit log")
    visit.audit_log = page.locator("main table").inner_text()

    staff_menu(page).get_by_role("link", name="Change password").click()
    visit.look(page, "change password page", "Change your password")
    press(page, "Change password")
    visit.look(page, "change password page with errors", "Change your password")

    staff_menu(page).get_by_role("button", name="Sign out").click()
    visit.look(page, "sign-in page after signing out", "Sign in")
    visit.after_sign_out = page.locator("main").inner_text()
    page.goto("/staff/users")
    expect(page.locator("h1")).to_have_text("Sign in")
    visit.protected_page_url = page.url


def caseworker(visit: Visit, page: Page) -> None:
    page.goto("/staff/sign-in")
    enter_password(page, CASEWORKER_EMAIL)
    visit.look(page, "security code page", "Enter your security code")
    enter_code(page)
    visit.look(page, "caseworker home", f"Hello, {CASEWORKER_NAME}")
    staff_menu(page).get_by_role("link", name="Cases").click()
    visit.look(page, "cases", "Cases")
    page.get_by_role("link", name=visit.case_reference).click()
    visit.look(page, "case", visit.case_reference)
    visit.case_detail = page.locator("main").inner_text()
    page.get_by_role("link", name="Show contact details").click()
    visit.look(page, "complainant's contact details", "Contact details")
    visit.complainant = page.locator("main").inner_text()


@pytest.fixture(scope="module")
def visit(browser: Any, live_server: str, app: Flask) -> Iterator[Visit]:
    """A new administrator's first sign-in and a caseworker's look at a case."""
    with app.app_context():
        make_user({Role.ADMINISTRATOR}, email=ADMIN_EMAIL, name=ADMIN_NAME, enrolled=False)
        make_user({Role.CASEWORKER}, email=CASEWORKER_EMAIL, name=CASEWORKER_NAME)
        reference = make_complaint(name=COMPLAINANT).reference
        _db.session.commit()
        _db.session.remove()
    record = Visit(case_reference=reference)
    for journey in (new_administrator, caseworker):
        with watched_page(browser, live_server, record) as page:
            journey(record, page)
    yield record


def test_a_new_administrator_sets_up_a_security_code_and_reaches_staff_pages(
    visit: Visit,
) -> None:
    assert urlsplit(visit.admin_home).path == "/staff"
    assert visit.qr_code["src"].startswith("data:image/svg+xml"), visit.qr_code["src"][:40]
    assert visit.qr_code["width"] > 0, "the QR code did not load"
    assert "auth.mfa_enrolled" in visit.audit_log, visit.audit_log
    assert "auth.mfa_failed" in visit.audit_log, visit.audit_log


def test_signing_out_ends_the_session(visit: Visit) -> None:
    assert "You have signed out." in visit.after_sign_out
    url = urlsplit(visit.protected_page_url)
    assert url.path == "/staff/sign-in", visit.protected_page_url
    assert "next=%2Fstaff%2Fusers" in url.query or "next=/staff/users" in url.query


def test_a_caseworker_opens_a_case_and_the_complainants_details(visit: Visit) -> None:
    assert "Cardiff city centre" in visit.case_detail
    assert COMPLAINANT not in visit.case_detail
    assert COMPLAINANT in visit.complainant
    assert "jo@example.com" in visit.complainant


def test_every_staff_page_and_error_state_meets_wcag_22_aa(visit: Visit) -> None:
    assert len(visit.audited) == 20, visit.audited
    assert not visit.violations, visit.violations_report()
    assert not visit.duplicated, visit.duplicates_report()


def test_no_page_breaks_the_content_security_policy_or_throws(visit: Visit) -> None:
    assert not visit.csp, "Content-Security-Policy violations:\n" + "\n".join(visit.csp)
    assert not visit.script_errors, f"script errors: {visit.script_errors}"


def test_nothing_fails_to_load_and_no_font_or_crown_is_requested(visit: Visit) -> None:
    assert not visit.failed_assets(), f"requests that failed: {visit.failed_assets()}"
    assert not visit.unfinished, f"requests that never finished: {visit.unfinished}"
    # Only the deliberate mistakes: a wrong password, a wrong code, two empty forms.
    assert visit.refused_pages() == [
        ("POST", 400, "document", "/staff/account/password"),
        ("POST", 400, "document", "/staff/security-code/set-up"),
        ("POST", 400, "document", "/staff/sign-in"),
        ("POST", 400, "document", "/staff/users/new"),
    ]
    assert not visit.fonts_requested(), f"font files requested: {visit.fonts_requested()}"
    crowns = visit.crown_images_requested()
    assert not crowns, f"crown images requested: {crowns}"
    assert not visit.crowns, f"the crown or crest appears on: {visit.crowns}"


def test_the_staff_menu_and_sign_out_work_from_the_keyboard(
    browser: Any, live_server: str, db: Any
) -> None:
    make_user({Role.CASEWORKER, Role.ADMINISTRATOR}, email=KEYBOARD_EMAIL)
    db.session.commit()
    context = browser.new_context(base_url=live_server, viewport={"width": 1024, "height": 768})
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        sign_in(page, KEYBOARD_EMAIL)
        menu = staff_menu(page)
        cases = menu.get_by_role("link", name="Cases")
        sign_out = menu.get_by_role("button", name="Sign out")

        # From the top of the page, Tab reaches the menu's links, then the sign-out button.
        page.locator("body").focus()
        reached = []
        for _ in range(30):
            page.keyboard.press("Tab")
            reached.append(page.evaluate("document.activeElement.textContent.trim()"))
            if sign_out.evaluate("button => button === document.activeElement"):
                break
        assert reached[-1] == "Sign out", reached
        for item in ["Home", "Cases", "Staff accounts", "Audit log", "Change password"]:
            assert item in reached, f"Tab never reached {item!r}: {reached}"

        # Enter follows a menu link.
        for _ in range(len(reached)):
            if cases.evaluate("link => link === document.activeElement"):
                break
            page.keyboard.press("Shift+Tab")
        expect(cases).to_be_focused()
        page.keyboard.press("Enter")
        expect(page.locator("h1")).to_have_text("Cases")
        expect(cases).to_have_attribute("aria-current", "page")

        # On a narrow screen the menu folds behind a button that Enter opens.
        page.set_viewport_size({"width": 375, "height": 700})
        toggle = page.get_by_role("button", name="Menu")
        expect(toggle).to_be_visible()
        expect(toggle).to_have_attribute("aria-expanded", "false")
        expect(sign_out).to_be_hidden()
        for _ in range(10):
            page.keyboard.press("Tab")
            if toggle.evaluate("button => button === document.activeElement"):
                break
        expect(toggle).to_be_focused()
        page.keyboard.press("Enter")
        expect(toggle).to_have_attribute("aria-expanded", "true")
        expect(sign_out).to_be_visible()
        for _ in range(30):  # past every item of an administrator's menu
            page.keyboard.press("Tab")
            if sign_out.evaluate("button => button === document.activeElement"):
                break
        expect(sign_out).to_be_focused()

        # Enter on the sign-out button signs out; staff pages then ask for a sign-in.
        page.keyboard.press("Enter")
        expect(page.locator("h1")).to_have_text("Sign in")
        expect(page.locator("main")).to_contain_text("You have signed out.")
        page.goto("/staff/cases")
        expect(page).to_have_url(re.compile(r"/staff/sign-in\?next="))
    finally:
        context.close()
