"""Every question page of the public complaint journey, one answer at a time.

Evidence, check your answers, sending and tracking have their own test files.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from html.parser import HTMLParser
from typing import Any

import pytest

from oversight.forces.models import forces_by_name
from oversight.models import utcnow
from oversight.public import drafts
from oversight.workdays import local_date
from tests.helpers import csrf_token, post_page

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

CONTACT_KEYS = ("name", "email", "phone", "preferred_contact", "accessibility_needs")
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


# The happy path of every page.


@pytest.mark.parametrize("slug", QUESTIONS)
def test_a_valid_answer_goes_on_to_the_next_page(client, slug):
    answer_before(client, slug)

    response = answer(client, slug)

    assert response.status_code == 302
    assert response.location == NEXT[slug]


@pytest.mark.parametrize("slug", QUESTIONS)
def test_a_valid_answer_is_kept_in_the_draft(app, client, slug):
    answer_before(client, slug)

    answer(client, slug)

    answers = saved_answers(app, client)
    assert {key: answers.get(key) for key in SAVED[slug]} == SAVED[slug]


@pytest.mark.parametrize("slug", QUESTIONS)
def test_a_page_shows_its_saved_answer_when_opened_again(client, slug):
    answer_before(client, slug)
    answer(client, slug)

    response = client.get(f"/complain/{slug}")

    assert response.status_code == 200
    page = page_of(response)
    assert not page.title.startswith("Error:")
    assert page.summary == []
    assert_shows(page, VALID[slug])


@pytest.mark.parametrize("slug", QUESTIONS)
def test_a_page_opened_for_the_first_time_shows_no_answer_and_no_error(client, slug):
    response = client.get(f"/complain/{slug}")

    assert response.status_code == 200
    page = page_of(response)
    assert not page.title.startswith("Error:")
    assert page.summary == []
    assert page.inline_errors == []
    assert page.values == {}


@pytest.mark.parametrize("slug", QUESTIONS)
def test_each_page_has_a_back_link_to_the_page_before(client, slug):
    answer_before(client, slug)

    assert page_of(client.get(f"/complain/{slug}")).back_link == BACK[slug]


def test_answers_survive_going_back_through_the_pages(client):
    answer_all(client)

    for slug in reversed(QUESTIONS):
        response = client.get(f"/complain/{slug}")
        assert response.status_code == 200, slug
        assert_shows(page_of(response), VALID[slug])


def test_answering_a_page_again_replaces_only_that_answer(app, client):
    answer_before(client, "involvement")

    answer(client, "where", {"place": "Bradford Interchange"})

    answers = saved_answers(app, client)
    assert answers["place"] == "Bradford Interchange"
    assert answers["technology"] == "rfr"
    assert answers["what_happened"] == VALID["what-happened"]["what_happened"]


@pytest.mark.parametrize(
    "slug, data, saved",
    [
        ("where", {"place": "  Leeds  "}, {"place": "Leeds"}),
        ("what-happened", {"what_happened": "\r\n It hurt. \r\n"}, {"what_happened": "It hurt."}),
        ("outcome", {"outcome_wanted": "  Sorry  "}, {"outcome_wanted": "Sorry"}),
        (
            "contact-details",
            {
                "name": " Jo ",
                "email": " jo@example.com ",
                "phone": "",
                "preferred_contact": "email",
            },
            {"name": "Jo", "email": "jo@example.com", "phone": None, "accessibility_needs": None},
        ),
    ],
    ids=["where", "what_happened", "outcome", "contact_details"],
)
def test_spaces_around_a_text_answer_are_not_kept(app, client, slug, data, saved):
    answer(client, "contact")

    assert answer(client, slug, data).status_code == 302

    answers = saved_answers(app, client)
    assert {key: answers.get(key) for key in saved} == saved


# Answers left empty, or only spaces.

EMPTY = [
    ("technology", {}, "technology", "Select the technology that was used, or ‘I’m not sure’"),
    ("force", {"force": ""}, "force", "Select the police force, or ‘I don’t know’"),
    (
        "when",
        {"incident_date-day": "", "incident_date-month": "", "incident_date-year": ""},
        "incident_date-day",
        "Enter the date it happened",
    ),
    ("where", {"place": ""}, "place", "Enter where it happened"),
    ("where", {"place": "   "}, "place", "Enter where it happened"),
    ("what-happened", {"what_happened": ""}, "what_happened", "Enter what happened"),
    ("what-happened", {"what_happened": " \r\n "}, "what_happened", "Enter what happened"),
    ("concerns", {}, "concerns", "Select at least one concern"),
    ("involvement", {}, "relation", "Select how you were involved"),
    ("outcome", {"outcome_wanted": ""}, "outcome_wanted", "Enter what you would like to happen"),
    ("contact", {}, "wants_contact", "Select yes if you want to give your contact details"),
    (
        "consent",
        {},
        "consent_to_share",
        "Select yes if we can share your details with the police force",
    ),
]


@pytest.mark.parametrize(
    "slug, data, target, message",
    EMPTY,
    ids=[
        "technology_with_nothing_selected",
        "force_with_no_force_chosen",
        "when_with_no_date",
        "where_left_empty",
        "where_with_only_spaces",
        "what_happened_left_empty",
        "what_happened_with_only_spaces_and_line_breaks",
        "concerns_with_none_ticked",
        "involvement_with_nothing_selected",
        "outcome_left_empty",
        "contact_with_nothing_selected",
        "consent_with_nothing_selected",
    ],
)
def test_a_page_refuses_an_empty_answer(app, client, slug, data, target, message):
    response = answer(client, slug, data)

    assert_refused(response, target, message, kept={})
    assert saved_answers(app, client) == {}


# Answers over the length allowed; the limit is stated in the message.

TOO_LONG = [
    ("where", "place", 500, "Where it happened must be 500 characters or fewer"),
    ("what-happened", "what_happened", 5000, "What happened must be 5,000 characters or fewer"),
    (
        "outcome",
        "outcome_wanted",
        2000,
        "What you would like to happen must be 2,000 characters or fewer",
    ),
    ("contact-details", "name", 200, "Full name must be 200 characters or fewer"),
    ("contact-details", "phone", 30, "Phone number must be 30 characters or fewer"),
    (
        "contact-details",
        "accessibility_needs",
        1000,
        "Your needs must be 1,000 characters or fewer",
    ),
]
CONTACT_DETAILS = {
    "name": "Sam Jones",
    "email": "sam@example.com",
    "phone": "",
    "preferred_contact": "email",
}


def with_answer(slug: str, name: str, value: str) -> dict[str, Any]:
    base = CONTACT_DETAILS if slug == "contact-details" else {}
    return {**base, name: value}


@pytest.mark.parametrize(
    "slug, name, limit, message",
    TOO_LONG,
    ids=[
        "where_over_500_characters",
        "what_happened_over_5000_characters",
        "outcome_over_2000_characters",
        "full_name_over_200_characters",
        "phone_number_over_30_characters",
        "accessibility_needs_over_1000_characters",
    ],
)
def test_a_page_refuses_an_answer_over_its_limit(app, client, slug, name, limit, message):
    data = with_answer(slug, name, "1" * (limit + 1))

    response = answer(client, slug, data)

    assert_refused(response, name, message, kept=data)
    assert name not in saved_answers(app, client)


@pytest.mark.parametrize(
    "slug, name, limit",
    [case[:3] for case in TOO_LONG],
    ids=[
        "where_of_500_characters",
        "what_happened_of_5000_characters",
        "outcome_of_2000_characters",
        "full_name_of_200_characters",
        "phone_number_of_30_characters",
        "accessibility_needs_of_1000_characters",
    ],
)
def test_a_page_accepts_an_answer_of_exactly_its_limit(app, client, slug, name, limit):
    data = with_answer(slug, name, "1" * limit)

    response = answer(client, slug, data)

    assert response.status_code == 302
    assert saved_answers(app, client)[name] == "1" * limit


def test_email_page_refuses_an_email_address_over_254_characters(client):
    data = {**CONTACT_DETAILS, "email": "a" * 64 + "@" + "b" * 186 + ".com"}

    response = answer(client, "contact-details", data)

    assert_refused(response, "email", "Email address must be 254 characters or fewer", kept=data)


@pytest.mark.parametrize(
    "slug, name, limit",
    [("what-happened", "what_happened", 5000), ("outcome", "outcome_wanted", 2000)],
    ids=["what_happened", "outcome"],
)
def test_a_line_break_counts_as_one_character_as_the_character_count_says(
    app, client, slug, name, limit
):
    # Browsers send each line break as CR LF; the character count shows it as one.
    typed = "x" * (limit - 20) + "\r\nx" * 10

    response = answer(client, slug, {name: typed})

    assert response.status_code == 302
    assert saved_answers(app, client)[name] == typed.replace("\r\n", "\n")


# Choices that the page did not offer (a changed or forged form).

NOT_OFFERED = [
    (
        "technology",
        {"technology": "drone"},
        "technology",
        "Select the technology that was used, or ‘I’m not sure’",
        {},
    ),
    (
        "force",
        {"force": "atlantis-constabulary"},
        "force",
        "Select the police force, or ‘I don’t know’",
        {},
    ),
    (
        "concerns",
        {"concerns": ["watchlist", "aliens"]},
        "concerns",
        "Select at least one concern",
        {"concerns": ["watchlist"]},
    ),
    ("involvement", {"relation": "judge"}, "relation", "Select how you were involved", {}),
    (
        "contact",
        {"wants_contact": "maybe"},
        "wants_contact",
        "Select yes if you want to give your contact details",
        {},
    ),
    (
        "consent",
        {"consent_to_share": "sometimes"},
        "consent_to_share",
        "Select yes if we can share your details with the police force",
        {},
    ),
    (
        "contact-details",
        {**CONTACT_DETAILS, "preferred_contact": "pigeon"},
        "preferred_contact",
        "Select how we should contact you",
        {k: v for k, v in CONTACT_DETAILS.items() if k != "preferred_contact"},
    ),
]


@pytest.mark.parametrize(
    "slug, data, target, message, kept",
    NOT_OFFERED,
    ids=[
        "technology_not_in_the_list",
        "unknown_force",
        "concern_not_in_the_list",
        "involvement_not_in_the_list",
        "contact_neither_yes_nor_no",
        "consent_neither_yes_nor_no",
        "contact_method_not_in_the_list",
    ],
)
def test_a_page_refuses_a_choice_it_did_not_offer(app, client, slug, data, target, message, kept):
    response = answer(client, slug, data)

    assert_refused(response, target, message, kept)
    assert saved_answers(app, client) == {}


def test_force_page_accepts_i_dont_know(app, client):
    assert answer(client, "force", {"force": "unknown"}).status_code == 302

    assert saved_answers(app, client)["force"] == "unknown"
    assert_shows(page_of(client.get("/complain/force")), {"force": "unknown"})


def test_force_page_offers_every_force_and_i_dont_know(client, db):
    forces = [force.slug for force in forces_by_name()]

    html = client.get("/complain/force").get_data(as_text=True)

    assert OPTION.findall(html) == ["", *forces, "unknown"]
    assert "south-wales" in forces


# The date it happened: every branch of the incident date field.

DATE_REFUSED = [
    # (day, month, year), message, first input in error, inputs in error
    (("", "", ""), "Enter the date it happened", "day", {"day", "month", "year"}),
    (("3", "", ""), "Date it happened must include a month and year", "month", {"month", "year"}),
    (("3", "", "2025"), "Date it happened must include a month", "month", {"month"}),
    (("", "", "2025"), "Date it happened must include a month", "month", {"month"}),
    (("3", "5", ""), "Date it happened must include a year", "year", {"year"}),
    (("x", "5", "2025"), "Date it happened must be a real date", "day", {"day"}),
    (("3", "May", "2025"), "Date it happened must be a real date", "month", {"month"}),
    (("3", "5", "twenty"), "Date it happened must be a real date", "year", {"year"}),
    (("3", "-5", "2025"), "Date it happened must be a real date", "month", {"month"}),
    (("3", "²", "2025"), "Date it happened must be a real date", "month", {"month"}),
    (("31", "2", "2026"), "Date it happened must be a real date", "day", {"day"}),
    (("0", "5", "2025"), "Date it happened must be a real date", "day", {"day"}),
    (("1", "13", "2025"), "Date it happened must be a real date", "month", {"month"}),
    (("", "0", "2025"), "Date it happened must be a real date", "month", {"month"}),
    (("3", "5", "202"), "Year must include 4 numbers", "year", {"year"}),
    (("3", "5", "20255"), "Year must include 4 numbers", "year", {"year"}),
    (("31", "12", "1999"), "Date it happened must be in 2000 or later", "year", {"year"}),
    (("", "12", "1999"), "Date it happened must be in 2000 or later", "year", {"year"}),
    (("1", "1", "0000"), "Date it happened must be in 2000 or later", "year", {"year"}),
]


@pytest.mark.parametrize(
    "typed, message, first, in_error",
    DATE_REFUSED,
    ids=[
        "with_nothing_entered",
        "with_only_a_day",
        "without_a_month",
        "with_only_a_year",
        "without_a_year",
        "with_a_day_that_is_not_a_number",
        "with_a_month_in_words",
        "with_a_year_in_words",
        "with_a_negative_month",
        "with_a_superscript_digit",
        "that_is_not_real_like_31_2_2026",
        "with_day_0",
        "with_month_13",
        "with_month_0_and_no_day",
        "with_a_3_digit_year",
        "with_a_5_digit_year",
        "before_2000",
        "in_a_month_before_2000",
        "in_year_0",
    ],
)
def test_when_page_refuses_a_date(app, client, typed, message, first, in_error):
    data = dict(
        zip(("incident_date-day", "incident_date-month", "incident_date-year"), typed, strict=True)
    )

    response = answer(client, "when", data)

    page = assert_refused(response, f"incident_date-{first}", message, kept=data)
    assert page.inputs_in_error == {f"incident_date-{part}" for part in in_error}
    assert saved_answers(app, client) == {}


def test_when_page_refuses_tomorrow(client):
    data = date_parts(today() + timedelta(days=1))

    response = answer(client, "when", data)

    page = assert_refused(
        response, "incident_date-day", "Date it happened must be today or in the past", kept=data
    )
    assert page.inputs_in_error == {
        "incident_date-day",
        "incident_date-month",
        "incident_date-year",
    }


def test_when_page_refuses_next_month_without_a_day(client):
    next_month = today().replace(day=1) + timedelta(days=32)
    data = date_parts(next_month, day=False)

    response = answer(client, "when", data)

    assert_refused(
        response, "incident_date-day", "Date it happened must be today or in the past", kept=data
    )


DATE_ACCEPTED = [
    # typed (day, month, year), saved date, approximate, shown again (day, month, year)
    (("3", "5", "2025"), "2025-05-03", False, ("3", "5", "2025")),
    ((" 03 ", "05", "2025"), "2025-05-03", False, ("3", "5", "2025")),
    (("", "5", "2025"), "2025-05-01", True, ("", "5", "2025")),
    (("1", "1", "2000"), "2000-01-01", False, ("1", "1", "2000")),
    (("29", "2", "2024"), "2024-02-29", False, ("29", "2", "2024")),
]


@pytest.mark.parametrize(
    "typed, saved, approximate, shown",
    DATE_ACCEPTED,
    ids=[
        "that_is_exact",
        "with_leading_zeros_and_spaces",
        "of_a_month_and_year_only_as_approximate",
        "on_the_first_day_of_2000",
        "on_29_february_of_a_leap_year",
    ],
)
def test_when_page_accepts_a_date(app, client, typed, saved, approximate, shown):
    parts = ("incident_date-day", "incident_date-month", "incident_date-year")

    response = answer(client, "when", dict(zip(parts, typed, strict=True)))

    assert response.status_code == 302
    assert response.location == "/complain/where"
    answers = saved_answers(app, client)
    assert answers["incident_date"] == saved
    assert answers["incident_date_approximate"] is approximate
    page = page_of(client.get("/complain/when"))
    assert [page.values.get(part, [""]) for part in parts] == [[value] for value in shown]


def test_when_page_accepts_today(app, client):
    assert answer(client, "when", date_parts(today())).status_code == 302

    answers = saved_answers(app, client)
    assert answers["incident_date"] == today().isoformat()
    assert answers["incident_date_approximate"] is False


def test_when_page_accepts_this_month_without_a_day(app, client):
    assert answer(client, "when", date_parts(today(), day=False)).status_code == 302

    assert saved_answers(app, client)["incident_date"] == today().replace(day=1).isoformat()


def test_when_page_shows_markup_typed_in_a_date_as_text(client):
    data = {
        "incident_date-day": "<b>1</b>",
        "incident_date-month": "5",
        "incident_date-year": "2025",
    }

    response = answer(client, "when", data)

    assert_refused(response, "incident_date-day", "Date it happened must be a real date", kept=data)
    assert "<b>1</b>" not in response.get_data(as_text=True)


# Contact details: formats, and the rules between email, phone and how to contact.

CONTACT_REFUSED = [
    ({"name": ""}, "name", "Enter your full name"),
    ({"email": "sam.example.com"}, "email", EMAIL_FORMAT),
    ({"email": "sam@"}, "email", EMAIL_FORMAT),
    ({"email": "sam jones@example.com"}, "email", EMAIL_FORMAT),
    ({"phone": "call me", "preferred_contact": "phone"}, "phone", PHONE_FORMAT),
    ({"phone": "12345", "preferred_contact": "phone"}, "phone", PHONE_FORMAT),
    ({"phone": "------", "preferred_contact": "phone"}, "phone", PHONE_FORMAT),
    ({"phone": "07700 900 98x", "preferred_contact": "phone"}, "phone", PHONE_FORMAT),
    ({"email": "", "phone": ""}, "email", "Enter an email address or a phone number"),
    (
        {"email": "", "phone": "", "preferred_contact": "phone"},
        "email",
        "Enter an email address or a phone number",
    ),
    (
        {"email": "", "phone": "07700 900 982", "preferred_contact": "email"},
        "preferred_contact",
        "Enter an email address, or choose to be contacted by phone",
    ),
    (
        {"email": "sam@example.com", "phone": "", "preferred_contact": "phone"},
        "preferred_contact",
        "Enter a phone number, or choose to be contacted by email",
    ),
    ({"preferred_contact": ""}, "preferred_contact", "Select how we should contact you"),
]


@pytest.mark.parametrize(
    "changes, target, message",
    CONTACT_REFUSED,
    ids=[
        "without_a_name",
        "with_an_email_address_without_an_at",
        "with_an_email_address_without_a_domain",
        "with_an_email_address_with_a_space",
        "with_a_phone_number_in_words",
        "with_a_phone_number_of_5_digits",
        "with_a_phone_number_of_only_dashes",
        "with_a_phone_number_with_a_letter",
        "with_neither_email_nor_phone",
        "with_neither_email_nor_phone_and_phone_chosen",
        "with_email_chosen_but_only_a_phone_number",
        "with_phone_chosen_but_only_an_email_address",
        "without_a_way_to_contact_chosen",
    ],
)
def test_contact_details_page_refuses_details(app, client, changes, target, message):
    answer(client, "contact")
    data = {**CONTACT_DETAILS, "accessibility_needs": "Large print", **changes}

    response = answer(client, "contact-details", data)

    assert_refused(response, target, message, kept=data)
    assert not set(CONTACT_KEYS) & set(saved_answers(app, client))


@pytest.mark.parametrize(
    "changes",
    [
        {"email": "sam@example.com", "phone": "", "preferred_contact": "email"},
        {"email": "", "phone": "07700 900 982", "preferred_contact": "phone"},
        {"email": "", "phone": "+44 808 157 0192", "preferred_contact": "phone"},
        {"email": "", "phone": "(01632) 960-001", "preferred_contact": "phone"},
        {"email": "sam@example.com", "phone": "07700900982", "preferred_contact": "phone"},
        {"email": "sam@example.com", "phone": "07700900982", "preferred_contact": "email"},
    ],
    ids=[
        "with_only_an_email_address",
        "with_only_a_phone_number",
        "with_an_international_phone_number",
        "with_brackets_and_dashes_in_the_phone_number",
        "with_both_and_phone_chosen",
        "with_both_and_email_chosen",
    ],
)
def test_contact_details_page_accepts_details(app, client, changes):
    answer(client, "contact")

    response = answer(client, "contact-details", {**CONTACT_DETAILS, **changes})

    assert response.status_code == 302
    assert response.location == "/complain/consent"
    answers = saved_answers(app, client)
    expected = {name: value or None for name, value in {**CONTACT_DETAILS, **changes}.items()}
    assert {name: answers[name] for name in expected} == expected
    assert answers["accessibility_needs"] is None


def test_contact_details_page_shows_every_error_at_once(client):
    data = {"name": "", "email": "nope", "phone": "nope", "preferred_contact": ""}

    response = answer(client, "contact-details", data)

    assert response.status_code == 400
    assert page_of(response).summary == [
        ("#name", "Enter your full name"),
        ("#email", EMAIL_FORMAT),
        ("#phone", PHONE_FORMAT),
        ("#preferred_contact", "Select how we should contact you"),
    ]


# Markup typed into an answer is only ever text.

MARKUP_ANSWERS = [
    ("where", "place"),
    ("what-happened", "what_happened"),
    ("outcome", "outcome_wanted"),
    ("contact-details", "name"),
    ("contact-details", "accessibility_needs"),
]


@pytest.mark.parametrize(
    "slug, name", MARKUP_ANSWERS, ids=["where", "what_happened", "outcome", "name", "needs"]
)
def test_markup_in_an_answer_is_shown_as_text_on_its_page(client, slug, name):
    answer_before(client, slug)
    answer(client, slug, {**VALID[slug], name: MARKUP})

    response = client.get(f"/complain/{slug}")

    html = response.get_data(as_text=True)
    assert MARKUP not in html
    assert ESCAPED_MARKUP in html
    assert page_of(response).values[name] == [MARKUP]


@pytest.mark.parametrize(
    "slug, name", MARKUP_ANSWERS, ids=["where", "what_happened", "outcome", "name", "needs"]
)
def test_markup_in_an_answer_is_shown_as_text_on_check_answers(client, slug, name):
    answer_all(client)
    answer(client, slug, {**VALID[slug], name: MARKUP})

    response = client.get("/complain/check-answers")

    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert MARKUP not in html
    assert ESCAPED_MARKUP in html
    assert any(MARKUP in value for value in page_of(response).summary_values)


def test_markup_in_a_refused_answer_is_shown_as_text(client):
    typed = MARKUP + "x" * 500

    response = answer(client, "where", {"place": typed})

    assert_refused(
        response, "place", "Where it happened must be 500 characters or fewer", {"place": typed}
    )
    assert MARKUP not in response.get_data(as_text=True)


# Changing an answer from check your answers.


@pytest.mark.parametrize(
    "slug, data",
    [
        ("technology", {"technology": "lfr"}),
        ("force", {"force": "south-wales"}),
        ("when", date_parts(date(2024, 11, 5))),
        ("where", {"place": "Bradford Interchange"}),
        ("concerns", {"concerns": ["other"]}),
        ("contact-details", {**CONTACT_DETAILS}),
        ("consent", {"consent_to_share": "yes"}),
    ],
    ids=["technology", "force", "when", "where", "concerns", "contact_details", "consent"],
)
def test_changing_an_answer_goes_back_to_check_answers(client, slug, data):
    answer_all(client)

    response = answer(client, slug, data, query="?change=1")

    assert response.status_code == 302
    assert response.location == "/complain/check-answers"
    assert client.get("/complain/check-answers").status_code == 200


def test_a_changed_answer_is_shown_on_check_answers(client):
    answer_all(client)

    answer(client, "where", {"place": "Bradford Interchange"}, query="?change=1")

    page = page_of(client.get("/complain/check-answers"))
    assert "Bradford Interchange" in page.summary_values
    assert "Leeds railway station" not in page.summary_values


def test_changing_an_answer_before_finishing_goes_to_the_first_unanswered_page(client):
    answer_before(client, "where")

    response = answer(client, "technology", {"technology": "lfr"}, query="?change=1")

    assert response.location == "/complain/where?change=1"


def test_a_page_opened_to_change_an_answer_links_back_to_check_answers(client):
    answer_all(client)

    page = page_of(client.get("/complain/where?change=1"))

    assert page.back_link == "/complain/check-answers"
    assert_shows(page, VALID["where"])


def test_a_refused_change_stays_in_change_mode(client):
    answer_all(client)

    response = answer(client, "where", {"place": ""}, query="?change=1")

    page = assert_refused(response, "place", "Enter where it happened", kept={})
    assert page.back_link == "/complain/check-answers"


def test_choosing_to_give_contact_details_when_changing_asks_for_them_then_consent(client):
    answer_all(client, contact={"wants_contact": "no"})

    first = answer(client, "contact", {"wants_contact": "yes"}, query="?change=1")
    second = answer(client, "contact-details", CONTACT_DETAILS, query="?change=1")
    third = answer(client, "consent", {"consent_to_share": "yes"}, query="?change=1")

    assert first.location == "/complain/contact-details?change=1"
    assert second.location == "/complain/consent?change=1"
    assert third.location == "/complain/check-answers"


# Staying anonymous.


def test_choosing_anonymous_skips_contact_details_and_consent(client):
    answer_before(client, "contact")

    response = answer(client, "contact", {"wants_contact": "no"})

    assert response.location == "/complain/check-answers"
    assert client.get("/complain/check-answers").status_code == 200


def test_choosing_anonymous_removes_contact_details_given_before(app, client):
    answer_all(client)

    answer(client, "contact", {"wants_contact": "no"})

    answers = saved_answers(app, client)
    assert answers["wants_contact"] == "no"
    for key in (*CONTACT_KEYS, "consent_to_share"):
        assert key not in answers, key
    assert answers["technology"] == "rfr"


def test_after_choosing_anonymous_no_contact_details_are_shown_anywhere(client):
    answer_all(client)

    answer(client, "contact", {"wants_contact": "no"})

    check = client.get("/complain/check-answers").get_data(as_text=True)
    assert "No, I want to stay anonymous" in check
    for detail in ("Sam Jones", "sam@example.com", "07700 900 982", "Large print"):
        assert detail not in check
    assert page_of(client.get("/complain/contact-details")).values == {}
    assert page_of(client.get("/complain/consent")).values == {}


# Cross-site request forgery.


@pytest.mark.parametrize("slug", QUESTIONS)
def test_a_question_page_refuses_an_answer_without_a_csrf_token(app, client, slug):
    client.get(f"/complain/{slug}")

    response = client.post(f"/complain/{slug}", data=VALID[slug])

    assert response.status_code == 400
    assert "Sorry, we could not save that" in response.get_data(as_text=True)
    assert saved_answers(app, client) == {}


def test_a_question_page_refuses_a_csrf_token_from_another_session(app, client):
    other = app.test_client()
    token = csrf_token(other.get("/complain/where").get_data(as_text=True))

    response = client.post("/complain/where", data={"csrf_token": token, "place": "Leeds"})

    assert response.status_code == 400
    assert saved_answers(app, client) == {}


def test_an_unknown_question_is_not_found(client):
    assert client.get("/complain/favourite-colour").status_code == 404
