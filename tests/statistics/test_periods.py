"""Periods: how they are written and read, what they are called, the year before, and
which moments fall in them on the clocks of England and Wales."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from itertools import pairwise

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oversight.statistics.enums import PeriodKind
from oversight.statistics.periods import (
    InvalidPeriod,
    Period,
    calendar_year,
    custom,
    financial_year,
    parse_period,
    quarter,
)
from oversight.workdays import LONDON

FAST = settings(max_examples=200, deadline=None)
Q, CY, FY, CUSTOM = (
    PeriodKind.QUARTER,
    PeriodKind.CALENDAR_YEAR,
    PeriodKind.FINANCIAL_YEAR,
    PeriodKind.CUSTOM,
)
HOW_TO_WRITE = (
    "Write the period as a quarter like 2026-Q3, a year like 2026, a financial year like "
    "FY2025-26, or dates like 2026-01-05..2026-02-20"
)


@pytest.fixture
def request_context(app):
    with app.test_request_context():
        yield


# Reading ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "kind", "start", "end"),
    [
        ("2026-Q3", Q, date(2026, 7, 1), date(2026, 9, 30)),
        ("2026q3", Q, date(2026, 7, 1), date(2026, 9, 30)),
        (" 2026-q3 ", Q, date(2026, 7, 1), date(2026, 9, 30)),
        ("2026-Q1", Q, date(2026, 1, 1), date(2026, 3, 31)),
        ("2024-Q1", Q, date(2024, 1, 1), date(2024, 3, 31)),
        ("2026-Q2", Q, date(2026, 4, 1), date(2026, 6, 30)),
        ("2026-Q4", Q, date(2026, 10, 1), date(2026, 12, 31)),
        ("2026", CY, date(2026, 1, 1), date(2026, 12, 31)),
        ("FY2025-26", FY, date(2025, 4, 1), date(2026, 3, 31)),
        ("FY2025/26", FY, date(2025, 4, 1), date(2026, 3, 31)),
        ("fy2025-2026", FY, date(2025, 4, 1), date(2026, 3, 31)),
        ("FY 2025-26", FY, date(2025, 4, 1), date(2026, 3, 31)),
        ("FY2099-00", FY, date(2099, 4, 1), date(2100, 3, 31)),
        ("2026-01-05..2026-02-20", CUSTOM, date(2026, 1, 5), date(2026, 2, 20)),
        ("2026-01-05 to 2026-02-20", CUSTOM, date(2026, 1, 5), date(2026, 2, 20)),
        ("2026-01-05/2026-02-20", CUSTOM, date(2026, 1, 5), date(2026, 2, 20)),
        ("2026-01-05-to-2026-02-20", CUSTOM, date(2026, 1, 5), date(2026, 2, 20)),
        ("2026-03-01..2026-03-01", CUSTOM, date(2026, 3, 1), date(2026, 3, 1)),
        ("2020-01-01..2024-12-31", CUSTOM, date(2020, 1, 1), date(2024, 12, 31)),
        ("2024-02-29..2029-02-28", CUSTOM, date(2024, 2, 29), date(2029, 2, 28)),
    ],
)
def test_every_way_of_writing_a_period_is_read(written, kind, start, end):
    assert parse_period(written) == Period(kind, start, end)


@pytest.mark.parametrize(
    ("written", "message"),
    [
        ("FY2025-27", "A financial year runs from one year into the next, like FY2025-26"),
        ("FY2025-25", "A financial year runs from one year into the next, like FY2025-26"),
        ("2026-Q5", HOW_TO_WRITE),
        ("2026-Q0", HOW_TO_WRITE),
        ("2026-02-31..2026-03-05", "The dates must be real dates, like 2026-01-05"),
        ("2025-02-29..2025-03-05", "The dates must be real dates, like 2026-01-05"),
        ("2026-03-05..2026-13-01", "The dates must be real dates, like 2026-01-05"),
        (
            "2026-03-05..2026-02-01",
            "The end date must be the same as or after the start date",
        ),
        ("1999", "The year must be between 2000 and 2100"),
        ("2101-Q1", "The year must be between 2000 and 2100"),
        ("FY1999-00", "The year must be between 2000 and 2100"),
        ("1999-12-01..2000-01-31", "The year must be between 2000 and 2100"),
        ("2100-12-01..2101-01-31", "The year must be between 2000 and 2100"),
        ("2020-01-01..2025-01-01", "A period can be at most 5 years long"),
        ("2024-02-29..2029-03-01", "A period can be at most 5 years long"),
        ("", HOW_TO_WRITE),
        ("next quarter", HOW_TO_WRITE),
        ("Q3 2026", HOW_TO_WRITE),
        ("2026-13", HOW_TO_WRITE),
        ("26", HOW_TO_WRITE),
        ("20260105..20260220", HOW_TO_WRITE),
        ("2026-01-05..", HOW_TO_WRITE),
        ("2026-Q3; DROP TABLE releases", HOW_TO_WRITE),
    ],
)
def test_a_period_the_register_cannot_read_is_refused_saying_how_to_write_it(
    request_context, written, message
):
    with pytest.raises(InvalidPeriod) as refused:
        parse_period(written)
    assert str(refused.value) == message


# Names --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "label"),
    [
        ("2026-Q3", "July to September 2026"),
        ("2026-Q1", "January to March 2026"),
        ("2026-Q4", "October to December 2026"),
        ("2026", "2026"),
        ("FY2025-26", "April 2025 to March 2026"),
        ("2026-01-05..2026-02-20", "5 January 2026 to 20 February 2026"),
        ("2025-12-20..2026-01-05", "20 December 2025 to 5 January 2026"),
        ("2026-03-01..2026-03-01", "1 March 2026"),
        ("2026-03-01..2026-03-02", "1 March 2026 to 2 March 2026"),
    ],
)
def test_a_period_is_called_as_a_reader_would_say_it(request_context, written, label):
    assert parse_period(written).label == label


@pytest.mark.parametrize(
    ("written", "code", "slug"),
    [
        ("2026q3", "2026-Q3", "2026-q3"),
        ("2026", "2026", "2026"),
        ("FY2025/26", "FY2025-26", "fy2025-26"),
        ("FY2099-2100", "FY2099-00", "fy2099-00"),
        ("2026-01-05 to 2026-02-20", "2026-01-05..2026-02-20", "2026-01-05-to-2026-02-20"),
    ],
)
def test_a_period_has_one_code_and_one_slug_however_it_was_written(written, code, slug):
    period = parse_period(written)
    assert (period.code, period.slug) == (code, slug)


@st.composite
def periods(draw: st.DrawFn) -> Period:
    year = draw(st.integers(2000, 2099))
    kind = draw(st.sampled_from(list(PeriodKind)))
    if kind is Q:
        return quarter(year, draw(st.integers(1, 4)))
    if kind is CY:
        return calendar_year(year)
    if kind is FY:
        return financial_year(year)
    start = draw(st.dates(date(2000, 1, 1), date(2095, 12, 31)))
    return custom(start, start + timedelta(days=draw(st.integers(0, 5 * 365))))


@FAST
@given(periods())
def test_a_period_reads_back_from_its_code_and_from_its_slug(period):
    assert parse_period(period.code) == period
    assert parse_period(period.slug) == period
    assert len(period.slug) <= 40  # the width of the release's slug column


# The year before ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("written", "before"),
    [
        ("2026-Q3", "2025-Q3"),
        ("2024-Q1", "2023-Q1"),
        ("2025-Q1", "2024-Q1"),
        ("2026", "2025"),
        ("FY2025-26", "FY2024-25"),
        ("FY2024-25", "FY2023-24"),
        ("2026-01-05..2026-02-20", "2025-01-05..2025-02-20"),
        # February 2024 ends on the 29th; February 2023 on the 28th, and back again.
        ("2024-02-01..2024-02-29", "2023-02-01..2023-02-28"),
        ("2025-02-01..2025-02-28", "2024-02-01..2024-02-29"),
        # 29 February has no day a year before: a period starting on it starts on 1 March.
        ("2024-02-29..2024-03-10", "2023-03-01..2023-03-10"),
        ("2024-02-29..2024-02-29", "2023-03-01..2023-03-01"),
        ("2024-02-28..2024-02-29", "2023-02-28..2023-02-28"),
    ],
)
def test_the_year_before_is_the_same_days_a_year_earlier(written, before):
    assert parse_period(written).year_before() == parse_period(before)


@FAST
@given(periods())
def test_the_year_before_is_the_same_kind_of_period_and_never_ends_before_it_starts(period):
    before = period.year_before()
    assert before.kind is period.kind
    assert before.start <= before.end
    assert abs(before.days - period.days) <= 1
    year, number = period.start.year, (period.start.month - 1) // 3 + 1
    same_kind_earlier = {
        Q: lambda: quarter(year - 1, number),
        CY: lambda: calendar_year(year - 1),
        FY: lambda: financial_year(year - 1),
    }
    if period.kind in same_kind_earlier:
        assert before == same_kind_earlier[period.kind]()


# Which moments fall in a period ---------------------------------------------------------


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def within(period: Period, moment: datetime) -> bool:
    start, end = period.bounds()
    return start <= moment < end


def test_a_summer_quarter_runs_from_midnight_british_summer_time():
    assert parse_period("2026-Q3").bounds() == (utc(2026, 6, 30, 23), utc(2026, 9, 30, 23))


def test_a_complaint_at_half_past_eleven_utc_on_30_september_falls_in_the_fourth_quarter():
    # 23:30 UTC on 30 September 2026 is 00:30 British Summer Time on 1 October.
    moment = utc(2026, 9, 30, 23, 30)
    assert not within(parse_period("2026-Q3"), moment)
    assert within(parse_period("2026-Q4"), moment)


def test_a_complaint_at_half_past_eleven_utc_on_30_june_falls_in_the_third_quarter():
    moment = utc(2026, 6, 30, 23, 30)
    assert not within(parse_period("2026-Q2"), moment)
    assert within(parse_period("2026-Q3"), moment)


def test_a_winter_boundary_is_midnight_utc():
    assert parse_period("2026-Q4").bounds() == (utc(2026, 9, 30, 23), utc(2027, 1, 1))
    assert parse_period("2026").bounds() == (utc(2026, 1, 1), utc(2027, 1, 1))
    # The clocks went forward on 29 March 2026, so the first quarter ends an hour early.
    assert parse_period("2026-Q1").bounds() == (utc(2026, 1, 1), utc(2026, 3, 31, 23))
    assert within(parse_period("2026-Q4"), utc(2026, 12, 31, 23, 59))


def test_a_custom_period_includes_the_whole_of_its_last_day():
    period = parse_period("2026-10-20..2026-10-25")  # the clocks go back on 25 October
    assert period.bounds() == (utc(2026, 10, 19, 23), utc(2026, 10, 26))
    assert period.days == 6


def test_a_year_of_quarters_leaves_no_moment_out_and_counts_none_twice():
    quarters = [quarter(2026, n) for n in (1, 2, 3, 4)]
    for earlier, later in pairwise(quarters):
        assert earlier.bounds()[1] == later.bounds()[0]
    assert quarters[0].bounds()[0] == calendar_year(2026).bounds()[0]
    assert quarters[-1].bounds()[1] == calendar_year(2026).bounds()[1]
    assert sum(q.days for q in quarters) == 365


@FAST
@given(
    st.datetimes(datetime(2024, 1, 1), datetime(2028, 1, 1), timezones=st.just(UTC)),
    st.integers(2024, 2027),
    st.integers(1, 4),
)
def test_a_moment_is_in_a_quarter_when_its_date_in_london_is(moment, year, number):
    period = quarter(year, number)
    assert within(period, moment) == (
        period.start <= moment.astimezone(LONDON).date() <= period.end
    )
