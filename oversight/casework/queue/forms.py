"""The queue's forms: acting on the cases selected, saving the filter shown as a view,
and deleting a view. The filters themselves travel in the query string, as the queue
reads them (oversight.casework.queries.QueueFilters)."""

from __future__ import annotations

import re

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovSelect, GovTextInput
from wtforms import BooleanField, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.validators import InputRequired, Length, ValidationError

from oversight.casework.queue.bulk import MOST_CASES, BulkAction, Selected
from oversight.casework.queue.models import NAME_MAX
from oversight.complaints.enums import Priority
from oversight.forms import Form

# "<reference>:<version>", as each row's checkbox sends it.
SELECTED = re.compile(r"^(FR-[A-Z0-9-]{1,30}):(\d{1,9})$")
NOBODY = "nobody"
REASON_MAX = 500


class CasesField(SelectMultipleField):
    """The cases ticked in the queue, each as "<reference>:<version>". Any case may be
    sent (the page offers those it shows), so the choice is checked by its form, not
    against a list."""

    def pre_validate(self, form: Form) -> None:
        if len(self.data or []) > MOST_CASES:
            raise ValidationError(
                _l(
                    "Select %(most)s cases or fewer at a time. You selected %(count)s",
                    most=MOST_CASES,
                    count=len(self.data or []),
                )
            )
        if any(not isinstance(v, str) or not SELECTED.match(v) for v in self.data or []):
            raise ValidationError(_l("Select cases from the list"))

    def selected(self) -> list[Selected]:
        """Each case once, in the order sent (the queue's order)."""
        chosen: dict[str, Selected] = {}
        for value in self.data or []:
            found = SELECTED.match(value)
            if found and found.group(1) not in chosen:
                chosen[found.group(1)] = Selected(found.group(1), int(found.group(2)))
        return list(chosen.values())


class BulkForm(Form):
    cases = CasesField(
        _l("Select cases"),
        validators=[InputRequired(_l("Select at least one case"))],
    )
    action = RadioField(
        _l("What do you want to do to the cases you selected?"),
        choices=[
            (BulkAction.ASSIGN.value, _l("Assign them")),
            (BulkAction.PRIORITY.value, _l("Set their priority")),
            (BulkAction.RELATE.value, _l("Link them as related")),
        ],
        validators=[InputRequired(_l("Select what to do to the cases"))],
    )
    # Named apart from the queue's filters (assignee, priority), which share its page.
    # Choices: "" (none chosen), NOBODY and every active account in casework (page.py).
    assign_to = SelectField(_l("Assign them to"), default="", widget=GovSelect())
    new_priority = SelectField(
        _l("New priority"),
        choices=[("", _l("Choose a priority"))] + [(p.value, p.label) for p in Priority],
        default="",
        widget=GovSelect(),
    )
    priority_reason = StringField(
        _l("Reason for the priority"),
        validators=[Length(max=REASON_MAX)],
        widget=GovTextInput(),
    )
    other_reference = StringField(
        _l("Link them to this case (optional)"),
        validators=[Length(max=40)],
        widget=GovTextInput(),
    )

    def validate_assign_to(self, field: SelectField) -> None:
        if self.action.data == BulkAction.ASSIGN.value and not field.data:
            raise ValidationError(_l("Select who to assign the cases to"))

    def validate_new_priority(self, field: SelectField) -> None:
        if self.action.data == BulkAction.PRIORITY.value and not field.data:
            raise ValidationError(_l("Select the priority"))

    def validate_priority_reason(self, field: StringField) -> None:
        if (
            self.action.data == BulkAction.PRIORITY.value
            and self.new_priority.data not in ("", None, Priority.STANDARD.value)
            and not field.data
        ):
            raise ValidationError(_l("Give the reason for the priority"))


class SaveViewForm(Form):
    name = StringField(
        _l("Name of the view"),
        validators=[
            InputRequired(_l("Enter a name for the view")),
            Length(max=NAME_MAX, message=_l("The name must be 100 characters or fewer")),
        ],
        widget=GovTextInput(),
    )
    shared = BooleanField(_l("Share it with the team"), widget=GovCheckboxInput())


class DeleteViewForm(Form):
    """Deleting a view asks for nothing but the CSRF token."""
