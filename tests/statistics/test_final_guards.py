"""A published release is never deleted, and is marked superseded only by publishing a
later revision, at that revision's publication time: the database refuses anything else,
written with plain SQL past the models (migration 0008), on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from oversight.statistics import services
from oversight.statistics.enums import ReleaseStatus
from oversight.statistics.models import ReleaseIsFinal, StatisticsRelease
from oversight.statistics.periods import quarter
from tests.statistics.calendar_data import approve

Q2 = quarter(2026, 2)


@pytest.fixture
def releases(db, statistician, publisher) -> dict[str, int]:
    """2026-q2 published, a revision of it approved (not yet due), 2026-q3 a draft."""
    published = services.prepare(Q2, statistician)
    moment = approve(published, publisher)
    services.publish_due(moment)
    db.session.commit()
    revision = services.prepare(Q2, statistician, revision_note="Late closures.")
    services.approve(revision, publisher, moment + timedelta(days=1))
    draft = services.prepare(quarter(2026, 3), statistician)
    db.session.commit()
    return {"published": published.id, "revision": revision.id, "draft": draft.id}


def run(db: Any, sql: str, **values: Any) -> None:
    with db.engine.begin() as connection:
        connection.execute(sa.text(sql), values)


def status(db: Any, release_id: int) -> str:
    with db.engine.connect() as connection:
        return str(
            connection.scalar(
                sa.text("SELECT status FROM statistics_releases WHERE id = :id"), {"id": release_id}
            )
        )


def publish_revision_by_sql(db: Any, release_id: int) -> None:
    run(
        db,
        "UPDATE statistics_releases SET status = 'published', published_at = publish_at"
        " WHERE id = :id",
        id=release_id,
    )


def test_the_database_refuses_to_delete_a_published_release(db, releases):
    with pytest.raises(sa.exc.DBAPIError, match="never deleted"):
        run(db, "DELETE FROM statistics_releases WHERE id = :id", id=releases["published"])
    with pytest.raises(sa.exc.DBAPIError, match="never deleted"):
        run(db, "DELETE FROM statistics_releases")
    assert status(db, releases["published"]) == "published"


def test_the_database_refuses_to_delete_a_superseded_release(db, releases):
    publish_revision_by_sql(db, releases["revision"])
    run(
        db,
        "UPDATE statistics_releases SET status = 'superseded', superseded_at ="
        " (SELECT published_at FROM statistics_releases WHERE id = :new) WHERE id = :old",
        new=releases["revision"],
        old=releases["published"],
    )
    with pytest.raises(sa.exc.DBAPIError, match="never deleted"):
        run(db, "DELETE FROM statistics_releases WHERE id = :id", id=releases["published"])
    assert status(db, releases["published"]) == "superseded"


def test_drafts_and_approved_releases_can_still_be_deleted(db, releases):
    run(
        db,
        "DELETE FROM statistics_releases WHERE id IN (:a, :b)",
        a=releases["draft"],
        b=releases["revision"],
    )
    assert status(db, releases["draft"]) == "None"


@pytest.mark.parametrize(
    "superseded_at",
    ["now", "null", "the revision's approval time"],
)
def test_the_database_refuses_to_supersede_a_release_without_its_revision_published(
    db, releases, superseded_at
):
    """The revision is approved but not published: nothing may supersede the release yet."""
    value = {
        "now": "CURRENT_TIMESTAMP",
        "null": "NULL",
        "the revision's approval time": "(SELECT approved_at FROM statistics_releases"
        " WHERE id = :new)",
    }[superseded_at]
    with pytest.raises(sa.exc.DBAPIError, match="later revision is published"):
        run(
            db,
            # The values are the test's own three, never input.
            f"UPDATE statistics_releases SET status = 'superseded', superseded_at = {value}"  # noqa: S608
            " WHERE id = :old",
            old=releases["published"],
            new=releases["revision"],
        )
    assert status(db, releases["published"]) == "published"


def test_the_database_refuses_a_forged_superseded_date(db, releases):
    publish_revision_by_sql(db, releases["revision"])
    with pytest.raises(sa.exc.DBAPIError, match="later revision is published"):
        run(
            db,
            "UPDATE statistics_releases SET status = 'superseded', superseded_at ="
            " (SELECT prepared_at FROM statistics_releases WHERE id = :new) WHERE id = :old",
            new=releases["revision"],
            old=releases["published"],
        )
    assert status(db, releases["published"]) == "published"


def test_the_database_refuses_a_release_of_another_period_as_the_revision(db, releases):
    other = db.session.get(StatisticsRelease, releases["draft"])
    assert other is not None
    with pytest.raises(sa.exc.DBAPIError, match="later revision is published"):
        run(
            db,
            "UPDATE statistics_releases SET status = 'superseded', superseded_at ="
            " (SELECT published_at FROM statistics_releases WHERE id = :old) WHERE id = :old",
            old=releases["published"],
        )


def test_publishing_the_revision_still_supersedes_the_release(db, releases):
    revision = db.session.get(StatisticsRelease, releases["revision"])
    assert revision is not None and revision.publish_at is not None
    # When the revision is due, whatever day of the week the tests run on.
    assert services.publish_due(revision.publish_at + timedelta(minutes=1)) == [revision]
    db.session.commit()
    old = db.session.get(StatisticsRelease, releases["published"])
    assert old is not None
    assert old.status is ReleaseStatus.SUPERSEDED
    assert old.superseded_at == revision.published_at
    with pytest.raises(sa.exc.DBAPIError, match="never changes"):
        run(db, "UPDATE statistics_releases SET superseded_at = NULL WHERE id = :id", id=old.id)


def test_the_models_refuse_to_delete_a_published_release(db, releases):
    release = db.session.get(StatisticsRelease, releases["published"])
    db.session.delete(release)
    with pytest.raises(ReleaseIsFinal):
        db.session.flush()
    db.session.rollback()
    assert status(db, releases["published"]) == "published"
