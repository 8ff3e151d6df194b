"""Forms of the force API token pages."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSelect, GovTextInput
from wtforms import SelectField, StringField
from wtforms.validators import DataRequired, Length

from oversight.api.tokens import NAME_LENGTH
from oversight.auth.forms import strip
from oversight.forces.models import forces_by_name


class IssueTokenForm(FlaskForm):
    force = SelectField(
        _l("Force"),
        description=_l("The token can send and correct this force’s records only."),
        validators=[DataRequired(_l("Select the force the token is for"))],
        validate_choice=False,  # the view says which force it could not find
        widget=GovSelect(),
    )
    name = StringField(
        _l("Name"),
        description=_l(
            "What the token is for, so you can tell it apart from the force’s other tokens, like ‘Records system (live)’."
        ),
        filters=[strip],
        validators=[
            DataRequired(_l("Enter a name for the token")),
            Length(
                max=NAME_LENGTH,
                message=_l("Name must be %(count)s characters or fewer", count=NAME_LENGTH),
            ),
        ],
        widget=GovTextInput(),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.force.choices = [("", _l("Select a force"))] + [
            (force.slug, force.name) for force in forces_by_name()
        ]
