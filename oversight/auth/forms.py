"""Sign-in, second factor, password and account forms."""

from __future__ import annotations

from typing import Any

from email_validator import EmailNotValidError, validate_email
from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovPasswordInput,
    GovTextInput,
)
from wtforms import PasswordField, SelectMultipleField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, ValidationError

from oversight.auth.models import Role
from oversight.auth.passwords import MAX_LENGTH
from oversight.forms import Form


def not_too_long() -> Length:
    """Passwords over MAX_LENGTH are refused before anything hashes them."""
    return Length(
        max=MAX_LENGTH, message=_l("Password must be %(max)s characters or fewer", max=MAX_LENGTH)
    )


class StaffEmail:
    """An email address in the correct format. Unlike WTForms' Email, reserved domains
    (such as the demo accounts' .invalid) are allowed: nothing is ever delivered there."""

    def __call__(self, form: Any, field: Any) -> None:
        try:
            validate_email(field.data or "", check_deliverability=False, test_environment=True)
        except EmailNotValidError:
            raise ValidationError(
                str(_l("Enter an email address in the correct format, like name@example.com"))
            ) from None


class SignInForm(Form):
    email = StringField(
        _l("Email address"),
        validators=[
            DataRequired(_l("Enter your email address")),
            Length(max=254, message=_l("Email address must be 254 characters or fewer")),
        ],
        widget=GovTextInput(),
    )
    password = PasswordField(
        _l("Password"),
        validators=[
            DataRequired(_l("Enter your password")),
            not_too_long(),
        ],
        widget=GovPasswordInput(),
    )


class CodeForm(Form):
    code = StringField(
        _l("Security code"),
        description=_l("The 6-digit code from your authenticator app"),
        validators=[
            DataRequired(_l("Enter the 6-digit code from your authenticator app")),
            Length(max=20, message=_l("Enter the 6-digit code from your authenticator app")),
        ],
        widget=GovTextInput(),
    )


class NewPasswordFields(Form):
    new_password = PasswordField(
        _l("New password"),
        description=_l("At least 12 characters. A few unrelated words make a good password."),
        validators=[
            DataRequired(_l("Enter a new password")),
            not_too_long(),
        ],
        widget=GovPasswordInput(),
    )
    confirm_password = PasswordField(
        _l("Confirm new password"),
        validators=[
            DataRequired(_l("Enter the new password again")),
            EqualTo("new_password", message=_l("The passwords do not match")),
        ],
        widget=GovPasswordInput(),
    )


class ChangePasswordForm(NewPasswordFields):
    current_password = PasswordField(
        _l("Current password"),
        validators=[
            DataRequired(_l("Enter your current password")),
            not_too_long(),
        ],
        widget=GovPasswordInput(),
    )


class UserForm(Form):
    name = StringField(
        _l("Full name"),
        validators=[
            DataRequired(_l("Enter the person’s full name")),
            Length(max=200, message=_l("Full name must be 200 characters or fewer")),
        ],
        widget=GovTextInput(),
    )
    email = StringField(
        _l("Email address"),
        validators=[
            DataRequired(_l("Enter an email address")),
            Length(max=254, message=_l("Email address must be 254 characters or fewer")),
            StaffEmail(),
        ],
        widget=GovTextInput(),
    )
    roles = SelectMultipleField(
        _l("Roles"),
        description=_l("Select all that apply."),
        choices=Role.choices(),
        validators=[DataRequired(_l("Select at least one role"))],
        widget=GovCheckboxesInput(),
    )


class NewUserForm(UserForm):
    password = PasswordField(
        _l("First password"),
        description=_l(
            "At least 12 characters. Give it to the person in a safe way; they set up their security code when they first sign in."
        ),
        validators=[
            DataRequired(_l("Enter a first password")),
            not_too_long(),
        ],
        widget=GovPasswordInput(),
    )


class ConfirmForm(Form):
    """A button that changes something: only the CSRF token."""
