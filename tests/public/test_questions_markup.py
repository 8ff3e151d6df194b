"""Markup typed into an answer is only ever text."""

from __future__ import annotations

import pytest

from tests.public.questions import (
    ESCAPED_MARKUP,
    MARKUP,
    VALID,
    answer,
    answer_all,
    answer_before,
    assert_refused,
    page_of,
)

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
