"""The case page's "Possible duplicates" section and its two actions: link a suggested
complaint (as a duplicate or related, through complaint_links.link, so the timeline
and audit read as for a link made by hand) or dismiss it (duplicates.dismiss).

`DUPLICATES` is the section (oversight.casework.page.CaseSection) that create_app adds;
each action is a case action (page.run_action): the version checked, the change made,
one commit and back to the case page, or the case page again with what went wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput
from wtforms import RadioField
from wtforms.validators import InputRequired

from oversight.casework import complaint_links
from oversight.casework.duplicates import suggestions as duplicates
from oversight.casework.forms import CaseForm
from oversight.casework.page import CaseSection, case_roles, run_action
from oversight.complaints.enums import LinkKind
from oversight.complaints.models import Complaint
from oversight.forms import Form

bp = Blueprint("duplicates", __name__, url_prefix="/staff/cases")


class SuggestionLinkForm(CaseForm):
    """Link the suggested complaint named in the address; each button sends its kind."""

    kind = RadioField(
        _l("How are they linked?"),
        choices=[(k.value, k.label) for k in LinkKind],
        validators=[InputRequired(_l("Select how the complaints are linked"))],
        widget=GovRadioInput(),
    )


class SuggestionDismissForm(CaseForm):
    """Dismiss the suggested complaint named in the address."""


def forms(complaint: Complaint) -> dict[str, Form]:
    """The section's blank forms, at the case's current version."""
    version = {"version": complaint.version}
    return {
        "suggestion_link_form": SuggestionLinkForm(data=version, formdata=None),
        "suggestion_dismiss_form": SuggestionDismissForm(data=version, formdata=None),
    }


@dataclass(frozen=True)
class Section:
    suggestions: list[duplicates.Suggestion]


def section(complaint: Complaint) -> Section:
    return Section(suggestions=duplicates.suggest(complaint))


DUPLICATES = CaseSection(
    name="duplicates", template="casework/_duplicates.html", context=section, forms=forms
)


@bp.post("/<reference>/suggestions/<other_reference>/link")
@case_roles
def link_suggestion(reference: str, other_reference: str) -> ResponseReturnValue:
    def change(complaint: Complaint, form: SuggestionLinkForm) -> None:
        complaint_links.link(
            complaint, other_reference, LinkKind(form.kind.data), current_user, form.version.data
        )

    return run_action(
        reference, SuggestionLinkForm(), "suggestion_link_form", change, _("Complaints linked.")
    )


@bp.post("/<reference>/suggestions/<other_reference>/dismiss")
@case_roles
def dismiss_suggestion(reference: str, other_reference: str) -> ResponseReturnValue:
    def change(complaint: Complaint, form: SuggestionDismissForm) -> None:
        duplicates.dismiss(complaint, other_reference, current_user, form.version.data)

    return run_action(
        reference,
        SuggestionDismissForm(),
        "suggestion_dismiss_form",
        change,
        _("Suggestion dismissed. It will not be suggested for either complaint again."),
    )
