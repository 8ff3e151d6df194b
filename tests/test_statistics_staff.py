"""The staff pages for statistics releases: who may use them, preparing a release for
each kind of period, the errors a person sees (with nothing they typed lost), approving
in UK time, the four-eyes rule on the page, and actions from an out-of-date page."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.auth.models import Role, User
from oversight.models import utcnow
from oversight.statistics import services
from oversight.statistics.enums import ReleaseStatus
from oversight.statistics.models import StatisticsRelease
from oversight.statistics.periods import quarter
from tests.factories import make_complaint, make_user
from tests.helpers import csrf_token, login_as, post_page

Q2 = quarter(2026, 2)
IN_Q2 = datetime(2026, 5, 12, 10, 0, tzinfo=UTC)
STALE = "Someone else changed this release while you had it open"
LIST = "/staff/statistics"
NEW = "/staff/statistics/new"


@pytest.fixture
def sam(db) -> User:
    """A statistician."""
    user = make_user({Role.STATISTICIAN}, email="sam@example.test", name="Sam Statistician")
    db.session.commit()
    return user


@pytest.fixture
def pat(db) -> User:
    """A publisher."""
    user = make_user({Role.PUBLISHER}, email="pat@example.test", name="Pat Publisher")
    db.session.commit()
    return user


@pytest.fixture
def draft(db, sam) -> StatisticsRelease:
    for n in range(6):
        make_complaint(received_at=IN_Q2 + timedelta(hours=n))
    release = services.prepare(Q2, sam)
    db.session.commit()
    return release


@pytest.fixture
def published(db, draft, pat) -> StatisticsRelease:
    services.approve(draft, pat, utcnow())
    services.publish_due()
    db.session.commit()
    return draft


def page_of(release: StatisticsRelease) -> str:
    return f"/staff/statistics/{release.id}"


def text(response: Any) -> str:
    """The page's words, without tags, spaces run together."""
    body = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return re.sub(r"\s+", " ", html.unescape(body))


def act(client: Any, release: StatisticsRelease, action: str, **data: Any) -> Any:
    """Send one of the release page's forms, with the page's CSRF token."""
    token = csrf_token(client.get(page_of(release)).get_data(as_text=True))
    return client.post(f"{page_of(release)}/{action}", data={"csrf_token": token, **data})


def refreshed(db: Any, release: StatisticsRelease) -> StatisticsRelease:
    db.session.expire_all()
    return db.session.get(StatisticsRelease, release.id)


def releases(db: Any) -> list[StatisticsRelease]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(StatisticsRelease).order_by(StatisticsRelease.id)))


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


def test_the_pages_publish_a_release_whose_time_has_come(client, db, draft, pat):
    services.approve(draft, pat, utcnow() + timedelta(days=1))
    db.session.commit()
    login_as(client, pat)
    assert "To be published" in text(client.get(LIST))
    # Its time comes.
    db.session.execute(
        sa.update(StatisticsRelease)
        .where(StatisticsRelease.id == draft.id)
        .values(publish_at=utcnow() - timedelta(minutes=1))
    )
    db.session.commit()
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
    assert f"Release prepared for {label}. It is a draft." in words
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


# The release page -----------------------------------------------------------------------------


def test_the_release_page_shows_its_facts_and_its_tables(client, db, draft, sam):
    login_as(client, sam)
    response = client.get(page_of(draft))
    page = response.get_data(as_text=True)
    words = text(response)
    assert "Statistics release, revision 1" in words
    assert "Draft" in words
    assert "1 April 2026 to 30 June 2026, written 2026-Q2" in words
    assert "by Sam Statistician" in words
    assert "Not yet approved" in words
    for table in draft.content["tables"]:
        assert f"Table {table['number']}: {table['title']}" in words
    assert 'id="table-complaints_by_force"' in page
    assert "South Wales Police" in words
    assert "Recompute the figures" in words
    assert "Approve the release" not in words


def test_an_unknown_release_is_not_found(client, db, sam):
    login_as(client, sam)
    assert client.get("/staff/statistics/999").status_code == 404


