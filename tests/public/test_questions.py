"""Every question page of the public complaint journey, one answer at a time: the happy
path of every page, its CSRF token, and an unknown question.

Refused answers, the date, contact details, markup and changing an answer have files of
their own (test_questions_*.py, test_changing_answers.py); evidence, check your answers,
sending and tracking too.
"""

from __future__ import annotations

import pytest

from tests.helpers import csrf_token
from tests.public.questions import (
    BACK,
    NEXT,
    QUESTIONS,
    SAVED,
    VALID,
    answer,
    answer_all,
    answer_before,
    assert_shows,
    page_of,
    saved_answers,
)

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
