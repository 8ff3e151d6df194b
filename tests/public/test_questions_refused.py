"""Answers a question page refuses: left empty, over the length allowed, or a choice the
page did not offer."""

from __future__ import annotations

from typing import Any

import pytest

from oversight.forces.models import forces_by_name
from tests.public.questions import (
    CONTACT_DETAILS,
    OPTION,
    answer,
    assert_refused,
    assert_shows,
    page_of,
    saved_answers,
)

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
