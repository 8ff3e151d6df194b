"""The feedback form: a satisfaction answer (required) and what to improve (optional, at
most 1,200 characters), CSRF protected, rate limited like every anonymous form; the page
the person came from is kept only as one of the service's own page patterns, and never
becomes a link anywhere else."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from oversight.extensions import limiter
from oversight.pages.models import Feedback, Satisfaction
from tests.helpers import csrf_token

NUL = "\x00"
RADIO_LABEL = re.compile(r'class="govuk-label govuk-radios__label"[^>]*>(.*?)</label>', re.S)


def answers(db) -> list[Feedback]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(Feedback).order_by(Feedback.id)))


def send(client, data, opened: str = "/feedback"):
    page = client.get(opened)
    assert page.status_code == 200
    return client.post(
        "/feedback", data={"csrf_token": csrf_token(page.get_data(as_text=True)), **data}
    )


def hidden_from(client, opened: str) -> str:
    html = client.get(opened).get_data(as_text=True)
    [field] = [line for line in html.splitlines() if 'name="came_from"' in line]
    return field


def test_every_page_carries_the_beta_banner_linking_to_feedback_from_that_page(client, db):
    html = client.get("/track").get_data(as_text=True)
    assert '<strong class="govuk-tag govuk-phase-banner__content__tag">' in html
    assert "Beta" in html
    assert "This is a new service. Help us improve it by" in html
    assert '<a class="govuk-link" href="/feedback?from=/track">giving your feedback</a>' in html


def test_a_staff_page_carries_the_banner_too(client, db, caseworker):
    from tests.helpers import login_as

    login_as(client, caseworker)
    html = client.get("/staff/cases").get_data(as_text=True)
    assert 'href="/feedback?from=/staff/cases"' in html


def test_feedback_is_kept_with_the_pattern_of_the_page_it_came_from(client, db):
    response = send(
        client,
        {
            "satisfaction": "dissatisfied",
            "improve": "The map was hard to read.",
            "came_from": "/track",
        },
        "/feedback?from=/track",
    )
    assert response.status_code == 302
    assert response.location == "/feedback/sent?from=/track"
    [kept] = answers(db)
    assert kept.satisfaction is Satisfaction.DISSATISFIED
    assert kept.improve == "The map was hard to read."
    assert kept.page == "/track"
    assert kept.read_at is None
    thanks = client.get(response.location).get_data(as_text=True)
    assert "Thank you for your feedback" in thanks
    assert '<a class="govuk-link" href="/track">Go back to the page you were on</a>' in thanks


def test_a_page_with_a_secret_in_its_address_is_kept_as_its_pattern_only(client, db):
    path = "/complain/return/s3cret-link-token"
    assert path in hidden_from(client, f"/feedback?from={path}")
    send(client, {"satisfaction": "satisfied", "came_from": path})
    [kept] = answers(db)
    assert kept.page == "/complain/return/<token>"
    assert "s3cret" not in repr([(c.name, getattr(kept, c.name)) for c in Feedback.__table__.c])


def test_the_improvement_answer_is_optional(client, db):
    assert send(client, {"satisfaction": "very_satisfied"}).status_code == 302
    [kept] = answers(db)
    assert kept.improve is None
    assert kept.page is None


def test_no_satisfaction_answer_is_refused_with_a_govuk_error(client, db):
    response = send(client, {"improve": "Nothing."})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "govuk-error-summary" in html
    assert '<a href="#satisfaction">Select how you feel about the service</a>' in html
    assert "<title>Error: " in html
    assert answers(db) == []


@pytest.mark.parametrize("value", ["delighted", f"satisfied{NUL}x", "9" * 20])
def test_a_satisfaction_never_offered_is_refused_with_the_same_message(client, db, value):
    response = send(client, {"satisfaction": value})
    assert response.status_code == 400
    assert "Select how you feel about the service" in response.get_data(as_text=True)
    assert answers(db) == []


def test_the_five_govuk_satisfaction_answers_are_offered(client, db):
    html = client.get("/feedback").get_data(as_text=True)
    labels = [" ".join(label.split()) for label in RADIO_LABEL.findall(html)]
    assert labels == [
        "Very satisfied",
        "Satisfied",
        "Neither satisfied or dissatisfied",
        "Dissatisfied",
        "Very dissatisfied",
    ]
    assert html.count('name="satisfaction"') == 5


def test_more_than_1200_characters_are_refused_and_kept_to_correct(client, db):
    response = send(client, {"satisfaction": "satisfied", "improve": "a" * 1201})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Your answer must be 1,200 characters or fewer" in html
    assert "a" * 1201 in html
    assert answers(db) == []
    assert send(client, {"satisfaction": "satisfied", "improve": "a" * 1200}).status_code == 302


def test_the_form_warns_not_to_include_personal_information(client, db):
    html = client.get("/feedback").get_data(as_text=True)
    assert "govuk-warning-text" in html
    assert "Do not include personal or financial information" in html


def test_nul_and_control_characters_are_taken_out_never_a_server_error(client, db):
    response = send(
        client, {"satisfaction": "neither", "improve": f"Too{NUL} slow\x1b\x7f.\nFix it."}
    )
    assert response.status_code == 302
    [kept] = answers(db)
    assert kept.improve == "Too slow.\nFix it."


@pytest.mark.parametrize(
    "came_from",
    [
        "https://evil.example/phish",
        "//evil.example/phish",
        "/\\evil.example",
        "javascript:alert(1)",
        "/no-such-page",
        "/track?next=https://evil.example",
        "/feedback",
        "/static/app.css",
        f"/track{NUL}evil",
        "/" + "a" * 400,
        "@evil.example",
    ],
)
def test_a_page_that_is_not_one_of_ours_is_dropped_never_linked(client, db, came_from):
    assert 'value=""' in hidden_from(client, "/feedback?from=" + came_from.replace("?", "%3F"))
    response = send(client, {"satisfaction": "satisfied", "came_from": came_from})
    assert response.status_code == 302
    assert response.location == "/feedback/sent"
    [kept] = answers(db)
    assert kept.page is None
    thanks = client.get("/feedback/sent", query_string={"from": came_from})
    html = thanks.get_data(as_text=True)
    assert "Go back to the page you were on" not in html
    assert "evil.example" not in html


def test_the_feedback_page_offers_a_back_link_only_to_our_own_page(client, db):
    assert '<a href="/register" class="govuk-back-link">Back</a>' in client.get(
        "/feedback?from=/register"
    ).get_data(as_text=True)
    assert "govuk-back-link" not in client.get("/feedback?from=https://evil.example/").get_data(
        as_text=True
    )


def test_nothing_personal_is_stored_beyond_what_was_typed(client, db):
    response = send(client, {"satisfaction": "satisfied"}, "/feedback?from=/track")
    assert response.status_code == 302
    assert {column.name for column in Feedback.__table__.c} == {
        "id",
        "submitted_at",
        "satisfaction",
        "improve",
        "page",
        "read_at",
        "read_by_id",
    }


def test_without_a_csrf_token_nothing_is_kept(client, db):
    response = client.post("/feedback", data={"satisfaction": "satisfied"})
    assert response.status_code == 400
    assert answers(db) == []


def test_feedback_is_rate_limited_like_every_anonymous_form(app, client, db, monkeypatch):
    monkeypatch.setitem(app.config, "ANONYMOUS_POST_RATE_LIMIT", "2 per minute")
    limiter.reset()
    for _ in range(2):
        assert send(client, {"satisfaction": "satisfied"}).status_code == 302
    refused = send(client, {"satisfaction": "satisfied"})
    assert refused.status_code == 429
    assert len(answers(db)) == 2
