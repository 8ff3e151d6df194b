"""The period a release covers, and the same period a year before.

A period is written `2026-Q3` (July to September 2026), `2026` (a calendar year),
`FY2025-26` (April 2025 to March 2026) or `2026-01-05..2026-02-20` (given dates, both
included; a slug such as `2026-01-05-to-2026-02-20` reads back too). Quarters are calendar
quarters. Days are days in England and Wales.

Only standard periods (quarters, calendar and financial years) are ever published, and only
once they have ended and a lag for late records has passed (STATISTICS_LAG_DAYS, see
`publishable_from`): two published periods that differ by a few days would give away the
counts of those days by subtraction. Given dates are for staff's own analysis only.

The comparison column (`comparison`) never overlaps the period: it is the same days a year
before, unless the period is longer than a year (given dates only), when it is the period
of the same length that ends the day before the period starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask import current_app
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from oversight import formatting
from oversight.statistics.content import PeriodJson
from oversight.statistics.enums import PeriodKind
from oversight.workdays import LONDON

QUARTER_MONTHS = {1: (1, 3), 2: (4, 6), 3: (7, 9), 4: (10, 12)}
EARLIEST_YEAR = 2000
LATEST_YEAR = 2100
MOST_YEARS = 5  # the longest custom period
STANDARD_KINDS = frozenset(
    {PeriodKind.QUARTER, PeriodKind.CALENDAR_YEAR, PeriodKind.FINANCIAL_YEAR}
)


class InvalidPeriod(ValueError):
    """A period the register cannot read; the message says how to write one."""


@dataclass(frozen=True)
class Period:
    kind: PeriodKind
    start: date
    end: date  # included

    @property
    def code(self) -> str:
        """How the period is written on the command line and in addresses."""
        if self.kind is PeriodKind.QUARTER:
            return f"{self.start.year}-Q{(self.start.month - 1) // 3 + 1}"
        if self.kind is PeriodKind.CALENDAR_YEAR:
            return str(self.start.year)
        if self.kind is PeriodKind.FINANCIAL_YEAR:
            return f"FY{self.start.year}-{(self.start.year + 1) % 100:02d}"
        return f"{self.start.isoformat()}..{self.end.isoformat()}"

    @property
    def slug(self) -> str:
        return self.code.lower().replace("..", "-to-")

    @property
    def label(self) -> str:
        """July to September 2026; 2026; April 2025 to March 2026; 5 January 2026 to 20
        February 2026 (given dates in full, as the release page writes every period's dates);
        a single day is just that day."""
        if self.kind is PeriodKind.CALENDAR_YEAR:
            return str(self.start.year)
        if self.kind in (PeriodKind.QUARTER, PeriodKind.FINANCIAL_YEAR):
            if self.start.year == self.end.year:
                first = formatting.month(self.start)
            else:
                first = formatting.month_and_year(self.start)
            return str(
                _("%(first)s to %(last)s", first=first, last=formatting.month_and_year(self.end))
            )
        last = formatting.long_date(self.end)
        if self.start == self.end:
            return last
        return str(_("%(first)s to %(last)s", first=formatting.long_date(self.start), last=last))

    def as_json(self) -> PeriodJson:
        """The period as releases, downloads and the API write it."""
        return {
            "kind": self.kind.value,
            "code": self.code,
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
            "label": self.label,
        }

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def bounds(self) -> tuple[datetime, datetime]:
        """The period as UTC moments: from its first local midnight to the one after it."""
        return local_midnight(self.start), local_midnight(self.end + timedelta(days=1))

    def year_before(self) -> Period:
        """The same days a year earlier. The end is found from the day after it, so a
        period ending on 29 February ends on 28 February; a period of 29 February alone,
        which a year earlier would start after it ends, becomes 1 March."""
        start = _years_later(self.start, -1)
        end = _years_later(self.end + timedelta(1), -1) - timedelta(1)
        return Period(self.kind, start, max(start, end))

    @property
    def standard(self) -> bool:
        """A quarter, calendar year or financial year: the only periods ever published."""
        return self.kind in STANDARD_KINDS

    def comparison(self) -> Period:
        """The period its figures are set beside, which never overlaps it: the same days a
        year before; for given dates longer than a year (which a year before would overlap),
        the period of the same length ending the day before it starts."""
        before = self.year_before()
        if before.end < self.start:
            return before
        end = self.start - timedelta(days=1)
        return Period(PeriodKind.CUSTOM, end - timedelta(days=self.days - 1), end)

    def publishable_from(self, lag_days: int) -> date:
        """The first day a release for the period may be published: once it has ended and
        `lag_days` more have passed, so records made late are in it."""
        return self.end + timedelta(days=1 + lag_days)


def lag_days() -> int:
    """Days after a period ends before its release may be published (STATISTICS_LAG_DAYS),
    so records made late are in it."""
    return int(current_app.config["STATISTICS_LAG_DAYS"])


def _years_later(day: date, years: int) -> date:
    """The same day some years later (or earlier); 29 February becomes 1 March."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return date(day.year + years, 3, 1)


def not_ended(period: Period, today: date) -> str | None:
    """Why a release cannot be prepared for the period on `today`, or None if it can: a
    period that has not ended yet (or has not begun) has no statistics to give."""
    if period.end < today:
        return None
    return str(
        _l(
            "%(period)s has not ended yet: a release can be prepared from %(day)s, the day "
            "after it ends",
            period=period.label,
            day=formatting.long_date(period.end + timedelta(days=1)),
        )
    )


def not_publishable(period: Period, day: date, lag_days: int) -> str | None:
    """Why a release for the period cannot be published on `day`, or None if it can."""
    if not period.standard:
        return str(
            _l(
                "A release for given dates is for staff analysis only and can never be "
                "published: prepare one for a quarter, a calendar year or a financial year"
            )
        )
    first = period.publishable_from(lag_days)
    if day < first:
        return str(
            _l(
                "%(period)s can be published from %(day)s, %(lag)s days after it ends, so "
                "that records made late are counted: choose that day or later",
                period=period.label,
                day=formatting.long_date(first),
                lag=lag_days,
            )
        )
    return None


def last_publishable_quarter(today: date, lag_days: int) -> Period:
    """The latest calendar quarter whose release may be published on `today`."""
    found = last_complete_quarter(today)
    while found.publishable_from(lag_days) > today:
        found = last_complete_quarter(found.start)
    return found


def local_midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=LONDON).astimezone(UTC)


