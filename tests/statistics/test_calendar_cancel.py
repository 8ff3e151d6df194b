"""Cancelling an announced release: with a recorded reason, before it is out, by a
statistician or a publisher; audited; shown as cancelled (when, why) on the public page,
in the feed and in the API; announced again, it shows its new day and keeps the
cancellation in its history. While cancelled, its first release is neither approved nor
published. The database keeps every cancellation as it was made."""

from __future__ import annotations

from datetime import timedelta
from xml.etree import ElementTree as ET

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.models import utcnow
from oversight.statistics import calendar, services
from oversight.statistics.calendar import CalendarProblem, publication_moment
from oversight.statistics.calendar_models import CalendarCancellation
from oversight.statistics.enums import ReleaseStatus
from tests.helpers import csrf_token, login_as, post_page
from tests.statistics.calendar_data import ended_quarter, working_day

REASON = "Two forces' records <for> the quarter cannot be checked in time."
ATOM = "{http://www.w3.org/2005/Atom}"


def audited(db, action: str) -> list[dict]:
    events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
    )
    return [event.details for event in events]


@pytest.fixture(name="entry")
def entry_fixture(db, statistician):
    entry = calendar.announce(ended_quarter(), working_day(20), statistician)
    db.session.commit()
    return entry


# The service ------------------------------------------------------------------------------


def test_a_statistician_cancels_an_announced_release_with_a_reason_and_it_is_audited(
    db, entry, statistician
):
    cancelled = calendar.cancel(entry, f"  {REASON}  ", statistician, version=entry.version)
    db.session.commit()
    assert (cancelled.reason, cancelled.release_date, cancelled.cancelled_by_id) == (
        REASON,
        entry.release_date,
        statistician.id,
    )
    assert utcnow() - cancelled.cancelled_at < timedelta(minutes=1)
    assert entry.cancellation == cancelled
    assert audited(db, "statistics.release_cancelled") == [
        {"period": entry.slug, "release_date": entry.release_date.isoformat(), "reason": REASON}
    ]


def test_a_publisher_may_cancel_too_but_a_caseworker_may_not(db, entry, publisher, caseworker):
    with pytest.raises(calendar.NotPermitted):
        calendar.cancel(entry, REASON, caseworker)
    calendar.cancel(entry, REASON, publisher)
    assert entry.cancellation is not None


@pytest.mark.parametrize(
    "reason, version, message",
    [
        ("  \x00 ", None, "Enter why the release is cancelled"),
        ("x" * 2001, None, "2000 characters or fewer"),
        (REASON, 0, "Someone else changed"),
    ],
)
def test_a_cancellation_needs_a_reason_and_the_page_as_it_is(
    db, entry, statistician, reason, version, message
):
    with pytest.raises(CalendarProblem, match=message):
        calendar.cancel(entry, reason, statistician, version=version)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CalendarCancellation)) == 0


def test_a_release_is_cancelled_once_and_never_once_published(db, entry, statistician, publisher):
    release = services.prepare(entry.period, statistician)
    services.approve(release, publisher, utcnow())
    services.publish_due(entry.publish_at)
    db.session.commit()
    with pytest.raises(CalendarProblem, match="has been published: it cannot be cancelled"):
        calendar.cancel(entry, REASON, statistician)
    other = calendar.announce(ended_quarter().comparison(), working_day(20), statistician)
    calendar.cancel(other, REASON, statistician)
    with pytest.raises(CalendarProblem, match="already cancelled"):
        calendar.cancel(other, "Again.", statistician)


def test_while_cancelled_a_first_release_is_not_approved_and_an_approved_one_goes_back(
    db, entry, statistician, publisher
):
    release = services.prepare(entry.period, statistician)
    services.approve(release, publisher, utcnow())
    db.session.commit()
    calendar.cancel(entry, REASON, publisher)
    db.session.commit()
    assert (release.status, release.publish_at, release.approved_by_id) == (
        ReleaseStatus.DRAFT,
        None,
        None,
    )
    assert audited(db, "statistics.approval_withdrawn") == [{"period": entry.slug, "revision": 1}]
    with pytest.raises(services.ReleaseProblem, match="is cancelled in the release calendar"):
        services.approve(release, publisher, utcnow())
    assert calendar.held_back(release, entry.publish_at + timedelta(days=400))
    assert services.publish_due(entry.publish_at + timedelta(days=400)) == []


