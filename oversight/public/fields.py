"""Form fields the WTForms widgets do not give us."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from wtforms import Field
from wtforms.utils import unset_value
from wtforms.validators import StopValidation

from oversight.models import utcnow
from oversight.workdays import local_date

PARTS = ("day", "month", "year")
EARLIEST_YEAR = 2000


class IncidentDateField(Field):
    """A GOV.UK date input whose day may be left blank for an approximate month.

    `data` is (date, approximate) once valid; the typed parts are kept in `parts`
    so that a page with errors shows exactly what was entered.
    """

    def process(self, formdata: Any, data: Any = unset_value, extra_filters: Any = None) -> None:
        self.process_errors: list[Any] = []
        self.parts = dict.fromkeys(PARTS, "")
        self.parts_in_error: set[str] = set()
        self.data: tuple[date, bool] | None = None
        if formdata is not None and any(f"{self.name}-{part}" in formdata for part in PARTS):
            self.parts = {
                part: formdata.get(f"{self.name}-{part}", "").strip()[:20] for part in PARTS
            }
            self.raw_data = list(self.parts.values())
        elif isinstance(data, dict):
            self.parts = {part: str(data.get(part, "")) for part in PARTS}

    def pre_validate(self, form: Any) -> None:
        day, month, year = (self.parts[part] for part in PARTS)
        if not (day or month or year):
            self._fail(_l("Enter the date it happened"), set(PARTS))
        if not month and not year:
            self._fail(_l("Date it happened must include a month and year"), {"month", "year"})
        if not month:
            self._fail(_l("Date it happened must include a month"), {"month"})
        if not year:
            self._fail(_l("Date it happened must include a year"), {"year"})
        for part, value in (("day", day), ("month", month), ("year", year)):
            # Not isdigit(): that passes characters like "²" that int() refuses.
            if value and not value.isdecimal():
                self._fail(_l("Date it happened must be a real date"), {part})
        if len(year) != 4:
            self._fail(_l("Year must include 4 numbers"), {"year"})
        if int(year) < EARLIEST_YEAR:
            self._fail(
                _l("Date it happened must be in %(year)s or later", year=EARLIEST_YEAR), {"year"}
            )
        approximate = not day
        try:
            when = date(int(year), int(month), int(day) if day else 1)
        except ValueError:
            wrong = {"month"} if not 1 <= int(month) <= 12 else {"day"}
            self._fail(_l("Date it happened must be a real date"), wrong)
        today = local_date(utcnow())
        if when > today:
            self._fail(_l("Date it happened must be today or in the past"), set(PARTS))
        self.data = (when, approximate)

    def _fail(self, message: Any, parts: set[str]) -> None:
        self.parts_in_error = parts
        raise StopValidation(str(message))

    @property
    def first_error_id(self) -> str:
        for part in PARTS:
            if part in self.parts_in_error:
                return f"{self.id}-{part}"
        return f"{self.id}-day"
