"""A statistics release read in Welsh in real Chromium: the switch leads from the English
release page to the Welsh one and back, each checked with axe-core; the Welsh page's
tables are in the Welsh the release stored when it was prepared (tests/statistics/welsh.py
gives it), and its downloads are in Welsh too."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask_babel import force_locale, get_domain, get_translations
from playwright.sync_api import Page

from oversight.auth.models import Role
from oversight.extensions import db as _db
from tests.browser import PageWatch, watched_page
from tests.factories import make_user
from tests.statistics.pages import TITLE, add_complaints, publish
from tests.statistics.welsh import TITLE as WELSH_TITLE
from tests.statistics.welsh import WORDS

pytestmark = pytest.mark.browser

WELSH_HEADING = "Ystadegau goruchwylio adnabod wynebau"


@dataclass(kw_only=True)
class Visit(PageWatch):
    lang: str = ""
    welsh_text: str = ""
    download: str = ""
    english_lang: str = ""


def read_in_welsh(visit: Visit, page: Page) -> None:
    page.goto("/statistics/2026-q3")
    visit.look(page, "release page", TITLE)
    page.get_by_role("link", name="Cymraeg").click()
    visit.look(page, "release page in Welsh", f"{WELSH_HEADING}: Gorffennaf i Medi 2026")
    visit.lang = page.locator("html").get_attribute("lang") or ""
    visit.welsh_text = page.locator("#tables").evaluate("h => h.parentElement.innerText")
    visit.download = page.locator("#download-list a").first.get_attribute("href") or ""
    page.get_by_role("link", name="English").click()
    visit.look(page, "release page in English again", TITLE)
    visit.english_lang = page.locator("html").get_attribute("lang") or ""


@pytest.fixture(scope="module")
def visit(browser: Any, live_server: str, app: Flask) -> Iterator[Visit]:
    record = Visit()
    with pytest.MonkeyPatch.context() as patch:
        with app.app_context():
            # The Welsh the release stores, whatever the catalogue holds (see welsh.py).
            words = {**WORDS, "Facial recognition oversight statistics": WELSH_HEADING}
            with force_locale("cy"):
                catalogue = get_translations()
            welsh = type(catalogue).__new__(type(catalogue))
            welsh.__dict__.update(catalogue.__dict__)
            welsh._catalog = {**catalogue._catalog, **words}  # type: ignore[union-attr]
            patch.setitem(get_domain().cache, ("cy", get_domain().domain[0]), welsh)
            statistician = make_user({Role.STATISTICIAN}, email="statistician@example.test")
            publisher = make_user({Role.PUBLISHER}, email="publisher@example.test")
            add_complaints()
            publish(statistician, publisher)
            _db.session.remove()
        with watched_page(browser, live_server, record) as page:
            read_in_welsh(record, page)
    yield record


def test_axe_finds_nothing_on_the_release_in_either_language(visit: Visit) -> None:
    assert visit.audited == [
        "release page",
        "release page in Welsh",
        "release page in English again",
    ]
    assert visit.violations == {}, visit.violations_report()


def test_the_switch_puts_the_release_in_welsh_and_back(visit: Visit) -> None:
    assert (visit.lang, visit.english_lang) == ("cy", "en")


def test_the_welsh_page_shows_the_welsh_the_release_stored(visit: Visit) -> None:
    assert WELSH_TITLE in visit.welsh_text
    assert "Cyfanswm" in visit.welsh_text
    assert visit.download.endswith("?lang=cy")


def test_no_script_error_policy_violation_or_failed_request(visit: Visit) -> None:
    assert visit.csp == []
    assert visit.script_errors == []
    assert visit.failed == []
