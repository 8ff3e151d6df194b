"""The further measures about cases (measures.py builds those about the forces' use, and
gathers the figures of both): findings per concern, the time to a decision, findings by
force, reviews and recommendations. Every count is a count of complainants' cases, so
each goes through disclosure control (disclosure.protect), and a table whose figures
another table repeats withholds what that one does.
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
    MeasureFigures,
    by_name,
    columns_of,
    count_columns,
    cross,
    force_key,
    force_name,
    table,
)
from oversight.statistics.compute.tables import Builder, make_row
from oversight.statistics.content import Cell, Row, Table

Histogram = list[tuple[int, int]]  # (working days, how many cases), by days


def findings_by_concern(builder: Builder, figures: MeasureFigures) -> Table:
    """Findings on each concern: rows with their totals, no totals row (a case can have
    several concerns, so a column's sum counts no one thing)."""
    concerns, findings = (
        list(labels.CONCERN),
        [k for k in labels.FINDING if k != labels.NOT_RECORDED],
    )
    cells = cross(concerns, findings, figures.concern_findings)[:-1]  # type: ignore[arg-type]
    grid = dc.protect(cells, row_totals=True, column_totals=False)
    rows = [
        make_row(
            concern,
            labels.CONCERN[concern],
            [dc.shown(grid, (r, c)) for c in range(len(findings) + 1)],
        )
        for r, concern in enumerate(concerns)
    ]
    return table(
        "findings_by_concern",
        _("Findings on each concern of closed cases"),
        _("The finding on each concern raised in the cases closed in the period with a decision."),
        _("Concern"),
        columns=count_columns(builder, {k: labels.FINDING[k] for k in findings}, _("All findings")),
        rows=rows,
        notes=["N2"],
        chart=None,
    )


def outcomes_by_force(builder: Builder, figures: MeasureFigures, findings: Table) -> Table:
    """Overall findings by force. Its totals row is the findings table's figures, so the
    two are protected together: each withholds what the other does (repeated until
    neither adds a cell), and the findings table's period column is rewritten to match."""
    keys = list(labels.FINDING)
    forces = by_name(builder, {force for force, _k in figures.outcomes})
    cells = cross(forces, keys, figures.outcomes)  # type: ignore[arg-type]
    bottom = len(cells) - 1
    line_values = [[v] for v in cells[-1]]
    forced: set[dc.Position] = set()
    while True:
        line = dc.protect(line_values, row_totals=False, column_totals=True, forced=forced)
        hidden = {(bottom, r) for r, _c in line.suppressed}
        grid = dc.protect(cells, row_totals=True, column_totals=True, forced=hidden)
        extra = {(c, 0) for r, c in grid.suppressed if r == bottom} - line.suppressed
        if not extra:
            break
        forced |= line.suppressed | extra
    for r, row in enumerate(findings["rows"]):
        row["cells"][0] = dc.shown(line, (r, 0))
    names = [force_name(builder, f) for f in forces] + [str(_("All forces"))]
    slugs = [force_key(builder, f) for f in forces] + ["total"]
    rows = [
        make_row(
            slugs[r], names[r], [dc.shown(grid, (r, c)) for c in range(len(keys) + 1)], r == bottom
        )
        for r in range(len(cells))
    ]
    return table(
        "outcomes_by_force",
        _("Findings of closed cases by police force"),
        _("Cases closed in the period with a decision, by the force and the overall finding."),
        _("Police force"),
        columns=count_columns(builder, dict(labels.FINDING), _("All findings")),
        rows=rows,
        chart=None,
    )


def reviews(builder: Builder, figures: MeasureFigures) -> Table:
    asked = dc.protect(
        [[figures.reviews.get("requested", 0)]], row_totals=False, column_totals=False
    )
    values = [[figures.reviews.get(k, 0)] for k in REVIEW]
    line = dc.protect([*values, [sum(v[0] for v in values)]], row_totals=False, column_totals=True)
    rows = [make_row("requested", _("Reviews asked for"), [dc.shown(asked, (0, 0))])]
    rows += [
        make_row(
            key, _("Reviews decided: %(outcome)s", outcome=REVIEW[key]), [dc.shown(line, (r, 0))]
        )
        for r, key in enumerate(REVIEW)
    ]
    rows.append(make_row("decided", _("Reviews decided"), [dc.shown(line, (len(REVIEW), 0))], True))
    return table(
        "reviews",
        _("Reviews of decisions"),
        _(
            "Reviews complainants asked for in the period, and the reviews decided in it by outcome."
        ),
        _("Review"),
        columns=columns_of(builder, [("current", _("Reviews"), "count")]),
        rows=rows,
        chart={"column": 0},
    )


def recommendations(builder: Builder, figures: MeasureFigures) -> Table:
    keys = list(RESPONSE)
    forces = by_name(builder, {force for force, _k in figures.recommendations})
    cells = cross(forces, keys, figures.recommendations)  # type: ignore[arg-type]
    grid = dc.protect(cells, row_totals=True, column_totals=True)
    names = [force_name(builder, f) for f in forces] + [str(_("All forces"))]
    slugs = [force_key(builder, f) for f in forces] + ["total"]
    bottom = len(cells) - 1
    rows = [
        make_row(
            slugs[r], names[r], [dc.shown(grid, (r, c)) for c in range(len(keys) + 1)], r == bottom
        )
        for r in range(len(cells))
    ]
    return table(
        "recommendations",
        _("Recommendations to forces and their responses"),
        _(
            "Recommendations made to forces in the period, by the force and its response as it stood at the end of the period."
        ),
        _("Police force"),
        columns=count_columns(builder, RESPONSE, _("Recommendations made")),
        rows=rows,
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


def decision_time(builder: Builder, figures: MeasureFigures, target: int) -> Table:
    """Working days to a decision: the quartiles and the share within target, for all
    decisions (as the timeliness table counts them) and by force. The forces' counts add
    up to the timeliness table's, so they are protected as a line with that total; and a
    force's share is shown only if every force's is, as the rest would give it away."""
    days = figures.decision_days
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
    rows: list[Row] = []
    for r, force in enumerate(forces):
        cells = _distribution(dc.shown(line, (r, 0)), hists[r], within(force))
        rows.append(make_force_row(builder, force, cells))
    if any(row["cells"][4]["symbol"] == dc.SUPPRESSED for row in rows) and len(rows) > 1:
        for row in rows:
            if row["cells"][4]["symbol"] is None:
                row["cells"][4] = WITHHELD.copy()
    all_cells = _distribution(dc.shown(total, (0, 0)), histogram(None), within(None))
    rows.append(make_force_row(builder, None, all_cells))
    spec = [
        ("cases", _("Decisions issued"), "count"),
        ("lower_quartile", _("Lower quartile, working days"), "days"),
        ("median", _("Median, working days"), "days"),
        ("upper_quartile", _("Upper quartile, working days"), "days"),
        ("within", _("Per cent within target"), "percent"),
    ]
    return table(
        "decision_time",
        _("Time to a decision by police force (target %(days)s working days)", days=target),
        _(
            "Working days from receipt to the decision for the decisions issued in the period: the quartiles and the share within target, by force."
        ),
        _("Police force"),
        columns=columns_of(builder, spec),
        rows=rows,
        notes=["N4", "N5"],
        chart={"column": 2},
    )


def make_force_row(builder: Builder, force: int | None, cells: list[Cell]) -> Row:
    if force is None:
        return make_row("total", _("All forces"), cells, total=True)
    return make_row(force_key(builder, force), force_name(builder, force), cells)


def build(
    builder: Builder, figures: MeasureFigures, built: list[Table], target: int
) -> list[Table]:
    """The tables about cases, in the order they are numbered (`built` holds the first
    tables: the findings table's period column may be withheld further to match)."""
    findings = next(t for t in built if t["id"] == "findings")
    return [
        findings_by_concern(builder, figures),
        decision_time(builder, figures, target),
        outcomes_by_force(builder, figures, findings),
        reviews(builder, figures),
        recommendations(builder, figures),
    ]
