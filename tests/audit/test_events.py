"""Each event kind declares its fields, and what every event carries (actor, action,
object, outcome, UTC time, request id)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from oversight.audit import services as audit
from oversight.audit.models import AuditChainHead
from oversight.models import utcnow
from tests.audit.trail import events
from tests.factories import make_complaint
from tests.helpers import login_as

# --- Each event kind declares its fields -------------------------------------------------


@pytest.mark.parametrize(
    ("action", "outcome", "details"),
    [
        pytest.param("case.viewed", "success", {}, id="missing field"),
        pytest.param("case.viewed", "success", {"reference": "X", "name": "Jo"}, id="extra field"),
        pytest.param("case.peeked", "success", {"reference": "X"}, id="unknown action"),
        pytest.param("case.viewed", "maybe", {"reference": "X"}, id="bad outcome"),
    ],
)
def test_an_event_that_does_not_match_its_declaration_is_refused_and_leaves_no_trace(
    db, action, outcome, details
):
    with pytest.raises(audit.UnknownAuditEvent):
        audit.record(action, actor="user:1", object_type="case", outcome=outcome, **details)
    db.session.commit()
    assert events(db) == []
    assert db.session.get(AuditChainHead, 1).seq == 0


def test_every_declared_kind_can_be_recorded_with_exactly_its_fields(db):
    for action, fields in audit.EVENTS.items():
        audit.record(action, actor="user:1", object_type="test", **dict.fromkeys(fields, "x"))
    db.session.commit()
    recorded = events(db)
    assert [event.action for event in recorded] == list(audit.EVENTS)
    assert all(set(event.details) == audit.EVENTS[event.action] for event in recorded)
    assert audit.verify().intact


# --- What every event carries ------------------------------------------------------------


def test_an_event_recorded_in_a_request_has_actor_action_object_outcome_utc_time_and_request_id(
    client, db, caseworker
):
    complaint = make_complaint()
    db.session.commit()
    login_as(client, caseworker)
    before = utcnow()
    response = client.get(f"/staff/cases/{complaint.reference}")
    assert response.status_code == 200
    [event] = events(db, "case.viewed")
    assert event.actor == f"user:{caseworker.id}"
    assert (event.object_type, event.object_id) == ("case", complaint.reference)
    assert event.outcome == "success"
    assert event.at.utcoffset() == timedelta(0)
    assert before <= event.at <= utcnow()
    assert event.request_id
    assert response.headers["X-Request-ID"] == event.request_id


def test_each_request_has_its_own_request_id(client, db, caseworker):
    complaint = make_complaint()
    db.session.commit()
    login_as(client, caseworker)
    headers = {
        client.get(f"/staff/cases/{complaint.reference}").headers["X-Request-ID"] for _ in "ab"
    }
    assert len(headers) == 2
    assert {event.request_id for event in events(db, "case.viewed")} == headers


def test_an_event_recorded_outside_a_request_has_no_request_id(db):
    audit.record("user.disabled", actor="cli", object_type="user", object_id="1")
    db.session.commit()
    [event] = events(db)
    assert event.request_id is None
    assert event.actor == "cli"
