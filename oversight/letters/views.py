"""The case page's "Letters to post" section (a CaseSection create_app adds): each
message that goes by post, its letter to download, and the action marking it posted
(through casework.page.run_action)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from io import BytesIO

import sqlalchemy as sa
from flask import Blueprint, abort, current_app, send_file
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from oversight import policy
from oversight.access import refuse
from oversight.auth.models import User
from oversight.casework.page import CaseSection, case_roles, find_case, run_action, today
from oversight.complaints.models import Complaint
from oversight.extensions import db
from oversight.forms import Form
from oversight.letters import services as letters
from oversight.notify.models import OutboxMessage

bp = Blueprint("letters", __name__, url_prefix="/staff/cases")


class MarkPostedForm(Form):
    """Only the CSRF token: which letter is in the address."""


@dataclass(frozen=True)
class ToPost:
    message: OutboxMessage
    has_address: bool
    posted_by: str | None  # who marked it posted, by name


@dataclass(frozen=True)
class Section:
    letters: list[ToPost]
    can_print: bool
    can_post: bool


def _names(ids: set[int]) -> dict[int, str]:
    if not ids:
        return {}
    rows = db.session.execute(sa.select(User.id, User.name).where(User.id.in_(ids)))
    return {user_id: name for user_id, name in rows}


def _section(complaint: Complaint) -> Section:
    found = letters.letters_of(complaint)
    names = _names({m.posted_by_id for m in found if m.posted_by_id is not None})
    person = complaint.complainant
    has_address = bool(person and person.postal_address and person.postal_address.strip())
    return Section(
        letters=[
            ToPost(m, has_address, names.get(m.posted_by_id) if m.posted_by_id else None)
            for m in found
        ],
        can_print=policy.can_print_letter(current_user, complaint),
        can_post=policy.can_post_letter(current_user, complaint),
    )


def _forms(complaint: Complaint) -> Mapping[str, Form]:
    return {"mark_posted_form": MarkPostedForm(formdata=None)}


LETTERS = CaseSection(
    name="letters", template="letters/_letters.html", context=_section, forms=_forms
)


@bp.get("/<reference>/letters/<int:message_id>.pdf")
@case_roles
def download_letter(reference: str, message_id: int) -> ResponseReturnValue:
    complaint = find_case(reference)
    if not policy.can_print_letter(current_user, complaint):
        refuse("case", reference)
    try:
        message = letters.letter_of(complaint, message_id)
    except letters.LetterNotFound:
        abort(404)
    pdf = letters.letter_pdf(message, complaint, current_app.config, today())
    letters.record_download(complaint, message, current_user)
    db.session.commit()
    return send_file(
        BytesIO(pdf),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"letter-{complaint.reference}-{message_id}.pdf",
        max_age=0,
    )


@bp.post("/<reference>/letters/<int:message_id>/posted")
@case_roles
def mark_posted(reference: str, message_id: int) -> ResponseReturnValue:
    return run_action(
        reference,
        MarkPostedForm(),
        "mark_posted_form",
        lambda c, f: letters.mark_posted(c, message_id, current_user),
        _("Letter marked as posted. The case’s timeline shows it."),
    )
