"""The last table of a release: the police forces compared, each force's complaints,
live facial recognition deployments, false alert rate and searches, with the year before
beside each, listed by name and never ranked (note N8). Its complaints are the complaints
by force table's cells, withheld as there (the cross-tabulation's margin), with a row for
complaints whose force is not known whenever the margin has one to show or withhold.
"""

from __future__ import annotations

from flask_babel import gettext as _

from oversight.statistics.compute import disclosure as dc
from oversight.statistics.compute.measures import (
    UNKNOWN,
    Compared,
    MeasureFigures,
    Spec,
    beside,
    chart_on,
    columns_of,
    false_rate,
    table,
    use_total,
)
from oversight.statistics.compute.tables import (
    Builder,
    by_name,
    count,
    make_force_row,
)
from oversight.statistics.content import Cell, Row, Table


def forces_compared(builder: Builder, figures: Compared) -> Table:
    """Every force with complaints, live deployments or usage returns in the period or
    the year before, by name (never ranked, note N8), and complaints whose force is not
    known, with each figure's year before beside it. Its complaints are the complaints
    by force table's cells, withheld as there."""
    complaint_rows = {force: r for r, (force, _n) in enumerate(builder.force_rows)}
    forces = {f for f in complaint_rows if f}
    for _period, mine in figures.periods():
        forces |= set(mine.use) | {f for f, _t in mine.usage}
    # Complaints whose force is not known too, so the column adds up as the margin does
    # and a [c] there is not the only one of its column.
    for grid in builder.crosstabs.values():
        unknown = (complaint_rows[0], grid.shape[1] - 1)
        if grid.cells[unknown[0]][unknown[1]] or unknown in grid.suppressed:
            forces.add(0)
    spec: Spec = [
        ("complaints", _("Complaints received"), "count"),
        ("deployments", _("Live facial recognition deployments"), "count"),
        ("false_per_100000", _("False alerts per 100,000 faces seen"), "rate"),
        ("searches", _("Retrospective and operator-initiated searches"), "count"),
    ]
    compared = [key for key, _name, _format in spec]
    columns = columns_of(builder, spec, compared)
    rows: list[Row] = []
    for force in [*by_name(builder, forces), None]:
        cells = {
            period: _compared_cells(builder.crosstabs[period], complaint_rows, mine, force)
            for period, mine in figures.periods()
        }
        rows.append(make_force_row(builder, force, beside(spec, compared, cells)))
    return table(
        "forces_compared",
        _("Police forces compared"),
        _(
            "Each force with complaints, live facial recognition deployments or usage returns in the period or the same period a year before, listed by name."
        ),
        _("Police force"),
        columns=columns,
        rows=rows,
        notes=["N3", "N8"],
        chart=chart_on(columns, "deployments_current"),
    )


def _compared_cells(
    grid: dc.Grid, complaint_rows: dict[int, int], figures: MeasureFigures, force: int | None
) -> list[Cell]:
    """A force's (or, for None, every force's) figures of one period in the forces compared."""
    last = grid.shape[1] - 1
    if force is None:
        complaints = dc.shown(grid, (grid.shape[0] - 1, last))
        uses = list(figures.use.values())
        usage = list(figures.usage.values())
    else:
        r = complaint_rows.get(force)
        complaints = count(0) if r is None else dc.shown(grid, (r, last))
        uses = [figures.use[force]] if force in figures.use else []
        usage = [u for (f, _t), u in figures.usage.items() if f == force]
    use = use_total(uses)
    return [
        complaints,
        count(use.deployments),
        false_rate(use),
        count(sum(u.searches for u in usage)) if usage else UNKNOWN.copy(),
    ]
