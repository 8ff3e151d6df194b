"""What the question pages' tests share: a valid answer for each page and what it is
kept as, where each page leads and its back link, a parser for the page's form, and
ways to answer pages."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from typing import Any

from oversight.models import utcnow
from oversight.public import drafts
from oversight.workdays import local_date
from tests.helpers import post_page

# A valid answer for each question page, in the order the pages are asked.
VALID: dict[str, dict[str, Any]] = {
    "technology": {"technology": "rfr"},
    "force": {"force": "cumbria"},
    "when": {"incident_date-day": "3", "incident_date-month": "5", "incident_date-year": "2025"},
    "where": {"place": "Leeds railway station"},
    "what-happened": {
        "what_happened": "An officer photographed me on a phone.\nThen he let me go."
    },
    "concerns": {"concerns": ["watchlist", "retention"]},
    "involvement": {"relation": "witness"},
    "outcome": {"outcome_wanted": "My images deleted."},
    "contact": {"wants_contact": "yes"},
    "contact-details": {
        "name": "Sam Jones",
        "email": "sam@example.com",
        "phone": "07700 900 982",
        "preferred_contact": "phone",
        "accessibility_needs": "Large print, please.",
    },
    "consent": {"consent_to_share": "no"},
}
QUESTIONS = list(VALID)

# What each valid answer above is kept as in the draft.
SAVED: dict[str, dict[str, Any]] = {
    "technology": {"technology": "rfr"},
    "force": {"force": "cumbria"},
    "when": {"incident_date": "2025-05-03", "incident_date_approximate": False},
    "where": {"place": "Leeds railway station"},
    "what-happened": {"what_happened": VALID["what-happened"]["what_happened"]},
    "concerns": {"concerns": ["watchlist", "retention"]},
    "involvement": {"relation": "witness"},
    "outcome": {"outcome_wanted": "My images deleted."},
    "contact": {"wants_contact": "yes"},
    "contact-details": VALID["contact-details"],
    "consent": {"consent_to_share": "no"},
}

# Where a valid answer on each page takes you, on the way through.
NEXT = {
    "technology": "/complain/force",
    "force": "/complain/when",
    "when": "/complain/where",
    "where": "/complain/what-happened",
    "what-happened": "/complain/concerns",
    "concerns": "/complain/involvement",
    "involvement": "/complain/outcome",
    "outcome": "/complain/evidence",
    "contact": "/complain/contact-details",
    "contact-details": "/complain/consent",
    "consent": "/complain/check-answers",
}

# The page before each one, as its back link gives it.
BACK = {
    "technology": "/",
    "force": "/complain/technology",
    "when": "/complain/force",
    "where": "/complain/when",
    "what-happened": "/complain/where",
    "concerns": "/complain/what-happened",
    "involvement": "/complain/concerns",
    "outcome": "/complain/involvement",
    "contact": "/complain/evidence",
    "contact-details": "/complain/contact",
    "consent": "/complain/contact-details",
}

CONTACT_KEYS = (
    "name",
    "email",
    "phone",
    "postal_address",
    "preferred_contact",
    "accessibility_needs",
)
MARKUP = "<script>alert(1)</script>"
ESCAPED_MARKUP = "&lt;script&gt;alert(1)&lt;/script&gt;"
PHONE_FORMAT = "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
OPTION = re.compile(r'<option value="([^"]*)"')
EMAIL_FORMAT = "Enter an email address in the correct format, like name@example.com"


class Page(HTMLParser):
    """What a person sees on a page: its title, its errors and the answers in its form."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.summary: list[tuple[str, str]] = []  # (href, text) of each error summary link
        self.inline_errors: list[str] = []
        self.values: dict[str, list[str]] = {}  # the answers filled in, by input name
        self.ids: set[str] = set()
        self.inputs_in_error: set[str] = set()
        self.back_link: str | None = None
        self.summary_values: list[str] = []  # check your answers: each row's value
        self._open: list[str] = []  # what the text being read belongs to
        self._text = ""
        self._select: str | None = None
        self._textarea: str | None = None
        self._href = ""
        self._in_summary = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        classes = attributes.get("class", "").split()
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if "govuk-error-summary" in classes:
            self._in_summary = True
        elif tag == "form":
            self._in_summary = False
        if "govuk-input--error" in classes:
            self.inputs_in_error.add(attributes.get("name", ""))
        if tag == "input":
            self._read_input(attributes)
        elif tag == "select":
            self._select = attributes["name"]
        elif tag == "option" and self._select and "selected" in attributes:
            self.values.setdefault(self._select, []).append(attributes["value"])
        elif tag == "a" and "govuk-back-link" in classes:
            self.back_link = attributes["href"]
        self._start_text(tag, attributes, classes)

    def _read_input(self, attributes: dict[str, str]) -> None:
        name = attributes.get("name", "")
        kind = attributes.get("type", "text")
        if name == "csrf_token" or kind in ("submit", "file"):
            return
        if kind in ("radio", "checkbox") and "checked" not in attributes:
            return
        if attributes.get("value"):
            self.values.setdefault(name, []).append(attributes["value"])

    def _start_text(self, tag: str, attributes: dict[str, str], classes: list[str]) -> None:
        if tag == "title":
            self._open.append("title")
        elif tag == "a" and self._in_summary:
            self._open.append("summary")
            self._href = attributes.get("href", "")
        elif "govuk-error-message" in classes:
            self._open.append("inline")
        elif tag == "textarea":
            self._open.append("textarea")
            self._textarea = attributes["name"]
        elif tag == "dd" and "govuk-summary-list__value" in classes:
            self._open.append("summary_value")
        else:
            return
        self._text = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "select":
            self._select = None
        if not self._open:
            return
        text = " ".join(self._text.split())
        kind = self._open[-1]
        if kind == "title" and tag == "title":
            self.title = text
        elif kind == "summary" and tag == "a":
            self.summary.append((self._href, text))
        elif kind == "inline" and tag == "p":
            self.inline_errors.append(text.removeprefix("Error:").strip())
        elif kind == "textarea" and tag == "textarea":
            if self._text.strip("\n"):
                self.values.setdefault(self._textarea or "", []).append(self._text.strip("\n"))
        elif kind == "summary_value" and tag == "dd":
            self.summary_values.append(self._text.strip())
        else:
            return
        self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._open:
            self._text += data


