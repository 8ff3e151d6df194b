"""Every action on a case through the staff pages: who may take it, the workflow's
allowed and refused moves, one transaction per move, two people acting at once,
deadlines, correspondence, findings and the decision, links, and complaints logged
by staff. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL.
"""

from __future__ import annotations

import re
import threading
from datetime import UTC, date, datetime, time, timedelta
from time import sleep
from typing import Any

import pytest
import sqlalchemy as sa

from oversight.audit import services as audit
from oversight.audit.models import AuditEvent
from oversight.auth.models import Role, User
from oversight.casework import services
from oversight.casework.states import (
    ALLOWED_MOVES,
    CLOSURE_LABELS,
    REFERRAL_LABELS,
    ClosureReason,
    ReferralBody,
    closing_reasons,
)
from oversight.complaints import codes
from oversight.complaints.enums import Channel, Concern, Finding, LinkKind, Status, TimelineKind
from oversight.complaints.models import Complaint, ComplaintLink, Recommendation
from oversight.forces.models import force_by_slug
from oversight.notify.models import MessageKind, OutboxMessage
from tests.factories import make_case, make_complaint, make_user
from tests.helpers import csrf_token, login_as

VERSION = re.compile(r'name="version" type="hidden" value="(\d+)"')
CHANGED = "Someone else changed this case while you were working on it"
NO_PERMISSION = "You do not have permission to see this page"
TRACKING_CODE = "AAAA-BBBB-CCCC"  # what make_complaint gives every case
# Events that reading a page or being refused adds; none of them is a change.
NOT_CHANGES = {"case.viewed", "access.refused"}


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def page_of(client, reference: str) -> str:
    response = client.get(f"/staff/cases/{reference}")
    assert response.status_code == 200
    return response.get_data(as_text=True)


def act(client, db, reference: str, action: str, data: dict[str, Any] | None = None):
    """Send one form of the case page, as a browser would: the page's CSRF token and
    the version it shows (or, for someone the page shows no form, the current one)."""
    opened = client.get(f"/staff/cases/{reference}")
    if opened.status_code == 200:
        html = opened.get_data(as_text=True)
    else:  # a role that may not see cases at all: any page's token
        html = client.get("/track").get_data(as_text=True)
    payload = {"csrf_token": csrf_token(html), **(data or {})}
    shown = VERSION.search(html)
    if "version" not in payload:
        payload["version"] = shown.group(1) if shown else str(case(db, reference).version)
    return client.post(f"/staff/cases/{reference}/{action}", data=payload)


def case(db, reference: str) -> Complaint:
    db.session.expire_all()
    return db.session.scalar(sa.select(Complaint).where(Complaint.reference == reference))


def actions(db) -> list[str]:
    db.session.expire_all()
    return [
        action
        for action in db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.seq))
        if action not in NOT_CHANGES
    ]


def events(db, action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
        )
    )


def snapshot(db, reference: str) -> tuple[Any, ...]:
    """Everything an action could change about a case, and every change recorded."""
    c = case(db, reference)
    return (
        c.status,
        c.version,
        c.assignee_id,
        c.in_remit,
        c.priority,
        c.closure_reason,
        c.referred_to,
        c.closed_at,
        c.awaiting_since,
        c.decision_by,
        c.due_on,
        c.overall_outcome,
        c.decision_summary,
        c.signed_off_by_id,
        c.decision_issued_at,
        [cc.concern for cc in c.concerns],
        [(f.concern, f.finding) for f in c.findings],
        [(t.kind, t.from_status, t.to_status, t.body) for t in c.timeline],
        [(r.text, r.response) for r in c.recommendations],
        db.session.scalar(sa.select(sa.func.count()).select_from(ComplaintLink)),
        db.session.scalar(sa.select(sa.func.count()).select_from(OutboxMessage)),
        actions(db),
    )


def committed(db, reference: str) -> tuple[Any, ...]:
    """The case as another connection sees it: only what was committed."""
    with db.engine.connect() as connection:
        row = connection.execute(
            sa.select(Complaint.status, Complaint.version, Complaint.closure_reason).where(
                Complaint.reference == reference
            )
        ).one()
        timeline = connection.execute(
            sa.text(
                "SELECT count(*) FROM timeline_entries JOIN complaints"
                " ON complaints.id = timeline_entries.complaint_id"
                " WHERE complaints.reference = :reference"
            ),
            {"reference": reference},
        ).scalar_one()
        outbox = connection.execute(sa.text("SELECT count(*) FROM outbox_messages")).scalar_one()
    return (*row, timeline, outbox)


def staff(role: Role, name: str) -> User:
    return make_user({role}, email=f"{name.lower().replace(' ', '.')}@example.test", name=name)


# ---------------------------------------------------------------- who may do what

