"""Reading the register: deployments and usage returns by force, technology and date.

The public pages, their CSV download and the open API all filter through these, so
each shows exactly the same records for the same filters.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa

from oversight.complaints.enums import Technology
from oversight.deployments.models import Deployment, UsageReturn


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
