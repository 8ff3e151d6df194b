"""Every figure a release needs for one period, gathered by the grouped queries."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

import sqlalchemy as sa

from oversight.complaints.models import Complaint
from oversight.extensions import db
from oversight.forces.models import Force
from oversight.statistics.compute import queries
from oversight.statistics.compute.sql import ensure_calendar, prepare_connection
from oversight.statistics.periods import Period

# Called after each step with (steps done, steps in all, what was done).
Progress = Callable[[int, int, str], None]
STEPS = (
    "complaints received",
    "complaints by concern",
    "triage outcomes",
    "referrals",
    "open caseload",
    "timeliness",
    "findings",
    "deployments",
)


@dataclass
class Figures:
    period: Period
    force_names: dict[int, str] = field(default_factory=dict)
    force_slugs: dict[int, str] = field(default_factory=dict)
    by_force_and_technology: dict[tuple[int, str], int] = field(default_factory=dict)
    by_channel: dict[str, int] = field(default_factory=dict)
    by_relation: dict[str, int] = field(default_factory=dict)
    by_concern: dict[str, int] = field(default_factory=dict)
    triage: dict[str, int] = field(default_factory=dict)
    referrals: dict[str, int] = field(default_factory=dict)
    caseload: dict[str, int] = field(default_factory=dict)
    timeliness: dict[str, queries.Timeliness] = field(default_factory=dict)
    findings: dict[str, int] = field(default_factory=dict)
    deployments: dict[int, queries.DeploymentFigures] = field(default_factory=dict)


def gather(
    period: Period, progress: Progress | None = None, offset: int = 0, steps: int = 0
) -> Figures:
    """Run each query for the period, reporting progress after each."""
    steps = steps or len(STEPS)
    figures = Figures(period)
    bounds = period.bounds()
    prepare_connection()
    ensure_calendar(period.end)
    for force_id, slug, name in db.session.execute(sa.select(Force.id, Force.slug, Force.name)):
        figures.force_names[force_id] = name
        figures.force_slugs[force_id] = slug
    work: list[Callable[[], None]] = [
        lambda: _received(figures, bounds),
        lambda: setattr(figures, "by_concern", queries.received_by_concern(bounds)),
        lambda: setattr(figures, "triage", queries.triage_outcomes(bounds)),
        lambda: setattr(figures, "referrals", queries.referrals(bounds)),
        lambda: setattr(figures, "caseload", queries.open_caseload(bounds, period.end)),
        lambda: setattr(figures, "timeliness", queries.timeliness(bounds)),
        lambda: setattr(figures, "findings", queries.findings(bounds)),
        lambda: setattr(
            figures, "deployments", queries.deployments_by_force(period.start, period.end)
        ),
    ]
    for done, (step, name) in enumerate(zip(work, STEPS, strict=True), start=1):
        step()
        if progress:
            progress(offset + done, steps, f"{period.code}: {name}")
    return figures


def _received(figures: Figures, bounds: queries.Bounds) -> None:
    figures.by_force_and_technology = queries.received_by_force_and_technology(bounds)
    figures.by_channel = queries.received_by(Complaint.channel, bounds)
    figures.by_relation = queries.received_by(Complaint.relation, bounds)