FINDINGS = {
    "finding_no_notice": "upheld",
    "finding_protest_or_event": "not_upheld",
    "overall": "partly_upheld",
    "summary": "Signs were missing.",
}
# Each action: where it posts, the case it is tried on, and answers with which it succeeds.
ACTIONS: dict[str, tuple[str, Status, dict[str, Any], dict[str, Any]]] = {
    "take": ("take", Status.RECEIVED, {}, {}),
    "assign": ("assign", Status.RECEIVED, {}, {"assignee": "{colleague}"}),
    "triage": (
        "triage",
        Status.IN_TRIAGE,
        {},
        {"in_remit": "yes", "priority": "standard", "concerns": ["no_notice"]},
    ),
    "move": ("move", Status.IN_TRIAGE, {}, {"target": "investigating"}),
    "note": ("notes", Status.INVESTIGATING, {}, {"text": "Rang the force."}),
    "request information": (
        "request-information",
        Status.INVESTIGATING,
        {},
        {"request_text": "Which day was it?"},
    ),
    "reply": ("reply", Status.AWAITING_INFORMATION, {}, {"reply_text": "The 14th."}),
    "findings": ("findings", Status.INVESTIGATING, {}, FINDINGS),
    "recommendation": (
        "recommendations",
        Status.INVESTIGATING,
        {},
        {"force": "south-wales", "text": "Put up signs.", "due_date": "2027-01-29"},
    ),
    "force response": (
        "recommendations/{recommendation}/response",
        Status.INVESTIGATING,
        {},
        {"response": "accepted"},
    ),
    "sign-off": ("sign-off", Status.INVESTIGATING, {"findings": Finding.UPHELD}, {}),
    "issue decision": (
        "issue-decision",
        Status.INVESTIGATING,
        {"findings": Finding.UPHELD, "signed_off": True},
        {},
    ),
    "link": (
        "links",
        Status.INVESTIGATING,
        {},
        {"other_reference": "{other}", "kind": "related_to"},
    ),
}
CASE_ROLES = ("caseworker", "senior_caseworker")
OTHER_ROLES = ("statistician", "publisher", "administrator")


def expected_for(role: str, assigned: str, action: str) -> int:
    """The rules of the issue, written out once: the status each role gets."""
    if role in OTHER_ROLES:
        return 403
    senior = role == "senior_caseworker"
    if action == "take":
        return 302 if assigned == "nobody" else 403
    if action == "assign":
        return 302 if senior else 403
    if action == "sign-off":
        return 302 if senior and assigned != "self" else 403
    if senior:
        return 302
    return 302 if assigned in ("nobody", "self") else 403


WHO_MAY = [
    pytest.param(
        role,
        assigned,
        action,
        expected_for(role, assigned, action),
        id=f"{role}-{assigned}-{action}",
    )
    for role in CASE_ROLES
    for assigned in ("nobody", "self", "someone_else")
    for action in ACTIONS
] + [
    pytest.param(role, "nobody", action, 403, id=f"{role}-{action}")
    for role in OTHER_ROLES
    for action in ACTIONS
]


def prepare(db, action: str, assignee: User | None) -> tuple[str, str, dict[str, Any]]:
    """A case ready for `action`, its address for the action, and answers that succeed."""
    path, status, fields, data = ACTIONS[action]
    made = dict(fields)
    if made.pop("signed_off", False):
        signer = staff(Role.SENIOR_CASEWORKER, "Signing Senior")
        made.update(signed_off_by_id=signer.id, signed_off_at=at("2026-07-01T10:00:00"))
    complaint = make_case(status, assignee_id=assignee.id if assignee else None, **made)
    other = make_case(Status.RECEIVED)
    colleague = staff(Role.CASEWORKER, "Colleague Caseworker")
    recommendation = Recommendation(
        complaint=complaint,
        force=force_by_slug("south-wales"),
        text="Train officers.",
        due_date=date(2027, 1, 29),
        created_by="user:0",
    )
    db.session.add(recommendation)
    db.session.commit()
    values = {"colleague": colleague.id, "other": other.reference}
    answers = {
        name: [v.format(**values) for v in value]
        if isinstance(value, list)
        else value.format(**values)
        for name, value in data.items()
    }
    return complaint.reference, path.format(recommendation=recommendation.id), answers


@pytest.mark.parametrize(("role", "assigned", "action", "expected"), WHO_MAY)
def test_who_may_take_each_action_on_a_case(client, db, request, role, assigned, action, expected):
    user = request.getfixturevalue(role)
    someone_else = staff(Role.CASEWORKER, "Someone Else")
    assignee = {"nobody": None, "self": user, "someone_else": someone_else}[assigned]
    reference, path, data = prepare(db, action, assignee)
    login_as(client, user)
    before = snapshot(db, reference)
    response = act(client, db, reference, path, data)
    assert response.status_code == expected, response.get_data(as_text=True)[:3000]
    refused = [e for e in events(db, "access.refused") if e.details["method"] == "POST"]
    if expected == 403:
        assert NO_PERMISSION in response.get_data(as_text=True)
        assert snapshot(db, reference) == before
        [event] = refused
        assert event.actor == f"user:{user.id}"
        assert event.outcome == audit.DENIED
        assert event.details["method"] == "POST"
    else:
        assert refused == []
        assert snapshot(db, reference) != before


def test_a_caseworker_is_refused_a_case_assigned_to_someone_else_and_it_is_recorded(
    client, db, caseworker
):
    owner = staff(Role.CASEWORKER, "Case Owner")
    complaint = make_case(Status.IN_TRIAGE, assignee_id=owner.id)
    db.session.commit()
    login_as(client, caseworker)
    html = page_of(client, complaint.reference)
    assert "Change status" not in html, "the page offers a change the caseworker may not make"
    response = act(client, db, complaint.reference, "move", {"target": "investigating"})
    assert response.status_code == 403
    [event] = events(db, "access.refused")
    assert (event.actor, event.object_type, event.object_id) == (
        f"user:{caseworker.id}",
        "case",
        complaint.reference,
    )
    assert event.details == {"endpoint": "casework.move", "method": "POST"}
    assert case(db, complaint.reference).status is Status.IN_TRIAGE


