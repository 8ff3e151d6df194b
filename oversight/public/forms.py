"""The public side's forms other than the questions: the track page's (opening a
complaint with its reference and tracking code, asking for a review of our decision,
replying to a request for information, adding evidence, withdrawing) and those of "save
and come back later" (saving a draft, and opening it again). The complaint questions
are in oversight.public.questions and oversight.public.contact."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount, GovFileInput, GovTextInput
from wtforms import MultipleFileField, StringField, TextAreaField
from wtforms.validators import DataRequired, Email, Length, Optional

from oversight.forms import Form
from oversight.public.fields import one_character_line_breaks, too_long


class TrackForm(Form):
    reference = StringField(
        _l("Complaint reference"),
        description=_l("For example, FR-7KQM-2XPD"),
        validators=[
            DataRequired(_l("Enter your complaint reference")),
            Length(max=40, message=_l("Enter your complaint reference, like FR-7KQM-2XPD")),
        ],
        widget=GovTextInput(),
    )
    tracking_code = StringField(
        _l("Tracking code"),
        description=_l("You were given this when you sent your complaint"),
        validators=[
            DataRequired(_l("Enter your tracking code")),
            Length(max=40, message=_l("Enter your tracking code, like 7KQM-2XPD-9HTB")),
        ],
        widget=GovTextInput(),
    )


REVIEW_REASONS_MAX = 5000


class ReviewForm(Form):
    """Asking for a review of our decision, from the track page."""

    reasons = TextAreaField(
        _l("Why do you want us to review our decision?"),
        description=_l(
            "Tell us what you think we got wrong or did not take into account. Do not include bank details or passwords."
        ),
        filters=[one_character_line_breaks],
        validators=[
            DataRequired(_l("Enter why you want us to review our decision")),
            too_long(_l("Your reasons"), REVIEW_REASONS_MAX),
        ],
        widget=GovCharacterCount(),
    )


REPLY_MAX = 5000
FILES_HINT = _l(
    "JPEG, PNG, PDF, MP4 or plain text files. Each file must be smaller than 20 MB. You can upload up to 10 files at a time."
)


class ReplyForm(Form):
    """Answering our request for information, from the track page: words, and files if
    the complainant wants (kept by oversight.public.uploads, not as the form's data)."""

    reply = TextAreaField(
        _l("Your reply"),
        description=_l(
            "Answer the questions in our message. Do not include bank details or passwords."
        ),
        filters=[one_character_line_breaks],
        validators=[
            DataRequired(_l("Enter your reply")),
            too_long(_l("Your reply"), REPLY_MAX),
        ],
        widget=GovCharacterCount(),
    )
    files = MultipleFileField(
        _l("Upload files (optional)"), description=FILES_HINT, widget=GovFileInput(multiple=True)
    )


class AddEvidenceForm(Form):
    """More evidence for an open complaint, from the track page."""

    files = MultipleFileField(
        _l("Upload files"), description=FILES_HINT, widget=GovFileInput(multiple=True)
    )


WITHDRAW_REASON_MAX = 2000


class WithdrawForm(Form):
    """Withdrawing a complaint from the track page: the reason is optional."""

    reason = TextAreaField(
        _l("Why are you withdrawing your complaint? (optional)"),
        description=_l(
            "You do not have to tell us. It helps us improve. Do not include bank details or passwords."
        ),
        filters=[one_character_line_breaks],
        validators=[too_long(_l("Your reason"), WITHDRAW_REASON_MAX)],
        widget=GovCharacterCount(),
    )


class ConfirmForm(Form):
    """A confirm button and nothing else (the CSRF token is the form)."""


# Save and come back later.

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