def test_a_cancelled_release_is_announced_again_for_a_new_day_keeping_its_cancellation(
    db, entry, statistician, publisher
):
    first_day = entry.release_date
    calendar.cancel(entry, REASON, statistician)
    with pytest.raises(CalendarProblem, match="announce it again"):
        calendar.change_date(entry, working_day(40), "Late.", statistician)
    again = calendar.announce(entry.period, working_day(40), publisher)
    db.session.commit()
    assert again is entry
    assert (entry.release_date, entry.announcement, entry.cancellation) == (
        working_day(40),
        2,
        None,
    )
    assert [(c.release_date, c.reason) for c in entry.cancellations] == [(first_day, REASON)]
    assert audited(db, "statistics.release_announced")[-1] == {
        "period": entry.slug,
        "release_date": working_day(40).isoformat(),
    }
    release = services.prepare(entry.period, statistician)
    services.approve(release, publisher, utcnow())
    assert release.publish_at == publication_moment(working_day(40))
    # Announced again, it may be cancelled again.
    calendar.cancel(entry, "Still not checked.", statistician)
    assert [c.announcement for c in entry.cancellations] == [1, 2]


def test_a_cancelled_release_stays_upcoming_saying_so_until_its_day_has_gone(
    db, entry, statistician
):
    later = calendar.announce(ended_quarter().comparison(), working_day(30), statistician)
    calendar.cancel(entry, REASON, statistician)
    upcoming, past = calendar.listings()
    assert [(item.entry.slug, bool(item.cancellation), item.late) for item in upcoming] == [
        (entry.slug, True, False),
        (later.slug, False, False),
    ]
    assert past == []
    assert calendar.next_release() == later
    upcoming, past = calendar.listings(entry.publish_at + timedelta(hours=1))
    assert [item.entry.slug for item in past] == [entry.slug]


def test_the_database_keeps_every_cancellation_as_it_was_made(db, entry, statistician):
    cancelled = calendar.cancel(entry, REASON, statistician)
    db.session.commit()
    for sql in (
        "UPDATE release_calendar_cancellations SET reason = 'nothing' WHERE id = :id",
        "DELETE FROM release_calendar_cancellations WHERE id = :id",
    ):
        with pytest.raises(sa.exc.DBAPIError, match="never altered or removed"):
            db.session.execute(sa.text(sql), {"id": cancelled.id})
        db.session.rollback()


def test_the_database_refuses_a_cancellation_without_a_reason_or_not_as_announced(
    db, entry, statistician
):
    insert = sa.insert(CalendarCancellation).values(
        entry_id=entry.id,
        announcement=1,
        release_date=entry.release_date,
        cancelled_by_id=statistician.id,
        cancelled_at=utcnow(),
    )
    with pytest.raises(sa.exc.IntegrityError):
        db.session.execute(insert.values(reason="   "))
    db.session.rollback()
    with pytest.raises(sa.exc.DBAPIError, match="as announced now"):
        db.session.execute(insert.values(reason=REASON, announcement=2))
    db.session.rollback()
    with pytest.raises(sa.exc.DBAPIError, match="only once its announcement is cancelled"):
        db.session.execute(
            sa.text("UPDATE release_calendar SET announcement = 2 WHERE id = :id"),
            {"id": entry.id},
        )
    db.session.rollback()


# The pages, the feed and the API --------------------------------------------------------------


def test_a_statistician_cancels_a_release_on_the_staff_calendar(client, db, entry, statistician):
    login_as(client, statistician)
    listed = client.get("/staff/statistics/calendar").get_data(as_text=True)
    address = f"/staff/statistics/calendar/{entry.id}/cancel"
    assert f'href="{address}"' in listed
    shown = client.get(address).get_data(as_text=True)
    assert "Cancel the release of" in shown and "govuk-warning-text" in shown
    refused = post_page(client, address, {"version": str(entry.version), "reason": "  "})
    assert refused.status_code == 400
    assert "Enter why the release is cancelled" in refused.get_data(as_text=True)
    too_long = post_page(client, address, {"version": str(entry.version), "reason": "y" * 2001})
    assert too_long.status_code == 400
    assert "y" * 2001 in too_long.get_data(as_text=True)  # what was typed is kept
    answer = post_page(client, address, {"version": str(entry.version), "reason": REASON})
    assert answer.status_code == 302
    db.session.expire_all()
    assert entry.cancellation is not None and entry.cancellation.reason == REASON
    listed = client.get("/staff/statistics/calendar").get_data(as_text=True)
    assert "is cancelled" in listed  # the notification
    assert f"/staff/statistics/calendar/new?period={entry.period.code}" in listed
    again = client.get(address).get_data(as_text=True)
    assert 'id="already-cancelled"' in again