def test_a_senior_caseworker_assigns_a_case_and_the_timeline_says_so(
    client, db, senior_caseworker, caseworker
):
    complaint = make_case(Status.RECEIVED)
    db.session.commit()
    login_as(client, senior_caseworker)
    response = act(client, db, complaint.reference, "assign", {"assignee": str(caseworker.id)})
    assert response.status_code == 302
    assigned = case(db, complaint.reference)
    assert assigned.assignee_id == caseworker.id
    assert [(t.kind, t.body) for t in assigned.timeline][-1] == (
        TimelineKind.ASSIGNMENT,
        caseworker.name,
    )
    [event] = events(db, "case.assigned")
    assert event.details == {"reference": complaint.reference, "assignee": caseworker.id}
    assert caseworker.name in page_of(client, complaint.reference)


def test_a_case_can_only_be_assigned_to_a_caseworker(client, db, senior_caseworker, statistician):
    complaint = make_case(Status.RECEIVED)
    db.session.commit()
    login_as(client, senior_caseworker)
    before = snapshot(db, complaint.reference)
    response = act(client, db, complaint.reference, "assign", {"assignee": str(statistician.id)})
    assert response.status_code == 400
    assert "Choose a caseworker" in response.get_data(as_text=True)
    assert snapshot(db, complaint.reference) == before


def test_a_caseworker_takes_an_unassigned_case_but_not_one_already_taken(client, db, caseworker):
    complaint = make_case(Status.RECEIVED)
    db.session.commit()
    login_as(client, caseworker)
    assert "Take this case" in page_of(client, complaint.reference)
    assert act(client, db, complaint.reference, "take").status_code == 302
    assert case(db, complaint.reference).assignee_id == caseworker.id
    assert "Take this case" not in page_of(client, complaint.reference)
    assert act(client, db, complaint.reference, "take").status_code == 403


def test_findings_are_signed_off_by_a_senior_who_did_not_investigate(
    client, db, caseworker, senior_caseworker
):
    complaint = make_case(
        Status.INVESTIGATING, findings=Finding.UPHELD, assignee_id=senior_caseworker.id
    )
    db.session.commit()
    login_as(client, senior_caseworker)
    html = page_of(client, complaint.reference)
    assert "Sign off the findings" not in html
    assert "A senior caseworker who did not investigate the case must sign off" in html
    assert act(client, db, complaint.reference, "sign-off").status_code == 403
    login_as(client, caseworker)
    assert act(client, db, complaint.reference, "sign-off").status_code == 403
    other_senior = staff(Role.SENIOR_CASEWORKER, "Second Senior")
    db.session.commit()
    login_as(client, other_senior)
    assert act(client, db, complaint.reference, "sign-off").status_code == 302
    signed = case(db, complaint.reference)
    assert signed.signed_off_by_id == other_senior.id
    assert signed.signed_off_at is not None
    assert "Signed off by Second Senior" in page_of(client, complaint.reference)


# ---------------------------------------------------------------- the workflow

ALLOWED = [
    pytest.param(source, target, id=f"{source}-to-{target}")
    for source in Status
    for target in Status
    if target in ALLOWED_MOVES[source]
]
REFUSED = [
    pytest.param(source, target, id=f"{source}-to-{target}")
    for source in Status
    for target in Status
    if target not in ALLOWED_MOVES[source]
]


def closing_answers(source: Status, target: Status) -> dict[str, str]:
    if target is not Status.CLOSED:
        return {}
    reasons = closing_reasons(source)
    reason = ClosureReason.WITHDRAWN if ClosureReason.WITHDRAWN in reasons else min(reasons)
    return {"reason": reason.value}


def case_at(status: Status) -> Complaint:
    """A case at `status` with whatever that status implies (findings once decided …)."""
    decided = status in (Status.DECISION_ISSUED, Status.CLOSED, Status.REVIEW_REQUESTED)
    return make_case(
        status,
        findings=Finding.UPHELD if decided else None,
        decision_issued_at=at("2026-07-01T10:00:00") if decided else None,
        closure_reason=ClosureReason.OUTCOME_ISSUED.value if status is Status.CLOSED else None,
    )


@pytest.mark.parametrize(("source", "target"), ALLOWED)
def test_every_allowed_move_is_made_with_a_timeline_entry_and_an_audit_event(
    client, db, senior_caseworker, source, target
):
    complaint = case_at(source)
    db.session.commit()
    login_as(client, senior_caseworker)
    entries = len(complaint.timeline)
    answers = closing_answers(source, target)
    response = act(client, db, complaint.reference, "move", {"target": target.value, **answers})
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    moved = case(db, complaint.reference)
    assert moved.status is target
    assert moved.version == 2
    assert len(moved.timeline) == entries + 1
    entry = moved.timeline[-1]
    assert (entry.kind, entry.from_status, entry.to_status, entry.reason) == (
        TimelineKind.STATUS_CHANGE,
        source,
        target,
        answers.get("reason"),
    )
    assert entry.actor == f"user:{senior_caseworker.id}"
    [event] = events(db, "case.status_changed")
    assert event.details == {
        "reference": complaint.reference,
        "from_status": source.value,
        "to_status": target.value,
        "reason": answers.get("reason"),
    }


