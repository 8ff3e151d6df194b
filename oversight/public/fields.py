"""The public forms' own fields and validators: the incident date (a day may be left
blank), a choice that must be one of those offered, a limit on length that says what to
do, line breaks counted as a character count counts them, and the character count's own
words in the page's language."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from wtforms.validators import InputRequired, Length, StopValidation

from oversight import formatting
from oversight.forms import PARTS, DatePartsField
from oversight.models import utcnow
from oversight.workdays import local_date

EARLIEST_YEAR = 2000


class IncidentDateField(DatePartsField):
    """A GOV.UK date input whose day may be left blank for an approximate month.

    `data` is (date, approximate) once valid; the typed parts are kept in `parts`
    so that a page with errors shows exactly what was entered.
    """

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
        except (ValueError, OverflowError):
            wrong = {"month"} if not 1 <= int(month) <= 12 else {"day"}
            self._fail(_l("Date it happened must be a real date"), wrong)
        today = local_date(utcnow())
        if when > today:
            self._fail(_l("Date it happened must be today or in the past"), set(PARTS))
        self.data = (when, approximate)


def one_character_line_breaks(value: Any) -> Any:
    """Browsers send a line break as CR LF, but the character count counts it as one."""
    return value.replace("\r\n", "\n") if isinstance(value, str) else value


# The plural forms GOV.UK Frontend's script may ask for (Intl.PluralRules): Welsh uses
# all six, English only "one" and "other".
PLURAL_FORMS = ("zero", "two", "few", "many")


def _forms(one: str, other: str) -> dict[str, str]:
    return {"one": one, **dict.fromkeys(PLURAL_FORMS, other), "other": other}


def character_count(params: dict[str, Any]) -> dict[str, Any]:
    """A GOV.UK character count's params, with the words it shows and its script
    updates (%{count} is filled in by the component, not by Babel) in the page's
    language: the component's own defaults are English."""
    return {
        **params,
        "textareaDescriptionText": _("You can enter up to %{count} characters"),
        "charactersUnderLimitText": _forms(
            _("You have %{count} character remaining"), _("You have %{count} characters remaining")
        ),
        "charactersAtLimitText": _("You have 0 characters remaining"),
        "charactersOverLimitText": _forms(
            _("You have %{count} character too many"), _("You have %{count} characters too many")
        ),
    }


def too_long(what: Any, limit: int) -> Any:
    return Length(
        max=limit,
        message=_l(
            "%(what)s must be %(limit)s characters or fewer",
            what=what,
            limit=formatting.count(limit),
        ),
    )


class ChosenFrom:
    """Each answer must be one of the field's choices.

    For fields with validate_choice=False: WTForms' own check says only "Not a valid
    choice", which does not tell the person what to do.
    """

    def __init__(self, message: Any) -> None:
        self.message = message

    def __call__(self, form: Any, field: Any) -> None:
        offered = {str(choice[0]) for choice in field.choices or ()}
        given = field.data if isinstance(field.data, list) else [field.data]
        if not {str(value) for value in given} <= offered:
            raise StopValidation(str(self.message))


def chosen(message: Any, required: Any = InputRequired) -> list[Any]:
    """Validators for a choice: one was made, and it is one of those offered."""
    return [required(message), ChosenFrom(message)]
