"""Casework forms. Every form that changes a case carries the version it was shown at.
The forms for words staff write (notes, triage, a change of status, correspondence and
recommendations) are in correspondence_forms, each saying who will read them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import (
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length
from wtforms.widgets import HiddenInput

from oversight.casework.states import (
    ClosureReason,
    ReferralBody,
)
from oversight.complaints.enums import (
    Concern,
    Finding,
    ForceResponse,
    LinkKind,
)
from oversight.forms import Form

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