@pytest.mark.parametrize(("source", "target"), REFUSED)
def test_every_refused_move_says_why_and_changes_nothing(
    client, db, senior_caseworker, source, target
):
    complaint = case_at(source)
    db.session.commit()
    login_as(client, senior_caseworker)
    before = snapshot(db, complaint.reference)
    answers = {"reason": "withdrawn"} if target is Status.CLOSED else {}
    response = act(client, db, complaint.reference, "move", {"target": target.value, **answers})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f"A case that is ‘{source.label}’ cannot be moved to ‘{target.label}’" in html
    allowed = sorted(s.label for s in ALLOWED_MOVES[source])
    assert f"It can be moved to: {', '.join(allowed)}." in html
    assert 'class="govuk-error-summary' in html
    assert snapshot(db, complaint.reference) == before


@pytest.mark.parametrize(
    ("answers", "message"),
    [
        ({}, "Select a reason for closing the case"),
        ({"reason": "referred"}, "Select the body the complaint is referred to"),
        ({"reason": "outcome_issued"}, "cannot be closed as ‘Outcome issued’"),
    ],
    ids=["no reason", "referral without a body", "outcome before a decision"],
)
def test_closing_is_refused_without_a_fitting_reason(client, db, caseworker, answers, message):
    complaint = make_case(Status.IN_TRIAGE)
    db.session.commit()
    login_as(client, caseworker)
    before = snapshot(db, complaint.reference)
    response = act(client, db, complaint.reference, "move", {"target": "closed", **answers})
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert snapshot(db, complaint.reference) == before


def test_a_decided_case_closes_only_as_outcome_issued(client, db, caseworker):
    complaint = case_at(Status.DECISION_ISSUED)
    db.session.commit()
    login_as(client, caseworker)
    response = act(
        client, db, complaint.reference, "move", {"target": "closed", "reason": "withdrawn"}
    )
    assert response.status_code == 400
    assert "cannot be closed as ‘Withdrawn by the complainant’" in response.get_data(as_text=True)
    assert case(db, complaint.reference).status is Status.DECISION_ISSUED


def test_only_closing_takes_a_closure_reason(client, db, caseworker):
    complaint = make_case(Status.IN_TRIAGE)
    db.session.commit()
    login_as(client, caseworker)
    response = act(
        client,
        db,
        complaint.reference,
        "move",
        {"target": "investigating", "reason": "withdrawn"},
    )
    assert response.status_code == 400
    assert "Only closing a case takes a closure reason" in response.get_data(as_text=True)
    assert case(db, complaint.reference).status is Status.IN_TRIAGE


CLOSINGS = [
    pytest.param(Status.IN_TRIAGE, reason, id=reason.value)
    for reason in sorted(frozenset(ClosureReason) - {ClosureReason.OUTCOME_ISSUED})
] + [pytest.param(Status.DECISION_ISSUED, ClosureReason.OUTCOME_ISSUED, id="outcome_issued")]


@pytest.mark.parametrize(("source", "reason"), CLOSINGS)
def test_closing_records_its_reason_and_any_body_referred_to(
    client, db, senior_caseworker, source, reason
):
    complaint = case_at(source)
    db.session.commit()
    login_as(client, senior_caseworker)
    answers = {"target": "closed", "reason": reason.value}
    if reason is ClosureReason.REFERRED:
        answers["referred_to"] = ReferralBody.PIRC.value
    response = act(client, db, complaint.reference, "move", answers)
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    closed = case(db, complaint.reference)
    assert closed.status is Status.CLOSED
    assert closed.closure_reason == reason.value
    assert closed.closed_at is not None
    assert closed.due_on is None
    assert closed.timeline[-1].reason == reason.value
    [event] = events(db, "case.status_changed")
    assert event.details["reason"] == reason.value
    html = page_of(client, complaint.reference)
    assert str(CLOSURE_LABELS[reason]) in html
    if reason is ClosureReason.REFERRED:
        assert closed.referred_to == ReferralBody.PIRC.value
        assert str(REFERRAL_LABELS[ReferralBody.PIRC]) in html
    else:
        assert closed.referred_to is None


def test_triage_out_of_remit_closes_the_case_as_referred_to_the_body_chosen(client, db, caseworker):
    complaint = make_case(Status.IN_TRIAGE)
    db.session.commit()
    login_as(client, caseworker)
    triage = {"in_remit": "no", "priority": "standard", "concerns": ["data_sharing"]}
    response = act(client, db, complaint.reference, "triage", triage)
    assert response.status_code == 400
    assert "Select whether the complaint is referred or out of remit" in response.get_data(
        as_text=True
    )
    response = act(client, db, complaint.reference, "triage", {**triage, "reason": "referred"})
    assert response.status_code == 400
    assert "Select the body the complaint is referred to" in response.get_data(as_text=True)
    assert case(db, complaint.reference).status is Status.IN_TRIAGE
    response = act(
        client,
        db,
        complaint.reference,
        "triage",
        {**triage, "reason": "referred", "referred_to": "ico"},
    )
    assert response.status_code == 302
    closed = case(db, complaint.reference)
    assert (closed.status, closed.closure_reason, closed.referred_to, closed.in_remit) == (
        Status.CLOSED,
        "referred",
        "ico",
        False,
    )
    assert [c.concern for c in closed.concerns] == [Concern.DATA_SHARING]
    assert actions(db)[-2:] == ["case.triaged", "case.status_changed"]


