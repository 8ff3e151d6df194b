"""The case page's forms for words staff write: notes, triage, a change of status, a
request to the complainant, their reply and a recommendation.

Every piece of text on them says who will read it. Where staff choose, the form has a
"Who will read this?" question (`audience_field`): internal unless they choose the
complainant, so only text meant for the complainant reaches their tracking page and the
messages sent to them. Where there is no choice, the text's hint says who reads it: a
request for information is always for the complainant, a priority reason and a logged
reply are only for staff.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import DateField, Field, RadioField, SelectField, SelectMultipleField, TextAreaField
from wtforms.fields.core import UnboundField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, StopValidation

from oversight.casework.forms import NOTE_MAX, CaseForm
from oversight.casework.states import CLOSURE_LABELS, REFERRAL_LABELS, ClosureReason
from oversight.complaints.enums import Audience, Concern, Priority
from oversight.forms import ForceField, Form

# Who will read it -----------------------------------------------------------------------

FOR_STAFF = _l("Only staff will read this.")
FOR_COMPLAINANT = _l("The complainant will read this, in a message and on their tracking page.")


class OneAudience:
    """Refuses an answer that is not one of the audiences offered, in words that say
    what to do (a missing answer is the form's default: internal)."""

    def __call__(self, form: Any, field: Field) -> None:
        if field.data not in {audience.value for audience in Audience}:
            raise StopValidation(str(_l("Select who will read this")))


def audience_field(
    field_id: str, legend: str = _l("Who will read this?"), hint: str | None = None
) -> UnboundField[Any]:
    """The "Who will read this?" radios: internal, pre-selected, unless staff choose the
    complainant. `field_id` is unique on the case page, which shows several of them."""
    return RadioField(
        legend,
        id=field_id,
        description=hint or "",
        choices=Audience.choices(),
        default=Audience.INTERNAL.value,
        validate_choice=False,
        validators=[OneAudience()],
        widget=GovRadioInput(),
    )


def audience_of(field: Field) -> Audience:
    """The audience a valid form's radios chose."""
    return Audience(field.data)


def _note(label: str) -> UnboundField[Any]:
    return TextAreaField(
        label,
        validators=[
            Optional(),
            Length(max=NOTE_MAX, message=_l("Note must be 5,000 characters or fewer")),
        ],
        widget=GovTextArea(),
    )


# The forms ------------------------------------------------------------------------------


class TriageForm(CaseForm):
    in_remit = RadioField(
        _l("Is the complaint in our remit?"),
        choices=[("yes", _l("Yes, we will investigate")), ("no", _l("No"))],
        validators=[InputRequired(_l("Select whether the complaint is in our remit"))],
        widget=GovRadioInput(),
    )
    reason = RadioField(
        _l("If not, why not?"),
        choices=[
            (ClosureReason.REFERRED.value, CLOSURE_LABELS[ClosureReason.REFERRED]),
            (ClosureReason.OUT_OF_REMIT.value, CLOSURE_LABELS[ClosureReason.OUT_OF_REMIT]),
        ],
        validators=[Optional()],
        widget=GovRadioInput(),
    )
    referred_to = SelectField(
        _l("Referred to"),
        choices=[("", _l("Choose a body"))]
        + [(body.value, label) for body, label in REFERRAL_LABELS.items()],
        validators=[Optional()],
        widget=GovSelect(),
    )
    priority = RadioField(
        _l("Priority"),
        choices=Priority.choices(),
        validators=[InputRequired(_l("Select a priority"))],
        widget=GovRadioInput(),
    )
    priority_reason = TextAreaField(
        _l("Reason for the priority (needed if urgent or high)"),
        description=FOR_STAFF,
        validators=[
            Optional(),
            Length(max=1000, message=_l("Reason must be 1,000 characters or fewer")),
        ],
        widget=GovTextArea(),
    )
    concerns = SelectMultipleField(
        _l("Concerns"),
        description=_l("Confirm or change the concerns the complaint raises."),
        choices=Concern.choices(),
        validators=[DataRequired(_l("Select at least one concern"))],
        widget=GovCheckboxesInput(),
    )
    note = _note(_l("Note (optional)"))
    note_audience = audience_field("triage-note-audience", _l("Who will read the note?"))


class MoveForm(CaseForm):
    target = SelectField(
        _l("Move the case to"),
        validators=[DataRequired(_l("Select where to move the case"))],
        widget=GovSelect(),
    )
    reason = SelectField(
        _l("Reason for closing"),
        choices=[("", _l("Not closing"))]
        + [(r.value, label) for r, label in CLOSURE_LABELS.items()],
        validators=[Optional()],
        widget=GovSelect(),
    )
    referred_to = SelectField(
        _l("Referred to"),
        choices=[("", _l("Not referred"))]
        + [(body.value, label) for body, label in REFERRAL_LABELS.items()],
        validators=[Optional()],
        widget=GovSelect(),
    )
    note = _note(_l("Note (optional)"))
    note_audience = audience_field("move-note-audience", _l("Who will read the note?"))


class NoteForm(Form):
    text = TextAreaField(
        _l("Add a note"),
        validators=[
            DataRequired(_l("Enter the note")),
            Length(max=NOTE_MAX, message=_l("Note must be 5,000 characters or fewer")),
        ],
        widget=GovCharacterCount(),
    )
    audience = audience_field("note-audience")


class RequestInfoForm(CaseForm):
    request_text = TextAreaField(
        _l("What do you need from the complainant?"),
        description=FOR_COMPLAINANT,
        validators=[
            DataRequired(_l("Enter what you need from the complainant")),
            Length(max=NOTE_MAX, message=_l("Request must be 5,000 characters or fewer")),
        ],
        widget=GovCharacterCount(),
    )


class ReplyForm(CaseForm):
    reply_text = TextAreaField(
        _l("The complainant’s reply"),
        description=_l("Only staff will read this: it is kept on the case as their reply."),
        validators=[
            DataRequired(_l("Enter the reply")),
            Length(max=20000, message=_l("Reply must be 20,000 characters or fewer")),
        ],
        widget=GovTextArea(),
    )


class RecommendationForm(Form):
    force = ForceField(
        _l("Force"),
        blank=_l("Choose a force"),
        validators=[DataRequired(_l("Select the force"))],
        widget=GovSelect(),
    )
    text = TextAreaField(
        _l("Recommendation"),
        validators=[
            DataRequired(_l("Enter the recommendation")),
            Length(max=NOTE_MAX, message=_l("Recommendation must be 5,000 characters or fewer")),
        ],
        widget=GovTextArea(),
    )
    due_date = DateField(
        _l("Response due (YYYY-MM-DD)"),
        validators=[InputRequired(_l("Enter the date a response is due, like 2027-01-31"))],
        widget=GovTextInput(),
    )
    audience = audience_field(
        "recommendation-audience",
        _l("Who will read this recommendation?"),
        hint=_l("Choose whether the complainant can also read it, with our decision."),
    )
