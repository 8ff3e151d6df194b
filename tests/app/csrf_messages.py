"""The CSRF case of the message-template editor (beside csrf_cases.py, which is full):
a senior caseworker saves new wording, which only a valid token lets through."""

from __future__ import annotations

from typing import Any

from oversight.complaints.enums import Language
from oversight.notify.wording import store
from tests.app.csrf_cases import CHANGES_RECORDS, Prepared, csrf_case
from tests.helpers import login_as


@csrf_case("message template save")
def _save_wording(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("senior_caseworker"))
    subject, _ = store.shipped("withdrawal", Language.ENGLISH)
    return "/staff/messages/withdrawal/en", lambda: {
        "subject": subject,
        "body": "You have withdrawn your complaint ((reference)).",
        "based_on": "1",
        "action": "save",
    }


CHANGES_RECORDS.add("message template save")
