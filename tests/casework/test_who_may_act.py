"""Who may take each action on a case, through the staff pages. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from oversight.audit import services as audit
from oversight.auth.models import Role, User
from oversight.complaints.enums import Finding, Status, TimelineKind
from oversight.complaints.models import Recommendation
from oversight.forces.models import force_by_slug
from tests.casework.cases import (
    FINDINGS,
    NO_PERMISSION,
    act,
    at,
    case,
    events,
    page_of,
    snapshot,
    staff,
)
from tests.factories import make_case
from tests.helpers import login_as

# ---------------------------------------------------------------- who may do what


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
    assert "A senior caseworker who did not investigate the case, and did not record" in html
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
