"""The CSRF case of marking a letter posted on the case page (beside csrf_cases.py,
which is full)."""

from __future__ import annotations

from typing import Any

from oversight.extensions import db as _db
from tests.app.csrf_cases import CHANGES_RECORDS, Prepared, csrf_case
from tests.helpers import login_as
from tests.letters.cases import case_to_post


@csrf_case("case letter marked posted")
def _mark_posted(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("caseworker"))
    complaint, message = case_to_post()
    _db.session.commit()
    return f"/staff/cases/{complaint.reference}/letters/{message.id}/posted", dict


CHANGES_RECORDS.add("case letter marked posted")
