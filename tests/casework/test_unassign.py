"""Taking a case off its assignee from the case page: "Nobody" is a choice of the assign
form once someone has the case, and the timeline says so."""

from __future__ import annotations

import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.complaints.enums import TimelineKind
from oversight.complaints.models import Complaint, TimelineEntry
from tests.factories import make_case
from tests.helpers import csrf_token, login_as


def test_a_senior_takes_a_case_off_its_assignee(client, db, senior_caseworker, caseworker):
    case = make_case(assignee_id=caseworker.id)
    db.session.commit()
    login_as(client, senior_caseworker)
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert 'value="nobody"' in page
    response = client.post(
        f"/staff/cases/{case.reference}/assign",
        data={"csrf_token": csrf_token(page), "version": case.version, "assignee": "nobody"},
    )
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(Complaint, case.id).assignee_id is None
    entry = db.session.scalars(
        sa.select(TimelineEntry).where(
            TimelineEntry.complaint_id == case.id, TimelineEntry.kind == TimelineKind.ASSIGNMENT
        )
    ).one()
    assert entry.body is None
    assert db.session.scalar(sa.select(sa.func.count()).where(AuditEvent.action == "case.assigned"))
    shown = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert "Case unassigned." in shown
    assert "Assigned to nobody" in shown


def test_nobody_is_no_choice_on_a_case_nobody_has(client, db, senior_caseworker):
    case = make_case()
    db.session.commit()
    login_as(client, senior_caseworker)
    page = client.get(f"/staff/cases/{case.reference}").get_data(as_text=True)
    assert 'value="nobody"' not in page
