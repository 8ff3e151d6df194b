"""The forms of the rights request pages."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional, StopValidation, ValidationError

from oversight.forms import PARTS, DatePartsField, Form
from oversight.models import utcnow
from oversight.rights.models import ReceivedVia, RedactionReason, RequestKind, RequestStatus
from oversight.workdays import local_date

EARLIEST_YEAR = 2000


class ReceivedOnField(DatePartsField):
    """The date a request was received: a real date, today or in the past."""

    def pre_validate(self, form: Any) -> None:
        day, month, year = (self.parts[part] for part in PARTS)
        if not (day or month or year):
            self._fail(_l("Enter the date the request was received"), set(PARTS))
        missing = {part for part in PARTS if not self.parts[part]}
        if missing:
            names = " and ".join(str(part) for part in PARTS if part in missing)
            self._fail(_l("Date received must include a %(parts)s", parts=names), missing)
        for part in PARTS:
            if not self.parts[part].isdecimal():
                self._fail(_l("Date received must be a real date"), {part})
        if len(year) != 4:
            self._fail(_l("Year must include 4 numbers"), {"year"})
        if int(year) < EARLIEST_YEAR:
            self._fail(
                _l("Date received must be in %(year)s or later", year=EARLIEST_YEAR), {"year"}
            )
        try:
            when = date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            self._fail(
                _l("Date received must be a real date"),
                {"month"} if not 1 <= int(month) <= 12 else {"day"},
            )
        if when > local_date(utcnow()):
            self._fail(_l("Date received must be today or in the past"), set(PARTS))
        self.data = when


class LogRequestForm(Form):
    kind = RadioField(
        _l("What is the request for?"),
        choices=RequestKind.choices(),
        validators=[InputRequired(_l("Select what the request is for"))],
        widget=GovRadioInput(),
    )
    requester_name = StringField(
        _l("Requester's full name"),
        validators=[InputRequired(_l("Enter the requester's full name")), Length(max=200)],
        widget=GovTextInput(),
    )
    reply_to = TextAreaField(
        _l("How to reply to them"),
        description=_l("An email address, a postal address or a phone number, as they gave it"),
        validators=[InputRequired(_l("Enter how to reply to the requester"))],
        widget=GovTextArea(),
    )
    received_via = RadioField(
        _l("How did the request arrive?"),
        choices=ReceivedVia.choices(),
        validators=[InputRequired(_l("Select how the request arrived"))],
        widget=GovRadioInput(),
    )
    received_on = ReceivedOnField(_l("Date received"), description=_l("For example, 27 3 2026"))


class ExtendForm(Form):
    months = RadioField(
        _l("Extend by how long?"),
        choices=[("1", _l("One further month")), ("2", _l("Two further months"))],
        validators=[InputRequired(_l("Select how long to extend by"))],
        widget=GovRadioInput(),
    )
    reason = TextAreaField(
        _l("Why does the request need more time?"),
        description=_l("The law allows more time for a complex request or several requests"),
        validators=[InputRequired(_l("Enter why the request needs more time"))],
        widget=GovTextArea(),
    )


class IdentityForm(Form):
    method = TextAreaField(
        _l("How was their identity checked?"),
        description=_l(
            "For example, the email matches the one on their complaint, or a passport seen by video call"
        ),
        validators=[InputRequired(_l("Enter how the requester's identity was checked"))],
        widget=GovTextArea(),
    )


class SearchForm(Form):
    """Sent by GET: the search's terms are in the address, not saved."""

    class Meta:
        csrf = False

    email = StringField(
        _l("Email address"), validators=[Optional(), Length(max=254)], widget=GovTextInput()
    )
    phone = StringField(
        _l("Phone number"), validators=[Optional(), Length(max=40)], widget=GovTextInput()
    )
    name = StringField(_l("Name"), validators=[Optional(), Length(max=200)], widget=GovTextInput())
    address = StringField(
        _l("Postal address or postcode"),
        validators=[Optional(), Length(max=500)],
        widget=GovTextInput(),
    )
    reference = StringField(
        _l("Complaint reference"), validators=[Optional(), Length(max=40)], widget=GovTextInput()
    )

    def validate_reference(self, field: Any) -> None:
        if not any(self[name].data for name in ("email", "phone", "name", "address", "reference")):
            raise ValidationError(str(_l("Enter at least one thing to search for")))


