"""Forms of the force API token pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovTextInput
from wtforms import StringField
from wtforms.validators import DataRequired, Length

from oversight.api.tokens.services import NAME_LENGTH
from oversight.forms import ForceField, Form


class IssueTokenForm(Form):
    force = ForceField(
        _l("Force"),
        description=_l("The token can send and correct this force’s records only."),
        blank=_l("Select a force"),
        validators=[DataRequired(_l("Select the force the token is for"))],
        validate_choice=False,  # the view says which force it could not find
        widget=GovSelect(),
    )
    name = StringField(
        _l("Name"),
        description=_l(
            "What the token is for, so you can tell it apart from the force’s other tokens, like ‘Records system (live)’."
        ),
        validators=[
            DataRequired(_l("Enter a name for the token")),
            Length(
                max=NAME_LENGTH,
                message=_l("Name must be %(count)s characters or fewer", count=NAME_LENGTH),
            ),
        ],
        widget=GovTextInput(),
    )
