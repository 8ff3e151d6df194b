"""Casework forms. Every form that changes a case carries the version it was shown at.
The forms for words staff write (notes, triage, a change of status, correspondence and
recommendations) are in correspondence_forms, each saying who will read them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovTextInput,
)
from wtforms import (
    IntegerField,
    RadioField,
    SelectField,
    StringField,
)
from wtforms.validators import DataRequired, InputRequired, Length
from wtforms.widgets import HiddenInput

from oversight.casework.states import (
    ClosureReason,
    ReferralBody,
)
from oversight.complaints.enums import (
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
    # The choice that takes the case off whoever has it.
    NOBODY = "nobody"
    assignee = SelectField(
        _l("Assign to"),
        validators=[InputRequired(_l("Choose who to assign the case to"))],
        widget=GovSelect(),
    )


class ResponseForm(Form):
    # The recommendation it answers (the address names it), so that the case page shows
    # a form sent back with errors under that recommendation, not under every one.
    recommendation_id: int | None = None

    response = SelectField(
        _l("The force’s response"),
        # Nothing chosen until someone chooses: a response is never recorded by default.
        choices=[("", _l("Choose a response"))] + [(r.value, r.label) for r in ForceResponse],
        validators=[DataRequired(_l("Select the force’s response"))],
        widget=GovSelect(),
    )


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
