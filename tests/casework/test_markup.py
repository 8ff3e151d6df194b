"""Markup typed into a case is shown as text. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import pytest

from oversight.complaints.enums import Status
from tests.casework.cases import act, page_of
from tests.factories import make_case
from tests.helpers import login_as

# ---------------------------------------------------------------- markup


MARKUP = '<script>alert("x")</script><b onmouseover="x()">bold</b>'
ESCAPED = "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;b onmouseover=&#34;x()&#34;&gt;"


@pytest.mark.parametrize(
    ("status", "action", "field"),
    [
        (Status.INVESTIGATING, "notes", "text"),
        (Status.INVESTIGATING, "request-information", "request_text"),
        (Status.AWAITING_INFORMATION, "reply", "reply_text"),
        (Status.IN_TRIAGE, "move", "note"),
        (Status.INVESTIGATING, "recommendations", "text"),
    ],
)
def test_markup_typed_into_the_case_is_shown_as_text(client, db, caseworker, status, action, field):
    complaint = make_case(status)
    db.session.commit()
    login_as(client, caseworker)
    extra = {
        "move": {"target": "investigating"},
        "recommendations": {"force": "south-wales", "due_date": "2027-01-29"},
    }.get(action, {})
    response = act(client, db, complaint.reference, action, {field: MARKUP, **extra})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    html = page_of(client, complaint.reference)
    assert ESCAPED in html
    assert "<script>alert" not in html
    assert "<b onmouseover" not in html


def test_markup_in_a_refused_form_is_shown_as_text(client, db, caseworker):
    complaint = make_case(Status.IN_TRIAGE)
    db.session.commit()
    login_as(client, caseworker)
    response = act(
        client, db, complaint.reference, "move", {"target": "decision_issued", "note": MARKUP}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert ESCAPED in html
    assert "<script>alert" not in html
