"""The CSRF cases of the timeout warning's "Stay signed in" and of saving and discarding
a draft (registered with the others in tests/app/csrf_cases.py; test_csrf.py imports
this module to add them)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from oversight.drafts.models import Draft
from oversight.extensions import db as _db
from oversight.models import utcnow
from tests.app.csrf_cases import CHANGES_RECORDS, Prepared, csrf_case
from tests.factories import make_case
from tests.helpers import login_as


def _note_key(client: Any, request: Any) -> tuple[Any, str]:
    caseworker = request.getfixturevalue("caseworker")
    login_as(client, caseworker)
    complaint = make_case()
    _db.session.commit()
    return caseworker, f"/staff/cases/{complaint.reference}/notes#text"


@csrf_case("stay signed in")
def _stay_signed_in(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("caseworker"))
    with client.session_transaction() as session:  # the control request changes it
        session["last_seen"] = (utcnow() - timedelta(minutes=20)).timestamp()
    return "/staff/session/stay-signed-in", dict


@csrf_case("draft save")
def _draft_save(client: Any, request: Any) -> Prepared:
    _user, key = _note_key(client, request)
    return "/staff/drafts", lambda: {"key": key, "text": "Called the force."}


@csrf_case("draft discard")
def _draft_discard(client: Any, request: Any) -> Prepared:
    user, key = _note_key(client, request)
    _db.session.add(Draft(user_id=user.id, key=key, text="Called the force."))
    _db.session.commit()
    return "/staff/drafts/discard", lambda: {"key": key}


CHANGES_RECORDS.update({"draft save", "draft discard"})
