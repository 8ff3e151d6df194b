"""Complaints logged by staff from a phone call, an email or a letter: Post/Redirect/Get,
the tracking code shown once, one complaint however often the form is sent, and the
GOV.UK date input. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from oversight.casework.intake import forms as log_forms
from oversight.complaints import codes
from oversight.complaints.enums import Channel, Status
from oversight.complaints.models import Complaint
from tests.casework.cases import (
    CODE,
    REFERENCE,
    SUBMISSION,
    act,
    case,
    events,
    log,
    log_form,
    page_of,
)
from tests.helpers import csrf_token, login_as

SHOWN_ONCE = "The tracking code was shown once, when the complaint was logged"


def complaints(db) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(Complaint))


def form_page(client) -> dict[str, str]:
    """The form's page, as a browser holds it: its CSRF token and its one-time key."""
    html = client.get("/staff/cases/new").get_data(as_text=True)
    return {"csrf_token": csrf_token(html), "submission": SUBMISSION.search(html).group(1)}


# ---------------------------------------------------------------- logged, then shown once


@pytest.mark.parametrize("channel", [Channel.EMAIL, Channel.POST, Channel.PHONE])
def test_a_complaint_logged_by_staff_keeps_its_channel_and_goes_through_the_workflow(
    client, db, caseworker, channel
):
    login_as(client, caseworker)
    assert client.get("/staff/cases/new").status_code == 200
    response = log(client, channel=channel.value)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert response.request.path == "/staff/cases/logged"
    reference = REFERENCE.search(html).group(1)
    code = CODE.search(html).group(1)
    assert "It is shown only this once" in html
    logged = case(db, reference)
    assert logged.channel is channel
    assert logged.status is Status.RECEIVED
    assert codes.check_tracking_code(logged.tracking_code_hash, code)
    assert logged.complainant.email == "pat@example.com"
    [event] = events(db, "case.logged")
    assert (event.actor, event.details) == (
        f"user:{caseworker.id}",
        {"reference": reference, "channel": channel.value},
    )
    [submitted] = events(db, "complaint.submitted")
    assert submitted.actor == f"user:{caseworker.id}"

    html = page_of(client, reference)
    assert code not in html
    assert channel.label in html
    assert act(client, db, reference, "take").status_code == 302
    assert act(client, db, reference, "move", {"target": "in_triage"}).status_code == 302
    triage = {"in_remit": "yes", "priority": "standard", "concerns": ["no_notice"]}
    assert act(client, db, reference, "triage", triage).status_code == 302
    worked = case(db, reference)
    assert (worked.status, worked.assignee_id) == (Status.INVESTIGATING, caseworker.id)


def test_the_form_redirects_and_the_code_is_shown_once_then_never(client, db, caseworker):
    login_as(client, caseworker)
    response = log(client, follow_redirects=False)
    assert response.status_code == 302
    assert response.location == "/staff/cases/logged"
    assert "app-tracking-code" not in response.get_data(as_text=True)
    with client.session_transaction() as session:
        held = dict(session)
    reference = held[log_forms.JUST_LOGGED]["reference"]

    shown = client.get("/staff/cases/logged").get_data(as_text=True)
    code = CODE.search(shown).group(1)
    assert codes.check_tracking_code(case(db, reference).tracking_code_hash, code)
    assert SHOWN_ONCE not in shown
    assert code not in str(held)  # the session held the form's key, never the code

    for _reload in range(2):
        again = client.get("/staff/cases/logged")
        html = again.get_data(as_text=True)
        assert again.status_code == 200
        assert code not in html
        assert CODE.search(html) is None
        assert SHOWN_ONCE in html
        assert REFERENCE.search(html).group(1) == reference
    with client.session_transaction() as session:
        assert session[log_forms.JUST_LOGGED] == {"reference": reference, "key": None}
    assert complaints(db) == 1
    assert len(events(db, "case.logged")) == 1


def test_the_page_after_the_form_with_nothing_just_logged_goes_to_the_cases(client, db, caseworker):
    login_as(client, caseworker)
    response = client.get("/staff/cases/logged")
    assert response.status_code == 302
    assert response.location == "/staff/cases"


def test_another_caseworker_never_sees_the_code(client, app, db, caseworker, senior_caseworker):
    login_as(client, caseworker)
    log(client, follow_redirects=False)
    other = app.test_client()
    login_as(other, senior_caseworker)
    assert other.get("/staff/cases/logged").status_code == 302


# ---------------------------------------------------------------- the same form sent twice


def test_the_same_form_sent_twice_logs_one_complaint_and_shows_no_code_the_second_time(
    client, db, caseworker
):
    login_as(client, caseworker)
    page = form_page(client)
    first = client.post("/staff/cases/new", data={**page, **log_form()}, follow_redirects=True)
    code = CODE.search(first.get_data(as_text=True)).group(1)
    second = client.post("/staff/cases/new", data={**page, **log_form()})

    assert second.status_code == 302
    assert second.location == "/staff/cases/logged"
    html = client.get("/staff/cases/logged").get_data(as_text=True)
    assert code not in html
    assert SHOWN_ONCE in html
    assert complaints(db) == 1
    assert len(events(db, "case.logged")) == 1
    assert REFERENCE.search(html).group(1) == REFERENCE.search(first.get_data(as_text=True)).group(
        1
    )


