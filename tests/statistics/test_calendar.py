"""The release calendar's rules, in the services and in the database: a standard period's
release is announced for a working day after it ends; its day changes only with a reason,
and every change is kept and audited; a release in the calendar is published at 09:30 UK
time on its day and at no other moment, whatever the publisher asked for."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.models import utcnow
from oversight.statistics import calendar, periods, services
from oversight.statistics.calendar import CalendarChange, CalendarProblem, publication_moment
from oversight.statistics.enums import ReleaseStatus
from oversight.statistics.periods import last_complete_quarter, parse_period
from tests.statistics.calendar_data import (
    ended_quarter,
    entry_in_the_past,
    weekend_day,
    working_day,
)


def audited(db, action: str) -> list[dict]:
    events = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action))
    return [event.details for event in events]


def test_the_publication_moment_is_half_past_nine_on_uk_clocks_in_winter_and_summer():
    assert publication_moment(date(2027, 1, 14)) == datetime(2027, 1, 14, 9, 30, tzinfo=UTC)
    # British Summer Time: 09:30 in London is 08:30 UTC.
    assert publication_moment(date(2027, 7, 15)) == datetime(2027, 7, 15, 8, 30, tzinfo=UTC)


def test_a_statistician_announces_a_release_and_it_is_audited(db, statistician):
    period, day = ended_quarter(), working_day(20)
    entry = calendar.announce(period, day, statistician)
    db.session.commit()
    assert (entry.slug, entry.release_date, entry.announced_by_id) == (
        period.slug,
        day,
        statistician.id,
    )
    assert entry.publish_at == publication_moment(day)
    assert audited(db, "statistics.release_announced") == [
        {"period": period.slug, "release_date": day.isoformat()}
    ]


def test_a_publisher_may_announce_too_but_a_caseworker_may_not(db, publisher, caseworker):
    calendar.announce(ended_quarter(), working_day(20), publisher)
    with pytest.raises(calendar.NotPermitted):
        calendar.announce(parse_period("2025"), working_day(20), caseworker)


@pytest.mark.parametrize(
    "what, day, message",
    [
        ("given dates", None, "Only a quarter, a calendar year or a financial year"),
        ("a weekend", "weekend", "must be a working day"),
        ("today", "today", "must be in the future"),
        ("before the period ends", "inside", "records made late are waited for"),
        ("within the lag for late records", "lag", "records made late are waited for"),
    ],
)
def test_an_announcement_is_refused_with_a_reason(db, statistician, what, day, message):
    period = ended_quarter()
    if what == "given dates":
        period = parse_period(f"{period.start.isoformat()}..{period.end.isoformat()}")
    if what.startswith("within the lag"):  # the quarter going on now
        period = last_complete_quarter(calendar.today() + timedelta(days=92))
    chosen = {
        None: working_day(20),
        "weekend": weekend_day(20),
        "today": calendar.today(),
        "inside": period.end,
        "lag": period.end + timedelta(days=periods.lag_days() - 5),
    }[day]
    with pytest.raises(CalendarProblem, match=message):
        calendar.announce(period, chosen, statistician)


def test_a_period_is_announced_once(db, statistician):
    period = ended_quarter()
    calendar.announce(period, working_day(20), statistician)
    with pytest.raises(CalendarProblem, match="already in the calendar"):
        calendar.announce(period, working_day(30), statistician)


def test_a_change_of_date_keeps_who_when_the_old_and_new_day_and_why(db, statistician, publisher):
    first, second = working_day(20), working_day(40)
    entry = calendar.announce(ended_quarter(), first, statistician)
    db.session.commit()
    change = calendar.change_date(
        entry, second, "  Two forces' returns are late.  ", publisher, version=entry.version
    )
    db.session.commit()
    assert (change.changed_by_id, change.old_date, change.new_date, change.reason) == (
        publisher.id,
        first,
        second,
        "Two forces' returns are late.",
    )
    assert utcnow() - change.changed_at < timedelta(minutes=1)
    assert entry.release_date == second
    assert [c.id for c in entry.changes] == [change.id]
    assert audited(db, "statistics.release_date_changed") == [
        {
            "period": entry.slug,
            "old_date": first.isoformat(),
            "new_date": second.isoformat(),
            "reason": "Two forces' returns are late.",
        }
    ]


@pytest.mark.parametrize(
    "reason, same_day, message",
    [
        ("   ", False, "Enter why the release date is changing"),
        ("Late returns.", True, "the date already announced"),
    ],
)
def test_a_change_needs_a_reason_and_a_new_day(db, statistician, reason, same_day, message):
    entry = calendar.announce(ended_quarter(), working_day(20), statistician)
    day = entry.release_date if same_day else working_day(40)
    with pytest.raises(CalendarProblem, match=message):
        calendar.change_date(entry, day, reason, statistician)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CalendarChange)) == 0


def test_a_change_from_an_out_of_date_page_is_refused(db, statistician):
    entry = calendar.announce(ended_quarter(), working_day(20), statistician)
    calendar.change_date(entry, working_day(30), "Late returns.", statistician)
    with pytest.raises(CalendarProblem, match="Someone else changed"):
        calendar.change_date(entry, working_day(40), "Again.", statistician, version=1)


def test_the_database_moves_a_day_only_beside_its_recorded_change(db, statistician):
    entry = calendar.announce(ended_quarter(), working_day(20), statistician)
    db.session.commit()
    moved = working_day(40).isoformat()
    with pytest.raises(sa.exc.DBAPIError, match="only with a recorded change"):
        db.session.execute(
            sa.text("UPDATE release_calendar SET release_date = :day WHERE id = :id"),
            {"day": moved, "id": entry.id},
        )
    db.session.rollback()
    change = calendar.change_date(entry, working_day(40), "Late returns.", statistician)
    db.session.commit()
    for sql in (
        "UPDATE release_calendar_changes SET reason = 'nothing' WHERE id = :id",
        "DELETE FROM release_calendar_changes WHERE id = :id",
    ):
        with pytest.raises(sa.exc.DBAPIError, match="never altered or removed"):
            db.session.execute(sa.text(sql), {"id": change.id})
        db.session.rollback()


def _approved(db, statistician, publisher, period, asked: datetime):
    release = services.prepare(period, statistician)
    services.approve(release, publisher, asked)
    db.session.commit()
    return release


def test_a_release_in_the_calendar_is_published_at_half_past_nine_on_its_day_only(
    db, statistician, publisher
):
    period, day = ended_quarter(), working_day(20)
    calendar.announce(period, day, statistician)
    # The publisher asks for now; the calendar's moment stands.
    release = _approved(db, statistician, publisher, period, utcnow())
    moment = publication_moment(day)
    assert release.publish_at == moment
    assert services.publish_due(moment - timedelta(seconds=1)) == []
    assert release.status is ReleaseStatus.APPROVED
    assert services.publish_due(moment) == [release]
    db.session.commit()
    assert (release.status, release.published_at) == (ReleaseStatus.PUBLISHED, moment)


def test_moving_the_day_moves_an_approved_release_with_it(db, statistician, publisher):
    period, first, second = ended_quarter(), working_day(20), working_day(40)
    entry = calendar.announce(period, first, statistician)
    release = _approved(db, statistician, publisher, period, utcnow())
    calendar.change_date(entry, second, "Late returns.", publisher, version=entry.version)
    db.session.commit()
    assert release.publish_at == publication_moment(second)
    assert services.publish_due(publication_moment(first) + timedelta(hours=1)) == []
    assert services.publish_due(publication_moment(second)) == [release]


def test_publishing_holds_back_a_release_the_calendar_says_is_not_due(db, statistician, publisher):
    """Even with its publication time set earlier past the services, it waits for 09:30."""
    period, day = ended_quarter(), working_day(20)
    calendar.announce(period, day, statistician)
    release = _approved(db, statistician, publisher, period, utcnow())
    db.session.execute(
        sa.update(type(release)).where(type(release).id == release.id).values(publish_at=utcnow())
    )
    db.session.commit()
    assert services.publish_due(utcnow() + timedelta(minutes=1)) == []
    assert services.publish_due(publication_moment(day)) == [release]


def test_a_release_whose_announced_day_has_passed_is_not_approved_until_the_day_changes(
    db, statistician, publisher
):
    entry = entry_in_the_past(statistician)
    release = services.prepare(entry.period, statistician)
    with pytest.raises(services.ReleaseProblem, match="has passed"):
        services.approve(release, publisher, utcnow())
    assert release.status is ReleaseStatus.DRAFT


def test_a_period_not_in_the_calendar_and_a_revision_keep_the_time_the_publisher_sets(
    db, statistician, publisher
):
    period, day = ended_quarter(), working_day(20)
    calendar.announce(period, day, statistician)
    first = _approved(db, statistician, publisher, period, utcnow())
    services.publish_due(publication_moment(day))
    db.session.commit()
    revision = services.prepare(period, statistician, revision_note="Recounted.")
    asked = utcnow() + timedelta(hours=2)
    services.approve(revision, publisher, asked)
    assert revision.publish_at == asked
    assert first.status is ReleaseStatus.PUBLISHED


def test_a_published_release_keeps_its_date(db, statistician, publisher):
    period, day = ended_quarter(), working_day(20)
    entry = calendar.announce(period, day, statistician)
    _approved(db, statistician, publisher, period, utcnow())
    services.publish_due(publication_moment(day))
    db.session.commit()
    with pytest.raises(CalendarProblem, match="has been published"):
        calendar.change_date(entry, working_day(40), "Too late.", statistician)
    with pytest.raises(CalendarProblem, match="already in the calendar"):
        calendar.announce(period, working_day(40), statistician)


def test_the_calendar_lists_upcoming_soonest_first_and_past_newest_first(
    db, statistician, publisher
):
    period = ended_quarter()
    later = parse_period(f"FY{period.start.year - 1}-{period.start.year % 100:02d}")
    soon, far = working_day(20), working_day(60)
    calendar.announce(later, far, statistician)
    calendar.announce(period, soon, statistician)
    late = entry_in_the_past(statistician)
    upcoming, past = calendar.listings()
    assert [listing.entry.slug for listing in upcoming] == [late.slug, period.slug, later.slug]
    assert [listing.late for listing in upcoming] == [True, False, False]
    assert past == []
    assert calendar.next_release().slug == period.slug
    _approved(db, statistician, publisher, period, utcnow())
    services.publish_due(publication_moment(soon))
    upcoming, past = calendar.listings(publication_moment(soon))
    assert [listing.entry.slug for listing in past] == [period.slug]
    assert past[0].published_at == publication_moment(soon)
    assert calendar.next_release(publication_moment(soon)).slug == later.slug


# A period's first release is published only as the calendar announces it ----------------


def test_a_first_release_not_in_the_calendar_is_not_approved(db, statistician, publisher):
    release = services.prepare(ended_quarter(), statistician)
    with pytest.raises(services.ReleaseProblem) as refused:
        services.approve(release, publisher, utcnow())
    assert refused.value.field == "publish_at"
    assert str(refused.value) == (
        f"{release.period.label} is not in the release calendar: announce its release in "
        "the calendar first, then approve it"
    )
    assert release.status is ReleaseStatus.DRAFT
    assert audited(db, "statistics.approved") == []


def test_publishing_never_publishes_a_first_release_that_is_not_in_the_calendar(
    db, statistician, publisher
):
    """Even one approved while it was, taken out of the calendar past the services."""
    period, day = ended_quarter(), working_day(20)
    entry = calendar.announce(period, day, statistician)
    release = _approved(db, statistician, publisher, period, utcnow())
    db.session.execute(sa.delete(type(entry)).where(type(entry).id == entry.id))
    db.session.commit()
    assert calendar.held_back(release, publication_moment(day))
    assert services.publish_due(publication_moment(day) + timedelta(days=400)) == []
    assert release.status is ReleaseStatus.APPROVED


def test_a_revision_needs_no_calendar_entry(db, statistician, publisher):
    """Corrections are published when approved (the revisions policy)."""
    period, day = ended_quarter(), working_day(20)
    entry = calendar.announce(period, day, statistician)
    _approved(db, statistician, publisher, period, utcnow())
    services.publish_due(publication_moment(day))
    db.session.execute(sa.delete(type(entry)).where(type(entry).id == entry.id))
    db.session.commit()
    revision = services.prepare(period, statistician, revision_note="Recounted.")
    assert calendar.unannounced(revision) is None
    services.approve(revision, publisher, utcnow())
    assert services.publish_due(publication_moment(day) + timedelta(seconds=1)) == [revision]
