"""The feedback form, and the button that marks an answer read."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovRadioInput
from wtforms import HiddenField, RadioField, TextAreaField
from wtforms.validators import AnyOf, DataRequired, Length

from oversight.forms import Form
from oversight.pages.models import IMPROVE_MAX, PAGE_MAX, Satisfaction

CHOOSE = _l("Select how you feel about the service")


class FeedbackForm(Form):
    satisfaction = RadioField(
        _l("Overall, how did you feel about the service you received today?"),
        choices=Satisfaction.choices(),
        validators=[
            DataRequired(CHOOSE),
            AnyOf([kind.value for kind in Satisfaction], message=CHOOSE),
        ],
        # One message for no answer and for one never offered (AnyOf), not two.
        validate_choice=False,
        widget=GovRadioInput(),
    )
    improve = TextAreaField(
        _l("How could we improve this service? (optional)"),
        description=_l(
            "Do not include personal or financial information, like your name, "
            "address or complaint reference."
        ),
        validators=[
            Length(
                max=IMPROVE_MAX,
                message=_l(
                    "Your answer must be %(max)s characters or fewer", max=f"{IMPROVE_MAX:,}"
                ),
            )
        ],
        widget=GovCharacterCount(),
    )
    # The page the person came from: the view keeps it only if services.came_from finds
    # it is one of the service's own pages, and drops anything else (never an error the
    # person could not see, never a link elsewhere).
    came_from = HiddenField(validators=[Length(max=PAGE_MAX)])


class MarkReadForm(Form):
    """A button: only the CSRF token (the answer is in the address)."""
