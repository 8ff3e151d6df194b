"""The further measures about cases (measures.py builds those about the forces' use, and
gathers the figures of both): findings per concern, the time to a decision, findings by
force, reviews and recommendations. Every count is a count of complainants' cases, so
each goes through disclosure control (disclosure.protect), and a table whose figures
another table repeats withholds what that one does. The year before beside a period's
figures is protected from its own figures in the same way: each period on its own, over
the forces it has, as that period's own release protects them; a force with nothing in
one of the two periods shows 0 there.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _

from oversight.statistics.compute import disclosure as dc
from oversight.statistics.compute import labels
from oversight.statistics.compute.measures import (
    NONE,
    RESPONSE,
    REVIEW,
    WITHHELD,
    Compared,
    Spec,
    beside,
    chart_on,
    columns_of,
    table,
)
from oversight.statistics.compute.tables import (
    Builder,
    by_name,
    count,
    make_force_row,
    make_row,
)
from oversight.statistics.content import Cell, Row, Table

Histogram = list[tuple[int, int]]  # (working days, how many cases), by days
ForceGrid = tuple[list[int], dc.Grid]  # a period's forces in row order, and their grid
TOTAL = ("total",)  # a cross-tabulation's one column with the year before beside it


def cross(
    keys: list[int] | list[str], columns: list[str], found: dict[tuple[object, str], int]
) -> list[list[int]]:
    """Counts by row key and column key, each row with its total, and the totals row."""
    cells = []
    for key in keys:
        values = [found.get((key, c), 0) for c in columns]
        cells.append([*values, sum(values)])
    return [*cells, [sum(row[c] for row in cells) for c in range(len(columns) + 1)]]


def count_spec(names: dict[str, object], total: str) -> Spec:
    """The columns of a cross-tabulation: a count a name, then their total."""
    return [(k, str(v), "count") for k, v in names.items()] + [("total", total, "count")]


def findings_by_concern(builder: Builder, figures: Compared) -> Table:
    """Findings on each concern: rows with their totals, no totals row (a case can have
    several concerns, so a column's sum counts no one thing); each row's total with the
    year before's beside it (note N10)."""
    concerns, findings = (
        list(labels.CONCERN),
        [k for k in labels.FINDING if k != labels.NOT_RECORDED],
    )
    grids = {
        period: dc.protect(
            cross(concerns, findings, mine.concern_findings)[:-1],  # type: ignore[arg-type]
            row_totals=True,
            column_totals=False,
        )
        for period, mine in figures.periods()
    }
    spec = count_spec({k: labels.FINDING[k] for k in findings}, _("All findings"))
    rows = [
        make_row(
            concern,
            labels.CONCERN[concern],
            beside(spec, TOTAL, {period: _grid_row(grid, r) for period, grid in grids.items()}),
        )
        for r, concern in enumerate(concerns)
    ]
    return table(
        "findings_by_concern",
        _("Findings on each concern of closed cases"),
        _("The finding on each concern raised in the cases closed in the period with a decision."),
        _("Concern"),
        columns=columns_of(builder, spec, TOTAL),
        rows=rows,
        notes=["N2", "N10"],
        chart=None,
    )


def _grid_row(grid: dc.Grid, row: int | None) -> list[Cell]:
    """A row of a protected grid as shown; for None, a row of 0s (a force with nothing)."""
    columns = grid.shape[1]
    if row is None:
        return [count(0) for _c in range(columns)]
    return [dc.shown(grid, (row, c)) for c in range(columns)]


def _by_force(
    builder: Builder, keys: list[str], found: dict[tuple[int, str], int]
) -> tuple[list[int], list[list[int]]]:
    """One period's forces (by name) and their counts by key, with the totals."""
    forces = by_name(builder, {force for force, _k in found})
    return forces, cross(forces, keys, found)  # type: ignore[arg-type]


def _force_rows(builder: Builder, spec: Spec, grids: dict[str, ForceGrid]) -> list[Row]:
    """A row for each force of either period, by name, then all forces: the period's
    cells, and the year before's total beside them."""
    every = {force for forces, _grid in grids.values() for force in forces}
    rows = []
    for force in [*by_name(builder, every), None]:
        cells = {}
        for period, (forces, grid) in grids.items():
            if force is None:
                cells[period] = _grid_row(grid, grid.shape[0] - 1)
            else:
                cells[period] = _grid_row(grid, forces.index(force) if force in forces else None)
        rows.append(make_force_row(builder, force, beside(spec, TOTAL, cells)))
    return rows


def _with_findings(cells: list[list[int]]) -> tuple[dc.Grid, dc.Grid]:
    """The findings line (the totals row of `cells`) and the grid by force, protected
    together: each withholds what the other does, repeated until neither adds a cell."""
    bottom = len(cells) - 1
    line_values = [[v] for v in cells[-1]]
    forced: set[dc.Position] = set()
    while True:
        line = dc.protect(line_values, row_totals=False, column_totals=True, forced=forced)
        hidden = {(bottom, r) for r, _c in line.suppressed}
        grid = dc.protect(cells, row_totals=True, column_totals=True, forced=hidden)
        extra = {(c, 0) for r, c in grid.suppressed if r == bottom} - line.suppressed
        if not extra:
            return line, grid
        forced |= line.suppressed | extra


def outcomes_by_force(builder: Builder, figures: Compared, findings: Table) -> Table:
    """Overall findings by force. Its totals row is the findings table's figures, so in
    each period the two are protected together (_with_findings), and the findings
    table's column of that period is rewritten to match."""
    keys = list(labels.FINDING)
    grids: dict[str, ForceGrid] = {}
    for column, (period, mine) in enumerate(figures.periods()):
        forces, cells = _by_force(builder, keys, mine.outcomes)
        line, grid = _with_findings(cells)
        grids[period] = (forces, grid)
        for r, row in enumerate(findings["rows"]):
            row["cells"][column] = dc.shown(line, (r, 0))
    spec = count_spec(dict(labels.FINDING), _("All findings"))
    return table(
        "outcomes_by_force",
        _("Findings of closed cases by police force"),
        _("Cases closed in the period with a decision, by the force and the overall finding."),
        _("Police force"),
        columns=columns_of(builder, spec, TOTAL),
        rows=_force_rows(builder, spec, grids),
        notes=["N10"],
        chart=None,
    )


def _review_cells(found: dict[str, int]) -> list[Cell]:
    """Reviews asked for, then those decided by outcome and their total."""
    asked = dc.protect([[found.get("requested", 0)]], row_totals=False, column_totals=False)
    values = [[found.get(k, 0)] for k in REVIEW]
    line = dc.protect([*values, [sum(v[0] for v in values)]], row_totals=False, column_totals=True)
    return [dc.shown(asked, (0, 0)), *[dc.shown(line, (r, 0)) for r in range(len(REVIEW) + 1)]]


def reviews(builder: Builder, figures: Compared) -> Table:
    spec: Spec = [("current", _("Reviews"), "count")]
    cells = {period: _review_cells(mine.reviews) for period, mine in figures.periods()}
    names = [
        ("requested", _("Reviews asked for")),
        *[(key, _("Reviews decided: %(outcome)s", outcome=REVIEW[key])) for key in REVIEW],
        ("decided", _("Reviews decided")),
    ]
    rows = [
        make_row(
            key,
            name,
            beside(spec, ("current",), {p: [found[r]] for p, found in cells.items()}),
            key == "decided",
        )
        for r, (key, name) in enumerate(names)
    ]
    return table(
        "reviews",
        _("Reviews of decisions"),
        _(
            "Reviews complainants asked for in the period, and the reviews decided in it by outcome."
        ),
        _("Review"),
        columns=columns_of(builder, spec, ("current",)),
        rows=rows,
        chart={"column": 0},
    )


def recommendations(builder: Builder, figures: Compared) -> Table:
    keys = list(RESPONSE)
    grids: dict[str, ForceGrid] = {}
    for period, mine in figures.periods():
        forces, cells = _by_force(builder, keys, mine.recommendations)
        grids[period] = (forces, dc.protect(cells, row_totals=True, column_totals=True))
    spec = count_spec(RESPONSE, _("Recommendations made"))
    return table(
        "recommendations",
        _("Recommendations to forces and their responses"),
        _(
            "Recommendations made to forces in the period, by the force and its response as it stood at the end of the period."
        ),
        _("Police force"),
        columns=columns_of(builder, spec, TOTAL),
        rows=_force_rows(builder, spec, grids),
        notes=["N10"],
        chart=None,
    )


def quantile(histogram: Histogram, share: float) -> float:
    """The value `share` of the way through the cases (interpolating between the two
    nearest, so the half-way value is the median as the timeliness table gives it)."""
    cases = sum(n for _d, n in histogram)
    place = (cases - 1) * share

    def nth(index: int) -> int:
        seen = 0
        for days, n in histogram:
            seen += n
            if index < seen:
                return days
        return histogram[-1][0]

    low = math.floor(place)
    below, above = nth(low), nth(min(low + 1, cases - 1))
    return below + (place - low) * (above - below)


def _days(value: float) -> float:
    """Working days to one decimal place, halves up (9.25 is 9.3)."""
    return float(Decimal(repr(value)).quantize(Decimal("0.1"), ROUND_HALF_UP))


def _share(within: int, cases: int) -> Cell:
    """Per cent within target, withheld when the cases on time or those late are a count
    from 1 to 4 (the share would give it away)."""
    late = cases - within
    if 0 < within < dc.SMALLEST_SHOWN or 0 < late < dc.SMALLEST_SHOWN:
        return WITHHELD.copy()
    return dc.rate({"value": within, "symbol": None}, cases, 100, base=cases)


def _distribution(shown: Cell, histogram: Histogram, within: int) -> list[Cell]:
    cases = sum(n for _d, n in histogram)
    if shown["symbol"] is None and cases == 0:
        return [shown, NONE.copy(), NONE.copy(), NONE.copy(), NONE.copy()]
    if shown["symbol"] or cases < dc.MINIMUM_BASE:
        return [shown, *[WITHHELD.copy() for _i in range(4)]]
    quartiles: list[Cell] = [
        {"value": _days(quantile(histogram, q)), "symbol": None} for q in (0.25, 0.5, 0.75)
    ]
    return [shown, *quartiles, _share(within, cases)]


def _decision_cells(
    builder: Builder, days: dict[tuple[int, int, bool], int]
) -> dict[int | None, list[Cell]]:
    """One period's cells of the time to a decision, by force and for all (None). The
    forces' counts add up to the timeliness table's, so they are protected as a line with
    that total; and a force's share is shown only if every force's is, as the rest would
    give it away."""
    forces = by_name(builder, {force for force, _d, _t in days})

    def histogram(force: int | None) -> Histogram:
        found: dict[int, int] = {}
        for (f, d, _t), n in days.items():
            if force in (None, f):
                found[d] = found.get(d, 0) + n
        return sorted(found.items())

    def within(force: int | None) -> int:
        return sum(n for (f, _d, t), n in days.items() if t and force in (None, f))

    hists = [histogram(f) for f in forces]
    counts = [sum(n for _d, n in h) for h in hists]
    line = dc.protect([[c] for c in [*counts, sum(counts)]], row_totals=False, column_totals=True)
    total = dc.protect([[sum(counts)]], row_totals=False, column_totals=False)
    found: dict[int | None, list[Cell]] = {
        force: _distribution(dc.shown(line, (r, 0)), hists[r], within(force))
        for r, force in enumerate(forces)
    }
    if any(cells[4]["symbol"] == dc.SUPPRESSED for cells in found.values()) and len(found) > 1:
        for cells in found.values():
            if cells[4]["symbol"] is None:
                cells[4] = WITHHELD.copy()
    found[None] = _distribution(dc.shown(total, (0, 0)), histogram(None), within(None))
    return found


def decision_time(builder: Builder, figures: Compared, target: int) -> Table:
    """Working days to a decision: the quartiles and the share within target, for all
    decisions (as the timeliness table counts them) and by force. The decisions, their
    median and the share within target have the year before beside them, as the
    timeliness table has; the quartiles are the period's own spread (note N9)."""
    periods = {
        period: _decision_cells(builder, mine.decision_days) for period, mine in figures.periods()
    }
    nothing = _distribution(count(0), [], 0)  # a force with no decision in a period
    spec: Spec = [
        ("cases", _("Decisions issued"), "count"),
        ("lower_quartile", _("Lower quartile, working days"), "days"),
        ("median", _("Median, working days"), "days"),
        ("upper_quartile", _("Upper quartile, working days"), "days"),
        ("within", _("Per cent within target"), "percent"),
    ]
    compared = ("cases", "median", "within")
    forces = by_name(builder, {f for found in periods.values() for f in found if f is not None})
    rows: list[Row] = []
    for force in [*forces, None]:
        cells = {p: found.get(force, nothing) for p, found in periods.items()}
        rows.append(make_force_row(builder, force, beside(spec, compared, cells)))
    columns = columns_of(builder, spec, compared)
    return table(
        "decision_time",
        _("Time to a decision by police force (target %(days)s working days)", days=target),
        _(
            "Working days from receipt to the decision for the decisions issued in the period: the quartiles and the share within target, by force."
        ),
        _("Police force"),
        columns=columns,
        rows=rows,
        notes=["N4", "N5", "N9"],
        chart=chart_on(columns, "median_current"),
    )


def build(builder: Builder, figures: Compared, built: list[Table], target: int) -> list[Table]:
    """The tables about cases, in the order they are numbered (`built` holds the first
    tables: the findings table's columns may be withheld further to match)."""
    findings = next(t for t in built if t["id"] == "findings")
    return [
        findings_by_concern(builder, figures),
        decision_time(builder, figures, target),
        outcomes_by_force(builder, figures, findings),
        reviews(builder, figures),
        recommendations(builder, figures),
    ]
