"""Casework forms. Every form that changes a case carries the version it was shown at."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    DateField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from oversight.casework.states import (
    CLOSURE_LABELS,
    REFERRAL_LABELS,
    ClosureReason,
    ReferralBody,
)
from oversight.complaints.enums import (
    Concern,
    Finding,
    ForceResponse,
    LinkKind,
    Priority,
)
from oversight.forms import ForceField, Form

NOTE_MAX = 5000


class CaseForm(Form):
    """The version of the case the page showed: a change from an older page is refused."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])


class TakeForm(CaseForm):
    pass


class AssignForm(CaseForm):
    assignee = SelectField(
        _l("Assign to"),
        validators=[InputRequired(_l("Select who to assign the case to"))],
        widget=GovSelect(),
    )


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
    note = TextAreaField(
        _l("Note (optional)"),
        validators=[
            Optional(),
            Length(max=NOTE_MAX, message=_l("Note must be 5,000 characters or fewer")),
        ],
        widget=GovTextArea(),
    )


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
    note = TextAreaField(
        _l("Note to the complainant (optional)"),
        validators=[
            Optional(),
            Length(max=NOTE_MAX, message=_l("Note must be 5,000 characters or fewer")),
        ],
        widget=GovTextArea(),
    )


class NoteForm(Form):
    text = TextAreaField(
        _l("Add an internal note"),
        validators=[
            DataRequired(_l("Enter the note")),
            Length(max=NOTE_MAX, message=_l("Note must be 5,000 characters or fewer")),
        ],
        widget=GovCharacterCount(),
    )


class RequestInfoForm(CaseForm):
    request_text = TextAreaField(
        _l("What do you need from the complainant?"),
        validators=[
            DataRequired(_l("Enter what you need from the complainant")),
            Length(max=NOTE_MAX, message=_l("Request must be 5,000 characters or fewer")),
        ],
        widget=GovCharacterCount(),
    )


class ReplyForm(CaseForm):
    reply_text = TextAreaField(
        _l("The complainant’s reply"),
        validators=[
            DataRequired(_l("Enter the reply")),
            Length(max=20000, message=_l("Reply must be 20,000 characters or fewer")),
        ],
        widget=GovTextArea(),
    )


def findings_form(concerns: list[Concern], formdata: object = None) -> CaseForm:
    """A form with one finding question per concern of the case."""

    class FindingsForm(CaseForm):
        overall = RadioField(
            _l("Overall outcome"),
            choices=Finding.choices(),
            validators=[InputRequired(_l("Select the overall outcome"))],
            widget=GovRadioInput(),
        )
        summary = TextAreaField(
            _l("Summary of the decision, for the complainant"),
            validators=[
                DataRequired(_l("Enter a summary of the decision")),
                Length(max=NOTE_MAX, message=_l("Summary must be 5,000 characters or fewer")),
            ],
            widget=GovTextArea(),
        )

    for concern in concerns:
        setattr(
            FindingsForm,
            f"finding_{concern.value}",
            RadioField(
                concern.label,
                choices=Finding.choices(),
                validators=[InputRequired(_l("Select a finding for this concern"))],
                widget=GovRadioInput(),
            ),
        )
    return FindingsForm(formdata=formdata) if formdata is not None else FindingsForm()


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


class ResponseForm(Form):
    response = SelectField(
        _l("The force’s response"),
        choices=[(r.value, r.label) for r in ForceResponse],
        validators=[DataRequired()],
        widget=GovSelect(),
    )


class SignOffForm(CaseForm):
    pass


class IssueForm(CaseForm):
    pass


class LinkForm(CaseForm):
    other_reference = StringField(
        _l("Reference of the other complaint"),
        validators=[DataRequired(_l("Enter the reference of the other complaint")), Length(max=40)],
        widget=GovTextInput(),
    )
    kind = RadioField(
        _l("How are they linked?"),
        choices=[(k.value, k.label) for k in LinkKind],
        validators=[InputRequired(_l("Select how the complaints are linked"))],
        widget=GovRadioInput(),
    )


def closure_reason(value: str | None) -> ClosureReason | None:
    return ClosureReason(value) if value else None


def referral_body(value: str | None) -> ReferralBody | None:
    return ReferralBody(value) if value else None