def quarter(year: int, number: int) -> Period:
    first, last = QUARTER_MONTHS[number]
    end = date(year + (last == 12), last % 12 + 1, 1) - timedelta(days=1)
    return Period(PeriodKind.QUARTER, date(year, first, 1), end)


def last_complete_quarter(today: date) -> Period:
    """The calendar quarter that ended most recently before today."""
    first_of_this_quarter = date(today.year, (today.month - 1) // 3 * 3 + 1, 1)
    last_day = first_of_this_quarter - timedelta(days=1)
    return quarter(last_day.year, (last_day.month - 1) // 3 + 1)


def calendar_year(year: int) -> Period:
    return Period(PeriodKind.CALENDAR_YEAR, date(year, 1, 1), date(year, 12, 31))


def financial_year(year: int) -> Period:
    """The financial year starting in April of `year`."""
    return Period(PeriodKind.FINANCIAL_YEAR, date(year, 4, 1), date(year + 1, 3, 31))


def custom(start: date, end: date) -> Period:
    if end < start:
        raise InvalidPeriod(str(_l("The end date must be the same as or after the start date")))
    if end >= _years_later(start, MOST_YEARS):
        raise InvalidPeriod(
            str(_l("A period can be at most %(years)s years long", years=MOST_YEARS))
        )
    return Period(PeriodKind.CUSTOM, start, end)


def _year(text: str) -> int:
    year = int(text)
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise InvalidPeriod(
            str(
                _l(
                    "The year must be between %(first)s and %(last)s",
                    first=EARLIEST_YEAR,
                    last=LATEST_YEAR,
                )
            )
        )
    return year


def parse_period(text: str) -> Period:
    """Read a period as written on the command line (see the module's docstring)."""
    written = text.strip().upper()
    if match := re.fullmatch(r"(\d{4})-?Q([1-4])", written):
        return quarter(_year(match[1]), int(match[2]))
    if match := re.fullmatch(r"(\d{4})", written):
        return calendar_year(_year(match[1]))
    if match := re.fullmatch(r"FY ?(\d{4})[-/](\d{2}|\d{4})", written):
        year = _year(match[1])
        if int(match[2]) % 100 != (year + 1) % 100:
            raise InvalidPeriod(
                str(_l("A financial year runs from one year into the next, like FY2025-26"))
            )
        return financial_year(year)
    if match := re.fullmatch(
        r"(\d{4}-\d{2}-\d{2})(?:\.\.|/| TO |-TO-)(\d{4}-\d{2}-\d{2})", written
    ):
        try:
            start, end = date.fromisoformat(match[1]), date.fromisoformat(match[2])
        except ValueError:
            raise InvalidPeriod(str(_l("The dates must be real dates, like 2026-01-05"))) from None
        _year(str(start.year)), _year(str(end.year))
        return custom(start, end)
    raise InvalidPeriod(
        str(
            _l(
                "Write the period as a quarter like 2026-Q3, a year like 2026, a financial "
                "year like FY2025-26, or dates like 2026-01-05..2026-02-20"
            )
        )
    )
