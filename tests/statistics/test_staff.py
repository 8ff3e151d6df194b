"""The staff pages for statistics releases, up to a draft: who may use them, the list of
releases, and preparing a release for each kind of period, with the errors a person
sees (nothing they typed lost). What is done on a release's own page is
tests/statistics/test_staff_release.py's."""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.models import utcnow
from oversight.statistics import services
from oversight.statistics.enums import ReleaseStatus
from oversight.statistics.periods import quarter
from tests.helpers import login_as, post_page
from tests.statistics.calendar_data import approve
from tests.statistics.staff_pages import (
    LIST,
    NEW,
    act,
    draft_fixture,  # noqa: F401  (a fixture)
    page_of,
    pat_fixture,  # noqa: F401  (a fixture)
    published_fixture,  # noqa: F401  (a fixture)
    refreshed,
    releases,
    sam_fixture,  # noqa: F401  (a fixture)
    text,
)

# Who may use the pages ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("who", "status"),
    [("statistician", 200), ("publisher", 200), ("caseworker", 403), ("administrator", 403)],
)
def test_statisticians_and_publishers_see_the_releases_and_others_are_refused(
    client, db, request, who, status
):
    login_as(client, request.getfixturevalue(who))
    assert client.get(LIST).status_code == status


def test_signed_out_visitors_are_sent_to_sign_in(client, db, draft):
    for path in (LIST, NEW, page_of(draft)):
        response = client.get(path)
        assert response.status_code == 302
        assert urlsplit(response.location).path == "/staff/sign-in"


def test_a_publisher_cannot_prepare_or_recompute_and_a_statistician_cannot_approve(
    client, db, draft, publisher, statistician
):
    login_as(client, publisher)
    assert client.get(NEW).status_code == 403
    assert act(client, draft, "recompute", version="1").status_code == 403
    login_as(client, statistician)
    assert act(client, draft, "approve", version="1", when="now").status_code == 403
    assert act(client, draft, "withdraw-approval", version="1").status_code == 403
    assert refreshed(db, draft).status is ReleaseStatus.DRAFT


@pytest.mark.parametrize("who", ["statistician", "publisher"])
def test_the_staff_home_and_menu_lead_to_the_releases(client, db, request, who):
    login_as(client, request.getfixturevalue(who))
    home = client.get("/staff").get_data(as_text=True)
    assert home.count(f'href="{LIST}"') == 2
    assert "Statistics releases" in home


def test_caseworkers_are_not_shown_the_releases(client, db, caseworker):
    login_as(client, caseworker)
    assert f'href="{LIST}"' not in client.get("/staff").get_data(as_text=True)


# The list -------------------------------------------------------------------------------------


def test_the_list_shows_every_release_newest_first_with_its_status(client, db, published, sam, pat):
    later = services.prepare(quarter(2026, 3), sam)
    later.prepared_at = published.prepared_at + timedelta(hours=1)
    db.session.commit()
    login_as(client, pat)
    words = text(client.get(LIST))
    assert words.index("July to September 2026") < words.index("April to June 2026")
    assert "Draft" in words
    assert "Published" in words
    assert "by Sam Statistician" in words


def test_the_pages_publish_a_release_whose_time_has_come(client, db, draft, pat, monkeypatch):
    moment = approve(draft, pat, utcnow() + timedelta(days=1))
    db.session.commit()
    login_as(client, pat)
    assert "To be published" in text(client.get(LIST))
    monkeypatch.setattr(services, "utcnow", lambda: moment)  # its announced day comes
    words = text(client.get(LIST))
    assert "Published" in words
    assert refreshed(db, draft).status is ReleaseStatus.PUBLISHED
    [event] = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "statistics.published")
    )
    assert event.actor == "system"


# Preparing ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "slug", "label"),
    [
        (
            {"period_kind": "quarter", "quarter_year": "2026", "quarter": "2"},
            "2026-q2",
            "April to June 2026",
        ),
        ({"period_kind": "calendar_year", "calendar_year": "2025"}, "2025", "2025"),
        (
            {"period_kind": "financial_year", "financial_year": "2025"},
            "fy2025-26",
            "April 2025 to March 2026",
        ),
        (
            {
                "period_kind": "custom",
                "start-day": "5",
                "start-month": "1",
                "start-year": "2026",
                "end-day": "20",
                "end-month": "2",
                "end-year": "2026",
            },
            "2026-01-05-to-2026-02-20",
            "5 January 2026 to 20 February 2026",
        ),
    ],
)
def test_a_statistician_prepares_a_release_for_each_kind_of_period(
    client, db, sam, answers, slug, label
):
    login_as(client, sam)
    response = post_page(client, NEW, answers)
    assert response.status_code == 302
    [release] = releases(db)
    assert response.location == page_of(release)
    assert (release.slug, release.status, release.prepared_by_id) == (
        slug,
        ReleaseStatus.DRAFT,
        sam.id,
    )
    page = client.get(response.location)
    words = text(page)
    if release.period.standard:
        assert f"Release prepared for {label}. It is a draft." in words
    else:  # given dates: a staff analysis, which the page says is never published
        assert f"Release prepared for {label}, for staff analysis only" in words
        assert "it can never be approved, published or downloaded by the public" in words
    assert re.search(
        r'<h1 class="govuk-heading-l">\s*' + re.escape(label) + r"\s*</h1>",
        page.get_data(as_text=True),
    )
    assert "by Sam Statistician" in words


