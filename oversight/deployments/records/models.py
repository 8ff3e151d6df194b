"""Deployment records, usage returns and their history.

The database holds the figures together: no negative counts, true plus false alerts
never above alerts, a deployment that ends after it starts and a usage period that
ends after it begins. A correction bumps `version` and writes the new state as a
revision, so every record keeps its whole history.

What both kinds share is declared once: `RecordColumns` (the force, the source, the
version and who made and last changed it) and `RevisionColumns` (a version as it
stood); each table adds its own figures, keys and constraints.
"""

from __future__ import annotations

from datetime import date, datetime, time
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, declared_attr, mapped_column, relationship

from oversight.complaints.enums import Technology
from oversight.deployments.records.enums import Source, Via
from oversight.extensions import db
from oversight.forces.models import Force
from oversight.models import enum_column, utcnow

DEPLOYMENT_COUNTS = (
    "watchlist_size",
    "faces_seen",
    "alerts",
    "true_alerts",
    "false_alerts",
    "engagements",
    "arrests",
)


def _not_negative(*columns: str) -> str:
    return " AND ".join(f"({column} IS NULL OR {column} >= 0)" for column in columns)


# A mixin's columns follow the table's own unless sort_order says otherwise: these keep
# every table's columns in the order its migration made them (id and force first, the
# bookkeeping last).


class RecordColumns:
    """The columns every kind of record has besides its figures."""

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-2)
    force_id: Mapped[int] = mapped_column(sa.ForeignKey("forces.id"), sort_order=-1)
    source_link: Mapped[str | None] = mapped_column(sa.String(500), sort_order=2)
    version: Mapped[int] = mapped_column(default=1, sort_order=2)
    created_at: Mapped[datetime] = mapped_column(default=utcnow, sort_order=2)
    created_by: Mapped[str] = mapped_column(sa.String(100), sort_order=2)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, sort_order=2)
    updated_by: Mapped[str] = mapped_column(sa.String(100), sort_order=2)

    # Enum columns are made afresh for each table: a mixin's plain column is copied, and
    # a copied enum type takes the enum's name, where each CHECK is named after its column.
    @declared_attr
    def source(cls) -> Mapped[Source]:
        column: Mapped[Source] = enum_column(Source, sort_order=1)
        return column

    @declared_attr
    def force(cls) -> Mapped[Force]:
        return relationship(Force)


class RevisionColumns:
    """A record as it stood at one version (version 1 is as first recorded): its fields
    as JSON (records.snapshot), how the change came and who made it."""

    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-2)
    version: Mapped[int]
    data: Mapped[dict[str, Any]] = mapped_column(sa.JSON)
    note: Mapped[str | None] = mapped_column(sa.Text, sort_order=1)
    changed_by: Mapped[str] = mapped_column(sa.String(100), sort_order=1)
    changed_at: Mapped[datetime] = mapped_column(default=utcnow, sort_order=1)

    @declared_attr
    def via(cls) -> Mapped[Via]:
        column: Mapped[Via] = enum_column(Via)
        return column


