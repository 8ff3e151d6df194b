"""Casework forms. Every form that changes a case carries the version it was shown at.
The forms for words staff write (notes, triage, a change of status, correspondence and
recommendations) are in correspondence_forms, each saying who will read them."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
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

from oversight.casework.states import ClosureReason, ReferralBody
from oversight.complaints.answers import Answers
from oversight.complaints.enums import (
    Channel,
    Concern,
    ContactMethod,
    Finding,
    ForceResponse,
    LinkKind,
    Relation,
    Technology,
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


class LogComplaintForm(Form):
    """A complaint that came by email, post or phone, typed in by a caseworker."""

    channel = RadioField(
        _l("How did the complaint arrive?"),
        choices=[(c.value, c.label) for c in Channel if c is not Channel.WEB],
        validators=[InputRequired(_l("Select how the complaint arrived"))],
        widget=GovRadioInput(),
    )
    technology = RadioField(
        _l("Technology"),
        choices=Technology.choices(),
        validators=[InputRequired(_l("Select the technology"))],
        widget=GovRadioInput(),
    )
    force = ForceField(
        _l("Police force"),
        blank=_l("Choose a force"),
        before=[("unknown", _l("Not known"))],
        validators=[DataRequired(_l("Select the force, or ‘Not known’"))],
        widget=GovSelect(),
    )
    incident_date = DateField(
        _l("When it happened (YYYY-MM-DD)"),
        validators=[InputRequired(_l("Enter the date it happened, like 2026-03-27"))],
        widget=GovTextInput(),
    )
    place = StringField(
        _l("Where it happened"),
        validators=[
            DataRequired(_l("Enter where it happened")),
            Length(max=500, message=_l("Where it happened must be 500 characters or fewer")),
        ],
        widget=GovTextInput(),
    )
    what_happened = TextAreaField(
        _l("What happened"),
        validators=[
            DataRequired(_l("Enter what happened")),
            Length(max=5000, message=_l("What happened must be 5,000 characters or fewer")),
        ],
        widget=GovTextArea(),
    )
    concerns = SelectMultipleField(
        _l("Concerns"),
        choices=Concern.choices(),
        validators=[DataRequired(_l("Select at least one concern"))],
        widget=GovCheckboxesInput(),
    )
    relation = RadioField(
        _l("How the complainant was involved"),
        choices=Relation.choices(),
        validators=[InputRequired(_l("Select how the complainant was involved"))],
        widget=GovRadioInput(),
    )
    outcome_wanted = TextAreaField(
        _l("What they want to happen"),
        validators=[
            DataRequired(_l("Enter what they want to happen")),
            Length(max=2000, message=_l("What they want must be 2,000 characters or fewer")),
        ],
        widget=GovTextArea(),
    )
    name = StringField(
        _l("Complainant’s name (leave blank if anonymous)"),
        validators=[
            Optional(),
            Length(max=200, message=_l("Name must be 200 characters or fewer")),
        ],
        widget=GovTextInput(),
    )
    email = StringField(
        _l("Email address (optional)"),
        validators=[
            Optional(),
            Length(max=254, message=_l("Email address must be 254 characters or fewer")),
        ],
        widget=GovTextInput(),
    )
    phone = StringField(
        _l("Phone number (optional)"),
        validators=[
            Optional(),
            Length(max=30, message=_l("Phone number must be 30 characters or fewer")),
        ],
        widget=GovTextInput(),
    )
    postal_address = TextAreaField(
        _l("Postal address (optional)"),
        validators=[
            Optional(),
            Length(max=1000, message=_l("Address must be 1,000 characters or fewer")),
        ],
        widget=GovTextArea(),
    )

    def answers(self) -> Answers:
        contact = bool(self.name.data)
        preferred = (
            ContactMethod.EMAIL if self.email.data or not self.phone.data else ContactMethod.PHONE
        )
        return {
            "technology": self.technology.data,
            "force": self.force.data,
            "incident_date": self.incident_date.data.isoformat(),
            "incident_date_approximate": False,
            "place": self.place.data,
            "what_happened": self.what_happened.data,
            "concerns": list(self.concerns.data or []),
            "relation": self.relation.data,
            "outcome_wanted": self.outcome_wanted.data,
            "wants_contact": "yes" if contact else "no",
            "name": self.name.data,
            "email": self.email.data or None,
            "phone": self.phone.data or None,
            "postal_address": self.postal_address.data or None,
            "preferred_contact": preferred.value,
            "accessibility_needs": None,
            "consent_to_share": "no",
        }
