"""What every browser test shares: the record of what the pages showed, and the steps.

`PageWatch` is that record: each page looked at is checked with axe-core against WCAG 2.2
A/AA, and every Content-Security-Policy violation, script error and failed request is
kept, so that each test can then check one thing about it. A test module subclasses it
for what else its journey reads. The steps (pressing a button, following a link,
signing in through the staff sign-in page) are the ones every staff journey takes.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import ConsoleMessage, Error, Locator, Page, Request, Response, expect

from tests.factories import PASSWORD, TOTP_SECRET
from tests.helpers import current_code

WCAG_22_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_22_AA}}

# Chromium reports a blocked script, style or image on the console; the event below
# reports it too, in case a message is ever worded differently.
REPORT_CSP_VIOLATIONS = """document.addEventListener("securitypolicyviolation", (event) => {
    console.error(`Content Security Policy violation: ${event.violatedDirective} `
        + `blocked ${event.blockedURI || "inline"} at ${event.sourceFile}:${event.lineNumber}`);
});"""

FONT_FILE = re.compile(r"\.(woff2?|ttf|otf|eot)(\?|$)", re.IGNORECASE)
CROWN = re.compile(r"crown|crest", re.IGNORECASE)
# Every attribute value on the page but image data (a QR code's is random letters):
# where a crown image, icon or class would show itself.
ATTRIBUTE_VALUES = """() => Array.from(document.querySelectorAll("*"))
    .flatMap((element) => Array.from(element.attributes, (attribute) => attribute.value))
    .filter((value) => !value.startsWith("data:"))
    .join(" ")"""
CROWN_SELECTORS = ", ".join(
    [
        ".govuk-header__logotype",
        ".govuk-header__logo",
        ".govuk-footer__crown",
        ".govuk-footer__copyright-logo",
        ".govuk-logo",
        "[aria-label='GOV.UK']",
    ]
)


# Every id used by more than one element: axe-core no longer checks ids, and a duplicate
# id sends a label, an error summary link or aria-describedby to the wrong field.
DUPLICATE_IDS = """() => {
    const seen = new Map();
    for (const element of document.querySelectorAll("[id]")) {
        seen.set(element.id, (seen.get(element.id) || 0) + 1);
    }
    return Array.from(seen).filter(([, count]) => count > 1).map(([id]) => id).sort();
}"""
# How far the page scrolls sideways (0 when it reflows): the document's width past the
# window's, at whatever viewport the page has (320 px is WCAG 1.4.10's reflow width).
SIDEWAYS_SCROLL = """() => Math.max(
    document.documentElement.scrollWidth, document.body.scrollWidth
) - document.documentElement.clientWidth"""
REFLOW_VIEWPORT = {"width": 320, "height": 640}


def duplicate_ids(page: Page) -> list[str]:
    """The ids more than one element on the page has."""
    return list(page.evaluate(DUPLICATE_IDS))


def sideways_scroll(page: Page) -> int:
    """How many CSS pixels the page scrolls sideways; 0 for a page that reflows."""
    return int(page.evaluate(SIDEWAYS_SCROLL))


def axe_report(results: Any) -> str:
    """One line per violation: rule, impact, help text and the elements at fault."""
    return report_violations(results.response["violations"])


def report_violations(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        targets = "; ".join(", ".join(node["target"]) for node in violation["nodes"])
        lines.append(
            f"  {violation['id']} ({violation['impact']}): {violation['help']} -> {targets}"
        )
    return "\n".join(lines)


@dataclass(kw_only=True)
class PageWatch:
    """What the pages showed: axe-core's findings on every page looked at, every
    Content-Security-Policy violation and script error, and every request that failed
    (method, status, kind, path) or never finished."""

    axe: Axe = field(default_factory=Axe)
    audited: list[str] = field(default_factory=list)
    violations: dict[str, str] = field(default_factory=dict)
    duplicated: dict[str, list[str]] = field(default_factory=dict)
    csp: list[str] = field(default_factory=list)
    script_errors: list[str] = field(default_factory=list)
    failed: list[tuple[str, int, str, str]] = field(default_factory=list)
    unfinished: list[str] = field(default_factory=list)

    def watch(self, page: Page) -> None:
        page.set_default_timeout(10_000)
        page.add_init_script(REPORT_CSP_VIOLATIONS)
        page.on("console", self.console)
        page.on("pageerror", self.page_error)
        page.on("response", self.record)
        page.on("requestfailed", self.never_finished)

    def console(self, message: ConsoleMessage) -> None:
        # A page refused with 400 is logged as an error too: only the policy's are faults.
        if "content security policy" in message.text.lower():
            self.csp.append(f"{message.location.get('url', '')}: {message.text}")

    def page_error(self, error: Error) -> None:
        self.script_errors.append(str(error))

    def record(self, response: Response) -> None:
        if response.status >= 400:
            request = response.request
            path = urlsplit(response.url).path
            self.failed.append((request.method, response.status, request.resource_type, path))

    def never_finished(self, request: Request) -> None:
        # A request cut short because the person moved on to the next page is not a fault.
        if request.failure != "net::ERR_ABORTED":
            self.unfinished.append(f"{request.url} ({request.failure})")

    def look(self, page: Page, name: str, heading: str) -> None:
        """Wait for the page, then check it with axe-core and for ids used twice."""
        expect(page.locator("h1")).to_contain_text(heading)
        page.wait_for_load_state("load")
        results = self.axe.run(page, options=AXE_OPTIONS)
        self.audited.append(name)
        found = results.response["violations"]
        faults = [violation for violation in found if not self.excused(violation)]
        if faults:
            self.violations[f"{name} ({page.url})"] = report_violations(faults)
        if ids := duplicate_ids(page):
            self.duplicated[f"{name} ({page.url})"] = ids

    def duplicates_report(self) -> str:
        """The message for a test that finds ids used twice: each page, then the ids."""
        pages = "\n".join(f"  {page}: {', '.join(ids)}" for page, ids in self.duplicated.items())
        return f"Ids used by more than one element:\n{pages}"

    def excused(self, violation: dict[str, Any]) -> bool:
        """Whether a finding is let through; none is, unless a test module says why."""
        return False

    def violations_report(self) -> str:
        """The message for a test that finds violations: each page, then what was wrong."""
        pages = "\n".join(f"{page}:\n{found}" for page, found in self.violations.items())
        return f"axe-core found WCAG 2.2 A/AA violations:\n{pages}"

    def failed_assets(self) -> list[tuple[str, int, str, str]]:
        """The failed requests for anything but a page: never expected."""
        return sorted({failure for failure in self.failed if failure[2] != "document"})

    def refused_pages(self) -> list[tuple[str, int, str, str]]:
        """The pages answered with an error, such as a form sent with a mistake in it."""
        return sorted(failure for failure in self.failed if failure[2] == "document")


@dataclass(kw_only=True)
class CrownWatch(PageWatch):
    """Also every request made, and every page where the GOV.UK crown or a crest shows:
    this service is not GOV.UK, so it must use neither, nor GOV.UK's font."""

    crowns: list[str] = field(default_factory=list)
    requested: list[tuple[str, str]] = field(default_factory=list)

    def record(self, response: Response) -> None:
        self.requested.append((response.request.resource_type, response.url))
        super().record(response)

    def look(self, page: Page, name: str, heading: str) -> None:
        """Wait for the page, then check it with axe-core and for the crown."""
        super().look(page, name, heading)
        attributes = page.evaluate(ATTRIBUTE_VALUES)
        if CROWN.search(attributes) or page.locator(CROWN_SELECTORS).count():
            self.crowns.append(name)

    def fonts_requested(self) -> list[str]:
        return [url for kind, url in self.requested if kind == "font" or FONT_FILE.search(url)]

    def crown_images_requested(self) -> list[str]:
        return [url for _kind, url in self.requested if CROWN.search(url)]


