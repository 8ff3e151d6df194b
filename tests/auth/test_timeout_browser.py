"""The timeout warning and the kept drafts in real Chromium, with limits of seconds
(the app's configuration, changed for these tests only): the warning appears before the
idle limit, takes the focus, meets WCAG 2.2 AA and keeps the session with "Stay signed
in" (or Escape); left alone, the page goes to the sign-in page saying why, and the note
being typed on the case page is there again after signing in once more."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from oversight.auth.models import Role
from oversight.extensions import db as _db
from tests.browser import PageWatch, enter_password, press, sign_in, watched_page
from tests.factories import TOTP_SECRET, make_case, make_user
from tests.helpers import current_code

pytestmark = pytest.mark.browser

EMAIL = "tess@example.test"
NOTE = "Spoke to the force's data protection officer; they will check the watchlist."
NOTE_FIELD = "form[action$='/notes'] textarea[name='text']"
# The warning shows 3 seconds after the last activity; the session ends at 12.
IDLE = timedelta(seconds=12)
WARNING = timedelta(seconds=9)


@pytest.fixture
def short_limits(app: Flask, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setitem(app.config, "STAFF_IDLE_TIMEOUT", IDLE)
    monkeypatch.setitem(app.config, "STAFF_IDLE_WARNING", WARNING)
    monkeypatch.setitem(app.config, "DRAFT_SAVE_DELAY", timedelta(seconds=1))
    yield


@pytest.fixture
def reference(app: Flask, short_limits: None) -> str:
    with app.app_context():
        make_user({Role.CASEWORKER}, email=EMAIL, name="Tess Timeout")
        reference = make_case().reference
        _db.session.commit()
        _db.session.remove()
    return reference


def seconds_left(page: Page) -> int:
    return int(page.evaluate("fetch('/staff/session').then((r) => r.json()).then((j) => j.idle)"))


def open_case(page: Page, reference: str) -> None:
    sign_in(page, EMAIL)
    page.goto(f"/staff/cases/{reference}")
    expect(page.locator("h1")).to_contain_text(reference)


def test_the_warning_takes_the_focus_and_stay_signed_in_keeps_the_session(
    browser: Any, live_server: str, reference: str
) -> None:
    watch = PageWatch()
    with watched_page(browser, live_server, watch) as page:
        open_case(page, reference)
        page.locator(NOTE_FIELD).focus()  # where the person was; focus comes back to it
        dialog = page.get_by_role("dialog", name="You’re about to be signed out")
        expect(dialog).to_be_visible(timeout=8_000)
        expect(dialog).to_be_focused()
        expect(dialog).to_contain_text("we will sign you out in")
        expect(dialog).to_contain_text(re.compile(r"in \d+ seconds? if you do nothing"))
        watch.look(page, "case page with the timeout warning", reference)

        dialog.get_by_role("button", name="Stay signed in").click()
        expect(dialog).to_be_hidden()
        expect(page.locator(NOTE_FIELD)).to_be_focused()
        assert seconds_left(page) >= IDLE.total_seconds() - 3

        # Escape is "Stay signed in" too.
        expect(dialog).to_be_visible(timeout=8_000)
        page.keyboard.press("Escape")
        expect(dialog).to_be_hidden()
        assert seconds_left(page) >= IDLE.total_seconds() - 3
        expect(page.locator("h1")).to_contain_text(reference)

    assert not watch.violations, watch.violations_report()
    assert not watch.csp, watch.csp
    assert not watch.script_errors, watch.script_errors
    assert not watch.failed_assets(), watch.failed_assets()


def test_when_time_runs_out_the_note_being_written_is_kept_for_after_signing_in_again(
    browser: Any, live_server: str, reference: str
) -> None:
    watch = PageWatch()
    with watched_page(browser, live_server, watch) as page:
        open_case(page, reference)
        # By its form: the case page has two fields with the id "text" (a fault of its own).
        page.locator(NOTE_FIELD).fill(NOTE)

        # Left alone: the warning, then the sign-in page saying why.
        expect(page.get_by_role("dialog")).to_be_visible(timeout=10_000)
        expect(page.locator("h1")).to_have_text("Sign in", timeout=20_000)
        expect(page.locator("main")).to_contain_text(
            "You were signed out because you did nothing for 12 seconds."
        )
        watch.look(page, "sign-in page after the idle limit", "Sign in")

        enter_password(page, EMAIL)
        # The next step's code: the first sign-in's may be the current one, used once.
        page.get_by_label("Enter your security code").fill(current_code(TOTP_SECRET, 1))
        press(page, "Continue")
        expect(page.locator("h1")).to_contain_text(reference)
        note = page.locator(NOTE_FIELD)
        expect(note).to_have_value(NOTE)
        notice = page.locator(".app-draft-notice")
        expect(notice).to_contain_text("We kept the note you were writing on ")
        watch.look(page, "case page with a kept note", reference)

        notice.get_by_role("button", name="Discard the kept note").click()
        expect(note).to_have_value("")
        expect(note).to_be_focused()
        expect(notice).to_contain_text("You discarded the note that was kept.")

    assert not watch.violations, watch.violations_report()
    assert not watch.csp, watch.csp
    assert not watch.script_errors, watch.script_errors
    assert not watch.failed_assets(), watch.failed_assets()


def test_before_the_absolute_limit_the_warning_says_it_cannot_be_extended(
    browser: Any, live_server: str, reference: str, monkeypatch: pytest.MonkeyPatch, app: Flask
) -> None:
    monkeypatch.setitem(app.config, "STAFF_IDLE_TIMEOUT", timedelta(minutes=30))
    monkeypatch.setitem(app.config, "STAFF_ABSOLUTE_TIMEOUT", timedelta(seconds=15))
    monkeypatch.setitem(app.config, "STAFF_ABSOLUTE_WARNING", timedelta(seconds=11))
    watch = PageWatch()
    with watched_page(browser, live_server, watch) as page:
        sign_in(page, EMAIL)
        dialog = page.get_by_role("dialog", name="You will be signed out soon")
        expect(dialog).to_be_visible(timeout=8_000)
        expect(dialog).to_be_focused()
        expect(dialog).to_contain_text("you cannot stay signed in for longer")
        expect(dialog).to_contain_text("Save your work now")
        expect(dialog.get_by_role("button", name="Stay signed in")).to_be_hidden()
        watch.look(page, "staff home with the absolute limit's warning", "Hello,")
        dialog.get_by_role("button", name="Continue").click()
        expect(dialog).to_be_hidden()
        expect(page.locator("h1")).to_have_text("Sign in", timeout=15_000)
        expect(page.locator("main")).to_contain_text(
            "You were signed out because you had been signed in for 15 seconds."
        )
    assert not watch.violations, watch.violations_report()
    assert not watch.script_errors, watch.script_errors
