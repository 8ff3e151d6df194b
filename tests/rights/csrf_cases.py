"""The CSRF cases of the rights request pages (registered with tests/app/csrf_cases.py's
registry; tests/app/test_csrf.py imports this module): each signs in an information
rights officer, makes what the form needs, and returns its address and data."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from oversight.auth.models import Role, User
from oversight.complaints.enums import EvidenceType, Status
from oversight.extensions import db as _db
from oversight.rights import services
from oversight.rights.models import (
    ReceivedVia,
    RedactionReason,
    RequestKind,
    RightsRequest,
)
from tests.app.csrf_cases import CHANGES_RECORDS, Prepared, csrf_case
from tests.factories import make_case, make_user
from tests.helpers import login_as
from tests.rights.conftest import store_evidence, text_pdf

NEW = {
    "kind": "access",
    "requester_name": "Jo Bloggs",
    "reply_to": "jo@example.com",
    "received_via": "email",
    "received_on-day": "30",
    "received_on-month": "11",
    "received_on-year": "2026",
}


def _officer(client: Any) -> User:
    user = make_user({Role.INFORMATION_RIGHTS}, email="csrf-rights@example.test", name="Ira")
    _db.session.commit()
    login_as(client, user)
    return user


def _request(user: User, checked: bool = False, chosen: bool = False) -> RightsRequest:
    made = services.log_request(
        RequestKind.ACCESS,
        "Jo Bloggs",
        "jo@example.com",
        ReceivedVia.EMAIL,
        date(2026, 11, 30),
        user,
        date(2026, 12, 4),
    )
    if checked:
        services.check_identity(made, "Email matches", user)
    if chosen:
        complaint = make_case(Status.INVESTIGATING)
        _db.session.add(
            store_evidence(complaint, "letter.pdf", EvidenceType.PDF, text_pdf("A letter"))
        )
        _db.session.flush()
        services.choose_cases(made, [complaint.reference], user)
    _db.session.commit()
    return made


def _case(
    path: str, data: Callable[[RightsRequest], dict[str, Any]], **made: bool
) -> Callable[[Any, Any], Prepared]:
    def prepare(client: Any, request: Any) -> Prepared:
        user = _officer(client)
        rights_request = _request(user, **made)
        values = data(rights_request)
        return path.format(id=rights_request.id, **values.pop("_path", {})), lambda: dict(values)

    return prepare


def _phrase(r: RightsRequest) -> dict[str, Any]:
    return {"phrase": "Jo Bloggs", "reason": "third_party"}


def _first_case(r: RightsRequest) -> dict[str, Any]:
    return {"_path": {"reference": r.cases[0].complaint.reference}}


def _a_redaction(r: RightsRequest) -> dict[str, Any]:
    made = services.add_phrase(r, "Jo", RedactionReason.THIRD_PARTY, None, r.logged_by)
    _db.session.commit()
    return {"_path": {"redaction": made.id}}


def _a_box(r: RightsRequest) -> dict[str, Any]:
    return {
        "_path": {"evidence": r.cases[0].complaint.evidence[0].id},
        "page": "1",
        "left": "10",
        "top": "10",
        "right": "50",
        "bottom": "50",
        "reason": "third_party",
    }


def _to_choose(r: RightsRequest) -> dict[str, Any]:
    complaint = make_case(Status.RECEIVED)
    _db.session.commit()
    return {"cases": complaint.reference}


CASES = {
    "rights log request": _case("/staff/rights/new", lambda r: dict(NEW)),
    "rights extend": _case(
        "/staff/rights/{id}/extend", lambda r: {"months": "2", "reason": "Complex"}
    ),
    "rights identity": _case("/staff/rights/{id}/identity", lambda r: {"method": "Passport seen"}),
    "rights outcome": _case(
        "/staff/rights/{id}/outcome",
        lambda r: {"status": "withdrawn", "note": "Withdrawn by phone"},
    ),
    "rights release": _case("/staff/rights/{id}/release", lambda r: {}, checked=True, chosen=True),
    "rights choose": _case("/staff/rights/{id}/choose", _to_choose),
    "rights unchoose": _case(
        "/staff/rights/{id}/cases/{reference}/remove", _first_case, chosen=True
    ),
    "rights redactions": _case("/staff/rights/{id}/redactions", _phrase),
    "rights remove redaction": _case(
        "/staff/rights/{id}/redactions/{redaction}/remove", _a_redaction
    ),
    "rights evidence box": _case("/staff/rights/{id}/evidence/{evidence}", _a_box, chosen=True),
}
for name, prepare in CASES.items():
    csrf_case(name)(prepare)
CHANGES_RECORDS.update(CASES)