def test_a_cancellation_from_an_out_of_date_page_changes_nothing_and_keeps_the_reason(
    client, db, entry, statistician
):
    login_as(client, statistician)
    address = f"/staff/statistics/calendar/{entry.id}/cancel"
    opened = client.get(address).get_data(as_text=True)
    calendar.change_date(entry, working_day(30), "Late returns.", statistician)
    db.session.commit()
    answer = client.post(
        address, data={"csrf_token": csrf_token(opened), "version": "1", "reason": REASON}
    )
    assert answer.status_code == 409
    html = answer.get_data(as_text=True)
    assert "Someone else changed this release" in html
    assert "Two forces&#39; records &lt;for&gt; the quarter" in html
    db.session.expire_all()
    assert entry.cancellation is None


def test_a_cancellation_without_its_csrf_token_is_refused(client, db, entry, statistician):
    login_as(client, statistician)
    answer = client.post(
        f"/staff/statistics/calendar/{entry.id}/cancel",
        data={"version": str(entry.version), "reason": REASON},
    )
    assert answer.status_code == 400
    db.session.expire_all()
    assert entry.cancellation is None


def test_a_caseworker_cannot_open_the_cancel_page(client, db, entry, caseworker):
    login_as(client, caseworker)
    assert client.get(f"/staff/statistics/calendar/{entry.id}/cancel").status_code == 403


def test_the_public_calendar_the_feed_and_the_api_show_a_cancelled_release(
    client, db, entry, statistician
):
    cancelled = calendar.cancel(entry, REASON, statistician)
    db.session.commit()
    html = client.get("/statistics/calendar").get_data(as_text=True)
    row = html[html.index(f'id="{entry.slug}"') :]
    row = row[: row.index("</tr>")]
    assert "Cancelled" in row
    assert "Two forces&#39; records &lt;for&gt; the quarter cannot be checked in time." in row
    assert f"Cancelled on {cancelled.cancelled_at.day} " in row
    feed = ET.fromstring(client.get("/statistics/calendar/feed.atom").data)  # noqa: S314
    [item] = feed.findall(f"{ATOM}entry")
    assert item.find(f"{ATOM}title").text.endswith(", cancelled")
    assert REASON in item.find(f"{ATOM}summary").text
    assert item.find(f"{ATOM}updated").text == cancelled.cancelled_at.isoformat()
    [listed] = client.get("/api/v1/statistics/calendar").get_json()["upcoming"]
    assert listed["status"] == "cancelled"
    expected = {
        "cancelled_at": cancelled.cancelled_at.isoformat(),
        "release_date": entry.release_date.isoformat(),
        "reason": REASON,
    }
    assert listed["cancellation"] == expected
    assert listed["cancellations"] == [expected]


def test_announced_again_the_public_calendar_shows_its_new_day_and_the_cancellation(
    client, db, entry, statistician
):
    calendar.cancel(entry, REASON, statistician)
    calendar.announce(entry.period, working_day(40), statistician)
    db.session.commit()
    html = client.get("/statistics/calendar").get_data(as_text=True)
    row = html[html.index(f'id="{entry.slug}"') :]
    row = row[: row.index("</tr>")]
    assert "Cancelled on" in row and "Announced again on" in row
    assert working_day(40).strftime("%-d %B %Y") in row
    [listed] = client.get("/api/v1/statistics/calendar").get_json()["upcoming"]
    assert (listed["status"], listed["cancellation"]) == ("announced", None)
    assert [c["reason"] for c in listed["cancellations"]] == [REASON]


def test_the_release_page_of_a_cancelled_release_says_to_announce_it_again(
    client, db, entry, statistician, publisher
):
    release = services.prepare(entry.period, statistician)
    calendar.cancel(entry, REASON, statistician)
    db.session.commit()
    login_as(client, publisher)
    shown = client.get(f"/staff/statistics/{release.id}").get_data(as_text=True)
    notice = shown[shown.index('id="not-in-calendar"') :]
    assert "is cancelled in the release calendar: announce it again in the calendar first" in (
        notice
    )
    assert f'href="/staff/statistics/calendar/new?period={entry.period.code}"' in notice
    assert "Approve the release" not in shown
