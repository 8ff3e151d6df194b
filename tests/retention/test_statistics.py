"""After a run that anonymises every case, the statistics of a published period compute
to the same figures: the hand-worked register of tests/statistics (April to June 2026
and the same quarter of 2025, whose closures fall in both), with notes, replies and
evidence added to each case, published, then run over with everything due."""

from __future__ import annotations

import io

import sqlalchemy as sa

from oversight.complaints.enums import Status, TimelineKind
from oversight.complaints.evidence import evidence_store
from oversight.complaints.models import Complaint, Evidence, TimelineEntry
from oversight.extensions import db as _db
from oversight.retention.models import RetentionApplied
from oversight.statistics import services
from oversight.statistics.periods import parse_period
from oversight.statistics.services import compute
from tests import files
from tests.retention.cases import run
from tests.statistics.calendar_data import approve_and_publish, in_the_calendar
from tests.statistics.register import build_register


def _add_personal_records() -> None:
    stored = evidence_store().save(io.BytesIO(files.pdf()), "letter.pdf")
    for complaint in _db.session.scalars(sa.select(Complaint)):
        complaint.timeline.append(
            TimelineEntry(kind=TimelineKind.NOTE, actor="user:1", body="Called Jo at home.")
        )
        complaint.timeline.append(
            TimelineEntry(kind=TimelineKind.CORRESPONDENCE_IN, actor="public", body="My reply.")
        )
        complaint.priority_reason = "Jo is unwell."
        if complaint.closed_at is not None and not complaint.evidence:
            complaint.evidence.append(
                Evidence(
                    original_name="Jo.pdf",
                    content_type=stored.content_type,
                    size=stored.size,
                    sha256=stored.sha256,
                    storage_key=f"{complaint.id:032x}",
                    uploaded_by="public",
                )
            )
    _db.session.commit()


def test_the_statistics_of_a_published_period_are_the_same_after_a_run(
    db, runner, statistician, publisher
):
    build_register()
    _add_personal_records()
    quarter = parse_period("2026-Q2")
    release = services.prepare(quarter, statistician)
    in_the_calendar(quarter, statistician)
    db.session.commit()
    approve_and_publish(release, publisher)
    published = release.content
    year = compute(parse_period("2025"))

    result = run(runner, "--apply", "--today", "2040-01-01")

    assert "Done: 0 cases" not in result.output
    closed = sa.select(Complaint.id).where(Complaint.status == Status.CLOSED)
    done = sa.select(RetentionApplied.complaint_id).distinct()
    assert set(db.session.scalars(closed)) == set(db.session.scalars(done))
    assert len(set(db.session.scalars(done))) > 10
    left = sa.select(Evidence.id).where(Evidence.complaint_id.in_(closed))
    assert db.session.scalars(left).all() == []
    assert compute(quarter) == published
    assert compute(parse_period("2025")) == year
