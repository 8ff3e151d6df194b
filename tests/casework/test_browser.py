"""A case from receipt to closure in real Chromium, then the complainant's side of it.

One journey runs once for the module (it is the slow part) and records what it saw: a
senior caseworker assigns a new case to a caseworker; the caseworker signs in, opens
the queue and the case, moves it to 'In triage', records triage (after first
sending the form empty), asks the complainant for information, records the reply and
records findings; a second senior caseworker signs off, issues the decision and closes
the case; the complainant tracks it, reads the messages and asks for a review, which
the first senior then finds in the queue. Every person signs in with their own account
(a security code works once per account). The record holds axe-core's findings on every
page and error state, every Content-Security-Policy violation and script error, and
every failed request; each test below checks one thing about it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import ExitStack
from dataclasses import dataclass, field
from typing import Any

import pytest
from flask import Flask
from playwright.sync_api import Page, expect

from oversight.auth.models import Role
from oversight.extensions import db as _db
from tests.browser import PageWatch, press, sign_in, staff_menu, watched_page
from tests.factories import make_complaint, make_user

pytestmark = pytest.mark.browser

ALLOCATOR = ("alex.allocator@example.test", "Alex Allocator")
CASEWORKER = ("casey.worker@example.test", "Casey Worker")
SIGN_OFF = ("sam.signer@example.test", "Sam Signer")
TRACKING_CODE = "K7PM-29QX-4HTD"
NO_NOTICE = "There was no notice or signage"
PROTEST = "Use at a protest or public event"
STOPPED = "Being stopped or questioned after an alert"
PRIORITY_REASON = "An arrest followed the alert."
REQUEST = "Which entrance of the stadium were you at?"
REPLY = "The north entrance, at about 2pm."
SUMMARY = "There were no signs at the north entrance. The stop itself was lawful."
REVIEW_REASONS = "You did not look at the photos of the entrance I sent."


@dataclass(kw_only=True)
class Journey(PageWatch):
    """What the casework journey showed."""

    reference: str
    # The status tag on the case page after each step, in order.
    statuses: list[tuple[str, str]] = field(default_factory=list)
    queue_row: str = ""
    triage_errors: str = ""
    waiting_for_sign_off: str = ""
    closed_case: str = ""
    track_status: str = ""
    track_timeline: str = ""
    track_messages: list[str] = field(default_factory=list)
    review_errors: str = ""
    review_sent: str = ""
    review_queue_row: str = ""

    def look_at_case(self, page: Page, step: str) -> None:
        self.look(page, f"case page: {step}", self.reference)
        self.statuses.append((step, page.locator("h1 .govuk-tag").inner_text().strip()))


def form_with(page: Page, button: str) -> Any:
    """The form a button sends: the case page has many, and their labels repeat."""
    return page.locator("form").filter(has=page.get_by_role("button", name=button, exact=True))


def done(page: Page, message: str) -> None:
    expect(page.locator(".govuk-notification-banner")).to_contain_text(message)


def open_case_from_queue(journey: Journey, page: Page, name: str) -> None:
    staff_menu(page).get_by_role("link", name="Cases").click()
    journey.look(page, f"queue: {name}", "Cases")
    page.get_by_role("link", name=journey.reference, exact=True).click()


def allocate(journey: Journey, page: Page) -> None:
    """The first senior caseworker gives the new case to a caseworker."""
    sign_in(page, *ALLOCATOR)
    open_case_from_queue(journey, page, "senior caseworker")
    journey.look_at_case(page, "received")
    page.get_by_label("Assign to").select_option(label=CASEWORKER[1])
    press(page, "Assign")
    done(page, "Case assigned.")
    journey.look_at_case(page, "assigned")


def investigate(journey: Journey, page: Page) -> None:
    """The caseworker takes the case from receipt to findings."""
    sign_in(page, *CASEWORKER)
    staff_menu(page).get_by_role("link", name="Cases").click()
    page.get_by_label("Assigned to", exact=True).select_option(label="Me")
    press(page, "Apply")
    journey.look(page, "queue: assigned to me", "Cases")
    journey.queue_row = (
        page.locator("main tbody tr").filter(has_text=journey.reference).inner_text()
    )
    page.get_by_role("link", name=journey.reference, exact=True).click()
    journey.look_at_case(page, "opened by the caseworker")

    page.get_by_label("Move the case to").select_option(label="In triage")
    press(page, "Change status")
    done(page, "Status changed.")
    journey.look_at_case(page, "in triage")

    press(page, "Record triage")
    journey.look(page, "case page: triage sent empty", journey.reference)
    journey.triage_errors = page.locator(".govuk-error-summary").inner_text()

    triage = form_with(page, "Record triage")
    triage.get_by_label("Yes, we will investigate").check()
    triage.get_by_label("High", exact=True).check()
    triage.get_by_label("Reason for the priority").fill(PRIORITY_REASON)
    triage.get_by_label(STOPPED).check()
    triage.get_by_label(PROTEST).uncheck()
    press(page, "Record triage")
    done(page, "Triage recorded.")
    journey.look_at_case(page, "triaged")

    page.get_by_label("What do you need from the complainant?").fill(REQUEST)
    press(page, "Send request")
    done(page, "Request sent.")
    journey.look_at_case(page, "waiting for the complainant")

    page.get_by_label("The complainant’s reply").fill(REPLY)
    press(page, "Record reply")
    done(page, "Reply recorded.")
    journey.look_at_case(page, "reply recorded")

    findings = form_with(page, "Save findings")
    findings.get_by_role("group", name=NO_NOTICE).get_by_label("Upheld", exact=True).check()
    findings.get_by_role("group", name=STOPPED).get_by_label("Not upheld", exact=True).check()
    findings.get_by_role("group", name="Overall outcome").get_by_label("Partly upheld").check()
    findings.get_by_label("Summary of the decision").fill(SUMMARY)
    press(page, "Save findings")
    done(page, "Findings recorded.")
    journey.look_at_case(page, "findings recorded")
    journey.waiting_for_sign_off = page.locator("main").inner_text()


def decide(journey: Journey, page: Page) -> None:
    """A second senior caseworker, who did not investigate, signs off and closes."""
    sign_in(page, *SIGN_OFF)
    open_case_from_queue(journey, page, "second senior caseworker")
    journey.look_at_case(page, "ready for sign-off")
    press(page, "Sign off the findings")
    done(page, "Findings signed off.")
    journey.look_at_case(page, "signed off")
    press(page, "Issue the decision to the complainant")
    done(page, "Decision issued")
    journey.look_at_case(page, "decision sent")

    page.get_by_label("Move the case to").select_option(label="Closed")
    page.get_by_label("Reason for closing").select_option(label="Outcome issued")
    press(page, "Change status")
    done(page, "Status changed.")
    journey.look_at_case(page, "closed")
    journey.closed_case = page.locator("main").inner_text()


def complain(journey: Journey, page: Page) -> None:
    """The complainant tracks the case, reads our messages and asks for a review."""
    page.goto("/track")
    journey.look(page, "track page", "Track your complaint")
    page.get_by_label("Complaint reference").fill(journey.reference)
    page.get_by_label("Tracking code").fill(TRACKING_CODE)
    press(page, "Continue")
    journey.look(page, "complaint status after the decision", "Your complaint")
    journey.track_status = page.locator("main .govuk-summary-list .govuk-tag").inner_text()
    journey.track_timeline = page.locator("main").inner_text()
    journey.track_messages = page.locator("main .app-messages > li").all_inner_texts()

    press(page, "Ask for a review")
    journey.look(page, "complaint status with a review sent empty", "Your complaint")
    journey.review_errors = page.locator(".govuk-error-summary").inner_text()
    page.get_by_label("Why do you want us to review our decision?").fill(REVIEW_REASONS)
    press(page, "Ask for a review")
    journey.look(page, "review requested", "Review requested")
    journey.review_sent = page.locator("main").inner_text()


def find_review(journey: Journey, page: Page) -> None:
    """The first senior caseworker, still signed in, finds the review in the queue."""
    staff_menu(page).get_by_role("link", name="Cases").click()
    page.get_by_label("Status", exact=True).select_option(label="Review requested")
    press(page, "Apply")
    journey.look(page, "queue: review requested", "Cases")
    journey.review_queue_row = page.locator("main tbody").inner_text()


@pytest.fixture(scope="module")
def journey(browser: Any, live_server: str, app: Flask) -> Iterator[Journey]:
    with app.app_context():
        make_user({Role.SENIOR_CASEWORKER}, email=ALLOCATOR[0], name=ALLOCATOR[1])
        make_user({Role.CASEWORKER}, email=CASEWORKER[0], name=CASEWORKER[1])
        make_user({Role.SENIOR_CASEWORKER}, email=SIGN_OFF[0], name=SIGN_OFF[1])
        reference = make_complaint(tracking_code=TRACKING_CODE).reference
        _db.session.commit()
        _db.session.remove()
    record = Journey(reference=reference)
    with ExitStack() as contexts:

        def new_page() -> Page:
            return contexts.enter_context(watched_page(browser, live_server, record))

        allocator = new_page()
        allocate(record, allocator)
        investigate(record, new_page())
        decide(record, new_page())
        complain(record, new_page())
        find_review(record, allocator)
    yield record


def test_the_case_moves_through_every_status_on_the_staff_pages(journey: Journey) -> None:
    assert journey.statuses == [
        ("received", "Received"),
        ("assigned", "Received"),
        ("opened by the caseworker", "Received"),
        ("in triage", "In triage"),
        ("triaged", "Investigating"),
        ("waiting for the complainant", "Awaiting information"),
        ("reply recorded", "Investigating"),
        ("findings recorded", "Investigating"),
        ("ready for sign-off", "Investigating"),
        ("signed off", "Investigating"),
        ("decision sent", "Decision issued"),
        ("closed", "Closed"),
    ]


def test_the_caseworker_finds_the_assigned_case_in_their_queue(journey: Journey) -> None:
    assert CASEWORKER[1] in journey.queue_row
    assert "Received" in journey.queue_row


def test_triage_sent_without_choosing_says_what_is_missing(journey: Journey) -> None:
    assert "Select whether the complaint is in our remit" in journey.triage_errors


def test_the_caseworker_cannot_sign_off_their_own_findings(journey: Journey) -> None:
    page = journey.waiting_for_sign_off
    assert (
        "A senior caseworker who did not investigate the case, and did not record or change"
        " its findings, must sign them off" in page
    )
    assert "Sign off the findings" not in page


def test_the_closed_case_shows_its_reason_findings_and_correspondence(journey: Journey) -> None:
    page = journey.closed_case
    assert "Outcome issued" in page
    assert f"{NO_NOTICE}: Upheld" in page
    assert f"{STOPPED}: Not upheld" in page
    assert "Overall: Partly upheld" in page
    assert f"High – {PRIORITY_REASON}" in page
    assert REQUEST in page
    assert REPLY in page


def test_the_complainant_sees_the_decision_the_closure_and_the_messages(
    journey: Journey,
) -> None:
    assert journey.track_status == "Closed"
    assert "Status changed to: Decision sent" in journey.track_timeline
    assert "Status changed to: Closed" in journey.track_timeline
    assert REQUEST in journey.track_timeline
    newest, asked, assessed = journey.track_messages
    assert newest.startswith(f"Our decision on your complaint {journey.reference}")
    assert SUMMARY in newest
    assert "We have partly upheld your complaint" in newest
    assert asked.startswith(f"We need more information about your complaint {journey.reference}")
    assert REQUEST in asked
    assert assessed.startswith(f"We will investigate your complaint {journey.reference}")


def test_the_complainant_asks_for_a_review_and_it_reaches_the_queue(journey: Journey) -> None:
    assert "Enter why you want us to review our decision" in journey.review_errors
    assert "Review requested" in journey.review_sent
    assert journey.reference in journey.review_sent
    assert journey.reference in journey.review_queue_row
    assert "Review requested" in journey.review_queue_row


def test_every_page_and_error_state_meets_wcag_22_aa(journey: Journey) -> None:
    assert len(journey.audited) == 21, journey.audited
    assert not journey.violations, journey.violations_report()
    assert not journey.duplicated, journey.duplicates_report()


def test_no_page_breaks_the_content_security_policy_or_throws(journey: Journey) -> None:
    assert not journey.csp, "Content-Security-Policy violations:\n" + "\n".join(journey.csp)
    assert not journey.script_errors, f"script errors: {journey.script_errors}"


def test_nothing_fails_to_load_but_the_two_forms_sent_empty(journey: Journey) -> None:
    assert not journey.failed_assets(), f"requests that failed: {journey.failed_assets()}"
    assert not journey.unfinished, f"requests that never finished: {journey.unfinished}"
    assert journey.refused_pages() == [
        ("POST", 400, "document", f"/staff/cases/{journey.reference}/triage"),
        ("POST", 400, "document", "/track/review"),
    ]
