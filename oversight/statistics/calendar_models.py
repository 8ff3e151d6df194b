"""The release calendar's tables: an entry a period announced, each change to its day,
and each cancellation (calendar.py keeps them; migrations 0009 and 0010 hold their rules
in the database too).

An entry counts its announcements: 1 when first announced, one more each time it is
announced again after a cancellation. A cancellation records which announcement it
cancelled, the day that announcement was for, who, when and why; the entry is cancelled
while its current announcement has one. Nothing here is ever rewritten: a change or a
cancellation is kept as it was made.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from oversight.auth.models import User
from oversight.models import Base, enum_column
from oversight.statistics.enums import PeriodKind
from oversight.statistics.periods import Period
from oversight.workdays import LONDON

# Statistics go out at 09:30 UK time, as official statistics across government do.
PUBLICATION_TIME = time(9, 30)


class CalendarEntry(Base):
    """A pre-announced release: the period it covers and the day it is published."""

    __tablename__ = "release_calendar"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(40), unique=True)  # the period's, e.g. 2026-q3
    period_kind: Mapped[PeriodKind] = enum_column(PeriodKind)
    period_start: Mapped[date]
    period_end: Mapped[date]
    release_date: Mapped[date]
    announced_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    announced_at: Mapped[datetime]  # of its current announcement
    version: Mapped[int] = mapped_column(default=1)
    # 1 when first announced, one more each time announced again after a cancellation.
    announcement: Mapped[int] = mapped_column(default=1, server_default="1")

    announced_by: Mapped[User] = relationship(foreign_keys=[announced_by_id])
    changes: Mapped[list[CalendarChange]] = relationship(
        back_populates="entry", order_by="CalendarChange.id"
    )
    cancellations: Mapped[list[CalendarCancellation]] = relationship(
        back_populates="entry", order_by="CalendarCancellation.id"
    )

    __table_args__ = (
        sa.CheckConstraint("period_end >= period_start", name="period_ends_after_start"),
        sa.CheckConstraint("period_kind <> 'custom'", name="standard_period"),
        sa.CheckConstraint("release_date > period_end", name="released_after_period"),
    )

    @property
    def period(self) -> Period:
        return Period(self.period_kind, self.period_start, self.period_end)

    @property
    def publish_at(self) -> datetime:
        return publication_moment(self.release_date)

    @property
    def cancellation(self) -> CalendarCancellation | None:
        """The cancellation of its current announcement, if it is cancelled."""
        return next((c for c in self.cancellations if c.announcement == self.announcement), None)


class CalendarChange(Base):
    """A change to an announced day: who made it, when, from which day to which, and why."""

    __tablename__ = "release_calendar_changes"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(sa.ForeignKey("release_calendar.id"), index=True)
    changed_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    changed_at: Mapped[datetime]
    old_date: Mapped[date]
    new_date: Mapped[date]
    reason: Mapped[str] = mapped_column(sa.Text)

    entry: Mapped[CalendarEntry] = relationship(back_populates="changes")
    changed_by: Mapped[User] = relationship(foreign_keys=[changed_by_id])

    __table_args__ = (
        sa.CheckConstraint("old_date <> new_date", name="date_changed"),
        sa.CheckConstraint("length(trim(reason)) > 0", name="has_reason"),
    )


class CalendarCancellation(Base):
    """An announced release cancelled before it came out: which announcement, the day it
    was for, who cancelled it, when, and why (published with it)."""

    __tablename__ = "release_calendar_cancellations"

    id: Mapped[int] = mapped_column(primary_key=True)
    entry_id: Mapped[int] = mapped_column(sa.ForeignKey("release_calendar.id"))
    announcement: Mapped[int]
    release_date: Mapped[date]
    cancelled_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    cancelled_at: Mapped[datetime]
    reason: Mapped[str] = mapped_column(sa.Text)

    entry: Mapped[CalendarEntry] = relationship(back_populates="cancellations")
    cancelled_by: Mapped[User] = relationship(foreign_keys=[cancelled_by_id])

    __table_args__ = (
        sa.UniqueConstraint("entry_id", "announcement"),
        sa.CheckConstraint("length(trim(reason)) > 0", name="has_reason"),
    )


def publication_moment(day: date) -> datetime:
    """09:30 UK time (GMT or British Summer Time) on the day, in UTC."""
    return datetime.combine(day, PUBLICATION_TIME, tzinfo=LONDON).astimezone(UTC)
