"""Admin commands, run as an administrator would with the CLI runner."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest
import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from oversight import demo
from oversight.audit import services as audit
from oversight.audit.models import AuditEvent
from oversight.auth.models import User
from oversight.casework import queries
from oversight.casework.states import ClosureReason, ReferralBody
from oversight.complaints import codes
from oversight.complaints.enums import Priority, Status, Technology, TimelineKind
from oversight.complaints.models import Complaint, TimelineEntry
from oversight.models import utcnow
from oversight.notify.models import MessageKind, OutboxMessage
from oversight.workdays import local_date
from tests.helpers import post_page

DEMO_CASES = len(demo.DEMO) + len(demo.PLAN)


@pytest.fixture(autouse=True)
def _quick_tracking_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Real, checkable tracking-code hashes, made cheaply: the demo makes ~60 of them."""
    monkeypatch.setattr(
        codes,
        "hash_tracking_code",
        lambda code: generate_password_hash(
            codes.normalise_tracking_code(code), method="pbkdf2:sha256:1"
        ),
    )


def count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def test_seed_demo_loads_demo_complaints_once(runner, db):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    assert "DEMO-TRAK-0001" in first.output
    assert count(db, Complaint) == DEMO_CASES
    events = count(db, AuditEvent)
    second = runner.invoke(args=["seed-demo"])
    assert "already loaded" in second.output
    assert count(db, Complaint) == DEMO_CASES
    assert count(db, AuditEvent) == events


def test_demo_complaints_can_be_tracked(runner, client, db):
    runner.invoke(args=["seed-demo"])
    reference = db.session.scalar(
        sa.select(Complaint.reference).where(Complaint.submission_key == "demo-1")
    )
    response = post_page(
        client, "/track", {"reference": reference, "tracking_code": "DEMO-TRAK-0001"}
    )
    assert response.status_code == 200


def test_the_three_named_demo_complaints_come_first_and_wait_in_the_queue(runner, db):
    runner.invoke(args=["seed-demo"])
    first = list(db.session.scalars(sa.select(Complaint).order_by(Complaint.id).limit(3)))
    assert [c.submission_key for c in first] == ["demo-1", "demo-2", "demo-3"]
    assert all(c.status is Status.RECEIVED for c in first)


def test_the_demo_queue_has_a_believable_spread(runner, db):
    runner.invoke(args=["seed-demo"])
    cases = list(db.session.scalars(sa.select(Complaint)))
    assert {c.status for c in cases} == set(Status)
    assert {c.technology for c in cases} == set(Technology)
    assert {c.priority for c in cases} == set(Priority)
    assert len({c.force_id for c in cases}) >= 10
    assert None in {c.force_id for c in cases}
    assert {c.closure_reason for c in cases if c.status is Status.CLOSED} == {
        r.value for r in ClosureReason
    }
    assert {c.referred_to for c in cases if c.referred_to} == {
        ReferralBody.IOPC,
        ReferralBody.ICO,
        ReferralBody.FORCE_PROFESSIONAL_STANDARDS,
        ReferralBody.PIRC,
        ReferralBody.POLICE_OMBUDSMAN_NI,
    }
    assert {c.channel.value for c in cases} == {"web", "email", "phone", "post"}
    staff = {u.id for u in db.session.scalars(sa.select(User))}
    open_cases = [c for c in cases if c.status is not Status.CLOSED]
    assignees = {c.assignee_id for c in open_cases}
    assert None in assignees and len(assignees & staff) == 2
    counts = queries.queue_counts(local_date(utcnow()))
    assert counts.overdue >= 3
    assert counts.unassigned >= 8
    assert counts.awaiting_information >= 3
    assert 50 <= DEMO_CASES <= 70


def test_demo_cases_were_worked_through_the_services(runner, db):
    runner.invoke(args=["seed-demo"])
    for complaint in db.session.scalars(sa.select(Complaint)):
        moves = [e for e in complaint.timeline if e.kind is TimelineKind.STATUS_CHANGE]
        assert moves[0].to_status is Status.RECEIVED
        assert moves[-1].to_status is complaint.status, complaint.reference
        for before, after in pairwise(moves):
            assert after.from_status is before.to_status
        assert complaint.due_on == complaint.next_due()
        if complaint.status is Status.CLOSED:
            assert complaint.closure_reason is not None
        if complaint.decision_issued_at is not None:
            assert complaint.signed_off_by_id not in (None, complaint.assignee_id)
    assert audit.verify().intact
    actions = set(db.session.scalars(sa.select(AuditEvent.action)))
    assert {
        "complaint.submitted",
        "case.logged",
        "case.taken",
        "case.assigned",
        "case.status_changed",
        "case.triaged",
        "case.information_requested",
        "case.reply_logged",
        "case.findings_recorded",
        "case.recommendation_added",
        "case.signed_off",
        "case.decision_issued",
        "case.linked",
        "case.review_requested",
    } <= actions
    kinds = set(db.session.scalars(sa.select(OutboxMessage.kind)))
    assert {MessageKind.ACKNOWLEDGEMENT, MessageKind.REQUEST_FOR_INFORMATION} <= kinds
    assert MessageKind.OUTCOME in kinds
    assert count(db, TimelineEntry) > DEMO_CASES * 2


def test_seed_demo_refuses_production_and_adds_no_complaints(app, db, runner):
    app.config["ENV_NAME"] = "production"
    try:
        result = runner.invoke(args=["seed-demo"])
    finally:
        app.config["ENV_NAME"] = "test"
    assert result.exit_code == 1
    assert "not for production" in result.output
    assert count(db, Complaint) == 0


def test_demo_receipt_dates_are_spread_over_months(runner, db):
    runner.invoke(args=["seed-demo"])
    received = [local_date(r) for r in db.session.scalars(sa.select(Complaint.received_at))]
    today = local_date(utcnow())
    assert max(received) <= today
    assert (today - min(received)).days >= 120
    assert len(set(received)) >= 40
    assert isinstance(min(received), date)
