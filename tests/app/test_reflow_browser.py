"""Every page type on a 320 px screen, in real Chromium (WCAG 2.2 1.4.10 Reflow: the
same width as 400 % zoom of a 1,280 px window).

One visit runs once for the module, over the demo data (`flask seed-demo`) and a few
records added beside it: the public pages, from the start page to a sent complaint and
its tracking page, the register and the statistics; then each staff role signs in and
opens its pages; then the error pages. Every page is checked with axe-core, for ids used
twice, and for how far it scrolls sideways. The tests below each read one of those, and
report every page at fault at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

import pytest
import sqlalchemy as sa
from flask import Flask
from playwright.sync_api import Page
from werkzeug.security import generate_password_hash

from oversight.api.tokens import services as tokens
from oversight.auth.models import User
from oversight.complaints import codes
from oversight.complaints.models import Complaint
from oversight.demo.staff import STAFF_PASSWORD, STAFF_TOTP_SECRET
from oversight.deployments.records.models import Deployment, UsageReturn
from oversight.extensions import db as _db
from oversight.forces.models import force_by_slug
from oversight.models import utcnow
from oversight.pages.models import Feedback, Satisfaction
from oversight.rights import services as rights
from oversight.rights.models import ReceivedVia, RequestKind
from oversight.statistics import services as statistics
from oversight.statistics.enums import ReleaseStatus
from oversight.statistics.models import StatisticsRelease
from oversight.statistics.periods import parse_period
from oversight.workdays import local_date
from tests.browser import (
    REFLOW_VIEWPORT,
    PageWatch,
    press,
    sideways_scroll,
    sign_in,
    watched_page,
)
from tests.factories import make_deployment
from tests.helpers import answer_everything, reference_and_code
from tests.statistics.calendar_data import in_the_calendar

pytestmark = pytest.mark.browser

# The demo staff (oversight/demo/staff.py) who open the staff pages.
SENIOR = ("senior@demo.example.com", "Sam Senior")
ADMINISTRATOR = ("admin@demo.example.com", "Ada Administrator")
STATISTICIAN = ("statistician@demo.example.com", "Stella Statistician")
PUBLISHER = ("publisher@demo.example.com", "Pat Publisher")
RIGHTS = ("rights@demo.example.com", "Ira Rights")

# Long unbroken words, as a real record can have them: they must wrap, not widen a page.
LONG_LINK = "https://www.south-wales.police.uk/" + "facial-recognition-deployment-record-" * 4
LONG_REFERENCE = "SWP-LFR-" + "0123456789" * 5
LONG_WORD = "Unbrokenwordthatcarriesonwithoutanyspacesatall" * 3

IMPORT_FILE = (
    "Force,Deployment Reference,Date,Start Time,End Time,Location,Faces Seen,Alerts,"
    "True Alerts,False Alerts,Arrests\r\n"
    'South Wales Police,SWP-R-1,06/09/2025,14:00,19:30,"Principality Stadium, Westgate Street",'
    '"24,310",6,4,2,2\r\n'
    'South Wales Police,SWP-R-2,20/09/2025,18:00,23:30,Wind Street,"8,902",2,2,1,0\r\n'
)

PAGES_OPENED = 60

# The caseworker's pages (issue 16), which every run must reach.
DESK_PAGES = ("staff home", "queue", "case page")

# The elements that stick out past the right of the window, outside any region that
# scrolls on its own: the innermost few, to say where a page is too wide.
STICKING_OUT = """() => {
    const width = document.documentElement.clientWidth;
    const scrolls = (element) => {
        for (let at = element.parentElement; at && at !== document.body; at = at.parentElement) {
            const style = getComputedStyle(at);
            if (["auto", "scroll", "hidden", "clip"].includes(style.overflowX)) return true;
        }
        return false;
    };
    const name = (element) => element.tagName.toLowerCase()
        + (element.id ? "#" + element.id : "")
        + (element.classList.length ? "." + Array.from(element.classList).join(".") : "");
    const out = Array.from(document.body.querySelectorAll("*")).filter((element) => {
        const box = element.getBoundingClientRect();
        const spills = element.scrollWidth > element.clientWidth + 1
            && getComputedStyle(element).overflowX === "visible"
            && box.left + element.scrollWidth > width + 1;
        return box.width > 0 && (box.right > width + 1 || spills) && !scrolls(element);
    });
    const innermost = out.filter((element) => !out.some((other) => other !== element
        && element.contains(other)));
    return innermost.slice(0, 4).map((element) => `${name(element)} (${Math.round(
        element.getBoundingClientRect().right)} px)`);
}"""


@dataclass(kw_only=True)
class Reflow(PageWatch):
    """Also how far each page scrolls sideways, what sticks out, and each page opened at
    an address or status it should not have."""

    widths: dict[str, int] = field(default_factory=dict)
    too_wide: dict[str, str] = field(default_factory=dict)
    wrong: list[str] = field(default_factory=list)

    def look(self, page: Page, name: str, heading: str = "") -> None:
        super().look(page, name, heading)
        self.widths[name] = scrolled = sideways_scroll(page)
        if scrolled > 0:
            self.too_wide[f"{name} ({page.url})"] = f"scrolls {scrolled} px sideways: " + ", ".join(
                page.evaluate(STICKING_OUT)
            )

    def open(self, page: Page, name: str, path: str, status: int = 200) -> None:
        """Open a page at its address and look at it; note it if it was refused or led
        elsewhere."""
        response = page.goto(path)
        got = response.status if response is not None else 0
        if got != status or urlsplit(page.url).path != urlsplit(path).path:
            self.wrong.append(f"{name}: {path} answered {got} at {page.url}")
        self.look(page, name)

    def width_report(self) -> str:
        pages = "\n".join(f"  {page}: {found}" for page, found in self.too_wide.items())
        return f"Pages wider than a 320 px screen:\n{pages}"


@dataclass(kw_only=True)
class Seeded:
    """What the visit opens, by its address parts."""

    reference: str = ""
    email: str = ""
    deployment_id: int = 0
    usage_return_id: int = 0
    published_id: int = 0
    published_slug: str = ""
    draft_id: int = 0
    rights_request_id: int = 0
    user_id: int = 0
    force_slug: str = "south-wales"


def quick_hash(code: str) -> str:
    """A real, checkable tracking-code hash, made cheaply: the demo makes ~60 of them."""
    return generate_password_hash(codes.normalise_tracking_code(code), method="pbkdf2:sha256:1")


def seed(app: Flask) -> Seeded:
    """The demo data, then beside it a record with long words, a draft release for the
    publisher to approve, a rights request, a feedback answer and a force API token."""
    seeded = Seeded()
    with app.app_context():
        result = app.test_cli_runner().invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
        session = _db.session
        staff = {user.email: user for user in session.scalars(sa.select(User))}
        complaint = session.scalars(
            sa.select(Complaint).where(Complaint.complainant != None).order_by(Complaint.id)  # noqa: E711
        ).first()
        assert complaint is not None
        seeded.reference = complaint.reference
        seeded.email = complaint.complainant.email or ""
        record = make_deployment(
            force_reference=LONG_REFERENCE,
            source_link=LONG_LINK,
            location_name=f"Queen Street {LONG_WORD}",
            deployed_on="2026-06-20",
        )
        seeded.deployment_id = record.id
        seeded.usage_return_id = session.scalars(sa.select(UsageReturn.id)).first() or 0
        published = session.scalars(
            sa.select(StatisticsRelease).where(StatisticsRelease.status == ReleaseStatus.PUBLISHED)
        ).first()
        assert published is not None, "the demo published no release"
        seeded.published_id, seeded.published_slug = published.id, published.slug
        year = parse_period(str(local_date(utcnow()).year - 1))
        in_the_calendar(year, staff[STATISTICIAN[0]])
        seeded.draft_id = statistics.prepare(year, staff[STATISTICIAN[0]]).id
        today = local_date(utcnow())
        seeded.rights_request_id = rights.log_request(
            RequestKind.ACCESS,
            "Siân Ó Briain",
            f"sian.obriain.{LONG_WORD[:40].lower()}@example.com",
            ReceivedVia.EMAIL,
            today,
            staff[RIGHTS[0]],
            today,
        ).id
        session.add(Feedback(satisfaction=Satisfaction.SATISFIED, improve=LONG_WORD, page="/track"))
        tokens.issue(force_by_slug("south-wales"), f"Records system {LONG_WORD[:80]}", "test")
        seeded.user_id = staff[SENIOR[0]].id
        assert session.get(Deployment, seeded.deployment_id) is not None
        session.commit()
        session.remove()
    return seeded


def public_pages(visit: Reflow, page: Page, app: Flask, seeded: Seeded) -> None:
    visit.open(page, "start page", "/")
    visit.open(page, "question page", "/complain/technology")
    press(page, "Continue")
    visit.look(page, "question page with an error")
    # The answers given with the test client, then carried on in the browser.
    client = app.test_client()
    answer_everything(client)
    cookie = client.get_cookie("session")
    assert cookie is not None
    page.context.add_cookies(
        [{"name": "session", "value": cookie.value, "url": page.url, "httpOnly": True}]
    )
    visit.open(page, "check answers", "/complain/check-answers")
    press(page, "Send complaint")
    visit.look(page, "complaint sent")
    reference, code = reference_and_code(page.content())
    assert code is not None
    visit.open(page, "track", "/track")
    page.get_by_label("Complaint reference").fill(reference)
    page.get_by_label("Tracking code").fill(code)
    press(page, "Continue")
    visit.look(page, "track: your complaint")
    visit.open(page, "register", "/register")
    visit.open(page, "register record", f"/register/deployments/{seeded.deployment_id}")
    visit.open(page, "register forces", "/register/forces")
    visit.open(page, "register force", f"/register/forces/{seeded.force_slug}")
    visit.open(page, "statistics releases", "/statistics")
    visit.open(page, "statistics release", f"/statistics/{seeded.published_slug}")
    visit.open(page, "statistics calendar", "/statistics/calendar")
    visit.open(page, "statistics trends", "/statistics/trends")
    for path in ("/privacy", "/accessibility", "/cookies", "/contact", "/easy-read", "/feedback"):
        visit.open(page, path.strip("/"), path)
    visit.open(page, "staff sign-in", "/staff/sign-in")
    visit.open(page, "not found", "/no-such-page", 404)
    visit.open(page, "opened the wrong way", "/staff/sign-out", 405)


def signed_in(page: Page, who: tuple[str, str]) -> None:
    sign_in(page, who[0], password=STAFF_PASSWORD, secret=STAFF_TOTP_SECRET)


def senior_pages(visit: Reflow, page: Page, seeded: Seeded, upload: Path) -> None:
    signed_in(page, SENIOR)
    visit.look(page, "staff home")
    case = f"/staff/cases/{seeded.reference}"
    visit.open(page, "queue", "/staff/cases")
    visit.open(page, "case page", case)
    visit.open(page, "complainant", f"{case}/complainant")
    visit.open(page, "find a deployment", f"{case}/deployments")
    visit.open(page, "log a complaint", "/staff/cases/new")
    visit.open(page, "deployment records", "/staff/deployments")
    record = f"/staff/deployments/{seeded.deployment_id}"
    visit.open(page, "deployment record", record)
    visit.open(page, "correct a deployment record", f"{record}/correct")
    visit.open(page, "new deployment record", "/staff/deployments/new")
    visit.open(page, "usage returns", "/staff/deployments/usage-returns")
    if seeded.usage_return_id:
        visit.open(
            page, "usage return", f"/staff/deployments/usage-returns/{seeded.usage_return_id}"
        )
    visit.open(page, "import upload", "/staff/imports")
    page.get_by_label("Upload a CSV file").set_input_files(str(upload))
    press(page, "Check the file")
    visit.look(page, "import preview")
    visit.open(page, "feedback answers", "/staff/feedback")


def administrator_pages(visit: Reflow, page: Page, seeded: Seeded) -> None:
    signed_in(page, ADMINISTRATOR)
    for name, path in (
        ("staff accounts", "/staff/users"),
        ("staff account", f"/staff/users/{seeded.user_id}"),
        ("new staff account", "/staff/users/new"),
        ("force API tokens", "/staff/force-tokens"),
        ("new force API token", "/staff/force-tokens/new"),
        ("audit log", "/staff/audit"),
        ("who looked", "/staff/access-log"),
        (
            "who looked at a person",
            "/staff/access-log?search=" + quote(seeded.email or seeded.reference),
        ),
        ("retention", "/staff/retention"),
    ):
        visit.open(page, name, path)


def statistician_pages(visit: Reflow, page: Page, seeded: Seeded) -> None:
    signed_in(page, STATISTICIAN)
    visit.open(page, "statistics staff list", "/staff/statistics")
    visit.open(page, "prepare a release", "/staff/statistics/new")
    press(page, "Prepare the release")
    visit.look(page, "prepare a release with an error")
    visit.open(page, "published release (staff)", f"/staff/statistics/{seeded.published_id}")
    visit.open(page, "release calendar (staff)", "/staff/statistics/calendar")
    visit.open(page, "announce a release", "/staff/statistics/calendar/new")


def publisher_pages(visit: Reflow, page: Page, seeded: Seeded) -> None:
    signed_in(page, PUBLISHER)
    visit.open(page, "approve a release", f"/staff/statistics/{seeded.draft_id}")
    press(page, "Approve the release")
    visit.look(page, "approve a release with an error")


def rights_pages(visit: Reflow, page: Page, seeded: Seeded) -> None:
    signed_in(page, RIGHTS)
    request = f"/staff/rights/{seeded.rights_request_id}"
    visit.open(page, "rights requests", "/staff/rights")
    visit.open(page, "rights request", request)
    visit.open(page, "log a rights request", "/staff/rights/new")
    visit.open(page, "rights search", f"{request}/search?name=Jo+Bloggs")


@pytest.fixture(scope="module")
def visit(
    browser: Any, live_server: str, app: Flask, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Reflow]:
    folder = tmp_path_factory.mktemp("reflow")
    upload = folder / "south-wales-september.csv"
    upload.write_text(IMPORT_FILE, encoding="utf-8")
    storage = app.config.get("IMPORT_STORAGE_DIR")
    app.config["IMPORT_STORAGE_DIR"] = str(folder / "waiting")
    record = Reflow()
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(codes, "hash_tracking_code", quick_hash)
            seeded = seed(app)
            steps = [
                lambda page: public_pages(record, page, app, seeded),
                lambda page: senior_pages(record, page, seeded, upload),
                lambda page: administrator_pages(record, page, seeded),
                lambda page: statistician_pages(record, page, seeded),
                lambda page: publisher_pages(record, page, seeded),
                lambda page: rights_pages(record, page, seeded),
            ]
            for step in steps:  # each in a browser context of its own: its own sign-in
                with watched_page(browser, live_server, record, viewport=REFLOW_VIEWPORT) as page:
                    step(page)
    finally:
        app.config["IMPORT_STORAGE_DIR"] = storage
    yield record


def test_every_page_type_was_opened_as_it_should_be(visit: Reflow) -> None:
    assert len(visit.audited) == PAGES_OPENED, visit.audited
    assert visit.wrong == []
    assert visit.script_errors == []
    assert visit.csp == []
    assert visit.failed_assets() == []


def test_no_page_scrolls_sideways_on_a_320_px_screen(visit: Reflow) -> None:
    assert visit.too_wide == {}, visit.width_report()


def test_every_page_type_passes_axe(visit: Reflow) -> None:
    assert visit.violations == {}, visit.violations_report()


def test_no_page_type_uses_an_id_twice(visit: Reflow) -> None:
    assert not visit.duplicated, visit.duplicates_report()


def test_the_caseworkers_own_pages_were_opened_too(visit: Reflow) -> None:
    assert set(DESK_PAGES) <= set(visit.audited)
