"""The complaint journey in Welsh, in real Chromium: a person whose browser asks for
Welsh files a complaint through every question (with a mistake on the way, to see the
Welsh error summary), checks the answers and sends it; tracks it with the reference
and code; then, once a caseworker has asked for more information, replies online.

One journey runs once for the module and records, on every page: axe-core's findings,
the page's lang attribute and any English sentence the Welsh checker finds
(tests/i18n/welsh_text.py). Each test then checks one thing about that record."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
import sqlalchemy as sa
from playwright.sync_api import Page, expect

from oversight.auth.models import Role
from oversight.casework import correspondence, workflow
from oversight.complaints.enums import Status
from oversight.complaints.models import Complaint
from oversight.extensions import db as _db
from tests.browser import PageWatch, press, watched_page
from tests.factories import make_deployment, make_user
from tests.i18n.welsh_text import english_sentences, visible_text

pytestmark = pytest.mark.browser

PLACE = "Heol y Frenhines, Caerdydd"
WHAT_HAPPENED = "Roedd fan gyda chamerâu ar y stryd. Wnes i ddim gweld unrhyw arwyddion."
OUTCOME = "Esboniad, a dileu fy nelweddau."
NAME = "Siân Prydderch"
EMAIL = "sian@example.com"
REQUEST = "Rhowch ddyddiad ac amser y digwyddiad, a beth ddywedodd y swyddogion wrthych chi."
REPLY = "Roedd hi tua 2 o’r gloch y prynhawn. Ni ddywedodd y swyddogion ddim."


@dataclass(kw_only=True)
class WelshJourney(PageWatch):
    """What the pages showed, and on each page whether it was Welsh."""

    languages: dict[str, str | None] = field(default_factory=dict)
    english: dict[str, list[str]] = field(default_factory=dict)
    reference: str = ""
    stored_language: str = ""

    def look(self, page: Page, name: str, heading: str) -> None:
        """Wait for the page, check it with axe-core, read its lang and its words."""
        super().look(page, name, heading)
        self.languages[name] = page.locator("html").get_attribute("lang")
        if found := english_sentences(visible_text(page.content())):
            self.english[name] = found

    def english_report(self) -> str:
        return "English sentences on Welsh pages:\n" + "\n".join(
            f"  {name}: {sentence!r}" for name, found in self.english.items() for sentence in found
        )


def choose(page: Page, name: str, value: str) -> None:
    """Tick a radio or checkbox by its value (its label is in Welsh)."""
    page.locator(f"input[name='{name}'][value='{value}']").check()


def file_a_complaint(journey: WelshJourney, page: Page, notes: Any) -> None:
    page.goto("/")
    journey.look(page, "start page", "Cwyno am y ffordd mae’r heddlu’n defnyddio adnabod wynebau")
    page.get_by_role("button", name="Dechrau nawr").click()

    journey.look(page, "technology question", "Pa dechnoleg a ddefnyddiwyd?")
    press(page, "Parhau")
    journey.look(page, "technology question with an error", "Pa dechnoleg a ddefnyddiwyd?")
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Dewiswch y dechnoleg a ddefnyddiwyd, neu ‘Dydw i ddim yn siŵr’"
    )
    choose(page, "technology", "lfr")
    press(page, "Parhau")

    journey.look(page, "force question", "Pa heddlu oedd yn gyfrifol?")
    page.get_by_label("Pa heddlu oedd yn gyfrifol?").select_option(value="south-wales")
    press(page, "Parhau")

    journey.look(page, "date question", "Pryd digwyddodd hyn?")
    page.locator("#incident_date-day").fill("14")
    page.locator("#incident_date-month").fill("6")
    page.locator("#incident_date-year").fill("2026")
    press(page, "Parhau")

    journey.look(page, "place question", "Ble digwyddodd hyn?")
    page.get_by_label("Ble digwyddodd hyn?").fill(PLACE)
    press(page, "Parhau")

    journey.look(page, "deployment question", "Ai un o’r defnyddiau hyn ydoedd?")
    page.get_by_label("Stadiwm Principality, Heol y Porth, Caerdydd").check()
    press(page, "Parhau")

    journey.look(page, "what happened question", "Beth ddigwyddodd?")
    page.get_by_label("Beth ddigwyddodd?").press_sequentially(WHAT_HAPPENED)
    press(page, "Parhau")

    journey.look(page, "concerns question", "Beth sy’n eich pryderu chi?")
    choose(page, "concerns", "no_notice")
    choose(page, "concerns", "protest_or_event")
    press(page, "Parhau")

    journey.look(page, "involvement question", "Sut oeddech chi’n rhan o hyn?")
    choose(page, "relation", "passer_by")
    press(page, "Parhau")

    journey.look(page, "outcome question", "Beth hoffech chi ei weld yn digwydd")
    page.get_by_label("Beth hoffech chi ei weld yn digwydd").fill(OUTCOME)
    press(page, "Parhau")

    journey.look(page, "evidence page", "Uwchlwytho tystiolaeth (dewisol)")
    page.get_by_label("Uwchlwytho ffeil").set_input_files(notes)
    press(page, "Uwchlwytho")
    journey.look(page, "evidence page with a file", "Uwchlwytho tystiolaeth (dewisol)")
    expect(page.get_by_role("heading", name="Rydych wedi uwchlwytho 1 ffeil")).to_be_visible()
    press(page, "Parhau")

    journey.look(page, "contact question", "Ydych chi eisiau rhoi eich manylion cyswllt?")
    choose(page, "wants_contact", "yes")
    press(page, "Parhau")

    journey.look(page, "contact details", "Eich manylion cyswllt")
    press(page, "Parhau")
    journey.look(page, "contact details with errors", "Eich manylion cyswllt")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Rhowch eich enw llawn")
    page.get_by_label("Enw llawn").fill(NAME)
    page.get_by_label("Cyfeiriad e-bost").fill(EMAIL)
    choose(page, "preferred_contact", "email")
    press(page, "Parhau")

    journey.look(page, "consent question", "A gawn ni rannu eich enw")
    choose(page, "consent_to_share", "yes")
    press(page, "Parhau")

    journey.look(page, "check answers", "Gwirio eich atebion cyn anfon eich cwyn")
    press(page, "Anfon y gŵyn")
    journey.look(page, "complaint sent", "Cwyn wedi’i hanfon")


def track_and_reply(journey: WelshJourney, page: Page, code: str) -> None:
    page.goto("/track")
    journey.look(page, "track page", "Dilyn eich cwyn")
    page.get_by_label("Cyfeirnod y gŵyn").fill(journey.reference)
    page.get_by_label("Cod dilyn").fill(code)
    press(page, "Parhau")
    journey.look(page, "complaint waiting for a reply", "Eich cwyn")
    expect(page.locator("#now")).to_have_text(
        "Rydym wedi gofyn i chi am ragor o wybodaeth ac rydym yn aros am eich ateb."
    )
    page.get_by_role("button", name="Ateb ein cais").click()
    journey.look(page, "reply page", "Ateb ein cais")
    expect(page.locator(".govuk-inset-text")).to_have_text(REQUEST)
    press(page, "Anfon eich ateb")
    journey.look(page, "reply page with an error", "Ateb ein cais")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Rhowch eich ateb")
    page.get_by_label("Eich ateb").fill(REPLY)
    press(page, "Anfon eich ateb")
    journey.look(page, "complaint after the reply", "Eich cwyn")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Rydym wedi cael eich ateb")


def ask_for_information(reference: str) -> None:
    """A caseworker takes the complaint and asks the complainant for more."""
    complaint = _db.session.scalars(sa.select(Complaint).filter_by(reference=reference)).one()
    caseworker = make_user({Role.CASEWORKER}, "gweithiwr@example.test", "Gweithiwr Achos")
    workflow.take(complaint, caseworker, complaint.version)
    workflow.move(complaint, Status.IN_TRIAGE, caseworker, complaint.version)
    correspondence.request_information(complaint, REQUEST, caseworker, complaint.version)
    _db.session.commit()


@pytest.fixture(scope="module")
def journey(
    app: Any, browser: Any, live_server: str, tmp_path_factory: Any
) -> Iterator[WelshJourney]:
    with app.app_context():
        make_deployment(
            location_name="Stadiwm Principality, Heol y Porth", location_area="Caerdydd"
        )
        _db.session.commit()
    notes = tmp_path_factory.mktemp("cymraeg") / "nodiadau.txt"
    notes.write_text("Roedd y fan yno o 9 y bore.\n", encoding="utf-8")
    record = WelshJourney()
    options = {"locale": "cy-GB", "extra_http_headers": {"Accept-Language": "cy"}}
    with watched_page(browser, live_server, record, **options) as page:
        file_a_complaint(record, page, notes)
        record.reference = page.locator(".app-reference").inner_text()
        code = page.locator(".app-tracking-code").inner_text()
        with app.app_context():
            complaint = _db.session.scalars(
                sa.select(Complaint).filter_by(reference=record.reference)
            ).one()
            record.stored_language = complaint.language.value
            ask_for_information(record.reference)
        track_and_reply(record, page, code)
        yield record


def test_the_welsh_journey_meets_wcag_22_aa_on_every_page(journey: WelshJourney) -> None:
    assert len(journey.audited) == 24, journey.audited
    assert not journey.violations, journey.violations_report()


def test_every_page_of_the_welsh_journey_is_marked_as_welsh(journey: WelshJourney) -> None:
    assert {name: lang for name, lang in journey.languages.items() if lang != "cy"} == {}


def test_no_page_of_the_welsh_journey_shows_an_english_sentence(journey: WelshJourney) -> None:
    assert not journey.english, journey.english_report()


def test_a_complaint_made_in_welsh_is_stored_as_welsh(journey: WelshJourney) -> None:
    assert journey.stored_language == "cy"


def test_the_welsh_journey_breaks_nothing(journey: WelshJourney) -> None:
    assert not journey.duplicated, journey.duplicates_report()
    assert not journey.failed_assets(), journey.failed_assets()
    assert not journey.csp and not journey.script_errors
