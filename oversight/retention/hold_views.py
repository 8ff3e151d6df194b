"""The case page's "Legal hold" section (a CaseSection create_app adds) and its two
actions, setting and releasing a hold, each through casework.page.run_action."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from flask import Blueprint
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from govuk_frontend_wtf.wtforms_widgets import GovTextArea
from wtforms import TextAreaField
from wtforms.validators import DataRequired, Length

from oversight import policy
from oversight.casework.page import CaseSection, case_roles, run_action
from oversight.complaints.models import Complaint
from oversight.forms import Form
from oversight.retention import holds
from oversight.retention.models import LegalHold

bp = Blueprint("legal_holds", __name__, url_prefix="/staff/cases")


class SetHoldForm(Form):
    reason = TextAreaField(
        _l("Why is the case on legal hold?"),
        id="legal-hold-reason",
        description=_l(
            "For example, a claim, an investigation or a court’s request. Only staff will read this."
        ),
        validators=[
            DataRequired(_l("Enter why the case is on legal hold")),
            Length(
                max=holds.REASON_MAX, message=_l("The reason must be 2,000 characters or fewer")
            ),
        ],
        widget=GovTextArea(),
    )


class ReleaseHoldForm(Form):
    release_reason = TextAreaField(
        _l("Why is the hold released?"),
        id="legal-hold-release-reason",
        description=_l("Only staff will read this."),
        validators=[
            DataRequired(_l("Enter why the hold is released")),
            Length(
                max=holds.REASON_MAX, message=_l("The reason must be 2,000 characters or fewer")
            ),
        ],
        widget=GovTextArea(),
    )


@dataclass(frozen=True)
class Section:
    active: LegalHold | None
    released: list[LegalHold]
    can_hold: bool


def _section(complaint: Complaint) -> Section:
    every = holds.holds_of(complaint)
    return Section(
        active=next((hold for hold in every if hold.active), None),
        released=[hold for hold in every if not hold.active],
        can_hold=policy.can_hold_case(current_user, complaint),
    )


def _forms(complaint: Complaint) -> Mapping[str, Form]:
    return {
        "legal_hold_form": SetHoldForm(formdata=None),
        "release_hold_form": ReleaseHoldForm(formdata=None),
    }


LEGAL_HOLD = CaseSection(
    name="legal_hold", template="retention/_legal_hold.html", context=_section, forms=_forms
)


@bp.post("/<reference>/legal-hold")
@case_roles
def set_hold(reference: str) -> ResponseReturnValue:
    return run_action(
        reference,
        SetHoldForm(),
        "legal_hold_form",
        lambda c, f: holds.set_hold(c, f.reason.data, current_user),
        _("The case is on legal hold: the retention schedule will not touch it."),
    )


@bp.post("/<reference>/legal-hold/release")
@case_roles
def release_hold(reference: str) -> ResponseReturnValue:
    return run_action(
        reference,
        ReleaseHoldForm(),
        "release_hold_form",
        lambda c, f: holds.release_hold(c, f.release_reason.data, current_user),
        _("The legal hold is released: the retention schedule applies to the case again."),
    )