@contextmanager
def watched_page(
    browser: Any, live_server: str, watch: PageWatch, **options: Any
) -> Iterator[Page]:
    """A page in a browser context of its own (its own cookies, so its own sign-in),
    watched by `watch`; the context closes when the block ends. `options` go to
    Playwright's new_context, such as a viewport."""
    context = browser.new_context(base_url=live_server, **options)
    try:
        page = context.new_page()
        watch.watch(page)
        yield page
    finally:
        context.close()


def press(page: Page, button: str) -> None:
    """Press a button and wait for the page it leads to."""
    page.wait_for_load_state("load")
    with page.expect_navigation(wait_until="load"):
        page.get_by_role("button", name=button, exact=True).click()


def follow(page: Page, link: str, role: Literal["link", "button"] = "link") -> None:
    """Follow a link (a start button is a link that looks like a button)."""
    with page.expect_navigation(wait_until="load"):
        page.get_by_role(role, name=link, exact=True).click()


def staff_menu(page: Page) -> Locator:
    return page.get_by_role("navigation", name="Staff menu")


def enter_password(page: Page, email: str, password: str = PASSWORD) -> None:
    """The first step of the staff sign-in page."""
    page.get_by_label("Email address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    press(page, "Continue")


def enter_code(page: Page, secret: str = TOTP_SECRET) -> None:
    """The second step: the code an enrolled account's app shows now."""
    page.get_by_label("Enter your security code").fill(current_code(secret))
    press(page, "Continue")


def sign_in(
    page: Page,
    email: str,
    name: str | None = None,
    *,
    password: str = PASSWORD,
    secret: str = TOTP_SECRET,
) -> None:
    """Sign an enrolled account in through the staff sign-in page, and wait for the staff
    home page (greeting the account by its name, when given)."""
    page.goto("/staff/sign-in")
    enter_password(page, email, password)
    enter_code(page, secret)
    if name is None:
        expect(page.locator("h1")).to_contain_text("Hello,")
    else:
        expect(page.locator("h1")).to_have_text(f"Hello, {name}")
