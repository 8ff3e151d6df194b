"""A statistics release, and the calendar of working days its timeliness figures count.

A release is prepared (a draft, which can be recomputed), approved by a publisher who did
not prepare it, and published at the time the publisher set. Once published it never
changes and is never deleted: the only change allowed is to mark it superseded when a
later revision is published, at that revision's publication time. The database holds the
same rules in triggers (migrations 0005 and 0008), whoever writes to it.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from oversight.auth.models import User
from oversight.models import Base, enum_column, utcnow
from oversight.statistics.content import ReleaseContent
from oversight.statistics.enums import PUBLIC_STATUSES, PeriodKind, ReleaseStatus
from oversight.statistics.periods import Period

# A period's slug as addresses carry it (periods.Period.slug): 2026-q3, fy2025-26, …
SLUG_PATTERN = r"^[a-z0-9-]{1,40}$"
# What may still change on a published release: being superseded by its revision.
CHANGES_AFTER_PUBLICATION = frozenset({"status", "superseded_at", "version"})


class ReleaseIsFinal(RuntimeError):
    """A published release was about to change; a correction is a new revision."""


class StatisticsRelease(Base):
    __tablename__ = "statistics_releases"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(40), index=True)  # the period's, e.g. 2026-q3
    revision: Mapped[int] = mapped_column(default=1)
    period_kind: Mapped[PeriodKind] = enum_column(PeriodKind)
    period_start: Mapped[date]
    period_end: Mapped[date]
    status: Mapped[ReleaseStatus] = enum_column(ReleaseStatus, default=ReleaseStatus.DRAFT)
    content: Mapped[ReleaseContent] = mapped_column(sa.JSON)
    content_sha256: Mapped[str] = mapped_column(sa.String(64))
    computed_at: Mapped[datetime]
    prepared_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    prepared_at: Mapped[datetime] = mapped_column(default=utcnow)
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    approved_at: Mapped[datetime | None]
    publish_at: Mapped[datetime | None]
    published_at: Mapped[datetime | None]
    superseded_at: Mapped[datetime | None]
    # What a revision changed and why (none on a first release).
    revision_note: Mapped[str | None] = mapped_column(sa.Text)
    version: Mapped[int] = mapped_column(default=1)

    prepared_by: Mapped[User] = relationship(foreign_keys=[prepared_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])

    __table_args__ = (
        sa.UniqueConstraint("slug", "revision"),
        sa.CheckConstraint("period_end >= period_start", name="period_ends_after_start"),
        sa.CheckConstraint("revision >= 1", name="revision_positive"),
        # Four eyes: whoever approves a release did not prepare it.
        sa.CheckConstraint(
            "approved_by_id IS NULL OR approved_by_id <> prepared_by_id", name="four_eyes"
        ),
        sa.CheckConstraint(
            "status = 'draft' OR (approved_by_id IS NOT NULL AND publish_at IS NOT NULL)",
            name="approved_before_publication",
        ),
        sa.CheckConstraint(
            "status NOT IN ('published', 'superseded') OR published_at IS NOT NULL",
            name="published_has_a_time",
        ),
        sa.CheckConstraint("revision = 1 OR revision_note IS NOT NULL", name="revision_has_note"),
    )

    @property
    def period(self) -> Period:
        return Period(self.period_kind, self.period_start, self.period_end)

    @property
    def public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    def back_to_draft(self) -> None:
        """Take its approval back (services.withdraw_approval; cancelling its release in
        the calendar): a draft again, with no time to come out."""
        self.status = ReleaseStatus.DRAFT
        self.approved_by_id = None
        self.approved_at = None
        self.publish_at = None
        self.version += 1

    def __repr__(self) -> str:
        return f"<StatisticsRelease {self.slug} r{self.revision} {self.status}>"


@event.listens_for(StatisticsRelease, "before_update")
def _refuse_changes_to_a_published_release(mapper: Any, connection: Any, target: Any) -> None:
    # The status as stored, not as loaded: a release whose status was never loaded (or
    # was expired by a commit) would otherwise show only its new status.
    was = connection.scalar(
        sa.select(StatisticsRelease.status).where(StatisticsRelease.id == target.id)
    )
    if was not in PUBLIC_STATUSES:
        return
    state = sa.inspect(target)
    changed = {attr.key for attr in state.attrs if attr.history.has_changes()}
    if changed - CHANGES_AFTER_PUBLICATION or target.status is not ReleaseStatus.SUPERSEDED:
        raise ReleaseIsFinal(f"release {target.id} is published and cannot change")


@event.listens_for(StatisticsRelease, "before_delete")
def _refuse_to_delete_a_published_release(mapper: Any, connection: Any, target: Any) -> None:
    # The database refuses it too (migration 0008), whoever writes to the table.
    was = connection.scalar(
        sa.select(StatisticsRelease.status).where(StatisticsRelease.id == target.id)
    )
    if was in PUBLIC_STATUSES:
        raise ReleaseIsFinal(f"release {target.id} is published and is never deleted")


class WorkingDay(Base):
    """Every calendar day with the count of working days up to it, so the database can
    count working days between two dates by subtraction."""

    __tablename__ = "working_days"

    day: Mapped[date] = mapped_column(primary_key=True)
    number: Mapped[int]  # working days from the calendar's first day up to this day
    working: Mapped[bool]
