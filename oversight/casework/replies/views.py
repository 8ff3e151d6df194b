"""A reply or evidence from the complainant that the caseworker has not read yet: the case
page says so ("New reply", a case page section) until someone marks it read.

The complainant's side is oversight.public.replies, which sets `Complaint.replied_at`;
the queue's "Reply received" filter (casework.queries) finds the cases that have one.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from flask import Blueprint
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from oversight import policy
from oversight.auth.models import User
from oversight.casework.changes import (
    NotPermitted,
    actor_of,
    claim,
    expect_version,
    record_case_event,
)
from oversight.casework.forms import CaseForm
from oversight.casework.page import CaseSection, case_roles, run_action
from oversight.complaints.models import Complaint
from oversight.forms import Form

bp = Blueprint("new_reply", __name__, url_prefix="/staff/cases")


class MarkReadForm(CaseForm):
    """Only the case's version: the case is in the address."""


def mark_read(complaint: Complaint, by: User, version: int) -> None:
    """The complainant's reply has been read: the case no longer shows it as new."""
    expect_version(complaint, version)
    if not policy.can_change_case(by, complaint):
        raise NotPermitted
    claim(complaint, version)
    complaint.replied_at = None
    record_case_event("case.reply_read", complaint, actor_of(by))


def _replied_at(complaint: Complaint) -> datetime | None:
    return complaint.replied_at


def _forms(complaint: Complaint) -> Mapping[str, Form]:
    return {"mark_read_form": MarkReadForm(data={"version": complaint.version}, formdata=None)}


NEW_REPLY = CaseSection(
    name="new_reply",
    template="casework/_new_reply.html",
    context=_replied_at,
    forms=_forms,
)


@bp.post("/<reference>/reply-read")
@case_roles
def reply_read(reference: str) -> ResponseReturnValue:
    return run_action(
        reference,
        MarkReadForm(),
        "mark_read_form",
        lambda c, f: mark_read(c, current_user, f.version.data),
        _("You have marked the reply as read."),
    )
