"""Contact details (formats, and the rules between email, phone and how to contact),
and staying anonymous."""

from __future__ import annotations

import pytest

from tests.public.questions import (
    CONTACT_DETAILS,
    CONTACT_KEYS,
    EMAIL_FORMAT,
    PHONE_FORMAT,
    answer,
    answer_all,
    answer_before,
    assert_refused,
    page_of,
    saved_answers,
)

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
    (
        {"email": "", "phone": ""},
        "email",
        "Enter an email address, a phone number or a postal address",
    ),
    (
        {"email": "", "phone": "", "preferred_contact": "phone"},
        "email",
        "Enter an email address, a phone number or a postal address",
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
    (
        {"email": "sam@example.com", "postal_address": "", "preferred_contact": "post"},
        "preferred_contact",
        "Enter your postal address, or choose another way to be contacted",
    ),
    (
        {"email": "", "phone": "", "postal_address": "1 High Street", "preferred_contact": "email"},
        "preferred_contact",
        "Select by post, or give an email address or phone number",
    ),
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
        "with_post_chosen_but_no_address",
        "with_only_an_address_and_email_chosen",
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
        {
            "email": "",
            "phone": "",
            "postal_address": "1 High Street\nCardiff\nCF10 1AA",
            "preferred_contact": "post",
        },
    ],
    ids=[
        "with_only_an_email_address",
        "with_only_a_phone_number",
        "with_an_international_phone_number",
        "with_brackets_and_dashes_in_the_phone_number",
        "with_both_and_phone_chosen",
        "with_both_and_email_chosen",
        "with_only_a_postal_address_and_post_chosen",
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