def test_triage_in_remit_records_priority_and_concerns_and_starts_the_investigation(
    client, db, caseworker
):
    complaint = make_case(Status.IN_TRIAGE)
    db.session.commit()
    login_as(client, caseworker)
    triage = {
        "in_remit": "yes",
        "priority": "urgent",
        "concerns": ["watchlist", "misidentification"],
    }
    response = act(client, db, complaint.reference, "triage", triage)
    assert response.status_code == 400
    assert "Give the reason for the priority" in response.get_data(as_text=True)
    response = act(
        client, db, complaint.reference, "triage", {**triage, "priority_reason": "Arrested"}
    )
    assert response.status_code == 302
    triaged = case(db, complaint.reference)
    assert triaged.status is Status.INVESTIGATING
    assert (triaged.priority.value, triaged.priority_rank, triaged.priority_reason) == (
        "urgent",
        1,
        "Arrested",
    )
    assert [c.concern for c in triaged.concerns] == [Concern.MISIDENTIFICATION, Concern.WATCHLIST]
    assert triaged.due_on == triaged.decision_by


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
            except services.CaseChanged:
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
        services.take(found, _db.session.get(User, ids[index]), 1)

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
        services.claim(found, 1)

    outcomes = race(app, claim, 5)
    assert sorted(outcomes) == ["changed"] * 4 + ["won"]
    assert case(db, reference).version == 2


# ---------------------------------------------------------------- deadlines


def log_form(**overrides: Any) -> dict[str, Any]:
    return {
        "channel": "email",
        "technology": "lfr",
        "force": "cumbria",
        "incident_date": "2026-12-19",
        "place": "Carlisle station",
        "what_happened": "A van was scanning shoppers.",
        "concerns": ["no_notice", "retention"],
        "relation": "passer_by",
        "outcome_wanted": "Signs and deletion.",
        "name": "Pat Example",
        "email": "pat@example.com",
        **overrides,
    }


def log(client, **overrides: Any):
    html = client.get("/staff/cases/new").get_data(as_text=True)
    return client.post(
        "/staff/cases/new", data={"csrf_token": csrf_token(html), **log_form(**overrides)}
    )


REFERENCE = re.compile(r'class="app-reference">([A-Z0-9-]+)<')
CODE = re.compile(r'class="app-tracking-code">([A-Z0-9-]+)<')


def test_deadlines_count_working_days_past_christmas_bank_holidays_and_weekends(
    client, db, caseworker, monkeypatch
):
    # Received Wednesday 23 December 2026. Not working days: Christmas Day (Fri 25),
    # the weekend, Boxing Day's substitute (Mon 28), New Year's Day (Fri 1), the weekend.
    monkeypatch.setattr("oversight.casework.views.utcnow", lambda: at("2026-12-23T16:30:00"))
    login_as(client, caseworker)
    response = log(client)
    assert response.status_code == 200
    reference = REFERENCE.search(response.get_data(as_text=True)).group(1)
    logged = case(db, reference)
    assert logged.acknowledge_by == date(2026, 12, 29)
    assert logged.triage_by == date(2027, 1, 11)
    assert logged.decision_by == date(2027, 3, 22)
    html = page_of(client, reference)
    assert "11 January 2027" in html
    assert "22 March 2027" in html


def test_a_web_complaint_gets_the_same_deadlines(db):
    complaint = make_complaint(received_at=at("2026-12-23T09:00:00"))
    assert (complaint.acknowledge_by, complaint.triage_by, complaint.decision_by) == (
        date(2026, 12, 29),
        date(2027, 1, 11),
        date(2027, 3, 22),
    )


def test_a_new_complaint_is_due_for_triage_from_the_start(db):
    complaint = make_complaint(received_at=at("2026-12-23T09:00:00"))
    assert complaint.due_on == date(2027, 1, 11)


def test_waiting_for_the_complainant_pauses_the_decision_clock(client, db, caseworker, monkeypatch):
    now = {"at": at("2026-12-23T11:00:00")}
    monkeypatch.setattr("oversight.casework.services.utcnow", lambda: now["at"])
    complaint = make_complaint(received_at=at("2026-12-23T09:00:00"))
    db.session.commit()
    login_as(client, caseworker)
    assert act(client, db, complaint.reference, "move", {"target": "in_triage"}).status_code == 302
    triage = {"in_remit": "yes", "priority": "standard", "concerns": ["no_notice"]}
    assert act(client, db, complaint.reference, "triage", triage).status_code == 302
    assert case(db, complaint.reference).due_on == date(2027, 3, 22)

    now["at"] = at("2026-12-24T10:00:00")  # Thursday, the last working day before Christmas
    answers = {"request_text": "Which entrance?"}
    assert act(client, db, complaint.reference, "request-information", answers).status_code == 302
    waiting = case(db, complaint.reference)
    assert waiting.status is Status.AWAITING_INFORMATION
    assert waiting.due_on is None
    assert waiting.awaiting_since == at("2026-12-24T10:00:00")
    assert "Paused while we wait for the complainant" in page_of(client, complaint.reference)

    # The reply comes Monday 4 January: 4 working days waited (29, 30, 31 Dec and 4 Jan).
    now["at"] = at("2027-01-04T15:00:00")
    assert (
        act(client, db, complaint.reference, "reply", {"reply_text": "North."}).status_code == 302
    )
    back = case(db, complaint.reference)
    assert back.status is Status.INVESTIGATING
    assert back.awaiting_since is None
    # 22 March 2027 plus 4 working days, passing Good Friday and Easter Monday.
    assert back.decision_by == date(2027, 3, 30)
    assert back.due_on == date(2027, 3, 30)
    assert back.triage_by == date(2027, 1, 11)