def test_recomputing_on_the_page_says_whether_the_figures_changed(client, db, draft, sam):
    login_as(client, sam)
    response = act(client, draft, "recompute", version="1")
    assert response.status_code == 302
    assert "Nothing has changed" in text(client.get(response.location))
    make_complaint(received_at=IN_Q2)
    db.session.commit()
    response = act(client, draft, "recompute", version="2")
    assert "They have changed" in text(client.get(response.location))
    assert refreshed(db, draft).version == 3


def test_an_action_from_an_out_of_date_page_is_refused_and_changes_nothing(client, db, draft, sam):
    login_as(client, sam)
    services.recompute(draft, sam)
    db.session.commit()
    response = act(client, draft, "recompute", version="1")
    assert response.status_code == 409
    assert STALE in text(response)
    release = refreshed(db, draft)
    assert release.version == 2
    # The page now carries the version it shows, so the next try is checked against it.
    assert 'name="version" value="2"' in response.get_data(as_text=True)


def test_a_publisher_approves_a_release_to_be_published_at_once(client, db, draft, pat):
    login_as(client, pat)
    page = client.get(page_of(draft)).get_data(as_text=True)
    assert "Approve the release" in page
    assert "Recompute the figures" not in page
    response = act(client, draft, "approve", version="1", when="now")
    assert response.status_code == 302
    words = text(client.get(response.location))
    assert "Release approved and published." in words
    assert "by Pat Publisher" in words
    release = refreshed(db, draft)
    assert release.status is ReleaseStatus.PUBLISHED
    assert release.approved_by_id == pat.id
    assert release.published_at == release.approved_at


@pytest.mark.parametrize(
    ("day", "month", "typed", "utc"),
    [
        # British Summer Time: an hour ahead of UTC.
        ("1", "7", "09:30", datetime(2027, 7, 1, 8, 30, tzinfo=UTC)),
        # Greenwich Mean Time: the same as UTC.
        ("15", "1", "9.30", datetime(2027, 1, 15, 9, 30, tzinfo=UTC)),
    ],
)
def test_a_publication_time_is_read_in_uk_time(client, db, draft, pat, day, month, typed, utc):
    login_as(client, pat)
    response = act(
        client,
        draft,
        "approve",
        version="1",
        when="later",
        **{"publish_date-day": day, "publish_date-month": month, "publish_date-year": "2027"},
        publish_time=typed,
    )
    assert response.status_code == 302
    release = refreshed(db, draft)
    assert release.status is ReleaseStatus.APPROVED
    assert release.publish_at == utc
    words = text(client.get(response.location))
    shown = "1 July 2027 at 09:30" if month == "7" else "15 January 2027 at 09:30"
    assert f"Release approved. It will be published on {shown} (UK time)." in words
    assert "Withdraw the approval" in words


@pytest.mark.parametrize(
    ("date_parts", "typed", "error"),
    [
        (("1", "7", "2027"), "", "Enter the publication time, like 09:30"),
        (("1", "7", "2027"), "25:00", "Enter the time on the 24-hour clock, like 09:30 or 16:00"),
        (("31", "6", "2027"), "09:30", "The publication date must be a real date"),
        (("", "", ""), "09:30", "Enter the publication date"),
        (
            ("1", "1", "2020"),
            "09:30",
            "The publication date and time must be in the future, or choose Now",
        ),
    ],
)
def test_an_approval_time_that_cannot_be_read_is_explained_and_kept(
    client, db, draft, pat, date_parts, typed, error
):
    login_as(client, pat)
    day, month, year = date_parts
    response = act(
        client,
        draft,
        "approve",
        version="1",
        when="later",
        **{"publish_date-day": day, "publish_date-month": month, "publish_date-year": year},
        publish_time=typed,
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert text(response).count(error) == 2
    assert 'value="later" checked' in page
    if typed:
        assert f'value="{typed}"' in page
    if year:
        assert f'name="publish_date-year" type="text" value="{year}"' in page
    assert refreshed(db, draft).status is ReleaseStatus.DRAFT


def test_whoever_prepared_a_release_cannot_approve_it_on_the_page(client, db):
    both = make_user({Role.STATISTICIAN, Role.PUBLISHER}, email="both@example.test")
    release = services.prepare(Q2, both)
    db.session.commit()
    login_as(client, both)
    page = client.get(page_of(release)).get_data(as_text=True)
    assert "You prepared this release, so another publisher must approve it." in page
    assert "Approve the release" not in page
    response = act(client, release, "approve", version="1", when="now")
    assert response.status_code == 400
    assert "You prepared this release, so someone else must approve it" in text(response)
    assert refreshed(db, release).status is ReleaseStatus.DRAFT
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).where(AuditEvent.action == "statistics.approved")
        )
        == 0
    )


