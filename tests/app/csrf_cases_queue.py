"""The CSRF cases of the queue's own forms (registered with the others in
tests/app/csrf_cases.py; test_csrf.py imports this module to add them): a bulk action on
the cases selected, saving the filter shown as a view, and deleting one's own view."""

from __future__ import annotations

from typing import Any

from oversight.casework.queue.models import SavedView
from oversight.complaints.enums import Status
from oversight.extensions import db as _db
from tests.app.csrf_cases import CHANGES_RECORDS, Prepared, csrf_case
from tests.factories import make_case
from tests.helpers import login_as


@csrf_case("queue bulk action")
def _bulk_action(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("senior_caseworker"))
    complaint = make_case(Status.INVESTIGATING)
    _db.session.commit()
    selected = f"{complaint.reference}:{complaint.version}"
    return "/staff/cases/queue/bulk", lambda: {
        "cases": [selected],
        "action": "priority",
        "new_priority": "urgent",
        "priority_reason": "An arrest followed the alert.",
    }


@csrf_case("queue save view")
def _save_view(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("caseworker"))
    return "/staff/cases/queue/views?priority=urgent", lambda: {"name": "Urgent cases"}


@csrf_case("queue delete view")
def _delete_view(client: Any, request: Any) -> Prepared:
    owner = request.getfixturevalue("caseworker")
    login_as(client, owner)
    view = SavedView(owner_id=owner.id, name="Mine", filters={"priority": "high"})
    _db.session.add(view)
    _db.session.commit()
    return f"/staff/cases/queue/views/{view.id}/delete", dict


CHANGES_RECORDS.update({"queue bulk action", "queue save view", "queue delete view"})