def test_a_case_past_its_due_date_shows_as_overdue(client, db, caseworker, monkeypatch):
    complaint = make_case(Status.INVESTIGATING)
    db.session.commit()
    login_as(client, caseworker)
    assert "Overdue" not in page_of(client, complaint.reference)
    day_after = complaint.decision_by + timedelta(days=1)
    monkeypatch.setattr(
        "oversight.casework.page.utcnow",
        lambda: datetime.combine(day_after, time(12), UTC),
    )
    assert "Overdue" in page_of(client, complaint.reference)


# ---------------------------------------------------------------- correspondence


@pytest.mark.parametrize("status", [Status.IN_TRIAGE, Status.INVESTIGATING])
def test_a_request_for_information_waits_for_the_reply_then_returns_to_where_it_was(
    client, db, caseworker, status
):
    complaint = make_case(status)
    db.session.commit()
    login_as(client, caseworker)
    request_text = "Which entrance of the stadium were you at?"
    response = act(
        client, db, complaint.reference, "request-information", {"request_text": request_text}
    )
    assert response.status_code == 302
    waiting = case(db, complaint.reference)
    assert waiting.status is Status.AWAITING_INFORMATION
    [message] = db.session.scalars(sa.select(OutboxMessage))
    assert message.kind is MessageKind.REQUEST_FOR_INFORMATION
    assert message.recipient == "jo@example.com"
    assert message.complaint_id == complaint.id
    assert message.sent_at is None
    assert request_text in message.body
    assert complaint.reference in message.subject
    sent = waiting.timeline[-1]
    assert (sent.kind, sent.body, sent.visible_to_complainant) == (
        TimelineKind.CORRESPONDENCE_OUT,
        request_text,
        True,
    )
    assert {"case.status_changed", "case.information_requested"} <= set(actions(db))

    tracked = client.post(
        "/track",
        data={
            "csrf_token": csrf_token(client.get("/track").get_data(as_text=True)),
            "reference": complaint.reference,
            "tracking_code": TRACKING_CODE,
        },
        follow_redirects=True,
    )
    assert tracked.status_code == 200
    assert request_text in tracked.get_data(as_text=True)

    response = act(client, db, complaint.reference, "reply", {"reply_text": "The north gate."})
    assert response.status_code == 302
    back = case(db, complaint.reference)
    assert back.status is status
    received = [t for t in back.timeline if t.kind is TimelineKind.CORRESPONDENCE_IN]
    assert [(t.body, t.visible_to_complainant) for t in received] == [("The north gate.", False)]
    assert events(db, "case.reply_logged")


def test_a_reply_is_refused_when_the_case_is_not_waiting_for_one(client, db, caseworker):
    complaint = make_case(Status.INVESTIGATING)
    db.session.commit()
    login_as(client, caseworker)
    before = snapshot(db, complaint.reference)
    response = act(client, db, complaint.reference, "reply", {"reply_text": "Hello"})
    assert response.status_code == 400
    assert "This case is not waiting for a reply" in response.get_data(as_text=True)
    assert snapshot(db, complaint.reference) == before


def test_information_cannot_be_requested_before_triage(client, db, caseworker):
    complaint = make_case(Status.RECEIVED)
    db.session.commit()
    login_as(client, caseworker)
    before = snapshot(db, complaint.reference)
    response = act(
        client, db, complaint.reference, "request-information", {"request_text": "Which day?"}
    )
    assert response.status_code == 400
    assert "cannot be moved to ‘Waiting for your reply’" in response.get_data(as_text=True)
    assert snapshot(db, complaint.reference) == before


def test_a_request_to_an_anonymous_complainant_waits_on_the_track_page(client, db, caseworker):
    complaint = make_case(Status.INVESTIGATING)
    complaint.complainant = None
    db.session.commit()
    login_as(client, caseworker)
    assert "they will see the request when they track the complaint" in page_of(
        client, complaint.reference
    )
    response = act(
        client, db, complaint.reference, "request-information", {"request_text": "When?"}
    )
    assert response.status_code == 302
    [message] = db.session.scalars(sa.select(OutboxMessage))
    assert message.recipient is None


# ---------------------------------------------------------------- findings and the decision


def test_findings_need_a_finding_for_every_concern(client, db, caseworker):
    complaint = make_case(Status.INVESTIGATING)
    db.session.commit()
    login_as(client, caseworker)
    before = snapshot(db, complaint.reference)
    partial = {k: v for k, v in FINDINGS.items() if k != "finding_protest_or_event"}
    response = act(client, db, complaint.reference, "findings", partial)
    assert response.status_code == 400
    assert "Select a finding for this concern" in response.get_data(as_text=True)
    assert snapshot(db, complaint.reference) == before
    assert act(client, db, complaint.reference, "findings", FINDINGS).status_code == 302
    recorded = case(db, complaint.reference)
    assert [(f.concern, f.finding) for f in recorded.findings] == [
        (Concern.NO_NOTICE, Finding.UPHELD),
        (Concern.PROTEST_OR_EVENT, Finding.NOT_UPHELD),
    ]
    assert (recorded.overall_outcome, recorded.decision_summary) == (
        Finding.PARTLY_UPHELD,
        "Signs were missing.",
    )
    [event] = events(db, "case.findings_recorded")
    assert event.details["overall"] == "partly_upheld"


def test_the_service_refuses_findings_that_leave_a_concern_out(db, caseworker):
    complaint = make_case(Status.INVESTIGATING)
    db.session.commit()
    with pytest.raises(services.CaseProblem, match="Give a finding for every concern"):
        services.record_findings(
            complaint,
            {Concern.NO_NOTICE: Finding.UPHELD},
            Finding.UPHELD,
            "Summary",
            caseworker,
            complaint.version,
        )


