"""The life of a statistics release through its services: prepare, recompute, approve,
publish; the four-eyes rule, and the audit event each step writes (revisions and a
published release that never changes are tests/statistics/test_revisions.py's)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from oversight import problems
from oversight.auth.models import Role
from oversight.models import utcnow
from oversight.statistics import calendar, services
from oversight.statistics.enums import ReleaseStatus
from oversight.statistics.models import StatisticsRelease
from tests.factories import make_user
from tests.statistics.lifecycle import (
    IN_Q2,
    Q2,
    add_complaints,
    drafted_fixture,  # noqa: F401  (a fixture)
    events,
    only_event,
    published_fixture,  # noqa: F401  (a fixture)
    received,
)

# Preparing ---------------------------------------------------------------------------------


def test_a_statistician_prepares_a_draft_from_the_register(db, drafted, statistician):
    assert drafted.status is ReleaseStatus.DRAFT
    assert (drafted.slug, drafted.revision, drafted.version) == ("2026-q2", 1, 1)
    assert (drafted.period_start.isoformat(), drafted.period_end.isoformat()) == (
        "2026-04-01",
        "2026-06-30",
    )
    assert drafted.prepared_by_id == statistician.id
    assert drafted.content["period"]["label"] == "April to June 2026"
    assert drafted.content["comparison"]["label"] == "April to June 2025"
    assert received(drafted) == {"value": 6, "symbol": None}
    assert drafted.content_sha256 == services.digest(drafted.content)
    assert drafted.revision_note is None


def test_preparing_writes_its_audit_event(db, drafted, statistician):
    event = only_event(db, "statistics.prepared")
    assert (event.actor, event.object_type, event.object_id) == (
        f"user:{statistician.id}",
        "statistics_release",
        str(drafted.id),
    )
    assert event.details == {
        "period": "2026-q2",
        "revision": 1,
        "content_sha256": drafted.content_sha256,
    }


@pytest.mark.parametrize("role", [Role.PUBLISHER, Role.CASEWORKER, Role.ADMINISTRATOR])
def test_only_a_statistician_can_prepare_a_release(db, role):
    user = make_user({role}, email=f"{role.value}@example.test")
    with pytest.raises(services.NotPermitted):
        services.prepare(Q2, user)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(StatisticsRelease)) == 0


def test_a_second_draft_for_the_same_period_is_refused(db, drafted, statistician):
    with pytest.raises(services.ReleaseProblem) as refused:
        services.prepare(Q2, statistician)
    assert refused.value.field == "period"
    assert str(refused.value) == (
        "There is already a release for April to June 2026 being prepared: change that one"
    )


def test_progress_is_reported_for_every_step_of_both_periods(db, statistician):
    seen: list[tuple[int, int, str]] = []
    services.prepare(Q2, statistician, progress=lambda *step: seen.append(step))
    assert [done for done, _, _ in seen] == list(range(1, 17))
    assert {steps for _, steps, _ in seen} == {16}
    assert seen[0][2] == "2026-Q2: complaints received"
    assert seen[-1][2] == "2025-Q2: deployments"


# Recomputing -------------------------------------------------------------------------------


def test_recomputing_after_new_complaints_changes_the_figures_and_says_so(
    db, drafted, statistician
):
    before = drafted.content_sha256
    add_complaints(3, IN_Q2 + timedelta(days=10))
    assert services.recompute(drafted, statistician, version=1) is True
    db.session.commit()
    assert received(drafted) == {"value": 9, "symbol": None}
    assert drafted.content_sha256 != before
    assert drafted.content_sha256 == services.digest(drafted.content)
    assert drafted.version == 2
    event = only_event(db, "statistics.recomputed")
    assert event.actor == f"user:{statistician.id}"
    assert event.details == {
        "period": "2026-q2",
        "revision": 1,
        "content_sha256": drafted.content_sha256,
        "changed": True,
    }


def test_recomputing_an_unchanged_register_says_nothing_changed(db, drafted, statistician):
    before = drafted.content_sha256
    assert services.recompute(drafted, statistician, version=1) is False
    db.session.commit()
    assert drafted.content_sha256 == before
    assert only_event(db, "statistics.recomputed").details["changed"] is False


def test_complaints_outside_the_period_do_not_change_it(db, drafted, statistician):
    add_complaints(2, datetime(2026, 7, 1, 9, 0, tzinfo=UTC))
    assert services.recompute(drafted, statistician) is False


def test_only_a_statistician_can_recompute(db, drafted, publisher):
    with pytest.raises(services.NotPermitted):
        services.recompute(drafted, publisher)
    assert events(db, "statistics.recomputed") == []


def test_recomputing_from_an_out_of_date_page_is_refused(db, drafted, statistician):
    add_complaints(1)
    services.recompute(drafted, statistician, version=1)
    db.session.commit()
    with pytest.raises(services.ReleaseProblem, match="Someone else changed this release"):
        services.recompute(drafted, statistician, version=1)
    db.session.rollback()
    assert drafted.version == 2
    assert len(events(db, "statistics.recomputed")) == 1


# Four eyes ---------------------------------------------------------------------------------


def test_only_a_publisher_can_approve(db, drafted):
    other = make_user({Role.STATISTICIAN, Role.ADMINISTRATOR}, email="other@example.test")
    with pytest.raises(services.NotPermitted):
        services.approve(drafted, other, utcnow())
    assert drafted.status is ReleaseStatus.DRAFT


def test_whoever_prepared_a_release_cannot_approve_it_even_holding_both_roles(db):
    both = make_user({Role.STATISTICIAN, Role.PUBLISHER}, email="both@example.test")
    release = services.prepare(Q2, both)
    db.session.commit()
    with pytest.raises(services.ReleaseProblem) as refused:
        services.approve(release, both, utcnow())
    assert refused.value.field == "publish_at"
    assert str(refused.value) == "You prepared this release, so someone else must approve it"
    db.session.rollback()
    assert (release.status, release.approved_by_id, release.version) == (
        ReleaseStatus.DRAFT,
        None,
        1,
    )
    assert events(db, "statistics.approved") == []


def test_the_database_refuses_an_approval_by_whoever_prepared_it(db, drafted):
    drafted.approved_by_id = drafted.prepared_by_id
    with pytest.raises(IntegrityError, match="four_eyes"):
        db.session.flush()
    db.session.rollback()


# Approving and publishing ------------------------------------------------------------------


def test_an_approved_release_is_published_when_its_time_comes_and_not_before(
    db, drafted, publisher
):
    # A first release comes out when the calendar says, whatever time the publisher asks.
    publish_at = calendar.entry_for(drafted.slug).publish_at
    services.approve(drafted, publisher, utcnow() + timedelta(days=40), version=1)
    db.session.commit()
    assert drafted.status is ReleaseStatus.APPROVED
    assert (drafted.approved_by_id, drafted.publish_at, drafted.version) == (
        publisher.id,
        publish_at,
        2,
    )
    approved = only_event(db, "statistics.approved")
    assert approved.actor == f"user:{publisher.id}"
    assert approved.details == {
        "period": "2026-q2",
        "revision": 1,
        "content_sha256": drafted.content_sha256,
        "publish_at": publish_at.isoformat(timespec="minutes"),
    }

    assert services.publish_due(publish_at - timedelta(minutes=1)) == []
    assert drafted.status is ReleaseStatus.APPROVED
    assert services.published("2026-q2") is None

    assert services.publish_due(publish_at) == [drafted]
    db.session.commit()
    assert drafted.status is ReleaseStatus.PUBLISHED
    assert drafted.published_at == publish_at
    assert services.published("2026-q2") == drafted
    event = only_event(db, "statistics.published")
    assert (event.actor, event.object_id) == ("system", str(drafted.id))
    assert event.details == {
        "period": "2026-q2",
        "revision": 1,
        "content_sha256": drafted.content_sha256,
    }


def test_a_publication_time_already_past_publishes_a_revision_at_approval(
    db, published, statistician, publisher
):
    revision = services.prepare(Q2, statistician, revision_note="Recounted.")
    services.approve(revision, publisher, utcnow() - timedelta(days=3))
    assert revision.publish_at == revision.approved_at


def test_a_publication_time_without_a_timezone_is_refused(db, drafted, publisher):
    with pytest.raises(ValueError, match="timezone"):
        services.approve(drafted, publisher, datetime(2027, 1, 1, 9, 30))


def test_publishing_what_is_due_twice_publishes_it_once(db, drafted, publisher):
    services.approve(drafted, publisher, utcnow())
    assert services.publish_due(drafted.publish_at) == [drafted]
    db.session.commit()
    version = drafted.version
    assert services.publish_due(drafted.publish_at) == []
    assert services.publish_due(utcnow() + timedelta(days=400)) == []
    db.session.commit()
    assert drafted.version == version
    assert len(events(db, "statistics.published")) == 1


def test_a_publisher_can_withdraw_an_approval_before_publication(db, drafted, publisher):
    services.approve(drafted, publisher, utcnow() + timedelta(days=1))
    db.session.commit()
    services.withdraw_approval(drafted, publisher, version=2)
    db.session.commit()
    assert drafted.status is ReleaseStatus.DRAFT
    assert (drafted.approved_by_id, drafted.approved_at, drafted.publish_at) == (None, None, None)
    assert drafted.version == 3
    event = only_event(db, "statistics.approval_withdrawn")
    assert event.actor == f"user:{publisher.id}"
    assert event.details == {"period": "2026-q2", "revision": 1}
    assert services.publish_due(utcnow() + timedelta(days=40)) == []


def test_only_a_publisher_can_withdraw_an_approval(db, drafted, publisher, statistician):
    services.approve(drafted, publisher, utcnow() + timedelta(days=1))
    with pytest.raises(services.NotPermitted):
        services.withdraw_approval(drafted, statistician)


def test_a_published_release_cannot_have_its_approval_withdrawn(db, published, publisher):
    with pytest.raises(services.ReleaseProblem, match="not yet published"):
        services.withdraw_approval(published, publisher)


def test_release_errors_are_the_registers_domain_errors():
    assert issubclass(services.ReleaseProblem, problems.Problem)
    assert issubclass(services.NotPermitted, problems.NotPermitted)
    refused = services.ReleaseProblem("Only a draft can be approved", "publish_at")
    assert (str(refused), refused.message, refused.field) == (
        "Only a draft can be approved",
        "Only a draft can be approved",
        "publish_at",
    )
