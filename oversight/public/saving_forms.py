"""The forms of "save and come back later": saving a draft, and opening it again."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovTextInput
from wtforms import StringField
from wtforms.validators import DataRequired, Email, Length, Optional

from oversight.forms import Form
from oversight.public.fields import too_long

EMAIL_MAX = 254
DRAFT_CODE_MAX = 40


class SaveForm(Form):
    """An email address for the link, or none for a draft code to write down."""

    email = StringField(
        _l("Email address (optional)"),
        description=_l(
            "We will email you a link to your answers. If you do not give an email address, we will give you a draft code to write down instead."
        ),
        validators=[
            Optional(),
            too_long(_l("Email address"), EMAIL_MAX),
            Email(
                message=_l("Enter an email address in the correct format, like name@example.com"),
                check_deliverability=False,
            ),
        ],
        widget=GovTextInput(),
    )


class ReturnForm(Form):
    """The draft code given when the answers were saved."""

    draft_code = StringField(
        _l("Draft code"),
        description=_l(
            "You were given this when you saved your answers. For example, 7KQM-2XPD-9HTB"
        ),
        validators=[
            DataRequired(_l("Enter your draft code")),
            Length(max=DRAFT_CODE_MAX, message=_l("Enter your draft code, like 7KQM-2XPD-9HTB")),
        ],
        widget=GovTextInput(),
    )


class ContinueForm(Form):
    """Opening an emailed link asks for one press of a button: a mail scanner that
    follows the link moves nothing."""
