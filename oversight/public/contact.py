"""The questions about contact: whether to give contact details, the details themselves
(email, phone, postal address, how to contact and which language to write in) and
consent to share them with the force."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovTextArea, GovTextInput
from wtforms import RadioField, StringField, TextAreaField, ValidationError
from wtforms.validators import DataRequired, Email, Optional, Regexp

from oversight.complaints.answers import Answers
from oversight.complaints.enums import ContactMethod
from oversight.public.fields import chosen, one_character_line_breaks, too_long
from oversight.public.questions import Question

NAME_MAX = 200
EMAIL_MAX = 254
PHONE_MAX = 30
ADDRESS_MAX = 1000
ACCESSIBILITY_MAX = 1000


class ContactForm(Question):
    answer_keys = ("wants_contact",)
    wants_contact = RadioField(
        _l("Do you want to give your contact details?"),
        description=_l(
            "We use them to tell you about your complaint. If you stay anonymous, you can still follow your complaint with your reference and tracking code, but we cannot contact you to ask questions."
        ),
        choices=[
            ("yes", _l("Yes, give my contact details")),
            ("no", _l("No, I want to stay anonymous")),
        ],
        validators=chosen(_l("Select yes if you want to give your contact details")),
        validate_choice=False,
        widget=GovRadioInput(),
    )


class ContactDetailsForm(Question):
    answer_keys = (
        "name",
        "email",
        "phone",
        "postal_address",
        "preferred_contact",
        "preferred_contact",
        "write_in",
        "accessibility_needs",
    )
    name = StringField(
        _l("Full name"),
        validators=[DataRequired(_l("Enter your full name")), too_long(_l("Full name"), NAME_MAX)],
        widget=GovTextInput(),
    )
    email = StringField(
        _l("Email address"),
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
    phone = StringField(
        _l("Phone number"),
        description=_l("For international numbers include the country code"),
        validators=[
            Optional(),
            too_long(_l("Phone number"), PHONE_MAX),
            Regexp(
                # At least 6 digits, with spaces, brackets or dashes between them.
                r"^\+?(?:[ ()\-]*[0-9]){6,}[ ()\-]*$",
                message=_l(
                    "Enter a phone number, like 01632 960 001, 07700 900 982 or +44 808 157 0192"
                ),
            ),
        ],
        widget=GovTextInput(),
    )
    postal_address = TextAreaField(
        _l("Postal address"),
        description=_l("Only if you want us to write to you by post"),
        filters=[one_character_line_breaks],
        validators=[Optional(), too_long(_l("Postal address"), ADDRESS_MAX)],
        widget=GovTextArea(),
    )
    preferred_contact = RadioField(
        _l("How should we contact you?"),
        choices=ContactMethod.choices(),
        validators=chosen(_l("Select how we should contact you")),
        validate_choice=False,
        widget=GovRadioInput(),
    )
    # No choice made beforehand (GOV.UK radios never preselect): unanswered, we write in
    # the page's language, as the hint says.
    write_in = RadioField(
        _l("Which language should we write to you in?"),
        description=_l("If you do not choose, we will write to you in the language of this page."),
        choices=[
            ("en", "English"),
            ("cy", "Cymraeg"),
            ("both", _l("Both Welsh and English")),
        ],
        validators=[Optional()],
        widget=GovRadioInput(),
    )
    accessibility_needs = TextAreaField(
        _l(
            "Do you need us to do anything differently because of a disability or other need? (optional)"
        ),
        description=_l(
            "For example, large print, easy read, a British Sign Language interpreter or phone calls at certain times."
        ),
        filters=[one_character_line_breaks],
        validators=[Optional(), too_long(_l("Your needs"), ACCESSIBILITY_MAX)],
        widget=GovTextArea(),
    )

    def validate(self, extra_validators: Mapping[str, Sequence[object]] | None = None) -> bool:
        valid: bool = super().validate(extra_validators)
        # Not a validate_email method: Optional() ends the email checks when it is blank.
        if not self.email.data and not self.phone.data and not self.postal_address.data:
            self.email.errors = [
                *self.email.errors,
                str(_l("Enter an email address, a phone number or a postal address")),
            ]
            return False
        return valid

    def validate_preferred_contact(self, field: RadioField) -> None:
        if field.data == ContactMethod.EMAIL and not self.email.data and self.phone.data:
            raise ValidationError(
                str(_l("Enter an email address, or choose to be contacted by phone"))
            )
        if field.data == ContactMethod.PHONE and not self.phone.data and self.email.data:
            raise ValidationError(
                str(_l("Enter a phone number, or choose to be contacted by email"))
            )
        if field.data == ContactMethod.POST and not self.postal_address.data:
            raise ValidationError(
                str(_l("Enter your postal address, or choose another way to be contacted"))
            )
        if field.data != ContactMethod.POST and not self.email.data and not self.phone.data:
            raise ValidationError(
                str(_l("Select by post, or give an email address or phone number"))
            )

    def answers(self) -> Answers:
        given: Answers = {}
        for key in self.answer_keys:
            given[key] = self[key].data or None
        return given


class ConsentForm(Question):
    answer_keys = ("consent_to_share",)
    consent_to_share = RadioField(
        _l("Can we share your name and contact details with the police force?"),
        description=_l(
            "The force may need them to look into what happened. If you say no, we will still look at your complaint, but the force may not be able to answer some of it."
        ),
        choices=[("yes", _l("Yes")), ("no", _l("No"))],
        validators=chosen(_l("Select yes if we can share your details with the police force")),
        validate_choice=False,
        widget=GovRadioInput(),
    )
