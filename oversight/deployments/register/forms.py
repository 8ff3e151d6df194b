"""The public register's filters: a GET form, so it carries no CSRF token.

What was typed stays in the form on an error; links to other pages of the results and
to the CSV download carry the same filters as the page.
"""

from __future__ import annotations

from typing import Any

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovTextInput
from wtforms import Field, SelectField
from wtforms.validators import Optional, ValidationError

from oversight.complaints.enums import LABELS, Technology
from oversight.deployments import records
from oversight.deployments.records.enums import DEPLOYMENT_TECHNOLOGIES
from oversight.deployments.records.queries import RegisterFilters
from oversight.forces.models import Force
from oversight.forms import DateFilterField, ForceField, Form, check_date_range

DATE_HINT = _l("For example, 1/4/2026")


class RegisterFilterForm(Form):
    """Force, technology and a range of dates, all optional. Build it with
    `filter_form()`, which gives the force choices (or drops the force for a force's page)."""

    class Meta:
        csrf = False

    _forces: dict[str, Force]

    force = ForceField(
        _l("Force"),
        blank=_l("All forces"),
        validators=[Optional()],
        validate_choice=False,
        widget=GovSelect(),
    )
    technology = SelectField(
        _l("Technology"),
        choices=[("", _l("All technologies"))]
        + [(technology.value, LABELS[technology]) for technology in DEPLOYMENT_TECHNOLOGIES],
        validators=[Optional()],
        validate_choice=False,
        widget=GovSelect(),
    )
    date_from = DateFilterField(
        _l("Date from"),
        name="from",
        id="date-from",
        description=DATE_HINT,
        parse=records.parse_date,
        widget=GovTextInput(),
    )
    date_to = DateFilterField(
        _l("Date to"),
        name="to",
        id="date-to",
        description=DATE_HINT,
        parse=records.parse_date,
        widget=GovTextInput(),
    )

    def validate_force(self, field: Field) -> None:
        if field.data and field.data not in self._forces:
            raise ValidationError(_l("Select a force from the list"))

    def validate_technology(self, field: Field) -> None:
        if field.data and field.data not in {t.value for t in DEPLOYMENT_TECHNOLOGIES}:
            raise ValidationError(_l("Select a technology from the list"))

    def validate_date_to(self, field: Field) -> None:
        check_date_range(
            self.date_from, self.date_to, _l("Date to must be the same as or after date from")
        )

    def filters(self, force: Force | None = None) -> RegisterFilters:
        """The filters, once the form is valid; `force` is the page's own force, if any."""
        if force is None and "force" in self:
            force = self._forces.get(self.force.data or "")
        return RegisterFilters(
            force_id=force.id if force else None,
            technology=Technology(self.technology.data) if self.technology.data else None,
            date_from=self.date_from.day,
            date_to=self.date_to.day,
        )

    def args(self) -> dict[str, str]:
        """The filters as given, for links that must carry them (paging, the download)."""
        return {field.name: field.data for field in self if field.data}


def filter_form(args: Any, forces: list[Force] | None) -> RegisterFilterForm:
    """The filter form read from the query string. With `forces`, it offers them; with
    None (a force's own page) it has no force field."""
    form = RegisterFilterForm(formdata=args)
    form._forces = {force.slug: force for force in forces or []}
    if forces is None:
        del form.force
    else:
        form.force.offer(forces)
    return form