class ChooseForm(Form):
    cases = SelectMultipleField(
        _l("Which of these cases are the requester's?"),
        choices=[],
        validate_choice=False,
        validators=[InputRequired(_l("Select the cases that are the requester's"))],
        widget=GovCheckboxesInput(),
    )


def _reason_field() -> RadioField:
    return RadioField(
        _l("Why is it redacted?"),
        choices=RedactionReason.choices(),
        validators=[InputRequired(_l("Select why it is redacted"))],
        widget=GovRadioInput(),
    )


class PhraseForm(Form):
    phrase = StringField(
        _l("Words to redact"),
        description=_l(
            "Every place these words appear in the records is replaced by [redacted], whatever the case"
        ),
        validators=[InputRequired(_l("Enter the words to redact")), Length(max=500)],
        widget=GovTextInput(),
    )
    reason = _reason_field()
    note = TextAreaField(
        _l("Note (needed for ‘Other’)"), validators=[Optional()], widget=GovTextArea()
    )


class Percent:
    """A percentage of the page, from 0 to 100."""

    def __call__(self, form: Any, field: Any) -> None:
        text = (field.data or "").strip().rstrip("%")
        try:
            value = float(text)
        except ValueError:
            raise StopValidation(
                str(_l("%(label)s must be a number from 0 to 100", label=field.label.text))
            ) from None
        if not 0 <= value <= 100 or value != value:
            raise StopValidation(
                str(_l("%(label)s must be a number from 0 to 100", label=field.label.text))
            )
        field.percent = value


def _percent(label: Any) -> StringField:
    return StringField(
        label,
        validators=[InputRequired(_l("Enter %(what)s", what=label)), Length(max=10), Percent()],
        widget=GovTextInput(),
    )


class BoxForm(Form):
    page = StringField(
        _l("Page number"),
        validators=[InputRequired(_l("Enter the page number")), Length(max=6)],
        widget=GovTextInput(),
    )
    left = _percent(_l("Left edge (% from the left)"))
    top = _percent(_l("Top edge (% from the top)"))
    right = _percent(_l("Right edge (% from the left)"))
    bottom = _percent(_l("Bottom edge (% from the top)"))
    reason = _reason_field()
    note = TextAreaField(
        _l("Note (needed for ‘Other’)"), validators=[Optional()], widget=GovTextArea()
    )

    def page_index(self, pages: int) -> int | None:
        """The page's index from 0, or None when the file has no such page."""
        text = self.page.data or ""
        if not text.isdecimal() or not 1 <= int(text) <= pages:
            return None
        return int(text) - 1

    def box(self) -> tuple[float, float, float, float]:
        left, top, right, bottom = (
            float(getattr(self, name).percent) / 100 for name in ("left", "top", "right", "bottom")
        )
        return left, top, right, bottom


class OutcomeForm(Form):
    status = RadioField(
        _l("Outcome"),
        choices=[
            (s.value, s.label)
            for s in (RequestStatus.COMPLETED, RequestStatus.REFUSED, RequestStatus.WITHDRAWN)
        ],
        validators=[InputRequired(_l("Select the outcome"))],
        widget=GovRadioInput(),
    )
    note = TextAreaField(
        _l("Note of the outcome"),
        description=_l("What was sent or done, or why the request was refused"),
        validators=[InputRequired(_l("Enter a note of the outcome"))],
        widget=GovTextArea(),
    )


class ActionForm(Form):
    """A button with nothing to type (remove, release): only its CSRF token."""