def test_the_prepare_page_offers_each_kind_of_period_with_its_own_fields(client, db, sam):
    login_as(client, sam)
    page = client.get(NEW).get_data(as_text=True)
    for kind in ("quarter", "calendar_year", "financial_year", "custom"):
        assert f'value="{kind}"' in page
    assert page.count('class="govuk-radios__conditional') == 4
    for name in (
        "quarter_year",
        "quarter",
        "calendar_year",
        "financial_year",
        "start-day",
        "end-year",
    ):
        assert f'name="{name}"' in page


@pytest.mark.parametrize(
    ("answers", "error", "kept"),
    [
        ({}, "Choose the kind of period the release covers", []),
        (
            {"period_kind": "quarter", "quarter_year": "20x6", "quarter": "3"},
            "The year of the quarter must be 4 numbers, like 2026",
            ['value="20x6"', '<option value="3" selected>'],
        ),
        (
            {"period_kind": "quarter", "quarter_year": "2026", "quarter": ""},
            "Choose the quarter",
            ['value="2026"'],
        ),
        ({"period_kind": "calendar_year", "calendar_year": ""}, "Enter the year", []),
        (
            {"period_kind": "financial_year", "financial_year": "1999"},
            "The year must be between 2000 and 2100",
            ['value="1999"'],
        ),
        (
            {
                "period_kind": "custom",
                "start-day": "5",
                "start-month": "",
                "start-year": "2026",
                "end-day": "20",
                "end-month": "2",
                "end-year": "2026",
            },
            "The start date must include a month",
            ['name="start-day" type="text" value="5"', 'name="end-day" type="text" value="20"'],
        ),
        (
            {
                "period_kind": "custom",
                "start-day": "20",
                "start-month": "2",
                "start-year": "2026",
                "end-day": "5",
                "end-month": "1",
                "end-year": "2026",
            },
            "The end date must be the same as or after the start date",
            ['value="20"', 'value="5"'],
        ),
        (
            {
                "period_kind": "custom",
                "start-day": "30",
                "start-month": "2",
                "start-year": "2026",
                "end-day": "5",
                "end-month": "3",
                "end-year": "2026",
            },
            "The start date must be a real date",
            ['value="30"'],
        ),
        (
            {
                "period_kind": "custom",
                "start-day": "9" * 20,
                "start-month": "1",
                "start-year": "2026",
                "end-day": "5",
                "end-month": "3",
                "end-year": "2026",
            },
            "The start date must be a real date",
            [f'value="{"9" * 20}"'],
        ),
    ],
)
def test_a_period_that_cannot_be_read_is_explained_and_nothing_typed_is_lost(
    client, db, sam, answers, error, kept
):
    login_as(client, sam)
    # What was typed for the other kinds of period stays too.
    other = "calendar_year" if answers.get("period_kind") == "financial_year" else "financial_year"
    answers = {**answers, other: "2031"}
    response = post_page(client, NEW, answers)
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "There is a problem" in page
    assert text(response).count(error) == 2  # in the summary and beside the field
    assert "<title>Error:" in page
    for typed in [*kept, 'value="2031"']:
        assert typed in page
    assert releases(db) == []


def test_a_second_release_for_a_period_being_prepared_is_refused_with_a_link_to_it(
    client, db, draft, sam
):
    login_as(client, sam)
    answers = {"period_kind": "quarter", "quarter_year": "2026", "quarter": "2"}
    response = post_page(client, NEW, answers)
    assert response.status_code == 400
    assert "There is already a release for April to June 2026 being prepared" in text(response)
    assert f'href="{page_of(draft)}"' in response.get_data(as_text=True)
    assert len(releases(db)) == 1


def test_a_published_period_is_corrected_by_a_revision_not_a_new_release(
    client, db, published, sam
):
    login_as(client, sam)
    answers = {"period_kind": "quarter", "quarter_year": "2026", "quarter": "2"}
    response = post_page(client, NEW, answers)
    assert response.status_code == 400
    assert (
        "April to June 2026 has already been published. To correct it, open its release "
        "and prepare a revision" in text(response)
    )
    assert len(releases(db)) == 1
