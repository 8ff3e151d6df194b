"""Administrators' "who looked" page: search for a person by a case reference, email
address or phone number, and see who looked at their data on each of their cases, and
when (oversight.audit.who_looked). Viewing it is itself audited, with the kind of search
and the cases found, never what was typed."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from oversight import formatting
from oversight.access import actor, roles_required
from oversight.audit import services as audit
from oversight.audit import who_looked
from oversight.auth.models import Role
from oversight.complaints.models import Complaint
from oversight.extensions import db
from oversight.forms import clean_line

bp = Blueprint("access_log", __name__)
SEARCH_MAX = 254  # the longest email address

WHAT = {
    "case.viewed": _l("Opened the case"),
    "complainant.viewed": _l("Viewed the contact details"),
    "evidence.downloaded": _l("Downloaded an evidence file"),
    "complaint.copy_downloaded": _l("Downloaded a copy of what they sent"),
    "rights.case_read": _l("Read or exported the records for a rights request"),
    "letter.downloaded": _l("Downloaded a letter for post"),
}


@bp.get("/staff/access-log")
@roles_required(Role.ADMINISTRATOR)
def access_log() -> str:
    searched = "search" in request.args
    # No NUL characters: PostgreSQL refuses them in a string parameter.
    text = clean_line(request.args.get("search", ""))[:SEARCH_MAX]
    page = request.args.get("page", 1, type=int) or 1
    error = None
    kind = who_looked.kind_of(text) if text else None
    cases: list[Complaint] = []
    looks = None
    if searched and not text:
        error = _("Enter a case reference, email address or phone number")
    elif searched and kind is None:
        error = _(
            "Enter a case reference like FR-7KQM-2XPD, an email address like name@example.com or a phone number"
        )
    elif kind is not None:
        cases = who_looked.cases_of(text, kind)
        looks = who_looked.looks_at(cases, page)
    # Render before the commit: committing expires what was loaded.
    html = render_template(
        "audit/access_log.html",
        search=text,
        error=error,
        searched=searched,
        cases=cases,
        looks=looks,
        what=WHAT,
        uk_time=formatting.date_and_time,
    )
    audit.record(
        "access_log.viewed",
        actor=actor(),
        object_type="audit_log",
        search=kind.value if kind else None,
        references=[c.reference for c in cases],
        count=looks.total if looks else 0,
    )
    db.session.commit()
    return html
