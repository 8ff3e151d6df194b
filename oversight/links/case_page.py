"""What the case page shows about deployments, and the forms that change a case's links.

`DEPLOYMENTS` is the case page section (oversight.casework.page.CaseSection) that
create_app adds: the page includes links/_deployments.html with `section(complaint)` and
adds `forms(complaint)` to its forms, so an action refused here (oversight.links.views,
through page.run_action) shows the case page again with the form's errors like any other
case action.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovTextInput
from wtforms import StringField
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from oversight.casework.forms import CaseForm
from oversight.casework.page import CaseSection
from oversight.complaints.models import Complaint
from oversight.deployments import records
from oversight.forms import ForceField, Form
from oversight.links import suggestions
from oversight.links.enums import LinkState
from oversight.links.models import DeploymentLink
from oversight.links.suggestions import times_of

REGISTER_NUMBER_MAX = 12


class DeploymentDecisionForm(CaseForm):
    """Confirm, reject or unlink one deployment (named in the address)."""


class LinkDeploymentForm(CaseForm):
    deployment_id = StringField(
        _l("Register number of the deployment"),
        description=_l("The number on the deployment’s page in the register, for example 1234"),
        validators=[
            DataRequired(_l("Enter the register number of the deployment")),
            Length(
                max=REGISTER_NUMBER_MAX,
                message=_l("Enter the register number of the deployment, for example 1234"),
            ),
            Regexp(
                r"^[0-9]+$",
                message=_l("Register number must be a number, for example 1234"),
            ),
        ],
        widget=GovTextInput(),
    )


class FindDeploymentForm(Form):
    """Search the register for a deployment to link: sent by GET, so no CSRF token."""

    class Meta:
        csrf = False

    force = ForceField(
        _l("Police force"), blank=_l("Any force"), validate_choice=False, widget=GovSelect()
    )
    deployed_on = StringField(
        _l("Date (optional)"),
        description=_l("For example, 14/6/2026"),
        validators=[Optional(), Length(max=20)],
        widget=GovTextInput(),
    )
    force_reference = StringField(
        _l("The force’s own reference (optional)"),
        validators=[Optional(), Length(max=80, message=_l("Enter 80 characters or fewer"))],
        widget=GovTextInput(),
    )

    def validate_deployed_on(self, field: StringField) -> None:
        try:
            records.parse_date(field.data)
        except records.Invalid:
            raise ValidationError(str(_l("Date must be a real date, like 14/6/2026"))) from None

    @property
    def day(self) -> date | None:
        return records.parse_date(self.deployed_on.data) if self.deployed_on.data else None


def forms(complaint: Complaint) -> dict[str, Form]:
    """The case page's blank deployment forms, at the case's current version."""
    version = {"version": complaint.version}
    return {
        "deployment_link_form": LinkDeploymentForm(data=version, formdata=None),
        "deployment_decision_form": DeploymentDecisionForm(data=version, formdata=None),
    }


@dataclass(frozen=True)
class Section:
    links: list[DeploymentLink]
    suggestions: suggestions.Suggestions
    rejected: list[DeploymentLink]
    # "10:00 to 16:00", for the template.
    times = staticmethod(times_of)


def section(complaint: Complaint) -> Section:
    """The case's links (confirmed and named), the suggestions, and those rejected."""
    return Section(
        links=suggestions.links_of(complaint),
        suggestions=suggestions.suggest(complaint),
        rejected=suggestions.links_of(complaint, (LinkState.REJECTED,)),
    )


DEPLOYMENTS = CaseSection(
    name="deployments", template="links/_deployments.html", context=section, forms=forms
)
