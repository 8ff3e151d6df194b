"""The CSRF cases of the legal hold's actions on the case page (beside csrf_cases.py,
which is full): set a hold on a closed case, and release one."""

from __future__ import annotations

from typing import Any

from oversight.complaints.enums import Status
from oversight.extensions import db as _db
from oversight.models import utcnow
from oversight.retention.models import LegalHold
from tests.app.csrf_cases import CHANGES_RECORDS, Prepared, csrf_case
from tests.factories import make_case
from tests.helpers import login_as


@csrf_case("case legal hold set")
def _set_hold(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("senior_caseworker"))
    complaint = make_case(Status.CLOSED, closed_at=utcnow())
    _db.session.commit()
    return f"/staff/cases/{complaint.reference}/legal-hold", lambda: {"reason": "A claim."}


@csrf_case("case legal hold release")
def _release_hold(client: Any, request: Any) -> Prepared:
    senior = request.getfixturevalue("senior_caseworker")
    login_as(client, senior)
    complaint = make_case(Status.CLOSED, closed_at=utcnow())
    _db.session.add(LegalHold(complaint_id=complaint.id, reason="A claim.", set_by_id=senior.id))
    _db.session.commit()
    path = f"/staff/cases/{complaint.reference}/legal-hold/release"
    return path, lambda: {"release_reason": "Settled."}


CHANGES_RECORDS.update({"case legal hold set", "case legal hold release"})
