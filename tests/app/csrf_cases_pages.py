"""The CSRF cases of the feedback form and of marking an answer read (registered with the
others in tests/app/csrf_cases.py; test_csrf.py imports this module to add them)."""

from __future__ import annotations

from typing import Any

from oversight.extensions import db as _db
from oversight.models import utcnow
from oversight.pages.models import Feedback, Satisfaction
from tests.app.csrf_cases import CHANGES_RECORDS, Prepared, csrf_case
from tests.helpers import login_as


@csrf_case("feedback")
def _feedback(client: Any, request: Any) -> Prepared:
    return "/feedback", lambda: {"satisfaction": "satisfied", "improve": "More colour."}


@csrf_case("feedback mark read")
def _feedback_mark_read(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("administrator"))
    feedback = Feedback(submitted_at=utcnow(), satisfaction=Satisfaction.NEITHER)
    _db.session.add(feedback)
    _db.session.commit()
    return f"/staff/feedback/{feedback.id}/read", dict


CHANGES_RECORDS.update({"feedback", "feedback mark read"})
