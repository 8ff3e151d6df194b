"""Changing an answer from check your answers."""

from __future__ import annotations

from datetime import date

import pytest

from tests.public.questions import (
    CONTACT_DETAILS,
    VALID,
    answer,
    answer_all,
    answer_before,
    assert_refused,
    assert_shows,
    date_parts,
    page_of,
)

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
