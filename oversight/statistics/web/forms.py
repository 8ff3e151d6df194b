"""Staff forms for statistics releases: the period to prepare, approval, and a revision.

The forms read what was typed into plain values (a `Period`, a publication moment in
UTC) for the views to hand to the services. Every field keeps exactly what was typed,
so a page sent back with an error loses nothing. Each action on a release carries the
version the page showed, so one taken from an out-of-date page is refused.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from wtforms import IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, StopValidation
from wtforms.widgets import HiddenInput

from oversight.forms import PARTS, DatePartsField, Form, TypedText
from oversight.models import utcnow
from oversight.statistics import periods
from oversight.statistics.enums import PeriodKind
from oversight.statistics.periods import EARLIEST_YEAR, LATEST_YEAR, InvalidPeriod, Period
from oversight.workdays import LONDON, local_date

NOTE_MAX = 2000
# A publication time typed for the minute now is not "in the past".
LEEWAY = timedelta(minutes=1)
QUARTERS = [
    ("1", _l("January to March (Q1)")),
    ("2", _l("April to June (Q2)")),
    ("3", _l("July to September (Q3)")),
    ("4", _l("October to December (Q4)")),
]


class DateParts(DatePartsField):
    """A GOV.UK date input (day, month, year). It keeps the parts as typed, and is read
    only when the form needs it (`read`), so a hidden conditional field never errs."""

    def __init__(
        self, label: object = None, name_in_errors: object = None, **kwargs: object
    ) -> None:
        super().__init__(label, **kwargs)
        self.name_in_errors = name_in_errors or label

    def read(self) -> date | None:
        """The date typed, or None with the error on the field and its parts marked."""
        try:
            typed = self._typed()
        except StopValidation as wrong:
            self.errors = [str(wrong)]
            return None
        self.data = typed
        return typed

    def _typed(self) -> date:
        what = self.name_in_errors
        day, month, year = (self.parts[part] for part in PARTS)
        missing = [part for part in PARTS if not self.parts[part]]
        if len(missing) == len(PARTS):
            self._fail(_l("Enter the %(what)s", what=what), set(PARTS))
        if missing:
            words = {"day": _l("a day"), "month": _l("a month"), "year": _l("a year")}
            self._fail(
                _l(
                    "The %(what)s must include %(parts)s",
                    what=what,
                    parts=_l(" and ").join(str(words[part]) for part in missing),
                ),
                set(missing),
            )
        wrong = {part for part in PARTS if not self.parts[part].isdecimal()}
        if wrong:
            self._fail(_l("The %(what)s must be a real date", what=what), wrong)
        if len(year) != 4:
            self._fail(_l("The year must include 4 numbers"), {"year"})
        try:
            typed = date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            self._fail(
                _l("The %(what)s must be a real date", what=what),
                {"month"} if not 1 <= int(month) <= 12 else {"day"},
            )
        if not EARLIEST_YEAR <= typed.year <= LATEST_YEAR:
            self._fail(
                _l(
                    "The year must be between %(first)s and %(last)s",
                    first=EARLIEST_YEAR,
                    last=LATEST_YEAR,
                ),
                {"year"},
            )
        return typed


def _year(field: TypedText, what: object) -> int | None:
    typed = field.data or ""
    if not typed:
        field.errors = [*field.errors, str(_l("Enter the %(what)s", what=what))]
        return None
    if not (typed.isdecimal() and len(typed) == 4):
        field.errors = [
            *field.errors,
            str(_l("The %(what)s must be 4 numbers, like 2026", what=what)),
        ]
        return None
    if not EARLIEST_YEAR <= int(typed) <= LATEST_YEAR:
        field.errors = [
            *field.errors,
            str(
                _l(
                    "The year must be between %(first)s and %(last)s",
                    first=EARLIEST_YEAR,
                    last=LATEST_YEAR,
                )
            ),
        ]
        return None
    return int(typed)


class PrepareForm(Form):
    """Which period a new release covers: one kind of period, then only its fields. A
    period that has not ended is refused at the field it was typed in (the service
    refuses it too)."""

    period_kind = RadioField(
        _l("Which period does the release cover?"),
        choices=[(kind.value, kind.label) for kind in PeriodKind],
        validators=[InputRequired(_l("Choose the kind of period the release covers"))],
    )
    quarter_year = StringField(_l("Year"))
    quarter = SelectField(
        _l("Quarter"), choices=[("", _l("Choose a quarter")), *QUARTERS], validate_choice=False
    )
    calendar_year = StringField(_l("Year"))
    financial_year = StringField(
        _l("Year it starts"),
        description=_l("For example, 2025 for April 2025 to March 2026"),
    )
    start = DateParts(_l("Start date"), _l("start date"), description=_l("For example, 5 1 2026"))
    end = DateParts(_l("End date"), _l("end date"), description=_l("For example, 20 2 2026"))

    def validate(self, extra_validators: object = None) -> bool:
        """Check the kind of period, then the fields of that kind only."""
        self.period: Period | None = None
        # The radios accept only their own choices, so a valid form names a kind.
        if not super().validate(extra_validators):
            return False
        kind = PeriodKind(self.period_kind.data)
        if kind is PeriodKind.QUARTER:
            year = _year(self.quarter_year, _l("year of the quarter"))
            if self.quarter.data not in {"1", "2", "3", "4"}:
                self.quarter.errors = [str(_l("Choose the quarter"))]
            elif year is not None:
                self.period = periods.quarter(year, int(self.quarter.data))
        elif kind is PeriodKind.CALENDAR_YEAR:
            year = _year(self.calendar_year, _l("year"))
            if year is not None:
                self.period = periods.calendar_year(year)
        elif kind is PeriodKind.FINANCIAL_YEAR:
            year = _year(self.financial_year, _l("year the financial year starts"))
            if year is not None:
                self.period = periods.financial_year(year)
        else:
            self.period = self._custom()
        if self.period is not None:
            unfinished = periods.not_ended(self.period, local_date(utcnow()))
            if unfinished:
                self._show_unfinished(kind, unfinished)
                self.period = None
        return self.period is not None

    def _show_unfinished(self, kind: PeriodKind, message: str) -> None:
        """Put the message at the field that says where the period ends."""
        if kind is PeriodKind.QUARTER:
            self.quarter_year.errors = [message]
        elif kind is PeriodKind.CALENDAR_YEAR:
            self.calendar_year.errors = [message]
        elif kind is PeriodKind.FINANCIAL_YEAR:
            self.financial_year.errors = [message]
        else:
            self.end.parts_in_error = set(PARTS)
            self.end.errors = [message]

    def _custom(self) -> Period | None:
        start, end = self.start.read(), self.end.read()
        if start is None or end is None:
            return None
        try:
            return periods.custom(start, end)
        except InvalidPeriod as problem:
            self.end.parts_in_error = set(PARTS)
            self.end.errors = [str(problem)]
            return None

    def show_period_problem(self, message: str) -> None:
        """A problem with the period as a whole (such as a release already begun for it)."""
        self.period_kind.errors = [*self.period_kind.errors, message]


class VersionForm(Form):
    """An action on a release that needs nothing but the version the page showed."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class ApproveForm(VersionForm):
    """When the approved release is published: now, or at a date and time in UK time.
    Neither is chosen until the publisher chooses."""

    when = RadioField(
        _l("When should it be published?"),
        choices=[
            ("now", _l("Now, as soon as it is approved")),
            ("later", _l("At a date and time")),
        ],
        # No answer chosen beforehand: publishing at once is a choice the publisher makes.
        validators=[InputRequired(_l("Select when the release should be published"))],
    )
    publish_date = DateParts(
        _l("Date"), _l("publication date"), description=_l("For example, 27 3 2027")
    )
    publish_time = StringField(
        _l("Time"),
        description=_l("UK time on the 24-hour clock, for example 09:30"),
    )

    def validate(self, extra_validators: object = None) -> bool:
        self.publish_at: datetime | None = None
        if not super().validate(extra_validators):
            return False
        now = datetime.now(UTC)
        if self.when.data == "now":
            self.publish_at = now
            return True
        day = self.publish_date.read()
        clock = self._time()
        if day is None or clock is None:
            return False
        moment = uk_time_to_utc(day, clock)
        if moment < now - LEEWAY:
            self.publish_date.parts_in_error = set(PARTS)
            self.publish_date.errors = [
                str(_l("The publication date and time must be in the future, or choose Now"))
            ]
            return False
        self.publish_at = moment
        return True

    def _time(self) -> time | None:
        typed = (self.publish_time.data or "").replace(".", ":")
        if not typed:
            self.publish_time.errors = [str(_l("Enter the publication time, like 09:30"))]
            return None
        hours, _sep, minutes = typed.partition(":")
        if not (
            hours.isdecimal()
            and minutes.isdecimal()
            and len(minutes) == 2
            and 0 <= int(hours) <= 23
            and 0 <= int(minutes) <= 59
        ):
            self.publish_time.errors = [
                str(_l("Enter the time on the 24-hour clock, like 09:30 or 16:00"))
            ]
            return None
        return time(int(hours), int(minutes))


def uk_time_to_utc(day: date, clock: time) -> datetime:
    """A date and time on a clock in the UK, as a moment in UTC (British Summer Time or not)."""
    return datetime.combine(day, clock, tzinfo=LONDON).astimezone(UTC)


class RevisionForm(VersionForm):
    """A revision of a published release: what it changes and why."""

    revision_note = TextAreaField(
        _l("What does the revision change, and why?"),
        description=_l(
            "This is published with the revision. For example, 12 complaints received in "
            "the period were logged late and are now counted"
        ),
        validators=[
            DataRequired(_l("Enter what the revision changes and why")),
            Length(
                max=NOTE_MAX,
                message=_l("The note must be %(max)s characters or fewer", max=NOTE_MAX),
            ),
        ],
    )