class Deployment(RecordColumns, db.Model):  # type: ignore[name-defined]
    """One deployment of facial recognition by a force, as the force recorded it."""

    __tablename__ = "deployments"

    technology: Mapped[Technology] = enum_column(Technology, default=Technology.LFR)
    force_reference: Mapped[str | None] = mapped_column(sa.String(80))
    # What makes a record the same record on a second import or submission: the force's
    # reference when there is one, else its date, start time and place (records/kinds.py).
    natural_key: Mapped[str] = mapped_column(sa.String(400))
    deployed_on: Mapped[date] = mapped_column(index=True)
    start_time: Mapped[time | None]
    end_time: Mapped[time | None]
    location_name: Mapped[str] = mapped_column(sa.String(200))
    location_area: Mapped[str | None] = mapped_column(sa.String(200))
    latitude: Mapped[float | None]
    longitude: Mapped[float | None]
    purpose: Mapped[str | None] = mapped_column(sa.Text)
    authorising_rank: Mapped[str | None] = mapped_column(sa.String(80))
    watchlist_size: Mapped[int | None]
    watchlist_categories: Mapped[str | None] = mapped_column(sa.Text)
    faces_seen: Mapped[int | None] = mapped_column(sa.BigInteger)
    alerts: Mapped[int | None]
    true_alerts: Mapped[int | None]
    false_alerts: Mapped[int | None]
    engagements: Mapped[int | None]
    arrests: Mapped[int | None]

    revisions: Mapped[list[DeploymentRevision]] = relationship(
        back_populates="deployment",
        cascade="all, delete-orphan",
        order_by="DeploymentRevision.version",
    )

    __table_args__ = (
        sa.UniqueConstraint("force_id", "natural_key"),
        sa.Index("ix_deployments_force_day", "force_id", "deployed_on"),
        sa.CheckConstraint(_not_negative(*DEPLOYMENT_COUNTS), name="counts_not_negative"),
        sa.CheckConstraint(
            "(true_alerts IS NULL OR alerts IS NULL OR true_alerts <= alerts)"
            " AND (false_alerts IS NULL OR alerts IS NULL OR false_alerts <= alerts)"
            " AND (true_alerts IS NULL OR false_alerts IS NULL OR alerts IS NULL"
            " OR true_alerts + false_alerts <= alerts)",
            name="alerts_add_up",
        ),
        sa.CheckConstraint(
            "start_time IS NULL OR end_time IS NULL OR end_time > start_time",
            name="ends_after_start",
        ),
        sa.CheckConstraint(
            "latitude IS NULL OR (latitude >= -90 AND latitude <= 90)", name="latitude_range"
        ),
        sa.CheckConstraint(
            "longitude IS NULL OR (longitude >= -180 AND longitude <= 180)",
            name="longitude_range",
        ),
    )

    def __repr__(self) -> str:
        return f"<Deployment {self.id} {self.deployed_on}>"


class DeploymentRevision(RevisionColumns, db.Model):  # type: ignore[name-defined]
    """A deployment record as it stood at one version."""

    __tablename__ = "deployment_revisions"

    deployment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("deployments.id", ondelete="CASCADE"), sort_order=-1
    )
    deployment: Mapped[Deployment] = relationship(back_populates="revisions")

    __table_args__ = (sa.UniqueConstraint("deployment_id", "version"),)


class UsageReturn(RecordColumns, db.Model):  # type: ignore[name-defined]
    """A force's figures for retrospective or operator-initiated searches over a period."""

    __tablename__ = "usage_returns"

    technology: Mapped[Technology] = enum_column(Technology)
    period_start: Mapped[date]
    period_end: Mapped[date]
    searches: Mapped[int] = mapped_column(sa.BigInteger)
    possible_matches: Mapped[int | None] = mapped_column(sa.BigInteger)

    revisions: Mapped[list[UsageReturnRevision]] = relationship(
        back_populates="usage_return",
        cascade="all, delete-orphan",
        order_by="UsageReturnRevision.version",
    )

    __table_args__ = (
        sa.UniqueConstraint("force_id", "technology", "period_start", "period_end"),
        sa.Index("ix_usage_returns_period", "period_start", "period_end"),
        sa.CheckConstraint(
            _not_negative("searches", "possible_matches"), name="counts_not_negative"
        ),
        sa.CheckConstraint("period_end > period_start", name="period_ends_after_start"),
        sa.CheckConstraint("technology IN ('rfr', 'oifr')", name="technology_searched"),
    )

    def __repr__(self) -> str:
        return f"<UsageReturn {self.id} {self.period_start}–{self.period_end}>"


class UsageReturnRevision(RevisionColumns, db.Model):  # type: ignore[name-defined]
    """A usage return as it stood at one version."""

    __tablename__ = "usage_return_revisions"

    usage_return_id: Mapped[int] = mapped_column(
        sa.ForeignKey("usage_returns.id", ondelete="CASCADE"), sort_order=-1
    )
    usage_return: Mapped[UsageReturn] = relationship(back_populates="revisions")

    __table_args__ = (sa.UniqueConstraint("usage_return_id", "version"),)