def test_findings_are_recorded_only_during_the_investigation(client, db, caseworker):
    complaint = make_case(Status.IN_TRIAGE)
    db.session.commit()
    login_as(client, caseworker)
    response = act(client, db, complaint.reference, "findings", FINDINGS)
    assert response.status_code == 400
    assert "Findings are recorded while a case is being investigated" in response.get_data(
        as_text=True
    )
    assert case(db, complaint.reference).findings == []


def test_changing_the_findings_after_sign_off_needs_a_new_sign_off(
    client, db, caseworker, senior_caseworker
):
    complaint = make_case(
        Status.INVESTIGATING,
        findings=Finding.UPHELD,
        signed_off_by_id=senior_caseworker.id,
        signed_off_at=at("2026-07-01T10:00:00"),
    )
    db.session.commit()
    login_as(client, caseworker)
    assert act(client, db, complaint.reference, "findings", FINDINGS).status_code == 302
    assert case(db, complaint.reference).signed_off_by_id is None
    response = act(client, db, complaint.reference, "issue-decision")
    assert response.status_code == 400
    assert "A senior caseworker must sign off the findings first" in response.get_data(as_text=True)


def test_sign_off_needs_findings(client, db, senior_caseworker):
    complaint = make_case(Status.INVESTIGATING)
    db.session.commit()
    login_as(client, senior_caseworker)
    response = act(client, db, complaint.reference, "sign-off")
    assert response.status_code == 400
    assert "Record the findings before signing off" in response.get_data(as_text=True)
    assert case(db, complaint.reference).signed_off_by_id is None


def test_issuing_the_decision_needs_sign_off_and_sends_the_outcome(
    client, db, caseworker, senior_caseworker
):
    complaint = make_case(Status.INVESTIGATING, findings=Finding.PARTLY_UPHELD)
    db.session.commit()
    login_as(client, caseworker)
    before = snapshot(db, complaint.reference)
    response = act(client, db, complaint.reference, "issue-decision")
    assert response.status_code == 400
    assert "A senior caseworker must sign off the findings first" in response.get_data(as_text=True)
    assert snapshot(db, complaint.reference) == before

    login_as(client, senior_caseworker)
    assert act(client, db, complaint.reference, "sign-off").status_code == 302
    login_as(client, caseworker)
    assert act(client, db, complaint.reference, "issue-decision").status_code == 302
    decided = case(db, complaint.reference)
    assert decided.status is Status.DECISION_ISSUED
    assert decided.decision_issued_at is not None
    assert decided.due_on is None
    [message] = db.session.scalars(sa.select(OutboxMessage))
    assert message.kind is MessageKind.OUTCOME
    assert message.recipient == "jo@example.com"
    assert "Partly upheld" in message.body
    assert "The force put up no signs." in message.body
    [event] = events(db, "case.decision_issued")
    assert event.details == {"reference": complaint.reference, "finding": "partly_upheld"}


def test_a_recommendation_and_the_forces_response_are_recorded(client, db, caseworker):
    complaint = make_case(Status.INVESTIGATING)
    db.session.commit()
    login_as(client, caseworker)
    answers = {"force": "south-wales", "text": "Put up signs.", "due_date": "2027-02-26"}
    assert act(client, db, complaint.reference, "recommendations", answers).status_code == 302
    [recommendation] = case(db, complaint.reference).recommendations
    assert (recommendation.force.slug, recommendation.due_date, recommendation.response) == (
        "south-wales",
        date(2027, 2, 26),
        None,
    )
    path = f"recommendations/{recommendation.id}/response"
    assert (
        act(client, db, complaint.reference, path, {"response": "implemented"}).status_code == 302
    )
    [answered] = case(db, complaint.reference).recommendations
    assert answered.response.value == "implemented"
    assert answered.responded_at is not None
    assert "Response: Implemented" in page_of(client, complaint.reference)


def test_a_response_to_another_cases_recommendation_is_not_found(client, db, caseworker):
    mine = make_case(Status.INVESTIGATING)
    theirs = make_case(Status.INVESTIGATING)
    recommendation = Recommendation(
        complaint=theirs,
        force=force_by_slug("south-wales"),
        text="Train officers.",
        due_date=date(2027, 1, 29),
        created_by="user:0",
    )
    db.session.add(recommendation)
    db.session.commit()
    login_as(client, caseworker)
    path = f"recommendations/{recommendation.id}/response"
    assert act(client, db, mine.reference, path, {"response": "accepted"}).status_code == 404
    assert case(db, theirs.reference).recommendations[0].response is None


# ---------------------------------------------------------------- links


