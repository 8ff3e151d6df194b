"""Every figure a release needs for one period, gathered by the grouped queries; and,
once the release is built, what its figures cannot say: a count for a time before the
register held any records of its kind is not 0 but not known (`mark_unrecorded`).

The register's records begin with the earliest complaint received and the earliest
deployment record (`first_records`). A column whose whole period ends before the first
record its table counts on is [x], with note X1 (a period that only began before it
keeps its figures: the register counts from its first record). A table counts on
complaints or deployments as UNRECORDED_SOURCES names it; a table not named there is [x]
only for a time before the register held any record at all. A register with no record of
a kind yet marks nothing for it: there is no day it began.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date

import sqlalchemy as sa
from flask_babel import gettext as _

from oversight import formatting
from oversight.complaints.models import Complaint
from oversight.deployments.records.models import Deployment
from oversight.extensions import db
from oversight.forces.models import Force
from oversight.statistics.compute import disclosure as dc
from oversight.statistics.compute import queries
from oversight.statistics.compute.sql import ensure_calendar, prepare_connection
from oversight.statistics.content import Headline, Note, NumberedTable, ReleaseContent
from oversight.statistics.periods import Period
from oversight.workdays import local_date

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


# What the figures cannot say: times before the register held records ---------------------

COMPLAINTS, DEPLOYMENTS, ANY = "complaints", "deployments", "any"
# The records each table counts on; a table not named here, on any record (see above).
UNRECORDED_SOURCES: dict[str, tuple[str, ...]] = {
    "complaints_by_force": (COMPLAINTS,),
    "complaints_by_technology": (COMPLAINTS,),
    "complaints_by_force_and_technology": (COMPLAINTS,),
    "complaints_by_concern": (COMPLAINTS,),
    "complaints_by_channel": (COMPLAINTS,),
    "complaints_by_relation": (COMPLAINTS,),
    "triage_outcomes": (COMPLAINTS,),
    "referrals_by_body": (COMPLAINTS,),
    "open_caseload_by_age": (COMPLAINTS,),
    "timeliness": (COMPLAINTS,),
    "findings": (COMPLAINTS,),
    "deployments_by_force": (DEPLOYMENTS,),
    "complaints_per_deployment": (COMPLAINTS, DEPLOYMENTS),
    "lfr_use_by_force": (DEPLOYMENTS,),
    "watchlist_sizes": (DEPLOYMENTS,),
    "usage_returns": (),  # returns are the forces' own counts of a period: never [x] here
    "findings_by_concern": (COMPLAINTS,),
    "outcomes_by_force": (COMPLAINTS,),
    "reviews": (COMPLAINTS,),
    "recommendations": (COMPLAINTS,),
    "decision_time": (COMPLAINTS,),
    "forces_compared": (COMPLAINTS, DEPLOYMENTS),
}
NOT_RECORDED = "X1"


def first_records() -> dict[str, date | None]:
    """The first day the register holds a record of each kind (None: none yet)."""
    received = db.session.scalar(sa.select(sa.func.min(Complaint.received_at)))
    deployed = db.session.scalar(sa.select(sa.func.min(Deployment.deployed_on)))
    if received is not None and received.tzinfo is None:  # SQLite gives UTC without a zone
        received = received.replace(tzinfo=UTC)
    found = {
        COMPLAINTS: local_date(received) if received is not None else None,
        DEPLOYMENTS: deployed,
    }
    known = [day for day in found.values() if day is not None]
    return {**found, ANY: min(known) if known else None}


def _first(table_id: str, first: dict[str, date | None]) -> list[date]:
    return [
        day
        for source in UNRECORDED_SOURCES.get(table_id, (ANY,))
        if (day := first[source]) is not None
    ]


def _mark_table(
    table: NumberedTable, periods: dict[str, Period], first: dict[str, date | None]
) -> set[str]:
    """Put [x] in the columns of a period before the table's records began; the notes it needs."""
    days = _first(table["id"], first)
    shown = {column["period"] for column in table["columns"]}
    unrecorded = {
        key for key, period in periods.items() if key in shown and any(period.end < d for d in days)
    }
    for row in table["rows"]:
        for column, cell in zip(table["columns"], row["cells"], strict=True):
            if column["period"] in unrecorded:
                cell["value"], cell["symbol"] = None, dc.NOT_AVAILABLE
    return {NOT_RECORDED} if unrecorded else set()


def _began(first: dict[str, date | None]) -> str:
    parts = []
    if first[COMPLAINTS] is not None:
        parts.append(_("complaints from %(day)s", day=formatting.long_date(first[COMPLAINTS])))
    if first[DEPLOYMENTS] is not None:
        parts.append(
            _("deployment records from %(day)s", day=formatting.long_date(first[DEPLOYMENTS]))
        )
    return "; ".join(parts)


def mark_unrecorded(
    content: ReleaseContent,
    period: Period,
    comparison: Period,
    first: dict[str, date | None],
    headlines: Callable[[list[NumberedTable]], list[Headline]],
) -> ReleaseContent:
    """The release with [x] for every count of a time before the register held its
    records, its notes and headlines made to match (`headlines` draws them again)."""
    periods = {"current": period, "previous": comparison}
    tables = content["tables"]
    added: dict[str, str] = {}
    for table in tables:
        needed = _mark_table(table, periods, first)
        counts = [i for i, c in enumerate(table["columns"]) if c["format"] == "count"]
        withheld = any(
            row["cells"][i]["symbol"] == dc.SUPPRESSED for row in table["rows"] for i in counts
        )
        notes = [note for note in table["notes"] if note != "N1" or withheld]
        table["notes"] = [*notes, *sorted(needed - set(notes))]
        for note in needed:
            added[note] = _note(first)
    used = {note for table in tables for note in table["notes"]}
    kept = [note for note in content["notes"] if note["id"] in used]
    content["notes"] = kept + [Note(id=key, text=text) for key, text in sorted(added.items())]
    content["headlines"] = headlines(tables)
    return content


def _note(first: dict[str, date | None]) -> str:
    return str(
        _(
            "[x] for a period before the register held any records of what the table "
            "counts (%(began)s): a count for that time is not known, so it is not shown "
            "as 0.",
            began=_began(first),
        )
    )
