"""Revising a statistics release through its services: a published release never
changes, a revision needs a note and supersedes it once published."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from oversight.auth.models import Role
from oversight.models import utcnow
from oversight.statistics import services
from oversight.statistics.enums import ReleaseStatus
from oversight.statistics.models import ReleaseIsFinal
from tests.factories import make_user
from tests.statistics.lifecycle import (
    NOTE,
    Q2,
    add_complaints,
    drafted_fixture,  # noqa: F401  (a fixture)
    events,
    only_event,
    published_fixture,  # noqa: F401  (a fixture)
    received,
)

# A published release never changes ---------------------------------------------------------


@pytest.mark.parametrize(
    ("attribute", "value"),
    [
        ("content", {"tables": []}),
        ("content_sha256", "0" * 64),
        ("revision_note", "A quiet change."),
        ("period_end", Q2.end - timedelta(days=1)),
        ("published_at", datetime(2030, 1, 1, tzinfo=UTC)),
        ("status", ReleaseStatus.DRAFT),
    ],
)
def test_a_published_release_refuses_any_change(db, published, attribute, value):
    setattr(published, attribute, value)
    with pytest.raises(ReleaseIsFinal):
        db.session.flush()
    db.session.rollback()
    assert published.status is ReleaseStatus.PUBLISHED
    assert published.content_sha256 == services.digest(published.content)


def test_a_published_release_cannot_be_recomputed_or_approved_again(
    db, published, statistician, publisher
):
    with pytest.raises(services.ReleaseProblem, match="Only a draft can be recomputed"):
        services.recompute(published, statistician)
    other = make_user({Role.PUBLISHER}, email="second.publisher@example.test")
    with pytest.raises(services.ReleaseProblem, match="Only a draft can be approved"):
        services.approve(published, other, utcnow())


# Revisions ---------------------------------------------------------------------------------


def test_a_revision_of_a_published_period_needs_a_note(db, published, statistician):
    for note in (None, "", "   ", "\x00 "):
        with pytest.raises(services.ReleaseProblem) as refused:
            services.prepare(Q2, statistician, revision_note=note)
        assert refused.value.field == "revision_note"
        assert str(refused.value) == (
            "April to June 2026 has been published: say what the revision changes and why"
        )


def test_a_revision_supersedes_the_old_release_when_it_is_published(
    db, published, statistician, publisher
):
    first_content = published.content
    add_complaints(5)
    revision = services.prepare(Q2, statistician, revision_note=f"  {NOTE}  ")
    db.session.commit()
    assert (revision.revision, revision.revision_note) == (2, NOTE)
    assert [e.details["revision"] for e in events(db, "statistics.prepared")] == [1, 2]
    assert events(db, "statistics.prepared")[1].details == {
        "period": "2026-q2",
        "revision": 2,
        "content_sha256": revision.content_sha256,
    }
    # Until the revision is published, the first release is the current one.
    assert services.published("2026-q2") == published
    services.approve(revision, publisher, utcnow())
    assert services.publish_due() == [revision]
    db.session.commit()

    assert services.published("2026-q2") == revision
    assert received(revision) == {"value": 11, "symbol": None}
    old = services.published("2026-q2", 1)
    assert old is published
    assert old.status is ReleaseStatus.SUPERSEDED
    assert old.superseded_at == revision.published_at
    assert old.content == first_content
    assert [r.revision for r in services.revisions("2026-q2")] == [2, 1]
    assert services.published_releases() == [revision]
    superseded = only_event(db, "statistics.superseded")
    assert (superseded.actor, superseded.object_id) == ("system", str(published.id))
    assert superseded.details == {"period": "2026-q2", "revision": 1, "by_revision": 2}


def test_a_superseded_release_still_refuses_any_change(db, published, statistician, publisher):
    revision = services.prepare(Q2, statistician, revision_note=NOTE)
    services.approve(revision, publisher, utcnow())
    services.publish_due()
    db.session.commit()
    published.content = {"tables": []}
    with pytest.raises(ReleaseIsFinal):
        db.session.flush()
    db.session.rollback()


def test_a_second_revision_waits_until_the_first_is_published(db, published, statistician):
    services.prepare(Q2, statistician, revision_note=NOTE)
    with pytest.raises(services.ReleaseProblem) as refused:
        services.prepare(Q2, statistician, revision_note="Another change.")
    assert refused.value.field == "period"
