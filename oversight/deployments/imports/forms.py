"""Forms of the staff import page: the file and its force, then the go-ahead."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovFileInput, GovSelect
from wtforms import HiddenField
from wtforms.validators import InputRequired, Optional, Regexp

from oversight.forms import ForceField, Form


class UploadForm(Form):
    file = FileField(
        _l("Upload a CSV file"),
        description=_l(
            "A file of deployment records as a force publishes them, with a header row. "
            "Dates like 28/09/2025 or 2025-09-28; leave a figure blank if it is not known."
        ),
        validators=[FileRequired(_l("Select a CSV file"))],
        widget=GovFileInput(),
    )
    force = ForceField(
        _l("Force, if the file has no force column"),
        description=_l("Every record in the file is then for this force."),
        blank=_l("Not needed: the file has a force column"),
        validators=[Optional()],
        widget=GovSelect(),
    )


class ImportForm(Form):
    """The go-ahead for the file that was checked, named by its SHA-256: a file
    checked in another tab since then is not imported by mistake."""

    checked = HiddenField(validators=[InputRequired(), Regexp(r"^[0-9a-f]{64}$")])
