"""The drafts' two forms: a draft to save (its key and text) and one to discard."""

from __future__ import annotations

from typing import Any

from wtforms import Field, TextAreaField
from wtforms.validators import DataRequired

from oversight.drafts.models import KEY_MAX
from oversight.forms import Form


class KeyField(Field):
    """A draft's key exactly as sent: not cleaned as typed text is, so a key with a control
    character in it is refused (services.check_key), never quietly made into another."""

    data: str | None

    def process_formdata(self, valuelist: list[Any]) -> None:
        self.data = str(valuelist[0])[: KEY_MAX + 1] if valuelist else None


class DraftForm(Form):
    key = KeyField(validators=[DataRequired()])
    text = TextAreaField()  # capped at the longest a long field takes (oversight/forms.py)


class DiscardForm(Form):
    key = KeyField(validators=[DataRequired()])
