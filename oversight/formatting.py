"""How the register writes dates, times, numbers and rates, for pages, downloads and the
spreadsheet alike (templates reach these as the filters oversight/web/templating.py adds).

Dates and times are written as GOV.UK writes them, in UK time (Flask-Babel's
BABEL_DEFAULT_TIMEZONE): 14 June 2026; 14 June 2026, 09:30; 09:30. Numbers have
thousands separators (1,234); rates and percentages one decimal place, or as many as give
two significant figures (12.5, 83.3%, 0.48, 0.0012); a "1 in N" figure as forces write it
(1 in 33,000). A missing value is written as an empty string.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

from flask_babel import format_date, format_datetime, format_decimal, format_percent, get_locale
from flask_babel import gettext as _


def long_date(value: date | datetime | None) -> str:
    """14 June 2026."""
    return format_date(value, "d MMMM yyyy") if value else ""


def month_and_year(value: date | datetime) -> str:
    """June 2026."""
    return str(format_date(value, "MMMM yyyy"))


def month(value: date | datetime) -> str:
    """June."""
    return str(format_date(value, "MMMM"))


def day_or_month(value: date, approximate: bool) -> str:
    """14 June 2026, or for a date known only to the month: June 2026 (exact day not known)."""
    if approximate:
        return str(_("%(month)s (exact day not known)", month=month_and_year(value)))
    return long_date(value)


def iso_date(value: str | date) -> str:
    """A day saved as text (2026-07-01) or a date, as 1 July 2026."""
    return long_date(date.fromisoformat(value) if isinstance(value, str) else value)


def date_and_time(value: datetime | None) -> str:
    """14 June 2026, 09:30 (UK time)."""
    return format_datetime(value, "d MMMM yyyy, HH:mm") if value else ""


def date_at_time(value: datetime | None) -> str:
    """14 June 2026 at 09:30 (UK time)."""
    return format_datetime(value, _("d MMMM yyyy 'at' HH:mm")) if value else ""


def clock_time(value: time | datetime | None) -> str:
    """09:30, on the 24-hour clock (as given: a time of day has no time zone)."""
    return value.strftime("%H:%M") if value is not None else ""


def timestamp(value: datetime | None) -> str:
    """2026-06-14 08:30:00: a moment as stored (UTC), for logs that must be exact."""
    return value.strftime("%Y-%m-%d %H:%M:%S") if value is not None else ""


def count(value: Any) -> str:
    """1,234 (a whole number)."""
    return f"{int(value):,}" if value is not None and value != "" else ""


def decimal(value: float) -> str:
    """12.5 (a rate, or days, with one decimal place)."""
    return str(format_decimal(value, "#,##0.0"))


def whole(value: float) -> str:
    """1,234 (a count as the statistics tables print it, rounded to a whole number)."""
    return str(format_decimal(value, "#,##0"))


SIGNIFICANT_FIGURES = 2  # the fewest a rate or percentage is written with


def places(value: float, figures: int = SIGNIFICANT_FIGURES) -> int:
    """The decimal places that write `value` with at least `figures` significant figures,
    and never fewer than one: 1 for 12.5 or 1.2, 2 for 0.48 or 0.1 (0.10), 4 for 0.0012."""
    found = 1
    while value and abs(value) * 10**found < 10 ** (figures - 1) and found < 12:
        found += 1
    return found


def rate(value: float) -> str:
    """12.5; 0.48; 0.10; 1,234.5 (a rate, to at least two significant figures)."""
    return str(format_decimal(value, "#,##0." + "0" * places(value)))


def percent(value: float) -> str:
    """83.3% (from 83.3); 0.48% (from 0.48)."""
    return str(format_percent(value / 100, "#,##0." + "0" * places(value) + "%"))


def one_in(value: float) -> str:
    """1 in 33,000; 1 in 4.2: one in how many, as forces write a false alert rate."""
    pattern = "#,##0" if value >= 10 else "#,##0.0"
    return str(_("1 in %(number)s", number=format_decimal(value, pattern)))


WELSH_VOWELS = tuple("aeiouwyâêîôûŵŷAEIOUWYÂÊÎÔÛŴŶ")


def word_list(items: list[str]) -> str:
    """A, B and C in English (no comma before "and", as GOV.UK writes); A, B a C in
    Welsh, with "ac" before a vowel (where Babel's Welsh pattern hedges with "a(c)")."""
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    if str(get_locale() or "en").startswith("cy"):
        joiner = "ac" if items[-1].startswith(WELSH_VOWELS) else "a"
        return f"{', '.join(items[:-1])} {joiner} {items[-1]}"
    return str(_("%(items)s and %(last)s", items=", ".join(items[:-1]), last=items[-1]))