def test_the_same_form_sent_twice_at_the_same_moment_logs_one_complaint(
    client, db, caseworker, monkeypatch
):
    """The second request looks for the form's complaint before the first has committed
    it (so finds none), logs it too, and is refused by the unique submission key."""
    login_as(client, caseworker)
    page = form_page(client)
    first = client.post("/staff/cases/new", data={**page, **log_form()})
    assert first.status_code == 302
    real = log_forms.logged_with
    looked: list[str] = []

    def not_yet_committed(key: str):
        looked.append(key)
        return None if len(looked) == 1 else real(key)

    monkeypatch.setattr(log_forms, "logged_with", not_yet_committed)
    second = client.post("/staff/cases/new", data={**page, **log_form()})

    assert len(looked) == 2  # looked, logged, refused, then looked again
    assert second.status_code == 302
    assert second.location == "/staff/cases/logged"
    assert complaints(db) == 1
    assert len(events(db, "case.logged")) == 1
    assert SHOWN_ONCE in client.get("/staff/cases/logged").get_data(as_text=True)


def test_every_new_form_has_a_key_of_its_own_and_only_its_hash_is_kept(client, db, caseworker):
    login_as(client, caseworker)
    keys = {form_page(client)["submission"] for _ in range(3)}
    assert len(keys) == 3
    html = log(client).get_data(as_text=True)
    reference = REFERENCE.search(html).group(1)
    stored = case(db, reference).submission_key
    assert len(stored) == 64
    assert stored not in html
    assert all(key not in stored for key in keys)


# ---------------------------------------------------------------- the date, as on the public side


def test_the_date_it_happened_is_a_gov_uk_date_input(client, db, caseworker):
    login_as(client, caseworker)
    html = client.get("/staff/cases/new").get_data(as_text=True)
    for part in ("day", "month", "year"):
        assert f'name="incident_date-{part}"' in html
    assert 'name="incident_date"' not in html

    response = log(
        client,
        **{"incident_date-day": "30", "incident_date-month": "11", "incident_date-year": "2026"},
    )
    reference = REFERENCE.search(response.get_data(as_text=True)).group(1)
    logged = case(db, reference)
    assert (logged.incident_date, logged.incident_date_approximate) == (date(2026, 11, 30), False)


def test_a_month_and_year_alone_log_an_approximate_date(client, db, caseworker):
    login_as(client, caseworker)
    response = log(client, **{"incident_date-day": "", "incident_date-month": "11"})
    reference = REFERENCE.search(response.get_data(as_text=True)).group(1)
    logged = case(db, reference)
    assert (logged.incident_date, logged.incident_date_approximate) == (date(2026, 11, 1), True)


@pytest.mark.parametrize(
    ("parts", "message"),
    [
        (("31", "11", "2026"), "Date it happened must be a real date"),
        (("", "", ""), "Enter the date it happened"),
        (("30", "", "2026"), "Date it happened must include a month"),
        (("30", "11", "26"), "Year must include 4 numbers"),
        (("30", "11", "2999"), "Date it happened must be today or in the past"),
    ],
)
def test_a_wrong_date_says_what_is_wrong_as_the_public_form_does_and_keeps_every_answer(
    client, db, caseworker, parts, message
):
    login_as(client, caseworker)
    page = form_page(client)
    day, month, year = parts
    answers = log_form(
        channel="phone",
        place="Penrith bus station",
        what_happened="A camera on a pole by the ticket office.",
        name="Sam Jones",
        email="sam@example.org",
        phone="01768 000000",
        **{"incident_date-day": day, "incident_date-month": month, "incident_date-year": year},
    )
    response = client.post("/staff/cases/new", data={**page, **answers})
    html = response.get_data(as_text=True)

    assert response.status_code == 400
    assert message in html
    assert 'href="#incident_date-' in html  # the error summary links to the date's input
    assert "Not a valid date value" not in html
    for kept in ("Penrith bus station", "A camera on a pole by the ticket office.", "Sam Jones"):
        assert kept in html
    assert 'value="sam@example.org"' in html
    assert 'value="01768 000000"' in html
    assert 'value="phone" checked' in html
    for part, value in zip(("day", "month", "year"), parts, strict=True):
        assert f'name="incident_date-{part}" type="text" value="{value}"' in html or not value
    assert SUBMISSION.search(html).group(1) == page["submission"]  # the same form still
    assert complaints(db) == 0


# ---------------------------------------------------------------- what must be given


def test_logging_a_complaint_says_what_is_missing(client, db, caseworker):
    login_as(client, caseworker)
    response = log(client, channel="web", place="", concerns=[])
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter where it happened" in html
    assert "Select at least one concern" in html
    # WTForms' "Not a valid choice" is said as what to do (oversight/forms.py).
    assert "Choose an option from the list" in html
    assert "Not a valid choice" not in html
    assert complaints(db) == 0


def test_an_anonymous_complaint_can_be_logged(client, db, caseworker):
    login_as(client, caseworker)
    response = log(client, channel="phone", name="", email="")
    assert response.status_code == 200
    reference = REFERENCE.search(response.get_data(as_text=True)).group(1)
    assert case(db, reference).complainant is None
