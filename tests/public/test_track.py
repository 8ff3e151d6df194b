"""Tracking a complaint with its reference and tracking code."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.complaints.enums import Status, TimelineKind
from oversight.complaints.models import TimelineEntry
from tests.factories import make_complaint
from tests.helpers import post_page

CODE = "K7PM-29QX-4HTD"
NOT_RIGHT = "The reference or tracking code is not right"


@pytest.fixture
def complaint(db):
    made = make_complaint(tracking_code=CODE)
    db.session.commit()
    return made


def track(client, reference: str, code: str):
    return post_page(client, "/track", {"reference": reference, "tracking_code": code})


def test_the_right_reference_and_code_show_the_public_status(client, complaint):
    response = track(client, complaint.reference, CODE)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert complaint.reference in html
    assert "Received" in html
    assert "We received your complaint." in html


@pytest.mark.parametrize(
    "typed",
    [
        lambda ref, code: (ref.lower(), code.lower()),
        lambda ref, code: (ref.replace("-", ""), code.replace("-", " ")),
        lambda ref, code: (f"  {ref} ", f" {code}  "),
    ],
)
def test_reference_and_code_are_accepted_however_they_are_typed(client, complaint, typed):
    reference, code = typed(complaint.reference, CODE)
    assert track(client, reference, code).status_code == 200


def test_a_wrong_code_and_an_unknown_reference_get_the_same_message(client, complaint):
    wrong_code = track(client, complaint.reference, "AAAA-AAAA-AAAA")
    unknown = track(client, "FR-0000-0000", CODE)
    assert wrong_code.status_code == unknown.status_code == 400
    for response in (wrong_code, unknown):
        html = response.get_data(as_text=True)
        assert NOT_RIGHT in html
        assert "<title>Error:" in html
        assert "Received" not in html


def test_one_complaint_code_does_not_open_another(client, db):
    first = make_complaint(tracking_code=CODE)
    second = make_complaint(tracking_code="ZZZZ-YYYY-XXXX")
    db.session.commit()
    assert track(client, second.reference, CODE).status_code == 400
    assert track(client, first.reference, CODE).status_code == 200


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"reference": "", "tracking_code": CODE}, "Enter your complaint reference"),
        ({"reference": "FR-0000-0000", "tracking_code": ""}, "Enter your tracking code"),
        ({"reference": "F" * 41, "tracking_code": CODE}, "Enter your complaint reference, like"),
    ],
)
def test_the_track_form_says_what_is_missing(client, data, message):
    response = post_page(client, "/track", data)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)


def test_only_timeline_entries_meant_for_the_complainant_are_shown(client, db, complaint):
    db.session.add(
        TimelineEntry(
            complaint=complaint,
            kind=TimelineKind.NOTE,
            actor="caseworker",
            body="Internal: check the force's deployment log",
            visible_to_complainant=False,
        )
    )
    db.session.add(
        TimelineEntry(
            complaint=complaint,
            kind=TimelineKind.STATUS_CHANGE,
            actor="caseworker",
            from_status=Status.RECEIVED,
            to_status=Status.IN_TRIAGE,
            visible_to_complainant=True,
        )
    )
    complaint.status = Status.IN_TRIAGE
    db.session.commit()
    html = track(client, complaint.reference, CODE).get_data(as_text=True)
    assert "Being assessed" in html
    assert "deployment log" not in html


def test_tracking_is_audited_without_the_code(client, db, complaint):
    track(client, complaint.reference, CODE)
    track(client, complaint.reference, "AAAA-AAAA-AAAA")
    actions = list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions[-2:] == ["complaint.tracked", "complaint.track_failed"]
    for details in db.session.scalars(sa.select(AuditEvent.details)):
        assert CODE not in str(details)


def test_tracking_attempts_are_rate_limited(app, client, complaint):
    limit = app.config["TRACK_RATE_LIMIT"]
    app.config["TRACK_RATE_LIMIT"] = "3 per minute"
    try:
        statuses = [
            track(client, complaint.reference, "AAAA-AAAA-AAAA").status_code for _ in range(4)
        ]
        blocked = track(client, complaint.reference, CODE)
    finally:
        app.config["TRACK_RATE_LIMIT"] = limit
    assert statuses == [400, 400, 400, 429]
    assert blocked.status_code == 429
    assert "You have tried too many times" in blocked.get_data(as_text=True)
