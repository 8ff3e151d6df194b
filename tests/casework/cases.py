"""What the tests of actions on a case share: acting through the case page as a
browser would, and reading back the case, its audit events and what was committed."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.auth.models import Role, User
from oversight.complaints.models import Complaint, ComplaintLink
from oversight.notify.models import OutboxMessage
from tests.factories import make_user
from tests.helpers import csrf_token

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


FINDINGS = {
    "finding_no_notice": "upheld",
    "finding_protest_or_event": "not_upheld",
    "overall": "partly_upheld",
    "summary": "Signs were missing.",
}


def log_form(**overrides: Any) -> dict[str, Any]:
    return {
        "channel": "email",
        "technology": "lfr",
        "force": "cumbria",
        "incident_date-day": "19",
        "incident_date-month": "6",
        "incident_date-year": "2026",
        "place": "Carlisle station",
        "what_happened": "A van was scanning shoppers.",
        "concerns": ["no_notice", "retention"],
        "relation": "passer_by",
        "outcome_wanted": "Signs and deletion.",
        "name": "Pat Example",
        "email": "pat@example.com",
        **overrides,
    }


SUBMISSION = re.compile(r'name="submission" type="hidden" value="([^"]+)"')


def log(client, follow_redirects: bool = True, **overrides: Any):
    """Log a complaint through the form, as a caseworker would: the form's page first
    (its CSRF token and one-time key), then the answers; by default, on to the page the
    form sends you to."""
    html = client.get("/staff/cases/new").get_data(as_text=True)
    data = {"csrf_token": csrf_token(html), "submission": SUBMISSION.search(html).group(1)}
    return client.post(
        "/staff/cases/new",
        data={**data, **log_form(**overrides)},
        follow_redirects=follow_redirects,
    )


REFERENCE = re.compile(r'class="app-reference">([A-Z0-9-]+)<')
CODE = re.compile(r'class="app-tracking-code">([A-Z0-9-]+)<')
