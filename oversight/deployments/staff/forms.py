"""Staff forms for deployment records and usage returns.

The forms only collect text: what a record may hold is decided by the one validator,
`records.clean_deployment` / `records.clean_usage_return`, whose errors the view puts
back on the fields named here (each field is named as the validator names it). A
correction carries the record's version, so one made from an out-of-date page is
refused, and says what was corrected and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import Field, IntegerField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, ValidationError
from wtforms.widgets import HiddenInput

from oversight import formatting
from oversight.complaints.enums import LABELS, Technology
from oversight.deployments import records
from oversight.deployments.records import DEPLOYMENT_FIELDS, USAGE_FIELDS, history
from oversight.deployments.records.enums import DEPLOYMENT_TECHNOLOGIES, USAGE_TECHNOLOGIES, Source
from oversight.deployments.records.models import Deployment, UsageReturn
from oversight.deployments.records.queries import RegisterFilters
from oversight.forces.models import Force
from oversight.forms import DateFilterField, ForceField, Form, check_date_range

DATE_HINT = _l("For example, 28/09/2025 or 2025-09-28")
FILTER_DATE_HINT = _l("For example, 28/09/2025")
TIME_HINT = _l("24-hour clock, for example 09:30. Leave blank if not known")
COUNT_HINT = _l("A whole number, for example 1,250. Leave blank if not known")
NOTE_MAX = 2000


def _text(label: Any, hint: Any = None) -> StringField:
    return StringField(label, description=hint or "", widget=GovTextInput())


def _long_text(label: Any, hint: Any = None) -> TextAreaField:
    return TextAreaField(label, description=hint or "", widget=GovTextArea())


def _choices(members: tuple[Any, ...]) -> list[tuple[str, Any]]:
    return [(member.value, LABELS[member]) for member in members]


class RecordForm(Form):
    """What both kinds of record share: the force, and where the figures came from."""

    force = ForceField(
        _l("Force"), blank=_l("Choose a force"), validate_choice=False, widget=GovSelect()
    )
    source = RadioField(
        _l("Source"),
        choices=_choices(tuple(Source)),
        default=Source.PUBLISHED_RECORD.value,
        validate_choice=False,
        widget=GovRadioInput(),
    )
    source_link = _text(
        _l("Source link (optional)"),
        _l("The web address of the published record or the force’s submission"),
    )

    FIELDS: tuple[records.Field, ...] = ()

    def offer(self, forces: list[Force]) -> None:
        self.force.offer(forces)

    def raw(self) -> dict[str, Any]:
        """The record's fields as typed, for the validator."""
        return {spec.name: self[spec.name].data for spec in self.FIELDS}

    def show(self, values: dict[str, str]) -> None:
        """Show these values in their fields, whatever was sent."""
        for name, value in values.items():
            self[name].data = value
            self[name].raw_data = [value]


class DeploymentForm(RecordForm):
    technology = RadioField(
        _l("Technology"),
        choices=_choices(DEPLOYMENT_TECHNOLOGIES),
        default=Technology.LFR.value,
        validate_choice=False,
        widget=GovRadioInput(),
    )
    force_reference = _text(
        _l("Force reference (optional)"), _l("The force’s own reference for this deployment")
    )
    deployed_on = _text(_l("Date"), DATE_HINT)
    start_time = _text(_l("Start time (optional)"), TIME_HINT)
    end_time = _text(_l("End time (optional)"), TIME_HINT)
    location_name = _text(_l("Location"), _l("For example, Oxford Circus, Regent Street"))
    location_area = _text(_l("Area (optional)"), _l("The town, borough or district"))
    latitude = _text(_l("Latitude (optional)"), _l("In degrees, for example 51.5152"))
    longitude = _text(_l("Longitude (optional)"), _l("In degrees, for example -0.1418"))
    purpose = _long_text(_l("Purpose (optional)"))
    authorising_rank = _text(
        _l("Authorising officer’s rank (optional)"), _l("For example, Superintendent")
    )
    watchlist_size = _text(_l("Watchlist size (optional)"), COUNT_HINT)
    watchlist_categories = _long_text(
        _l("Watchlist categories (optional)"),
        _l("For example, wanted by the courts; wanted for serious offences"),
    )
    faces_seen = _text(_l("Faces seen (optional)"), COUNT_HINT)
    alerts = _text(_l("Alerts (optional)"), COUNT_HINT)
    true_alerts = _text(_l("True alerts (optional)"), COUNT_HINT)
    false_alerts = _text(_l("False alerts (optional)"), COUNT_HINT)
    engagements = _text(_l("Engagements (optional)"), COUNT_HINT)
    arrests = _text(_l("Arrests (optional)"), COUNT_HINT)

    FIELDS = DEPLOYMENT_FIELDS


class UsageReturnForm(RecordForm):
    technology = RadioField(
        _l("Technology"),
        choices=_choices(USAGE_TECHNOLOGIES),
        validate_choice=False,
        widget=GovRadioInput(),
    )
    period_start = _text(_l("Start of period"), DATE_HINT)
    period_end = _text(_l("End of period"), DATE_HINT)
    searches = _text(_l("Searches"), _l("A whole number, for example 1,250"))
    possible_matches = _text(_l("Possible matches (optional)"), COUNT_HINT)

    FIELDS = USAGE_FIELDS