def test_an_approval_from_an_out_of_date_page_is_refused_and_keeps_what_was_typed(
    client, db, draft, pat, sam
):
    login_as(client, pat)
    token = csrf_token(client.get(page_of(draft)).get_data(as_text=True))
    services.recompute(draft, sam)  # meanwhile, the figures are computed again
    db.session.commit()
    response = client.post(
        f"{page_of(draft)}/approve",
        data={
            "csrf_token": token,
            "version": "1",
            "when": "later",
            "publish_date-day": "1",
            "publish_date-month": "7",
            "publish_date-year": "2027",
            "publish_time": "09:30",
        },
    )
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert STALE in text(response)
    assert 'value="later" checked' in page
    assert 'value="09:30"' in page
    assert 'name="version" type="hidden" value="2"' in page
    assert refreshed(db, draft).status is ReleaseStatus.DRAFT


def test_a_publisher_withdraws_an_approval_before_publication(client, db, draft, pat):
    services.approve(draft, pat, utcnow() + timedelta(days=3))
    db.session.commit()
    login_as(client, pat)
    response = act(client, draft, "withdraw-approval", version="2")
    assert response.status_code == 302
    assert "Approval withdrawn" in text(client.get(response.location))
    release = refreshed(db, draft)
    assert (release.status, release.publish_at) == (ReleaseStatus.DRAFT, None)


def test_a_published_release_offers_no_change_but_a_revision(client, db, published, sam, pat):
    login_as(client, pat)
    words = text(client.get(page_of(published)))
    assert "can no longer change" in words
    for action in ("Approve the release", "Recompute the figures", "Withdraw the approval"):
        assert action not in words
    assert "Prepare a revision" not in words  # a statistician's
    login_as(client, sam)
    page = client.get(page_of(published)).get_data(as_text=True)
    assert f'href="{page_of(published)}/revise"' in page
    response = act(client, published, "recompute", version=str(published.version))
    assert response.status_code == 400
    assert "Only a draft can be recomputed" in text(response)


# Revisions ------------------------------------------------------------------------------------


def test_a_statistician_prepares_a_revision_with_a_note(client, db, published, sam):
    login_as(client, sam)
    url = f"{page_of(published)}/revise"
    response = post_page(client, url, {"version": str(published.version), "revision_note": ""})
    assert response.status_code == 400
    assert text(response).count("Enter what the revision changes and why") == 2
    note = "Complaints logged late are now counted."
    response = post_page(client, url, {"version": str(published.version), "revision_note": note})
    assert response.status_code == 302
    first, revision = releases(db)
    assert response.location == page_of(revision)
    assert (revision.revision, revision.status, revision.revision_note) == (
        2,
        ReleaseStatus.DRAFT,
        note,
    )
    assert first.status is ReleaseStatus.PUBLISHED
    words = text(client.get(response.location))
    assert "Revision 2 prepared for April to June 2026" in words
    assert note in words
    # The published release now points to its revision, and offers no second one.
    words = text(client.get(page_of(first)))
    assert "A later revision of this release exists: revision 2" in words
    assert "Prepare a revision" not in words


def test_a_revision_from_an_out_of_date_page_is_refused_and_keeps_the_note(
    client, db, published, sam
):
    login_as(client, sam)
    url = f"{page_of(published)}/revise"
    response = post_page(client, url, {"version": "1", "revision_note": "Late complaints."})
    assert response.status_code == 409
    assert STALE in text(response)
    assert "Late complaints." in response.get_data(as_text=True)
    assert len(releases(db)) == 1


def test_only_a_published_release_can_be_revised(client, db, draft, sam):
    login_as(client, sam)
    response = client.get(f"{page_of(draft)}/revise")
    assert response.status_code == 302
    assert response.location == page_of(draft)
    assert "Only a published release can be revised" in text(client.get(response.location))