def page_of(response: Any) -> Page:
    return Page(response.get_data(as_text=True))


def as_shown(data: dict[str, Any]) -> dict[str, list[str]]:
    """Posted form data as the form shows it back: every value a list of strings."""
    return {
        name: list(value) if isinstance(value, list) else [value]
        for name, value in data.items()
        if value != ""
    }


def assert_shows(page: Page, data: dict[str, Any]) -> None:
    for name, values in as_shown(data).items():
        assert page.values.get(name) == values, name


def assert_refused(response: Any, target: str, message: str, kept: dict[str, Any]) -> Page:
    """The page is shown again with the error, where it is, and what was typed."""
    assert response.status_code == 400
    page = page_of(response)
    assert page.title.startswith("Error:")
    assert (f"#{target}", message) in page.summary
    assert target in page.ids
    assert message in page.inline_errors
    assert_shows(page, kept)
    return page


def answer(client: Any, slug: str, data: dict[str, Any] | None = None, query: str = "") -> Any:
    return post_page(client, f"/complain/{slug}{query}", VALID[slug] if data is None else data)


def answer_before(client: Any, slug: str) -> None:
    """Answer every question before this one (and the evidence page, with no files)."""
    for earlier in QUESTIONS[: QUESTIONS.index(slug)]:
        assert answer(client, earlier).status_code == 302, earlier
        if earlier == "outcome":
            post_page(client, "/complain/evidence", {"action": "continue"})


def answer_all(client: Any, **changed: dict[str, Any]) -> None:
    answer_before(client, "consent")
    answer(client, "consent")
    for slug, data in changed.items():
        answer(client, slug.replace("_", "-"), data)


def saved_answers(app: Any, client: Any) -> dict[str, Any]:
    with client.session_transaction() as session:
        token = session.get("draft_token")
    with app.app_context():
        draft = drafts.find(token, utcnow())
        return dict(draft.answers) if draft else {}


def date_parts(when: date, day: bool = True) -> dict[str, str]:
    return {
        "incident_date-day": str(when.day) if day else "",
        "incident_date-month": str(when.month),
        "incident_date-year": str(when.year),
    }


def today() -> date:
    return local_date(utcnow())


CONTACT_DETAILS = {
    "name": "Sam Jones",
    "email": "sam@example.com",
    "phone": "",
    "preferred_contact": "email",
}
