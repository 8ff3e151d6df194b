"""The desk on the staff home page in real Chromium, for a caseworker and a senior
caseworker: axe-core finds nothing, no id is used twice, and at 320 px wide (WCAG
1.4.10's reflow width) the page does not scroll sideways: its tables scroll in regions
of their own.

Each person signs in once (a security code works once per account); the page is then
looked at full width, and again after the window is narrowed to 320 px.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page

from oversight.auth.models import Role
from oversight.complaints.enums import Finding, Status
from oversight.extensions import db as _db
from oversight.models import utcnow
from oversight.workdays import local_date
from tests.browser import REFLOW_VIEWPORT, PageWatch, sideways_scroll, sign_in, watched_page
from tests.casework.queue import case
from tests.factories import make_user

pytestmark = pytest.mark.browser

CASEWORKER = ("casey.desk@example.test", "Casey Worker")
SENIOR = ("sam.desk@example.test", "Sam Senior-Caseworker")


@dataclass(kw_only=True)
class Desks(PageWatch):
    """What each desk showed: its headings, its width past the window at 320 px."""

    headings: dict[str, list[str]] = field(default_factory=dict)
    sideways: dict[str, int] = field(default_factory=dict)
    regions: dict[str, int] = field(default_factory=dict)


def fill_the_desks(caseworker: int, senior: int) -> None:
    """Work of every kind on both desks, with the longest force name in the register."""
    today = local_date(utcnow())
    for due in (today - timedelta(days=5), today, today + timedelta(days=30), None):
        for assignee in (caseworker, senior, None):
            case(
                _db,
                status=Status.INVESTIGATING if due else Status.AWAITING_INFORMATION,
                assignee_id=assignee,
                due_on=due,
                force="metropolitan",
                replied_at=utcnow() if assignee and due == today else None,
            )
    case(
        _db,
        status=Status.INVESTIGATING,
        assignee_id=caseworker,
        overall_outcome=Finding.PARTLY_UPHELD,
        findings_by_id=caseworker,
    )
    case(_db, status=Status.REVIEW_REQUESTED, assignee_id=caseworker)


def look_at_desk(record: Desks, page: Page, who: str, person: tuple[str, str]) -> None:
    sign_in(page, *person)
    record.look(page, f"desk: {who}", f"Hello, {person[1]}")
    record.headings[who] = [h.strip() for h in page.locator("main h2, main h3").all_inner_texts()]
    page.set_viewport_size(REFLOW_VIEWPORT)
    page.reload(wait_until="load")
    record.look(page, f"desk at 320 px: {who}", f"Hello, {person[1]}")
    record.sideways[who] = sideways_scroll(page)
    record.regions[who] = page.locator(".app-desk [role=region]").count()


@pytest.fixture(scope="module")
def desks(browser: Any, live_server: str, app: Flask) -> Iterator[Desks]:
    with app.app_context():
        caseworker = make_user({Role.CASEWORKER}, email=CASEWORKER[0], name=CASEWORKER[1])
        senior = make_user({Role.SENIOR_CASEWORKER}, email=SENIOR[0], name=SENIOR[1])
        fill_the_desks(caseworker.id, senior.id)
        _db.session.commit()
        _db.session.remove()
    record = Desks()
    for who, person in (("caseworker", CASEWORKER), ("senior", SENIOR)):
        with watched_page(browser, live_server, record) as page:
            look_at_desk(record, page, who, person)
    yield record


def test_the_caseworkers_desk_has_their_parts_and_the_seniors_the_teams(desks: Desks) -> None:
    assert "Your work" in desks.headings["caseworker"]
    assert "Your team’s work" not in desks.headings["caseworker"]
    assert {"Your work", "Your team’s work", "Each person’s load"} <= set(desks.headings["senior"])


def test_both_desks_meet_wcag_22_aa(desks: Desks) -> None:
    assert len(desks.audited) == 4
    assert desks.violations == {}, desks.violations_report()


def test_no_id_is_used_twice_on_either_desk(desks: Desks) -> None:
    assert desks.duplicated == {}, desks.duplicates_report()


def test_at_320_px_neither_desk_scrolls_sideways(desks: Desks) -> None:
    assert desks.sideways == {"caseworker": 0, "senior": 0}
    # Caseworker: their cases, replies, sign-offs asked for; the senior adds unassigned,
    # awaiting sign-off, reviews and the load.
    assert desks.regions == {"caseworker": 3, "senior": 6}


def test_no_desk_breaks_the_content_security_policy_or_fails_to_load(desks: Desks) -> None:
    assert desks.csp == []
    assert desks.script_errors == []
    assert desks.failed == []
