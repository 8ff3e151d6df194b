"""Linking a complaint to deployments in real Chromium, from both sides.

One journey runs once for the module and records what it saw: a person complains about
live facial recognition by South Wales Police on 14 June 2026 and, asked whether it was
one of that day's published deployments, picks the one at the stadium. A caseworker
then opens the case, finds the stadium deployment named by the complainant, confirms the
best suggestion (Queen Street, which shares most words with where it happened), turns
down another, sends the link-by-number form empty, and opens the register search.
axe-core checks every page and error state visited.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Page, expect

from oversight.auth.models import Role
from oversight.extensions import db as _db
from oversight.links.enums import LinkState
from oversight.links.models import DeploymentLink
from tests.browser import PageWatch, press, sign_in, staff_menu, watched_page
from tests.factories import make_deployment, make_user

pytestmark = pytest.mark.browser

CASEWORKER = ("lee.linker@example.test", "Lee Linker")
PLACE = "Queen Street, Cardiff"


@dataclass(kw_only=True)
class Journey(PageWatch):
    deployments: dict[str, int]
    offered: list[str] = field(default_factory=list)
    check_answers: str = ""
    reference: str = ""
    named: str = ""
    suggested: list[str] = field(default_factory=list)
    linked: str = ""
    rejected: str = ""
    link_errors: str = ""
    found: str = ""
    # The case's links as stored when the journey ended (tables are emptied after each test).
    states: dict[int, LinkState] = field(default_factory=dict)


def complain(journey: Journey, page: Page) -> None:
    """The person answers the questions and picks the stadium deployment."""
    page.goto("/complain/technology")
    page.get_by_label("Live facial recognition").check()
    press(page, "Continue")
    page.get_by_label("Which police force was it?").select_option(label="South Wales Police")
    press(page, "Continue")
    page.get_by_label("Day").fill("14")
    page.get_by_label("Month").fill("6")
    page.get_by_label("Year").fill("2026")
    press(page, "Continue")
    page.get_by_label("Where did it happen?").fill(PLACE)
    press(page, "Continue")

    journey.look(page, "deployment question", "Was it one of these deployments?")
    journey.offered = page.locator(".govuk-radios__item label").all_inner_texts()
    # Nothing is chosen for the person, not even "I don't know".
    expect(page.locator(".govuk-radios__input:checked")).to_have_count(0)
    page.get_by_label("Principality Stadium, Cardiff").check()
    press(page, "Continue")

    expect(page.locator("h1")).to_contain_text("What happened?")
    page.get_by_label("What happened?").fill("A van with cameras was parked by the shops.")
    press(page, "Continue")
    page.get_by_label("There was no notice or signage").check()
    press(page, "Continue")
    page.get_by_label("I was passing by").check()
    press(page, "Continue")
    page.get_by_label("What would you like to happen").fill("An explanation.")
    press(page, "Continue")
    press(page, "Continue")  # no evidence
    page.get_by_label("No, I want to stay anonymous").check()
    press(page, "Continue")

    journey.look(page, "check answers", "Check your answers")
    journey.check_answers = page.locator("main .govuk-summary-list").inner_text()
    press(page, "Send complaint")
    expect(page.locator("h1")).to_contain_text("Complaint sent")
    journey.reference = page.locator(".govuk-panel .app-reference").inner_text().strip()


def link(journey: Journey, page: Page) -> None:
    """The caseworker confirms the best suggestion and turns down another."""
    numbers = journey.deployments
    sign_in(page, *CASEWORKER)
    staff_menu(page).get_by_role("link", name="Cases").click()
    page.get_by_role("link", name=journey.reference, exact=True).click()
    journey.look(page, "case page with suggestions", journey.reference)
    journey.named = page.locator("#linked-deployments").inner_text()
    journey.suggested = page.locator("#suggested-deployments tbody tr").all_inner_texts()

    press(page, f"Confirm – deployment {numbers['queen street']}")
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Deployment linked to the case."
    )
    journey.look(page, "case page after confirming", journey.reference)
    journey.linked = page.locator("#linked-deployments").inner_text()

    press(page, f"Not this one – deployment {numbers['bay']}")
    journey.look(page, "case page after rejecting", journey.reference)
    page.get_by_text("1 deployment rejected", exact=True).click()
    journey.rejected = page.locator("#rejected-deployments").inner_text()

    press(page, "Link deployment")
    journey.look(page, "case page: link by number sent empty", journey.reference)
    journey.link_errors = page.locator(".govuk-error-summary").inner_text()

    page.get_by_role("link", name="Find a deployment in the register").click()
    journey.look(page, "find a deployment", "Find a deployment to link")
    journey.found = page.locator("main table").inner_text()


@pytest.fixture(scope="module")
def journey(browser: Any, live_server: str, app: Flask) -> Iterator[Journey]:
    with app.app_context():
        make_user({Role.CASEWORKER}, email=CASEWORKER[0], name=CASEWORKER[1])
        stadium = make_deployment(location_name="Principality Stadium", location_area="Cardiff")
        queen_street = make_deployment(
            location_name="Queen Street", location_area="Cardiff", start_time="08:00"
        )
        bay = make_deployment(
            deployed_on="2026-06-15", location_name="Mermaid Quay", location_area="Cardiff"
        )
        numbers = {"stadium": stadium.id, "queen street": queen_street.id, "bay": bay.id}
        _db.session.commit()
        _db.session.remove()
    record = Journey(deployments=numbers)
    for step in (complain, link):
        with watched_page(browser, live_server, record) as page:
            step(record, page)
    with app.app_context():
        links = _db.session.scalars(sa.select(DeploymentLink))
        record.states = {link.deployment_id: link.state for link in links}
        _db.session.remove()
    yield record


def test_the_person_is_offered_that_day_s_deployments_and_i_dont_know(journey: Journey) -> None:
    assert journey.offered == [
        "Queen Street, Cardiff",
        "Principality Stadium, Cardiff",
        "None of these, or I don’t know",
    ]


def test_the_pick_is_on_check_answers_and_named_on_the_case(journey: Journey) -> None:
    assert "Principality Stadium, Cardiff, 10:00 to 16:00" in journey.check_answers
    assert f"Deployment {journey.deployments['stadium']}" in journey.named
    assert "Named by the complainant" in journey.named


def test_the_caseworker_sees_the_best_suggestion_first_with_its_words(journey: Journey) -> None:
    first, second = journey.suggested
    assert f"Deployment {journey.deployments['queen street']}" in first
    assert "cardiff, queen" in first
    assert f"Deployment {journey.deployments['bay']}" in second


def test_the_confirmed_and_rejected_deployments_are_shown_as_such(journey: Journey) -> None:
    numbers = journey.deployments
    assert f"Deployment {numbers['queen street']}" in journey.linked
    assert "Confirmed" in journey.linked
    assert f"Deployment {numbers['bay']}" in journey.rejected
    assert journey.states == {
        numbers["stadium"]: LinkState.NAMED_BY_COMPLAINANT,
        numbers["queen street"]: LinkState.CONFIRMED,
        numbers["bay"]: LinkState.REJECTED,
    }


def test_linking_by_number_sent_empty_says_what_to_enter(journey: Journey) -> None:
    assert "Enter the register number of the deployment" in journey.link_errors


def test_the_register_search_opens_on_the_case_force_and_day(journey: Journey) -> None:
    numbers = journey.deployments
    assert f"Deployment {numbers['stadium']}" in journey.found
    assert f"Deployment {numbers['queen street']}" in journey.found
    assert f"Deployment {numbers['bay']}" not in journey.found


def test_every_page_and_error_state_meets_wcag_22_aa(journey: Journey) -> None:
    assert len(journey.audited) == 7, journey.audited
    assert not journey.violations, journey.violations_report()
    assert not journey.duplicated, journey.duplicates_report()


def test_no_script_errors_and_nothing_fails_but_the_form_sent_empty(journey: Journey) -> None:
    assert not journey.csp, journey.csp
    assert not journey.script_errors, journey.script_errors
    assert journey.failed == [
        ("POST", 400, "document", f"/staff/cases/{journey.reference}/deployments/link")
    ]
