"""The demo's statistics: a release for the last complete quarter, prepared by the demo
statistician, approved by the demo publisher and published through the services; and
demo acknowledgements dated when each complaint was received."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa
from werkzeug.security import generate_password_hash

from oversight.audit.models import AuditEvent
from oversight.complaints import codes
from oversight.complaints.models import Complaint
from oversight.demo import NotForProduction
from oversight.demo import complaints as demo_complaints
from oversight.demo import deployments as deployments_demo
from oversight.demo import staff as demo_staff
from oversight.demo import statistics as statistics_demo
from oversight.deployments.records.models import Deployment
from oversight.forces.models import Force
from oversight.models import utcnow
from oversight.notify.models import MessageKind, OutboxMessage
from oversight.statistics import periods, services
from oversight.statistics.enums import ReleaseStatus
from oversight.statistics.models import StatisticsRelease
from oversight.statistics.periods import last_complete_quarter, last_publishable_quarter
from oversight.workdays import local_date

STATISTICIAN = "statistician@demo.example.com"
PUBLISHER = "publisher@demo.example.com"


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


def seed_demo(app, db) -> StatisticsRelease | None:
    """What `flask seed-demo` loads, in its order: staff, cases, deployments, statistics."""
    demo_staff.seed_staff(app.config)
    demo_complaints.seed(app.config)
    deployments_demo.seed(app.config)
    release = statistics_demo.seed_statistics(app.config)
    db.session.commit()
    return release


def count(db, model) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


@pytest.mark.parametrize(
    "today, period",
    [
        (date(2026, 11, 29), "2026-Q3"),
        (date(2026, 10, 1), "2026-Q3"),
        (date(2026, 9, 30), "2026-Q2"),
        (date(2026, 1, 1), "2025-Q4"),
        (date(2026, 3, 31), "2025-Q4"),
        (date(2026, 4, 1), "2026-Q1"),
    ],
)
def test_the_last_complete_quarter_is_the_one_that_ended_before_today(today, period):
    assert last_complete_quarter(today).code == period


@pytest.mark.parametrize(
    "today, period",
    [
        (date(2026, 11, 29), "2026-Q3"),
        (date(2026, 10, 31), "2026-Q3"),  # 30 September, then 30 days for late records
        (date(2026, 10, 30), "2026-Q2"),
        (date(2026, 10, 1), "2026-Q2"),
        (date(2026, 1, 1), "2025-Q3"),
        (date(2026, 1, 31), "2025-Q4"),
        (date(2026, 4, 1), "2025-Q4"),
    ],
)
def test_the_demo_publishes_the_last_quarter_whose_lag_has_passed(today, period):
    assert last_publishable_quarter(today, 30).code == period


def test_the_demo_publishes_the_last_publishable_quarter_prepared_and_approved_by_two_people(
    app, db
):
    release = seed_demo(app, db)

    assert release is not None
    quarter = last_publishable_quarter(local_date(utcnow()), periods.lag_days())
    assert (release.slug, release.revision) == (quarter.slug, 1)
    assert release.status is ReleaseStatus.PUBLISHED
    assert release.published_at is not None and release.published_at <= utcnow()
    assert release.prepared_by.email == STATISTICIAN
    assert release.approved_by.email == PUBLISHER
    assert services.published_releases() == [release]
    assert services.published(quarter.slug) == release
    audited = db.session.execute(
        sa.select(AuditEvent.action, AuditEvent.actor).where(
            AuditEvent.object_type == "statistics_release",
            AuditEvent.object_id == str(release.id),
        )
    ).all()
    assert sorted(audited) == [
        ("statistics.approved", f"user:{release.approved_by_id}"),
        ("statistics.prepared", f"user:{release.prepared_by_id}"),
        ("statistics.published", "system"),
    ]


def test_the_demo_release_counts_the_demo_deployments_of_its_quarter(app, db):
    release = seed_demo(app, db)

    start, end = release.period_start, release.period_end
    met = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Deployment)
        .join(Force, Force.id == Deployment.force_id)
        .where(
            Force.slug == "metropolitan",
            Deployment.deployed_on >= start,
            Deployment.deployed_on <= end,
        )
    )
    assert met >= 5  # a couple of hundred a year: the quarter has its share
    table = next(t for t in release.content["tables"] if t["id"] == "deployments_by_force")
    row = next(r for r in table["rows"] if r["id"] == "metropolitan")
    column = [c["id"] for c in table["columns"]].index("deployments_current")
    assert row["cells"][column] == {"value": met, "symbol": None}
    # What was published is what the register gives for the quarter now.
    assert release.content_sha256 == services.digest(services.compute(release.period))


def test_seeding_the_demo_statistics_again_adds_nothing(app, db):
    first = seed_demo(app, db)
    events = count(db, AuditEvent)

    assert seed_demo(app, db) is None

    assert db.session.scalars(sa.select(StatisticsRelease)).all() == [first]
    assert first.status is ReleaseStatus.PUBLISHED
    assert count(db, AuditEvent) == events


def test_a_quarter_that_already_has_a_release_is_left_as_it_is(app, db, statistician):
    quarter = last_publishable_quarter(local_date(utcnow()), periods.lag_days())
    draft = services.prepare(quarter, statistician)
    db.session.commit()

    assert statistics_demo.seed_statistics(app.config) is None

    assert db.session.scalars(sa.select(StatisticsRelease)).all() == [draft]
    assert draft.status is ReleaseStatus.DRAFT


def test_the_demo_statistics_are_refused_in_production(app, db):
    with pytest.raises(NotForProduction):
        statistics_demo.seed_statistics({**app.config, "ENV_NAME": "production"})
    assert count(db, StatisticsRelease) == 0


def test_demo_acknowledgements_are_dated_when_each_complaint_was_received(app, db):
    demo_staff.seed_staff(app.config)
    demo_complaints.seed(app.config)
    db.session.commit()

    acknowledged = db.session.execute(
        sa.select(OutboxMessage.created_at, Complaint.received_at)
        .join(Complaint, Complaint.id == OutboxMessage.complaint_id)
        .where(OutboxMessage.kind == MessageKind.ACKNOWLEDGEMENT)
    ).all()
    assert len(acknowledged) == count(db, Complaint)
    assert all(sent == received for sent, received in acknowledged)
    # Spread back over the months the demo cases were received, not all on the day
    # the demo was loaded.
    assert len({sent.date() for sent, _ in acknowledged}) > 20


def test_seed_demo_publishes_the_demo_release_once(runner, db):
    first = runner.invoke(args=["seed-demo"])
    assert first.exit_code == 0, first.output
    [release] = services.published_releases()
    assert (
        f"Demo statistics release: {release.period.label}, published at /statistics/{release.slug}"
    ) in first.output
    events = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    second = runner.invoke(args=["seed-demo"])
    assert "already loaded" in second.output
    assert "Demo statistics release" not in second.output
    assert services.published_releases() == [release]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)) == events
