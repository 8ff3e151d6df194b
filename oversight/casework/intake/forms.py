"""Logging a complaint that came by email, post or phone: its form, and the one-time key
that makes sending that form twice (a refresh, a double click, the back button) log one
complaint, not two (`log_once`).

Each form page carries a fresh random key in a hidden input. Logging a complaint stores
only the key's hash (as the complaint's submission key, which is unique) and derives the
complaint's tracking code from the key and the app's secret, as a web complaint's code is
derived from its draft: the code itself is stored nowhere, only its hash.
"""

from __future__ import annotations

import hashlib
import re
import secrets
from datetime import datetime

from flask import Config
from flask_babel import lazy_gettext as _l
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovTextArea,
    GovTextInput,
)
from wtforms import RadioField, SelectMultipleField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional
from wtforms.widgets import HiddenInput

from oversight.auth.models import User
from oversight.casework import workflow
from oversight.complaints import codes
from oversight.complaints import services as complaints
from oversight.complaints.answers import Answers
from oversight.complaints.enums import Channel, Concern, ContactMethod, Relation, Technology
from oversight.complaints.models import Complaint
from oversight.forms import ForceField, Form
from oversight.public.fields import IncidentDateField

_KEY = re.compile(r"[A-Za-z0-9_-]{43}")
# The session's note of the complaint just logged: its reference, and its form's key
# until the page after the form has shown the tracking code (then None).
JUST_LOGGED = "logged_complaint"


def new_submission_key() -> str:
    return secrets.token_urlsafe(32)


def is_submission_key(text: str | None) -> bool:
    """A key as new_submission_key makes them (anything else was not sent by our form)."""
    return bool(text and _KEY.fullmatch(text))


def one_time_key(text: str | None) -> str:
    """The form's key: the one it was sent with, or a fresh one for a new form (and for
    one sent without a key of ours, which only a client other than our page sends)."""
    return text if text and is_submission_key(text) else new_submission_key()


def submission_hash(key: str) -> str:
    """What the complaint keeps of its logging form's key (64 hex characters)."""
    return hashlib.sha256(b"logged-by-staff:" + key.encode()).hexdigest()


def tracking_code_for(secret_key: str, key: str) -> str:
    """The tracking code of the complaint logged with this key."""
    return codes.tracking_code_for(secret_key, "logged-by-staff:" + key)


def code_of(complaint: Complaint, key: str | None, secret_key: str) -> str | None:
    """The tracking code of a complaint logged with `key`, or None without its key."""
    if not key or complaint.submission_key != submission_hash(key):
        return None
    return tracking_code_for(secret_key, key)


def logged_with(key: str) -> Complaint | None:
    """The complaint a form sent with this key logged, if it has been sent."""
    return complaints.find_by_submission(submission_hash(key))


def log_once(
    answers: Answers, channel: Channel, by: User, received_at: datetime, key: str, config: Config
) -> tuple[Complaint, bool]:
    """Log the complaint of a form sent with this key, or find the one it logged when it
    was sent before: True when logged now.

    Raises CaseProblem as workflow.log_complaint does. The caller commits; an
    IntegrityError then means another request logged the same form at the same moment,
    and `logged_with(key)` finds its complaint once this one is rolled back.
    """
    logged = logged_with(key)
    if logged is not None:
        return logged, False
    complaint, _code = workflow.log_complaint(
        answers,
        channel,
        by,
        received_at,
        complaints.Targets.from_config(config),
        tracking_code=tracking_code_for(config["SECRET_KEY"], key),
        submission_key=submission_hash(key),
    )
    return complaint, True


