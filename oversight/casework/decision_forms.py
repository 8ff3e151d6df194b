"""The forms of the decision: the findings, their sign-off, issuing the decision, and the
outcome of a review. Each carries the version of the case it was shown at."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovTextArea
from wtforms import RadioField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length

from oversight.casework.forms import NOTE_MAX, CaseForm
from oversight.complaints.enums import Concern, Finding, ReviewOutcome

FOR_THE_COMPLAINANT = _l("The complainant will read this.")


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
            description=FOR_THE_COMPLAINANT,
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


class SignOffForm(CaseForm):
    pass


class IssueForm(CaseForm):
    pass


class ReviewOutcomeForm(CaseForm):
    outcome = RadioField(
        _l("Outcome of the review"),
        choices=[
            (ReviewOutcome.UPHELD.value, _l("Upheld: the findings are looked at again")),
            (ReviewOutcome.NOT_UPHELD.value, _l("Not upheld: the decision stands")),
        ],
        validators=[InputRequired(_l("Select the outcome of the review"))],
        widget=GovRadioInput(),
    )
    explanation = TextAreaField(
        _l("Explanation of the outcome, for the complainant"),
        description=FOR_THE_COMPLAINANT,
        validators=[
            DataRequired(_l("Enter the explanation of the outcome")),
            Length(max=NOTE_MAX, message=_l("Explanation must be 5,000 characters or fewer")),
        ],
        widget=GovTextArea(),
    )
