"""One transaction per move, and two people acting on one case at once. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import re
import threading
from time import sleep
from typing import Any

import pytest
import sqlalchemy as sa

from oversight.audit import services as audit
from oversight.auth.models import Role, User
from oversight.casework import changes, workflow
from oversight.complaints.enums import Status, TimelineKind
from oversight.complaints.models import Complaint
from tests.casework.cases import (
    CHANGED,
    VERSION,
    act,
    case,
    committed,
    events,
    page_of,
    snapshot,
    staff,
)
from tests.factories import make_case
from tests.helpers import csrf_token, login_as

# ---------------------------------------------------------------- one transaction per move


def fail_on(monkeypatch, action: str) -> None:
    """Make writing the audit event `action` fail, after the change it records was made."""
    real = audit.record

    def record(name: str, **kwargs: Any) -> Any:
        if name == action:
            raise RuntimeError("the audit trail is unavailable")
        return real(name, **kwargs)

    monkeypatch.setattr(audit, "record", record)


ATOMIC = [
    pytest.param("move", Status.IN_TRIAGE, {"target": "closed", "reason": "withdrawn"}, id="move"),
    pytest.param(
        "triage",
        Status.IN_TRIAGE,
        {"in_remit": "yes", "priority": "high", "priority_reason": "Arrest", "concerns": ["other"]},
        id="triage",
    ),
    pytest.param(
        "request-information", Status.INVESTIGATING, {"request_text": "Which day?"}, id="request"
    ),
    pytest.param("reply", Status.AWAITING_INFORMATION, {"reply_text": "Monday."}, id="reply"),
]


@pytest.mark.parametrize(("action", "status", "answers"), ATOMIC)
def test_if_the_audit_event_cannot_be_written_nothing_of_the_move_is_kept(
    app, client, db, caseworker, monkeypatch, action, status, answers
):
    complaint = make_case(status)
    db.session.commit()
    login_as(client, caseworker)
    html = page_of(client, complaint.reference)
    before = snapshot(db, complaint.reference)
    stored = committed(db, complaint.reference)
    fail_on(monkeypatch, "case.status_changed")
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    payload = {"csrf_token": csrf_token(html), "version": "1", **answers}
    response = client.post(f"/staff/cases/{complaint.reference}/{action}", data=payload)
    assert response.status_code == 500
    assert committed(db, complaint.reference) == stored
    db.session.rollback()  # what the end of the request does
    assert snapshot(db, complaint.reference) == before


def test_a_move_and_its_audit_event_are_kept_together(client, db, caseworker):
    complaint = make_case(Status.IN_TRIAGE)
    db.session.commit()
    login_as(client, caseworker)
    assert (
        act(client, db, complaint.reference, "move", {"target": "investigating"}).status_code == 302
    )
    moved = case(db, complaint.reference)
    [event] = events(db, "case.status_changed")
    entry = moved.timeline[-1]
    assert (entry.to_status, event.details["to_status"]) == (Status.INVESTIGATING, "investigating")
    assert audit.verify().intact


# ---------------------------------------------------------------- two people at once


def two_people(client, app, db, first: User, second: User, reference: str):
    """Two signed-in sessions that have both opened the case page."""
    other = app.test_client()
    login_as(client, first)
    login_as(other, second)
    return (client, page_of(client, reference)), (other, page_of(other, reference))


def send(session, reference: str, action: str, data: dict[str, Any]):
    client, html = session
    version = VERSION.search(html)
    payload = {"csrf_token": csrf_token(html), "version": version.group(1), **data}
    return client.post(f"/staff/cases/{reference}/{action}", data=payload)


def test_two_people_taking_one_case_at_once_one_wins_and_the_other_is_told(
    app, client, db, caseworker
):
    rival = staff(Role.CASEWORKER, "Rival Caseworker")
    complaint = make_case(Status.RECEIVED)
    db.session.commit()
    first, second = two_people(client, app, db, caseworker, rival, complaint.reference)
    assert send(first, complaint.reference, "take", {}).status_code == 302
    lost = send(second, complaint.reference, "take", {})
    html = lost.get_data(as_text=True)
    assert lost.status_code == 409
    assert CHANGED in html
    assert caseworker.name in html  # the page now shows who has it
    assert case(db, complaint.reference).assignee_id == caseworker.id
    assert len(events(db, "case.taken")) == 1
    assert events(db, "access.refused") == []


def test_the_loser_of_a_race_keeps_what_they_typed_and_can_send_it_again(
    app, client, db, caseworker, senior_caseworker
):
    complaint = make_case(Status.IN_TRIAGE)
    db.session.commit()
    first, second = two_people(client, app, db, caseworker, senior_caseworker, complaint.reference)
    assert (
        send(first, complaint.reference, "move", {"target": "awaiting_information"}).status_code
        == 302
    )
    mine = {"target": "closed", "reason": "vexatious", "note": "Fourth identical complaint today"}
    lost = send(second, complaint.reference, "move", mine)
    html = lost.get_data(as_text=True)
    assert lost.status_code == 409
    assert CHANGED in html
    assert "Fourth identical complaint today" in html
    assert re.search(
        r'<option selected value="vexatious">|<option value="vexatious" selected', html
    )
    assert case(db, complaint.reference).status is Status.AWAITING_INFORMATION
    # The page they got back carries the new version: sending it again works.
    again = send((second[0], html), complaint.reference, "move", mine)
    assert again.status_code == 302
    closed = case(db, complaint.reference)
    assert (closed.status, closed.closure_reason) == (Status.CLOSED, "vexatious")
    assert closed.timeline[-1].body == "Fourth identical complaint today"


def test_input_whose_form_is_gone_after_the_change_is_still_shown(
    app, client, db, caseworker, senior_caseworker
):
    complaint = make_case(Status.IN_TRIAGE)
    db.session.commit()
    first, second = two_people(client, app, db, caseworker, senior_caseworker, complaint.reference)
    triage = {"in_remit": "yes", "priority": "standard", "concerns": ["no_notice"]}
    assert send(first, complaint.reference, "triage", triage).status_code == 302
    mine = {
        "in_remit": "yes",
        "priority": "urgent",
        "priority_reason": "The complainant was arrested after the alert",
        "concerns": ["stopped_after_alert"],
        "note": "Spoke to the custody sergeant",
    }
    lost = send(second, complaint.reference, "triage", mine)
    html = lost.get_data(as_text=True)
    assert lost.status_code == 409
    assert "The complainant was arrested after the alert" in html
    assert "Spoke to the custody sergeant" in html
    assert case(db, complaint.reference).priority.value == "standard"


def race(app, attempt, people: int) -> list[str]:
    """Run `attempt(index)` in `people` threads at once, each in its own app context
    (its own session and connection), and say how each ended."""
    from oversight.extensions import db as _db

    start = threading.Barrier(people)
    outcomes: list[str] = [""] * people

    def run(index: int) -> None:
        with app.app_context():
            try:
                start.wait()
                attempt(index)
                sleep(0.3)  # hold the transaction open while the others try
                _db.session.commit()
                outcomes[index] = "won"
            except changes.CaseChanged:
                _db.session.rollback()
                outcomes[index] = "changed"
            except Exception as error:
                _db.session.rollback()
                outcomes[index] = repr(error)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(people)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes


def test_two_caseworkers_taking_a_case_at_the_same_moment_one_wins(app, db, caseworker):
    from oversight.extensions import db as _db

    rival = staff(Role.CASEWORKER, "Rival Caseworker")
    complaint = make_case(Status.RECEIVED)
    db.session.commit()
    ids = [caseworker.id, rival.id]
    reference = complaint.reference
    db.session.close()

    def take(index: int) -> None:
        found = _db.session.scalar(sa.select(Complaint).where(Complaint.reference == reference))
        workflow.take(found, _db.session.get(User, ids[index]), 1)

    outcomes = race(app, take, 2)
    assert sorted(outcomes) == ["changed", "won"]
    winner = ids[outcomes.index("won")]
    taken = case(db, reference)
    assert (taken.assignee_id, taken.version) == (winner, 2)
    assert [t.kind for t in taken.timeline].count(TimelineKind.ASSIGNMENT) == 1
    [event] = events(db, "case.taken")
    assert event.actor == f"user:{winner}"
    assert audit.verify().intact


def test_of_many_claims_on_one_version_exactly_one_succeeds(app, db):
    from oversight.extensions import db as _db

    complaint = make_case(Status.RECEIVED)
    db.session.commit()
    reference = complaint.reference
    db.session.close()

    def claim(index: int) -> None:
        found = _db.session.scalar(sa.select(Complaint).where(Complaint.reference == reference))
        changes.claim(found, 1)

    outcomes = race(app, claim, 5)
    assert sorted(outcomes) == ["changed"] * 4 + ["won"]
    assert case(db, reference).version == 2