class LogComplaintForm(Form):
    """A complaint that came by email, post or phone, typed in by a caseworker."""

    submission = StringField(widget=HiddenInput(), filters=[one_time_key])
    channel = RadioField(
        _l("How did the complaint arrive?"),
        choices=[(c.value, c.label) for c in Channel if c is not Channel.WEB],
        validators=[InputRequired(_l("Select how the complaint arrived"))],
        widget=GovRadioInput(),
    )
    technology = RadioField(
        _l("Technology"),
        choices=Technology.choices(),
        validators=[InputRequired(_l("Select the technology"))],
        widget=GovRadioInput(),
    )
    force = ForceField(
        _l("Police force"),
        blank=_l("Choose a force"),
        before=[("unknown", _l("Not known"))],
        validators=[DataRequired(_l("Select the force, or ‘Not known’"))],
        widget=GovSelect(),
    )
    # The public question's field: the same checks and the same messages.
    incident_date = IncidentDateField(
        _l("When it happened"),
        description=_l(
            "For example, 27 3 2026. If the exact day is not known, enter the month and year."
        ),
    )
    place = StringField(
        _l("Where it happened"),
        validators=[
            DataRequired(_l("Enter where it happened")),
            Length(max=500, message=_l("Where it happened must be 500 characters or fewer")),
        ],
        widget=GovTextInput(),
    )
    what_happened = TextAreaField(
        _l("What happened"),
        validators=[
            DataRequired(_l("Enter what happened")),
            Length(max=5000, message=_l("What happened must be 5,000 characters or fewer")),
        ],
        widget=GovTextArea(),
    )
    concerns = SelectMultipleField(
        _l("Concerns"),
        choices=Concern.choices(),
        validators=[DataRequired(_l("Select at least one concern"))],
        widget=GovCheckboxesInput(),
    )
    relation = RadioField(
        _l("How the complainant was involved"),
        choices=Relation.choices(),
        validators=[InputRequired(_l("Select how the complainant was involved"))],
        widget=GovRadioInput(),
    )
    outcome_wanted = TextAreaField(
        _l("What they want to happen"),
        validators=[
            DataRequired(_l("Enter what they want to happen")),
            Length(max=2000, message=_l("What they want must be 2,000 characters or fewer")),
        ],
        widget=GovTextArea(),
    )
    name = StringField(
        _l("Complainant’s name (leave blank if anonymous)"),
        validators=[
            Optional(),
            Length(max=200, message=_l("Name must be 200 characters or fewer")),
        ],
        widget=GovTextInput(),
    )
    email = StringField(
        _l("Email address (optional)"),
        validators=[
            Optional(),
            Length(max=254, message=_l("Email address must be 254 characters or fewer")),
        ],
        widget=GovTextInput(),
    )
    phone = StringField(
        _l("Phone number (optional)"),
        validators=[
            Optional(),
            Length(max=30, message=_l("Phone number must be 30 characters or fewer")),
        ],
        widget=GovTextInput(),
    )
    postal_address = TextAreaField(
        _l("Postal address (optional)"),
        validators=[
            Optional(),
            Length(max=1000, message=_l("Address must be 1,000 characters or fewer")),
        ],
        widget=GovTextArea(),
    )

    def answers(self) -> Answers:
        assert self.incident_date.data is not None, "answers() of a form that did not validate"
        when, approximate = self.incident_date.data
        contact = bool(self.name.data)
        preferred = (
            ContactMethod.PHONE
            if self.phone.data and not self.email.data
            else ContactMethod.POST
            if self.postal_address.data and not self.email.data
            else ContactMethod.EMAIL
        )
        return {
            "technology": self.technology.data,
            "force": self.force.data,
            "incident_date": when.isoformat(),
            "incident_date_approximate": approximate,
            "place": self.place.data,
            "what_happened": self.what_happened.data,
            "concerns": list(self.concerns.data or []),
            "relation": self.relation.data,
            "outcome_wanted": self.outcome_wanted.data,
            "wants_contact": "yes" if contact else "no",
            "name": self.name.data,
            "email": self.email.data or None,
            "phone": self.phone.data or None,
            "postal_address": self.postal_address.data or None,
            "preferred_contact": preferred.value,
            "accessibility_needs": None,
            "consent_to_share": "no",
        }
