"""Reading the register: deployments and usage returns by force, technology and date.

The public pages, their CSV download and the open API all filter through these, so
each shows exactly the same records for the same filters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import sqlalchemy as sa

from oversight.complaints.enums import Technology
from oversight.deployments.records.models import Deployment, UsageReturn
from oversight.extensions import db
from oversight.forces.models import Force


@dataclass(frozen=True)
class RegisterFilters:
    force_id: int | None = None
    technology: Technology | None = None
    date_from: date | None = None
    date_to: date | None = None


def deployments_query(filters: RegisterFilters) -> sa.Select[tuple[Deployment]]:
    """Deployments that match, newest first (then by force and start time)."""
    query = sa.select(Deployment)
    if filters.force_id is not None:
        query = query.where(Deployment.force_id == filters.force_id)
    if filters.technology is not None:
        query = query.where(Deployment.technology == filters.technology)
    if filters.date_from is not None:
        query = query.where(Deployment.deployed_on >= filters.date_from)
    if filters.date_to is not None:
        query = query.where(Deployment.deployed_on <= filters.date_to)
    return query.order_by(
        Deployment.deployed_on.desc(), Deployment.force_id, Deployment.start_time, Deployment.id
    )


def usage_returns_query(filters: RegisterFilters) -> sa.Select[tuple[UsageReturn]]:
    """Usage returns whose period overlaps the dates asked for, newest first."""
    query = sa.select(UsageReturn)
    if filters.force_id is not None:
        query = query.where(UsageReturn.force_id == filters.force_id)
    if filters.technology is not None:
        query = query.where(UsageReturn.technology == filters.technology)
    if filters.date_from is not None:
        query = query.where(UsageReturn.period_end >= filters.date_from)
    if filters.date_to is not None:
        query = query.where(UsageReturn.period_start <= filters.date_to)
    return query.order_by(
        UsageReturn.period_start.desc(),
        UsageReturn.force_id,
        UsageReturn.technology,
        UsageReturn.id,
    )


# Totals ---------------------------------------------------------------------------------

# The figures the register adds up. A deployment that did not record one is left out of
# its total and counted as not knowing it, so a total never passes off a gap as a zero.
TOTALLED = ("faces_seen", "alerts", "true_alerts", "false_alerts", "arrests")


@dataclass(frozen=True)
class Figure:
    """A figure added up over records: `known` of the `records` recorded it."""

    total: int
    known: int
    records: int

    @property
    def not_known(self) -> bool:
        return self.records > 0 and self.known == 0

    @property
    def partial(self) -> bool:
        return 0 < self.known < self.records


@dataclass(frozen=True)
class Rate:
    """False alerts as a share of alerts, over the deployments that recorded both."""

    false_alerts: int
    alerts: int
    deployments: int

    @property
    def value(self) -> float | None:
        return self.false_alerts / self.alerts if self.alerts else None


@dataclass(frozen=True)
class DeploymentTotals:
    deployments: int
    faces_seen: Figure
    alerts: Figure
    true_alerts: Figure
    false_alerts: Figure
    arrests: Figure
    false_alert_rate: Rate


@dataclass(frozen=True)
class PeriodTotals:
    """Totals for one calendar quarter, `start` to `end` inclusive."""

    start: date
    end: date
    totals: DeploymentTotals


@dataclass(frozen=True)
class UsageTotals:
    returns: int
    searches: Figure
    possible_matches: Figure


def _sums(table: sa.Subquery) -> list[sa.ColumnElement[Any]]:
    both = sa.and_(table.c.alerts.is_not(None), table.c.false_alerts.is_not(None))
    columns: list[sa.ColumnElement[Any]] = [sa.func.count().label("deployments")]
    for name in TOTALLED:
        columns.append(sa.func.sum(table.c[name]).label(f"{name}_total"))
        columns.append(sa.func.count(table.c[name]).label(f"{name}_known"))
    columns += [
        sa.func.sum(sa.case((both, table.c.alerts))).label("rate_alerts"),
        sa.func.sum(sa.case((both, table.c.false_alerts))).label("rate_false_alerts"),
        sa.func.count(sa.case((both, 1))).label("rate_known"),
    ]
    return columns


def _totals(row: Any) -> DeploymentTotals:
    count = int(row.deployments or 0)

    def figure(name: str) -> Figure:
        return Figure(
            int(getattr(row, f"{name}_total") or 0), int(getattr(row, f"{name}_known")), count
        )

    return DeploymentTotals(
        deployments=count,
        faces_seen=figure("faces_seen"),
        alerts=figure("alerts"),
        true_alerts=figure("true_alerts"),
        false_alerts=figure("false_alerts"),
        arrests=figure("arrests"),
        false_alert_rate=Rate(
            int(row.rate_false_alerts or 0), int(row.rate_alerts or 0), int(row.rate_known)
        ),
    )


def _matching(filters: RegisterFilters) -> sa.Subquery:
    return deployments_query(filters).order_by(None).subquery()


def deployment_totals(filters: RegisterFilters) -> DeploymentTotals:
    """The totals of exactly the deployments `deployments_query(filters)` lists."""
    matching = _matching(filters)
    return _totals(db.session.execute(sa.select(*_sums(matching))).one())


def _quarter(number: int) -> tuple[date, date]:
    year, index = divmod(number, 4)
    start = date(year, index * 3 + 1, 1)
    following = date(year + 1, 1, 1) if index == 3 else date(year, index * 3 + 4, 1)
    return start, following - timedelta(days=1)


def totals_by_quarter(filters: RegisterFilters) -> list[PeriodTotals]:
    """Totals per calendar quarter, newest first, from the first quarter with a matching
    deployment to the last (a quarter between them with none shows as none)."""
    matching = _matching(filters)
    year = sa.cast(sa.extract("year", matching.c.deployed_on), sa.Integer)
    month = sa.cast(sa.extract("month", matching.c.deployed_on), sa.Integer)
    quarter = (year * 4 + (month - 1) // 3).label("quarter")
    rows = db.session.execute(
        sa.select(quarter, *_sums(matching)).group_by(quarter).order_by(quarter)
    ).all()
    found = {int(row.quarter): _totals(row) for row in rows}
    if not found:
        return []
    nothing = Figure(0, 0, 0)
    empty = DeploymentTotals(0, nothing, nothing, nothing, nothing, nothing, Rate(0, 0, 0))
    return [
        PeriodTotals(*_quarter(number), found.get(number, empty))
        for number in range(max(found), min(found) - 1, -1)
    ]


def usage_totals(filters: RegisterFilters) -> UsageTotals:
    """The totals of exactly the usage returns `usage_returns_query(filters)` lists."""
    matching = usage_returns_query(filters).order_by(None).subquery()
    row = db.session.execute(
        sa.select(
            sa.func.count().label("returns"),
            sa.func.sum(matching.c.searches).label("searches"),
            sa.func.count(matching.c.searches).label("searches_known"),
            sa.func.sum(matching.c.possible_matches).label("possible_matches"),
            sa.func.count(matching.c.possible_matches).label("possible_matches_known"),
        )
    ).one()
    count = int(row.returns)
    return UsageTotals(
        returns=count,
        searches=Figure(int(row.searches or 0), int(row.searches_known), count),
        possible_matches=Figure(
            int(row.possible_matches or 0), int(row.possible_matches_known), count
        ),
    )


@dataclass(frozen=True)
class ForceCounts:
    force: Force
    deployments: int
    usage_returns: int


def forces_with_counts() -> list[ForceCounts]:
    """Every force by name, with how many deployments and usage returns it has."""

    def per_force(model: Any) -> sa.Subquery:
        return (
            sa.select(model.force_id, sa.func.count().label("records"))
            .group_by(model.force_id)
            .subquery()
        )

    deployments, returns = per_force(Deployment), per_force(UsageReturn)
    rows = db.session.execute(
        sa.select(Force, deployments.c.records, returns.c.records)
        .outerjoin(deployments, deployments.c.force_id == Force.id)
        .outerjoin(returns, returns.c.force_id == Force.id)
        .order_by(Force.name)
    ).all()
    return [ForceCounts(force, int(d or 0), int(r or 0)) for force, d, r in rows]