class Correction(RecordForm):
    """What a correction adds to a record's form: the version the page showed, and why.
    A kind's correction form is `class CorrectXForm(Correction, XForm)`."""

    version = IntegerField(widget=HiddenInput(), validators=[InputRequired()])
    note = TextAreaField(
        _l("What was corrected and why"),
        description=_l("For example, the force re-counted the faces seen and sent a new figure"),
        validators=[
            DataRequired(_l("Enter what was corrected and why")),
            Length(max=NOTE_MAX, message=_l("The note must be 2,000 characters or fewer")),
        ],
        widget=GovTextArea(),
    )

    def showing(self, version: int) -> None:
        """Show `version` in the hidden field, whatever was sent."""
        self.version.data = version
        self.version.raw_data = [str(version)]

    def take_theirs(
        self, record: Deployment | UsageReturn, sent: int, mine: Mapping[str, object]
    ) -> None:
        """After someone else's correction: show the record's version now, and their new
        values in the fields this correction left alone (what it changed stays)."""
        taken = history.theirs_to_take(record.revisions, sent, mine, self.FIELDS)
        current = typed_values(record, self.FIELDS)
        self.show({name: current[name] for name in taken})
        self.showing(record.version)


class CorrectDeploymentForm(Correction, DeploymentForm):
    pass


class CorrectUsageReturnForm(Correction, UsageReturnForm):
    pass


# Showing a saved record in its form ---------------------------------------------------


def _typed(value: Any, kind: str) -> str:
    """A saved value as someone would type it, so an untouched field saves unchanged."""
    if value is None:
        return ""
    if kind == "date":
        return f"{value:%d/%m/%Y}"
    if kind == "time":
        return formatting.clock_time(value)
    if kind == "count":
        return formatting.count(value)
    if hasattr(value, "value"):
        return str(value.value)
    return str(value)


def typed_values(
    record: Deployment | UsageReturn, fields: tuple[records.Field, ...]
) -> dict[str, str]:
    values = {
        spec.name: _typed(getattr(record, spec.name), spec.kind)
        for spec in fields
        if spec.kind != "force"
    }
    values["force"] = record.force.slug
    return values


# Filters for the staff lists ----------------------------------------------------------


class FilterForm(Form):
    """The list's filters, from the query string (a GET form carries no CSRF token)."""

    class Meta:
        csrf = False

    force = ForceField(
        _l("Force"), blank=_l("All forces"), validate_choice=False, widget=GovSelect()
    )
    technology = SelectField(_l("Technology"), validate_choice=False, widget=GovSelect())
    date_from = DateFilterField(
        _l("From"),
        name="from",
        id="from",
        description=FILTER_DATE_HINT,
        parse=records.parse_date,
        widget=GovTextInput(),
    )
    date_to = DateFilterField(
        _l("To"),
        name="to",
        id="to",
        description=FILTER_DATE_HINT,
        parse=records.parse_date,
        widget=GovTextInput(),
    )
    q = StringField(
        _l("Words of the location or the force reference"),
        validators=[Length(max=100, message=_l("Enter 100 characters or fewer"))],
        widget=GovTextInput(),
    )

    def setup(self, forces: list[Force], technologies: tuple[Technology, ...]) -> None:
        self._slugs = {f.slug: f for f in forces}
        self._technologies = {t.value: t for t in technologies}
        self.force.offer(forces)
        self.technology.choices = [("", _l("All technologies")), *_choices(technologies)]

    def validate_force(self, field: Field) -> None:
        if field.data and field.data not in self._slugs:
            raise ValidationError(_l("Select a force from the list"))

    def validate_technology(self, field: Field) -> None:
        if field.data and field.data not in self._technologies:
            raise ValidationError(_l("Select a technology from the list"))

    def validate_date_to(self, field: Field) -> None:
        check_date_range(
            self.date_from,
            self.date_to,
            _l("The ‘to’ date must be the same as or after the ‘from’ date"),
        )

    def chosen_force(self) -> Force | None:
        return self._slugs.get(self.force.data or "")

    def chosen_technology(self) -> Technology | None:
        return self._technologies.get(self.technology.data or "")

    def filters(self) -> RegisterFilters:
        """The filters, once the form is valid."""
        force = self.chosen_force()
        return RegisterFilters(
            force_id=force.id if force else None,
            technology=self.chosen_technology(),
            date_from=self.date_from.day,
            date_to=self.date_to.day,
        )

    def args(self) -> dict[str, str]:
        """The filters as given, for links that must keep them (the other pages)."""
        return {field.name: field.data for field in self if field.data}


def filter_form(
    args: Any, forces: list[Force], technologies: tuple[Technology, ...], words: bool = True
) -> FilterForm:
    form = FilterForm(formdata=args)
    form.setup(forces, technologies)
    if not words:
        del form.q
    return form
