"""The information pages and the deployments register in Welsh, in real Chromium.

One visit for the module: the switch chooses Cymraeg on the privacy notice, the cookie
keeps it, and every information page, the register (with filters, a bad filter and a
deployment's page) and the feedback form (sent empty, to read its error) are checked
with axe-core. Welsh words are longer than English ones, so the pages are also read on a
screen 320 pixels wide.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask

from oversight.extensions import db as _db
from tests.browser import PageWatch, press, watched_page
from tests.factories import make_deployment

pytestmark = pytest.mark.browser

# Each page and the start of its Welsh h1 (the service's name is the shell's words).
PAGES = {
    "/accessibility": "Datganiad hygyrchedd ar gyfer",
    "/cookies": "",
    "/contact": "",
    "/easy-read": "Gwneud cwyn: hawdd ei ddeall",
    "/register": "Defnyddiau adnabod wynebau gan yr heddlu",
    "/register?technology=lfr&from=1/4/2026&to=30/6/2026": (
        "Defnyddiau adnabod wynebau gan yr heddlu"
    ),
    "/register?force=nowhere": "Defnyddiau adnabod wynebau gan yr heddlu",
    "/register/forces": "Heddluoedd ar y gofrestr",
    "/register/forces/south-wales": "South Wales Police",
}


@dataclass(kw_only=True)
class Visit(PageWatch):
    lang: dict[str, str] = field(default_factory=dict)
    record_heading: str = ""
    feedback_errors: str = ""
    widths: dict[str, int] = field(default_factory=dict)


@pytest.fixture(scope="module")
def visit(browser: Any, live_server: str, app: Flask) -> Iterator[Visit]:
    with app.app_context():
        record_id = make_deployment().id
        _db.session.commit()
        _db.session.remove()
    record = Visit()
    with watched_page(browser, live_server, record) as page:
        page.goto("/privacy")
        with page.expect_navigation(wait_until="load"):
            page.get_by_role("link", name="Cymraeg").click()
        record.look(page, "/privacy", "Hysbysiad preifatrwydd")
        record.lang["/privacy"] = page.locator("html").get_attribute("lang") or ""
        for path, heading in PAGES.items():
            page.goto(path)
            record.look(page, path, heading)
            record.lang[path] = page.locator("html").get_attribute("lang") or ""
        page.goto(f"/register/deployments/{record_id}")
        record.look(page, "a deployment", "ar 14 Mehefin 2026")
        record.record_heading = page.locator("h1").inner_text()
        page.goto("/feedback")
        record.look(page, "/feedback", "Rhoi adborth ar wasanaeth")
        press(page, "Anfon adborth")
        record.look(page, "/feedback: no answer", "Rhoi adborth ar wasanaeth")
        record.feedback_errors = page.locator(".govuk-error-summary").inner_text()
    with watched_page(
        browser, live_server, PageWatch(), viewport={"width": 320, "height": 640}
    ) as small:
        for path in ["/privacy", "/accessibility", "/contact", "/easy-read", "/feedback"]:
            small.goto(path + "?lang=cy")
            record.widths[path] = small.evaluate("document.documentElement.scrollWidth")
    yield record


def test_every_welsh_page_passes_axe(visit: Visit):
    assert len(visit.audited) == len(PAGES) + 4, visit.audited
    assert visit.violations == {}, visit.violations_report()


def test_the_switch_and_then_the_cookie_keep_every_page_in_welsh(visit: Visit):
    assert set(visit.lang.values()) == {"cy"}, visit.lang
    assert visit.record_heading == "Principality Stadium, Westgate Street ar 14 Mehefin 2026"


def test_no_welsh_page_breaks_the_content_security_policy_or_throws(visit: Visit):
    assert visit.csp == []
    assert visit.script_errors == []
    assert visit.failed_assets() == []
    assert visit.refused_pages() == [
        ("GET", 400, "document", "/register"),
        ("POST", 400, "document", "/feedback"),
    ]


def test_the_feedback_forms_error_is_in_welsh(visit: Visit):
    assert "Dewiswch sut rydych chi’n teimlo am y gwasanaeth" in visit.feedback_errors


def test_the_welsh_information_pages_fit_a_small_screen(visit: Visit):
    assert visit.widths == dict.fromkeys(visit.widths, 320)
