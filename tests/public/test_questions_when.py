"""The date it happened: every branch of the incident date field."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.public.questions import answer, assert_refused, date_parts, page_of, saved_answers, today

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
