"""A statistics release's staff page and what is done on it: recomputing, approving in
UK time, the four-eyes rule on the page, withdrawing an approval, revising a published
release, and any of these sent from an out-of-date page."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.auth.models import Role
from oversight.models import utcnow
from oversight.statistics import services
from oversight.statistics.enums import ReleaseStatus
from tests.factories import make_complaint, make_user
from tests.helpers import csrf_token, login_as, post_page
from tests.statistics.calendar_data import approve
from tests.statistics.staff_pages import (
    IN_Q2,
    Q2,
    act,
    draft_fixture,  # noqa: F401  (a fixture)
    page_of,
    pat_fixture,  # noqa: F401  (a fixture)
    published_fixture,  # noqa: F401  (a fixture)
    refreshed,
    releases,
    revision_fixture,  # noqa: F401  (a fixture)
    sam_fixture,  # noqa: F401  (a fixture)
    text,
)

STALE = "Someone else changed this release while you had it open"


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


def test_a_publisher_approves_a_revision_to_be_published_at_once(client, db, revision, pat):
    login_as(client, pat)
    page = client.get(page_of(revision)).get_data(as_text=True)
    assert "Approve the release" in page
    assert "Recompute the figures" not in page
    response = act(client, revision, "approve", version="1", when="now")
    assert response.status_code == 302
    words = text(client.get(response.location))
    assert "Release approved and published." in words
    assert "by Pat Publisher" in words
    release = refreshed(db, revision)
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
def test_a_publication_time_is_read_in_uk_time(client, db, revision, pat, day, month, typed, utc):
    login_as(client, pat)
    response = act(
        client,
        revision,
        "approve",
        version="1",
        when="later",
        **{"publish_date-day": day, "publish_date-month": month, "publish_date-year": "2027"},
        publish_time=typed,
    )
    assert response.status_code == 302
    release = refreshed(db, revision)
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
    approve(draft, pat, utcnow() + timedelta(days=3))
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


def test_a_nul_character_typed_in_a_note_is_dropped_not_stored(client, db, published, sam):
    login_as(client, sam)
    note = "Late complaints\x00 now counted."
    url = f"{page_of(published)}/revise"
    response = post_page(client, url, {"version": str(published.version), "revision_note": note})
    assert response.status_code == 302
    assert releases(db)[1].revision_note == "Late complaints now counted."
