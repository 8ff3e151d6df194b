"""`flask seed-demo`, run as an administrator would with the CLI runner: the demo
complaints worked through the services, then the demo deployment records and usage
returns."""

from __future__ import annotations

from datetime import date, timedelta
from itertools import pairwise

import pytest
import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from oversight.audit import services as audit
from oversight.audit.models import AuditEvent
from oversight.auth.models import User
from oversight.casework import queries
from oversight.casework.states import ClosureReason, ReferralBody
from oversight.complaints import codes
from oversight.complaints.enums import Priority, Status, Technology, TimelineKind
from oversight.complaints.models import Complaint, TimelineEntry
from oversight.demo.complaint_data import DEMO, PLAN
from oversight.deployments.records.enums import Via
from oversight.deployments.records.models import (
    Deployment,
    DeploymentRevision,
    UsageReturn,
    UsageReturnRevision,
)
from oversight.forces.models import Force
from oversight.models import utcnow
from oversight.notify.models import MessageKind, OutboxMessage
from oversight.workdays import local_date
from tests.helpers import post_page

DEMO_CASES = len(DEMO) + len(PLAN)


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


# Demo deployment records and usage returns --------------------------------------------------


def deployments_by_force(db) -> dict[str, int]:
    rows = db.session.execute(
        sa.select(Force.slug, sa.func.count(Deployment.id))
        .join(Deployment, Deployment.force_id == Force.id)
        .group_by(Force.slug)
    )
    return {slug: number for slug, number in rows}


def test_seed_demo_adds_deployment_records_at_the_scale_forces_publish_them(runner, db):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    by_force = deployments_by_force(db)
    assert 180 <= by_force.pop("metropolitan") <= 240
    assert 25 <= by_force.pop("south-wales") <= 60
    assert len(by_force) >= 3
    assert all(1 <= count <= 12 for count in by_force.values()), by_force
    today = local_date(utcnow())
    days = list(db.session.scalars(sa.select(Deployment.deployed_on)))
    assert max(days) <= today
    assert (today - min(days)).days <= 366
    assert f"Demo deployment records: {sum(deployments_by_force(db).values())}" in result.output


def test_demo_deployments_have_believable_figures_and_history(runner, db):
    runner.invoke(args=["seed-demo"])
    deployments = list(db.session.scalars(sa.select(Deployment)))
    met = [d for d in deployments if d.force.slug == "metropolitan"]
    assert all(1_000 <= (d.watchlist_size or 0) <= 50_000 for d in met)
    assert 5_000 <= sum(d.faces_seen or 0 for d in met) / len(met) <= 40_000
    alerts = sum(d.alerts or 0 for d in met)
    assert len(met) <= alerts <= 10 * len(met)
    assert 0 < sum(d.false_alerts or 0 for d in met) < alerts / 5
    assert sum(d.arrests or 0 for d in met) > 0
    assert len({d.location_name for d in met}) >= 15
    assert all(d.location_area for d in met)
    assert {d.source_link[:8] for d in deployments} == {"https://"}
    assert all(d.created_by == "demo" and d.revisions for d in deployments)
    corrected = [d for d in deployments if d.version == 2]
    assert len(corrected) >= 3
    assert all(d.revisions[-1].note for d in corrected)
    assert {r.via for d in deployments for r in d.revisions} == {Via.IMPORT, Via.FORM}
    actions = list(db.session.scalars(sa.select(AuditEvent.action)))
    assert actions.count("deployment.created") == len(deployments)
    assert actions.count("deployment.corrected") == len(corrected)
    assert audit.verify().intact


def test_demo_usage_returns_are_quarterly_for_several_forces(runner, db):
    runner.invoke(args=["seed-demo"])
    returns = list(db.session.scalars(sa.select(UsageReturn)))
    assert {r.technology for r in returns} == {Technology.RFR, Technology.OIFR}
    assert len({r.force_id for r in returns}) >= 5
    for usage in returns:
        assert usage.period_start.day == 1 and usage.period_start.month in (1, 4, 7, 10)
        assert 89 <= (usage.period_end - usage.period_start).days <= 91
        assert 0 < (usage.possible_matches or 0) < usage.searches
        assert usage.revisions[0].version == 1


def test_demo_deployments_fall_where_and_when_demo_complaints_say(runner, db):
    runner.invoke(args=["seed-demo"])
    first = db.session.scalars(
        sa.select(Complaint).where(Complaint.submission_key == "demo-1")
    ).one()
    that_day = db.session.scalars(
        sa.select(Deployment).where(
            Deployment.force_id == first.force_id, Deployment.deployed_on == first.incident_date
        )
    ).all()
    assert any("Oxford Circus" in d.location_name for d in that_day)
    live = db.session.scalars(
        sa.select(Complaint).where(
            Complaint.technology == Technology.LFR, Complaint.force_id.is_not(None)
        )
    ).all()
    near = [
        c
        for c in live
        if db.session.scalar(
            sa.select(sa.func.count())
            .select_from(Deployment)
            .where(
                Deployment.force_id == c.force_id,
                Deployment.deployed_on.between(
                    c.incident_date - timedelta(days=1), c.incident_date + timedelta(days=1)
                ),
            )
        )
    ]
    assert len(near) >= 10


def test_seed_demo_adds_no_deployments_the_second_time(runner, db):
    runner.invoke(args=["seed-demo"])
    held = (count(db, Deployment), count(db, DeploymentRevision), count(db, UsageReturn))
    second = runner.invoke(args=["seed-demo"])
    assert "already loaded" in second.output
    assert (count(db, Deployment), count(db, DeploymentRevision), count(db, UsageReturn)) == held


def test_demo_deployments_are_the_same_each_time_they_are_made(runner, db):
    runner.invoke(args=["seed-demo"])

    def shown() -> list[tuple]:
        return sorted(
            db.session.execute(
                sa.select(
                    Deployment.force_id,
                    Deployment.deployed_on,
                    Deployment.start_time,
                    Deployment.location_name,
                    Deployment.faces_seen,
                    Deployment.alerts,
                )
            ).tuples()
        )

    made = shown()
    for model in (DeploymentRevision, Deployment, UsageReturnRevision, UsageReturn):
        db.session.execute(sa.delete(model))
    db.session.commit()
    runner.invoke(args=["seed-demo"])
    assert shown() == made


def test_seed_demo_refuses_production_and_adds_no_deployments(app, db, runner):
    app.config["ENV_NAME"] = "production"
    try:
        result = runner.invoke(args=["seed-demo"])
    finally:
        app.config["ENV_NAME"] = "test"
    assert result.exit_code == 1
    assert (count(db, Deployment), count(db, UsageReturn)) == (0, 0)