def test_a_duplicate_closes_with_that_reason_and_both_pages_show_the_link(client, db, caseworker):
    original = make_case(Status.INVESTIGATING)
    duplicate = make_case(Status.IN_TRIAGE)
    db.session.commit()
    login_as(client, caseworker)
    response = act(
        client,
        db,
        duplicate.reference,
        "links",
        {"other_reference": original.reference.lower(), "kind": "duplicate_of"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    closed = case(db, duplicate.reference)
    assert (closed.status, closed.closure_reason) == (Status.CLOSED, "duplicate")
    assert [t.kind for t in closed.timeline][-2:] == [TimelineKind.LINK, TimelineKind.STATUS_CHANGE]
    assert actions(db)[-2:] == ["case.linked", "case.status_changed"]
    assert case(db, original.reference).status is Status.INVESTIGATING
    href = '<a class="govuk-link" href="/staff/cases/{}">{}</a>'
    html = page_of(client, duplicate.reference)
    assert "Duplicate of " + href.format(original.reference, original.reference) in html
    assert "Duplicate of another complaint" in html
    html = page_of(client, original.reference)
    assert "Has a duplicate " + href.format(duplicate.reference, duplicate.reference) in html


def test_related_complaints_show_each_other(client, db, caseworker):
    first = make_case(Status.INVESTIGATING)
    second = make_case(Status.INVESTIGATING)
    db.session.commit()
    login_as(client, caseworker)
    answers = {"other_reference": second.reference, "kind": "related_to"}
    assert act(client, db, first.reference, "links", answers).status_code == 302
    assert case(db, first.reference).status is Status.INVESTIGATING
    assert f'Related to <a class="govuk-link" href="/staff/cases/{second.reference}"' in page_of(
        client, first.reference
    )
    assert f'Related to <a class="govuk-link" href="/staff/cases/{first.reference}"' in page_of(
        client, second.reference
    )


@pytest.mark.parametrize(
    ("other", "message"),
    [
        ("self", "A complaint cannot be linked to itself"),
        ("FR-ZZZZ-ZZZZ", "There is no complaint with that reference"),
        ("linked", "These complaints are already linked"),
        ("linked the other way", "These complaints are already linked"),
    ],
)
def test_a_link_that_cannot_be_made_is_refused_with_a_message(
    client, db, caseworker, other, message
):
    complaint = make_case(Status.INVESTIGATING)
    linked = make_case(Status.INVESTIGATING)
    db.session.add(
        ComplaintLink(
            complaint=complaint, other=linked, kind=LinkKind.RELATED_TO, created_by="user:0"
        )
        if other == "linked"
        else ComplaintLink(
            complaint=linked, other=complaint, kind=LinkKind.RELATED_TO, created_by="user:0"
        )
    )
    db.session.commit()
    login_as(client, caseworker)
    target = {"self": complaint.reference}.get(other, linked.reference)
    if other.startswith("FR-"):
        target = other
    before = snapshot(db, complaint.reference)
    response = act(
        client, db, complaint.reference, "links", {"other_reference": target, "kind": "related_to"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert 'id="other_reference-error"' in html or "govuk-error-message" in html
    assert snapshot(db, complaint.reference) == before


def test_a_complaint_cannot_be_marked_a_duplicate_of_its_own_duplicate(client, db, caseworker):
    original = make_case(Status.INVESTIGATING)
    duplicate = make_case(Status.CLOSED, closure_reason=ClosureReason.DUPLICATE.value)
    db.session.add(
        ComplaintLink(
            complaint=duplicate, other=original, kind=LinkKind.DUPLICATE_OF, created_by="user:0"
        )
    )
    db.session.commit()
    login_as(client, caseworker)
    before = snapshot(db, original.reference)
    response = act(
        client,
        db,
        original.reference,
        "links",
        {"other_reference": duplicate.reference, "kind": "duplicate_of"},
    )
    assert response.status_code == 400
    assert "These complaints are already linked" in response.get_data(as_text=True)
    assert snapshot(db, original.reference) == before


# ---------------------------------------------------------------- complaints logged by staff


@pytest.mark.parametrize("channel", [Channel.EMAIL, Channel.POST, Channel.PHONE])
def test_a_complaint_logged_by_staff_keeps_its_channel_and_goes_through_the_workflow(
    client, db, caseworker, channel
):
    login_as(client, caseworker)
    assert client.get("/staff/cases/new").status_code == 200
    response = log(client, channel=channel.value)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    reference = REFERENCE.search(html).group(1)
    code = CODE.search(html).group(1)
    assert "It is shown only this once" in html
    logged = case(db, reference)
    assert logged.channel is channel
    assert logged.status is Status.RECEIVED
    assert codes.check_tracking_code(logged.tracking_code_hash, code)
    assert logged.complainant.email == "pat@example.com"
    [event] = events(db, "case.logged")
    assert (event.actor, event.details) == (
        f"user:{caseworker.id}",
        {"reference": reference, "channel": channel.value},
    )
    [submitted] = events(db, "complaint.submitted")
    assert submitted.actor == f"user:{caseworker.id}"

    html = page_of(client, reference)
    assert code not in html
    assert channel.label in html
    assert act(client, db, reference, "take").status_code == 302
    assert act(client, db, reference, "move", {"target": "in_triage"}).status_code == 302
    triage = {"in_remit": "yes", "priority": "standard", "concerns": ["no_notice"]}
    assert act(client, db, reference, "triage", triage).status_code == 302
    worked = case(db, reference)
    assert (worked.status, worked.assignee_id) == (Status.INVESTIGATING, caseworker.id)


def test_logging_a_complaint_says_what_is_missing(client, db, caseworker):
    login_as(client, caseworker)
    response = log(client, channel="web", place="", concerns=[])
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Enter where it happened" in html
    assert "Select at least one concern" in html
    assert "Not a valid choice" in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Complaint)) == 0


def test_an_anonymous_complaint_can_be_logged(client, db, caseworker):
    login_as(client, caseworker)
    response = log(client, channel="phone", name="", email="")
    assert response.status_code == 200
    reference = REFERENCE.search(response.get_data(as_text=True)).group(1)
    assert case(db, reference).complainant is None


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
