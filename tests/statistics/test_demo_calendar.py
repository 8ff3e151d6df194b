"""The demo's release calendar: the quarter after the demo release is announced, once,
for the first working day it may be published."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from oversight.demo import NotForProduction
from oversight.demo import statistics as statistics_demo
from oversight.models import utcnow
from oversight.statistics import calendar, periods
from oversight.statistics.calendar import CalendarEntry
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
    [entry] = db.session.scalars(sa.select(CalendarEntry)).all()
    assert f"Demo release calendar: {entry.period.label} announced for" in first.output
    assert entry.period.label in client.get("/statistics/calendar").get_data(as_text=True)
    second = runner.invoke(args=["seed-demo"])
    assert "Demo release calendar" not in second.output
    assert "already loaded" in second.output
