"""The case page in real Chromium, at the 320 px reflow width: a case in every status,
then each action sent with a mistake in it. One senior caseworker signs in once and
visits every page; the record holds axe-core's findings, the ids used twice, how far each
page scrolls sideways, and where each error summary's links lead.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page

from oversight.auth.models import Role
from oversight.complaints.enums import Finding, Status
from oversight.complaints.models import Recommendation
from oversight.extensions import db as _db
from tests.browser import (
    REFLOW_VIEWPORT,
    PageWatch,
    press,
    sideways_scroll,
    sign_in,
    watched_page,
)
from tests.factories import make_case, make_deployment, make_user, signer

pytestmark = pytest.mark.browser

SENIOR = ("robin.reviewer@example.test", "Robin Reviewer")
LONG_PLACE = "Westgate Street outside the Principality Stadium main entrance"

# A case in each status (and state), by name: (status, findings, signed off).
CASES: dict[str, tuple[Status, Finding | None, bool]] = {
    "received": (Status.RECEIVED, None, False),
    "in triage": (Status.IN_TRIAGE, None, False),
    "awaiting information": (Status.AWAITING_INFORMATION, None, False),
    "investigating": (Status.INVESTIGATING, None, False),
    "findings recorded": (Status.INVESTIGATING, Finding.UPHELD, False),
    "signed off": (Status.INVESTIGATING, Finding.UPHELD, True),
    "decision issued": (Status.DECISION_ISSUED, None, False),
    "closed": (Status.CLOSED, None, False),
    "review requested": (Status.REVIEW_REQUESTED, None, False),
}
# Each action sent with nothing chosen or typed: the case it is sent on, and its button.
ACTIONS = [
    ("in triage", "Record triage"),
    ("in triage", "Change status"),
    ("investigating", "Send request"),
    ("awaiting information", "Record reply"),
    ("investigating", "Add note"),
    ("investigating", "Save findings"),
    ("investigating", "Add recommendation"),
    ("investigating", "Record response"),
    ("investigating", "Link"),
    ("received", "Assign"),
]
# Where each error summary link leads: the id, how many elements have it, and whether
# the element is inside the form that was sent.
TARGETS = """() => Array.from(document.querySelectorAll(".govuk-error-summary a")).map((a) => {
    const id = a.getAttribute("href").slice(1);
    const found = document.querySelectorAll(`[id="${id}"]`);
    const target = found[0];
    return [id, found.length, !!target && target.offsetParent !== null];
})"""


@dataclass(kw_only=True)
class CaseWatch(PageWatch):
    references: dict[str, str]
    sideways: dict[str, int] = field(default_factory=dict)
    summary_links: dict[str, list[list[Any]]] = field(default_factory=dict)
    inline_errors: dict[str, int] = field(default_factory=dict)

    def look_at(self, page: Page, name: str, case: str) -> None:
        self.look(page, name, self.references[case])
        self.sideways[name] = sideways_scroll(page)


def visit(watch: CaseWatch, page: Page) -> None:
    sign_in(page, *SENIOR)
    for name, reference in watch.references.items():
        page.goto(f"/staff/cases/{reference}")
        watch.look_at(page, f"case page: {name}", name)
    for case, button in ACTIONS:
        page.goto(f"/staff/cases/{watch.references[case]}")
        press(page, button)
        name = f"{button} sent empty"
        watch.look_at(page, name, case)
        watch.summary_links[name] = page.evaluate(TARGETS)
        watch.inline_errors[name] = page.locator(".govuk-error-message:visible").count()


@pytest.fixture(scope="module")
def watch(browser: Any, live_server: str, app: Flask) -> Iterator[CaseWatch]:
    with app.app_context():
        make_user({Role.SENIOR_CASEWORKER}, email=SENIOR[0], name=SENIOR[1])
        for number in range(3):
            make_deployment(location_name=f"{LONG_PLACE} {number}", start_time=f"0{number + 7}:00")
        references = {}
        for name, (status, findings, signed_off) in CASES.items():
            fields: dict[str, Any] = {"place": LONG_PLACE}
            if signed_off:
                fields["signed_off_by_id"] = signer().id
            complaint = make_case(status, findings, **fields)
            references[name] = complaint.reference
            if name == "investigating":
                _db.session.add(
                    Recommendation(
                        complaint_id=complaint.id,
                        force=complaint.force,
                        text="Put up signs at every entrance.",
                        due_date=date(2027, 1, 29),
                        created_by="user:0",
                    )
                )
        _db.session.commit()
        _db.session.remove()
    record = CaseWatch(references=references)
    with watched_page(browser, live_server, record, viewport=REFLOW_VIEWPORT) as page:
        visit(record, page)
    yield record


def test_every_case_page_and_error_state_meets_wcag_22_aa(watch: CaseWatch) -> None:
    assert len(watch.audited) == len(CASES) + len(ACTIONS), watch.audited
    assert not watch.violations, watch.violations_report()


def test_no_case_page_uses_an_id_twice(watch: CaseWatch) -> None:
    assert not watch.duplicated, watch.duplicates_report()


def test_no_case_page_scrolls_sideways_at_320_pixels(watch: CaseWatch) -> None:
    assert {name: px for name, px in watch.sideways.items() if px} == {}


def test_each_error_links_to_one_visible_field_with_its_message_beside_it(
    watch: CaseWatch,
) -> None:
    assert set(watch.summary_links) == {f"{button} sent empty" for _case, button in ACTIONS}
    for name, links in watch.summary_links.items():
        assert links, f"{name}: no error summary"
        assert all(count == 1 and visible for _id, count, visible in links), (name, links)
        assert watch.inline_errors[name] >= len(links), name


def test_no_script_errors_and_nothing_fails_but_the_forms_sent_empty(watch: CaseWatch) -> None:
    assert not watch.csp, watch.csp
    assert not watch.script_errors, watch.script_errors
    assert not watch.failed_assets(), watch.failed_assets()
    assert len(watch.refused_pages()) == len(ACTIONS)
