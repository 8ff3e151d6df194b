"""`flask statistics prepare` and `flask statistics publish-due`, run as a statistician
or a scheduler would with the CLI runner."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.auth.models import Role
from oversight.models import utcnow
from oversight.statistics import services
from oversight.statistics.enums import ReleaseStatus
from oversight.statistics.models import StatisticsRelease
from oversight.statistics.periods import quarter
from tests.factories import make_complaint, make_user
from tests.statistics.calendar_data import (
    approve,
    approve_and_publish,
    in_the_calendar,
    working_day,
)

IN_Q2 = datetime(2026, 5, 12, 10, 0, tzinfo=UTC)
NO_ARGUMENT = 2  # click's exit status for a bad argument, used for every refusal here


def prepare(runner, *args: str):
    return runner.invoke(args=["statistics", "prepare", *args])


def releases(db) -> list[StatisticsRelease]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(StatisticsRelease).order_by(StatisticsRelease.id)))


@pytest.fixture
def complaints(db) -> None:
    for n in range(7):
        make_complaint(received_at=IN_Q2 + timedelta(hours=n))
    db.session.commit()


def test_prepare_makes_a_draft_showing_each_step_and_a_summary(
    runner, db, complaints, statistician
):
    result = prepare(runner, "2026-Q2", "--as", statistician.email)
    assert result.exit_code == 0, result.output
    [release] = releases(db)
    assert (release.slug, release.revision, release.status) == ("2026-q2", 1, ReleaseStatus.DRAFT)
    assert release.prepared_by_id == statistician.id
    lines = result.output.splitlines()
    assert lines[0] == (
        "Preparing the release for April to June 2026 (2026-Q2) as statistician@example.test"
    )
    steps = [line for line in lines if line.startswith("  [")]
    assert len(steps) == 16
    assert steps[0] == "  [ 1/16] 2026-Q2: complaints received"
    assert steps[-1] == "  [16/16] 2025-Q2: deployments"
    assert f"Prepared release {release.id}: 2026-q2, revision 1, a draft." in lines
    assert "  Period:      April to June 2026 (2026-04-01 to 2026-06-30)" in lines
    assert "  Compared to: April to June 2025" in lines
    # The register holds no complaint from a year before: that count is not known.
    assert "  Complaints received: 7 (a year before: [x])" in lines
    assert f"(/staff/statistics/{release.id}), for publication from 2026-07-31 on." in lines[-1]
    [event] = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "statistics.prepared")
    )
    assert event.actor == f"user:{statistician.id}"


@pytest.mark.parametrize(
    ("written", "slug"),
    [
        ("2025", "2025"),
        ("FY2025-26", "fy2025-26"),
        ("2026-01-05..2026-02-20", "2026-01-05-to-2026-02-20"),
    ],
)
def test_prepare_reads_every_way_of_writing_a_period(runner, db, statistician, written, slug):
    result = prepare(runner, written, "--as", statistician.email)
    assert result.exit_code == 0, result.output
    assert [release.slug for release in releases(db)] == [slug]


@pytest.mark.parametrize(
    ("written", "says"),
    [
        ("2026-Q5", "Write the period as a quarter like 2026-Q3"),
        ("FY2025-27", "A financial year runs from one year into the next, like FY2025-26"),
        ("2026-02-20..2026-01-05", "The end date must be the same as or after the start date"),
        ("1999", "The year must be between 2000 and 2100"),
    ],
)
def test_a_period_that_cannot_be_read_exits_2_and_says_how_to_write_one(
    runner, db, statistician, written, says
):
    result = prepare(runner, written, "--as", statistician.email)
    assert result.exit_code == NO_ARGUMENT
    assert "Invalid value for PERIOD" in result.output
    assert says in result.output
    assert releases(db) == []


def test_an_unknown_account_exits_2(runner, db):
    result = prepare(runner, "2026-Q2", "--as", "nobody@example.test")
    assert result.exit_code == NO_ARGUMENT
    assert "no staff account has the email nobody@example.test" in result.output
    assert releases(db) == []


@pytest.mark.parametrize("role", [Role.PUBLISHER, Role.CASEWORKER])
def test_an_account_that_is_not_a_statistician_exits_2(runner, db, role):
    user = make_user({role}, email="not.a.statistician@example.test")
    db.session.commit()
    result = prepare(runner, "2026-Q2", "--as", user.email)
    assert result.exit_code == NO_ARGUMENT
    assert "not.a.statistician@example.test is not a statistician" in result.output
    assert releases(db) == []


def test_a_disabled_account_exits_2(runner, db):
    user = make_user({Role.STATISTICIAN}, email="gone@example.test", disabled_at=utcnow())
    db.session.commit()
    result = prepare(runner, "2026-Q2", "--as", user.email)
    assert result.exit_code == NO_ARGUMENT
    assert "gone@example.test is disabled" in result.output


def test_the_account_must_be_named_when_there_is_not_just_one_statistician(runner, db):
    result = prepare(runner, "2026-Q2")
    assert result.exit_code == NO_ARGUMENT
    assert "Say who is preparing the release with --as EMAIL" in result.output
    assert "the register has 0 statistician accounts" in result.output
    make_user({Role.STATISTICIAN}, email="one@example.test")
    make_user({Role.STATISTICIAN, Role.PUBLISHER}, email="two@example.test")
    db.session.commit()
    result = prepare(runner, "2026-Q2")
    assert result.exit_code == NO_ARGUMENT
    assert "the register has 2 statistician accounts" in result.output
    assert releases(db) == []


def test_with_one_statistician_the_account_can_be_left_out(runner, db, statistician, publisher):
    result = prepare(runner, "2026-Q2")
    assert result.exit_code == 0, result.output
    assert f"as {statistician.email}" in result.output
    [release] = releases(db)
    assert release.prepared_by_id == statistician.id


def test_a_draft_already_being_prepared_exits_2(runner, db, statistician):
    assert prepare(runner, "2026-Q2", "--as", statistician.email).exit_code == 0
    result = prepare(runner, "2026-Q2", "--as", statistician.email)
    assert result.exit_code == NO_ARGUMENT
    assert (
        "Error: There is already a release for April to June 2026 being prepared: "
        "change that one." in result.output
    )
    assert len(releases(db)) == 1


def test_a_published_period_needs_a_revision_note_and_then_gets_a_revision(
    runner, db, statistician, publisher
):
    release = services.prepare(quarter(2026, 2), statistician)
    approve_and_publish(release, publisher)
    db.session.commit()
    refused = prepare(runner, "2026-Q2", "--as", statistician.email)
    assert refused.exit_code == NO_ARGUMENT
    assert "say what the revision changes and why" in refused.output
    result = prepare(
        runner,
        "2026-Q2",
        "--as",
        statistician.email,
        "--revision-note",
        "Late complaints are now counted.",
    )
    assert result.exit_code == 0, result.output
    first, revision = releases(db)
    assert "2026-q2, revision 2, a draft." in result.output
    assert (revision.revision, revision.revision_note) == (2, "Late complaints are now counted.")
    assert first.status is ReleaseStatus.PUBLISHED


def test_publish_due_publishes_what_is_due_and_says_so(
    runner, db, statistician, publisher, monkeypatch
):
    due = services.prepare(quarter(2026, 1), statistician)
    waiting = services.prepare(quarter(2026, 2), statistician)
    in_the_calendar(waiting.period, publisher, working_day(30))
    moment = approve(due, publisher, utcnow() + timedelta(days=1))
    approve(waiting, publisher, utcnow() + timedelta(days=30))
    db.session.commit()
    assert runner.invoke(args=["statistics", "publish-due"]).output == (
        "Nothing is due to be published.\n"
    )
    monkeypatch.setattr(services, "utcnow", lambda: moment)  # the first one's day comes
    result = runner.invoke(args=["statistics", "publish-due"])
    assert result.exit_code == 0, result.output
    assert result.output == (
        "Published 2026-q1, revision 1 (January to March 2026), "
        f"due {moment.astimezone(UTC):%Y-%m-%d %H:%M} UTC.\n"
    )
    first, second = releases(db)
    assert (first.status, second.status) == (ReleaseStatus.PUBLISHED, ReleaseStatus.APPROVED)
    again = runner.invoke(args=["statistics", "publish-due"])
    assert again.output == "Nothing is due to be published.\n"
