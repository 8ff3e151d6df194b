"""A published release never changes, even written to with plain SQL past the models.

The database itself refuses any change to a published or superseded release except the
one that marks a published release superseded; a draft changes freely.
"""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from oversight.models import utcnow
from oversight.statistics import services
from oversight.statistics.enums import ReleaseStatus
from oversight.statistics.models import StatisticsRelease
from oversight.statistics.periods import quarter
from tests.statistics.calendar_data import approve_and_publish

RELEASES = StatisticsRelease.__table__


@pytest.fixture
def released(db, statistician, publisher) -> dict[str, int]:
    draft = services.prepare(quarter(2026, 3), statistician)
    published = services.prepare(quarter(2026, 2), statistician)
    approve_and_publish(published, publisher)
    db.session.commit()
    return {"draft": draft.id, "published": published.id}


def write(db: Any, release_id: int, **values: Any) -> None:
    with db.engine.begin() as connection:
        connection.execute(RELEASES.update().where(RELEASES.c.id == release_id).values(**values))


def stored(db: Any, release_id: int) -> Any:
    with db.engine.connect() as connection:
        return connection.execute(sa.select(RELEASES).where(RELEASES.c.id == release_id)).one()


@pytest.mark.parametrize(
    "values",
    [
        {"content": {"tables": []}},
        {"content_sha256": "0" * 64},
        {"revision_note": "A quiet change."},
        {"status": "draft"},
        {"status": "approved"},
        {"published_at": None},
        {"status": "superseded", "content": {"tables": []}},
    ],
    ids=lambda values: ",".join(values),
)
def test_the_database_refuses_to_change_a_published_release(db, released, values):
    before = stored(db, released["published"])
    with pytest.raises(sa.exc.DBAPIError, match="never changes"):
        write(db, released["published"], **values)
    assert stored(db, released["published"]) == before


def test_the_database_lets_a_published_release_be_superseded_and_then_holds_it(
    db, released, statistician, publisher
):
    revision = services.prepare(quarter(2026, 2), statistician, revision_note="Late closures.")
    approve_and_publish(revision, publisher, utcnow())
    db.session.commit()
    write(db, released["published"], version=9)
    row = stored(db, released["published"])
    assert (row.status, row.version) == (ReleaseStatus.SUPERSEDED, 9)
    with pytest.raises(sa.exc.DBAPIError, match="never changes"):
        write(db, released["published"], superseded_at=None)
    with pytest.raises(sa.exc.DBAPIError, match="never changes"):
        write(db, released["published"], status="published")


def test_a_draft_changes_freely(db, released):
    write(db, released["draft"], content={"tables": []}, content_sha256="1" * 64)
    assert stored(db, released["draft"]).content == {"tables": []}
