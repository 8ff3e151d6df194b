"""The questions of the complaint journey, one form a page (their order is in
oversight.public.journey; the track page's forms are in oversight.public.forms).

Each form knows how to read its answers from a draft (`from_answers`) and how to
give them back as plain data (`answers`), so views never pass a form to a service.
"""

from __future__ import annotations

from typing import ClassVar

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovFileInput,
    GovRadioInput,
    GovSelect,
    GovTextInput,
)
from wtforms import (
    MultipleFileField,
    RadioField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import (
    DataRequired,
)

from oversight.complaints.answers import AnswerKey, Answers
from oversight.complaints.enums import Concern, Relation, Technology
from oversight.deployments.records.models import Deployment
from oversight.forms import ForceField, Form
from oversight.links.suggestions import times_of
from oversight.public.fields import IncidentDateField, chosen, one_character_line_breaks, too_long

PLACE_MAX = 500
WHAT_HAPPENED_MAX = 5000
OUTCOME_MAX = 2000


class Question(Form):
    """A page of the journey. Field names are the keys of the draft's answers."""

    answer_keys: ClassVar[tuple[AnswerKey, ...]] = ()

    @classmethod
    def from_answers(cls, answers: Answers) -> dict[str, object]:
        """The form's data (its fields' values by name) from the draft's answers."""
        return {key: answers[key] for key in cls.answer_keys if key in answers}

    def answers(self) -> Answers:
        given: Answers = {}
        for key in self.answer_keys:
            given[key] = self[key].data
        return given


class TechnologyForm(Question):
    answer_keys = ("technology",)
    technology = RadioField(
        _l("Which technology was used?"),
        choices=Technology.choices(),
        validators=chosen(_l("Select the technology that was used, or ‘I’m not sure’")),
        validate_choice=False,
        widget=GovRadioInput(),
    )


class ForceForm(Question):
    answer_keys = ("force",)
    UNKNOWN = "unknown"
    force = ForceField(
        _l("Which police force was it?"),
        description=_l(
            "If more than one force was involved, choose the one you most want to complain about."
        ),
        blank=_l("Choose a police force"),
        after=[(UNKNOWN, _l("I don’t know"))],
        validators=chosen(_l("Select the police force, or ‘I don’t know’"), DataRequired),
        validate_choice=False,
        widget=GovSelect(),
    )


class WhenForm(Question):
    answer_keys = ("incident_date", "incident_date_approximate")
    incident_date = IncidentDateField(
        _l("When did it happen?"),
        description=_l(
            "For example, 27 3 2026. If you do not know the exact day, enter the month and year."
        ),
    )

    @classmethod
    def from_answers(cls, answers: Answers) -> dict[str, object]:
        iso = answers.get("incident_date")
        if not iso:
            return {}
        year, month, day = iso.split("-")
        approximate = answers.get("incident_date_approximate", False)
        return {
            "incident_date": {
                "day": "" if approximate else str(int(day)),
                "month": str(int(month)),
                "year": year,
            }
        }

    def answers(self) -> Answers:
        assert self.incident_date.data is not None, "answers() of a form that did not validate"
        when, approximate = self.incident_date.data
        return {"incident_date": when.isoformat(), "incident_date_approximate": approximate}


class WhereForm(Question):
    answer_keys = ("place",)
    place = StringField(
        _l("Where did it happen?"),
        description=_l(
            "For example, the street, station, shopping centre or event, and the town. If it was online or you are not sure, tell us what you know."
        ),
        validators=[
            DataRequired(_l("Enter where it happened")),
            too_long(_l("Where it happened"), PLACE_MAX),
        ],
        widget=GovTextInput(),
    )


class DeploymentForm(Question):
    """Which of the force's deployments that day it was, if the person knows. The choices
    are the deployments the view offers (`offer`); "none" is always one of them."""

    answer_keys = ("deployment",)
    NONE = "none"
    # The answers a pick is made for.
    ASKED_FOR: ClassVar[tuple[AnswerKey, ...]] = (
        "technology",
        "force",
        "incident_date",
        "incident_date_approximate",
    )
    deployment = RadioField(
        _l("Was it one of these deployments?"),
        validators=chosen(_l("Select the deployment it was, or ‘None of these, or I don’t know’")),
        validate_choice=False,
    )

    @staticmethod
    def asked_for(answers: Answers) -> str:
        """The answers a pick depends on: a pick made for other answers is not kept."""
        return "/".join(str(answers.get(key, "")) for key in DeploymentForm.ASKED_FOR)

    @classmethod
    def from_answers(cls, answers: Answers) -> dict[str, object]:
        picked = answers.get("deployment")
        if picked and answers.get("deployment_for") == cls.asked_for(answers):
            return {"deployment": picked}
        # Nothing chosen until the person chooses (GOV.UK radios never arrive answered).
        return {}

    def offer(self, deployments: list[Deployment], answers: Answers) -> None:
        self.offered = deployments
        self.asked = self.asked_for(answers)
        self.times = {d.id: times_of(d) for d in deployments}
        self.deployment.choices = [(str(d.id), str(d.id)) for d in deployments] + [
            (self.NONE, _l("None of these, or I don’t know"))
        ]

    def answers(self) -> Answers:
        return {"deployment": self.deployment.data, "deployment_for": self.asked}


class WhatHappenedForm(Question):
    answer_keys = ("what_happened",)
    what_happened = TextAreaField(
        _l("What happened?"),
        description=_l(
            "Tell us what you saw or what happened to you, in your own words. Do not include bank details or passwords."
        ),
        filters=[one_character_line_breaks],
        validators=[
            DataRequired(_l("Enter what happened")),
            too_long(_l("What happened"), WHAT_HAPPENED_MAX),
        ],
        widget=GovCharacterCount(),
    )


class ConcernsForm(Question):
    answer_keys = ("concerns",)
    concerns = SelectMultipleField(
        _l("What are you concerned about?"),
        description=_l("Select all that apply."),
        choices=Concern.choices(),
        validators=chosen(_l("Select at least one concern"), DataRequired),
        validate_choice=False,
        widget=GovCheckboxesInput(),
    )


class InvolvementForm(Question):
    answer_keys = ("relation",)
    relation = RadioField(
        _l("How were you involved?"),
        choices=Relation.choices(),
        validators=chosen(_l("Select how you were involved")),
        validate_choice=False,
        widget=GovRadioInput(),
    )


class OutcomeForm(Question):
    answer_keys = ("outcome_wanted",)
    outcome_wanted = TextAreaField(
        _l("What would you like to happen as a result of your complaint?"),
        description=_l(
            "For example, an explanation, an apology, your images deleted or a change in how the police use the technology."
        ),
        filters=[one_character_line_breaks],
        validators=[
            DataRequired(_l("Enter what you would like to happen")),
            too_long(_l("What you would like to happen"), OUTCOME_MAX),
        ],
        widget=GovCharacterCount(),
    )


class EvidenceForm(Question):
    """The files are kept in the draft as they are uploaded (oversight.public.drafts),
    not as the form's answers."""

    files = MultipleFileField(
        _l("Upload files"),
        description=_l(
            "JPEG, PNG, PDF, MP4 or plain text files. Each file must be smaller than 20 MB. You can upload up to 10 files."
        ),
        widget=GovFileInput(multiple=True),
    )


class RemoveEvidenceForm(Form):
    """Only the CSRF token: the file to remove is in the URL."""


class SubmitForm(Form):
    """Check your answers: only the CSRF token."""
