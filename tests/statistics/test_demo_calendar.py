"""The demo's release calendar: the demo release is in it, announced before its day and
published on it, and the quarter after it is announced, once, for the first working day
it may be published."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.demo import NotForProduction
from oversight.demo import statistics as statistics_demo
from oversight.models import utcnow
from oversight.statistics import calendar, periods
from oversight.statistics.calendar import CalendarEntry, publication_moment
from oversight.statistics.enums import ReleaseStatus
from oversight.statistics.periods import last_publishable_quarter, parse_period
from oversight.workdays import is_working_day, local_date


@pytest.mark.parametrize(
    "code, following",
    [("2026-Q1", "2026-Q2"), ("2026-Q3", "2026-Q4"), ("2026-Q4", "2027-Q1")],
)
def test_the_next_quarter_follows_on_across_a_year_end(code, following):
    assert statistics_demo.next_quarter(parse_period(code)) == parse_period(following)


def test_the_demo_announces_the_next_quarter_for_its_first_working_day_after_the_lag(app, db):
    entry = statistics_demo.seed_calendar(app.config)
    db.session.commit()
    assert entry is not None
    today = local_date(utcnow())
    published = last_publishable_quarter(today, periods.lag_days())
    assert entry.period == statistics_demo.next_quarter(published)
    first = max(
        entry.period.publishable_from(periods.lag_days()), date.fromordinal(today.toordinal() + 1)
    )
    assert entry.release_date >= first and is_working_day(entry.release_date)
    assert all(
        not is_working_day(date.fromordinal(d))
        for d in range(first.toordinal(), entry.release_date.toordinal())
    )
    assert calendar.next_release() == entry


def test_seeding_the_demo_calendar_again_adds_nothing(app, db):
    statistics_demo.seed_calendar(app.config)
    db.session.commit()
    assert statistics_demo.seed_calendar(app.config) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CalendarEntry)) == 1


def test_the_demo_calendar_is_refused_in_production(app, db, monkeypatch):
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    with pytest.raises(NotForProduction):
        statistics_demo.seed_calendar(app.config)


def test_seed_demo_says_what_it_announced_and_the_calendar_page_shows_it(runner, client, db):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    published = last_publishable_quarter(local_date(utcnow()), periods.lag_days())
    entry = calendar.entry_for(statistics_demo.next_quarter(published).slug)
    assert f"Demo release calendar: {entry.period.label} announced for" in first.output
    html = client.get("/statistics/calendar").get_data(as_text=True)
    upcoming = html[html.index('id="upcoming-releases"') : html.index('id="past"')]
    past = html[html.index('id="past-releases"') :]
    assert entry.period.label in upcoming
    # The demo release is in the calendar too, under the releases published.
    assert f'href="/statistics/{published.slug}"' in past
    second = runner.invoke(args=["seed-demo"])
    assert "Demo release calendar" not in second.output
    assert "already loaded" in second.output
    slugs = db.session.scalars(sa.select(CalendarEntry.slug).order_by(CalendarEntry.id)).all()
    assert slugs == [published.slug, entry.slug]


def test_the_demo_release_was_announced_before_its_day_and_published_on_it(app, db):
    now = utcnow()
    release = statistics_demo.seed_statistics(app.config)
    db.session.commit()
    entry = calendar.entry_for(release.slug)
    assert entry is not None
    assert entry.announced_at < entry.publish_at <= now
    assert is_working_day(entry.release_date)
    assert entry.release_date >= release.period.publishable_from(periods.lag_days())
    assert release.status is ReleaseStatus.PUBLISHED
    assert release.published_at == entry.publish_at
    assert release.approved_at < release.published_at
    assert release.approved_by_id != release.prepared_by_id
    # The last such day: no working day after it has yet come to its 09:30.
    later = entry.release_date.toordinal() + 1
    assert all(
        not is_working_day(date.fromordinal(d)) or publication_moment(date.fromordinal(d)) > now
        for d in range(later, local_date(now).toordinal() + 1)
    )
    _upcoming, past = calendar.listings()
    assert [listing.entry.slug for listing in past] == [release.slug]
    announced = db.session.scalars(
        sa.select(AuditEvent.details).where(AuditEvent.action == "statistics.release_announced")
    ).all()
    assert announced == [{"period": release.slug, "release_date": entry.release_date.isoformat()}]
    assert statistics_demo.seed_statistics(app.config) is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CalendarEntry)) == 1
