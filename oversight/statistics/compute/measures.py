"""The further measures of a release, built beside the first tables (release.py appends
them, so the first tables keep their numbers): the use of live facial recognition and
its results, watchlist sizes, the usage returns, findings per concern, the time to a
decision, outcomes by force, reviews, recommendations and a comparison of forces.

They cover the period alone (the trends page, web/trends.py, sets periods side by side).
Figures the forces recorded are not suppressed (note N3). Counts of cases go through
disclosure control, and a table that repeats another's figures (the findings, the
decisions in the timeliness table, the complaints by force) withholds what that one does.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from oversight.statistics.compute import disclosure as dc
from oversight.statistics.compute import measure_queries as mq
from oversight.statistics.compute.tables import ONE_IN, Builder, count, make_column, make_row
from oversight.statistics.content import Cell, Column, Row, Table
from oversight.statistics.periods import Period

NONE: Cell = {"value": None, "symbol": dc.NOT_APPLICABLE}
UNKNOWN: Cell = {"value": None, "symbol": dc.NOT_AVAILABLE}
WITHHELD: Cell = {"value": None, "symbol": dc.SUPPRESSED}
PER_FACES = 100_000  # false alerts are given per this many faces seen
USAGE = {"rfr": _l("Retrospective"), "oifr": _l("Operator-initiated")}
REVIEW = {"upheld": _l("Upheld: decision looked at again"), "not_upheld": _l("Not upheld")}
RESPONSE = {
    "accepted": _l("Accepted"),
    "implemented": _l("Implemented"),
    "rejected": _l("Rejected"),
    mq.AWAITING: _l("No response yet"),
}
NOTES = {
    "N6": _l(
        "Rates are given to at least two significant figures. ‘1 in N’ is the faces seen "
        "for each false alert, to two significant figures, over the deployments that "
        "recorded both figures; [z] where there was no false alert."
    ),
    "N7": _l(
        "A usage return counts in the period its own period ends in. [x] means the force "
        "sent no return for that technology, or recorded no possible matches."
    ),
    "N8": _l(
        "Forces are listed by name, never ranked: a ranking on a column with a [c] would "
        "tell something about the count withheld."
    ),
}


@dataclass
class MeasureFigures:
    use: dict[int, mq.UseFigures]
    medians: dict[int, float]
    median_all: float | None
    usage: dict[tuple[int, str], mq.UsageFigures]
    concern_findings: dict[tuple[str, str], int]
    outcomes: dict[tuple[int, str], int]
    decision_days: dict[tuple[int, int, bool], int]
    reviews: dict[str, int]
    recommendations: dict[tuple[int, str], int]


def gather(period: Period) -> MeasureFigures:
    """The period's figures for these tables (after figures.gather has readied the
    connection and the working-day calendar for it)."""
    bounds = period.bounds()
    return MeasureFigures(
        use=mq.lfr_use(period.start, period.end),
        medians=mq.watchlist_medians(period.start, period.end),
        median_all=mq.all_watchlist_sizes_median(period.start, period.end),
        usage=mq.usage_returns(period.start, period.end),
        concern_findings=mq.findings_by_concern(bounds),
        outcomes=mq.outcomes_by_force(bounds),
        decision_days=mq.decision_days(bounds),
        reviews=mq.reviews(bounds),
        recommendations=mq.recommendations(bounds),
    )


def significant(value: float, figures: int = 2) -> float:
    """A rate to at least `figures` significant figures and at least one decimal place,
    halves rounded up (6.25 is 6.3)."""
    if value == 0:
        return 0.0
    places = max(1, figures - 1 - math.floor(math.log10(abs(value))))
    return float(Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP))


def one_in(faces: int, false_alerts: int) -> Cell:
    """The faces seen for each false alert ("1 in N"), N to two significant figures
    (halves up: 10,500 is 11,000); [z] with no false alert."""
    if false_alerts == 0:
        return NONE.copy()
    ratio = Decimal(faces) / Decimal(false_alerts)
    if ratio < 10:
        return {"value": significant(float(ratio)), "symbol": None}
    step = Decimal(1).scaleb(ratio.adjusted() - 1)
    return {"value": int((ratio / step).quantize(Decimal(1), ROUND_HALF_UP) * step), "symbol": None}


def per(numerator: int | None, denominator: int, scale: int = 1) -> Cell:
    """A rate of figures the forces recorded: [x] not recorded, [z] nothing to divide by."""
    if numerator is None:
        return UNKNOWN.copy()
    if denominator == 0:
        return NONE.copy()
    return {"value": significant(numerator * scale / denominator), "symbol": None}


def table(id_: str, title: str, description: str, heading: str, **parts: object) -> Table:
    return {
        "id": id_,
        "title": title,
        "description": description,
        "row_heading": heading,
        "notes": list(parts.get("notes", [])),  # type: ignore[call-overload]
        "chart": parts.get("chart"),  # type: ignore[typeddict-item]
        "columns": parts["columns"],  # type: ignore[typeddict-item]
        "rows": parts["rows"],  # type: ignore[typeddict-item]
    }


def columns_of(builder: Builder, spec: list[tuple[str, str, str]]) -> list[Column]:
    """The period's columns, by (measure, name, format): `current` for a table's one
    measure, else the measure then `_current`, as dictionary.measure_key reads them."""
    label = builder.current
    return [
        make_column(
            "current" if key == "current" else f"{key}_current",
            _("%(measure)s, %(period)s", measure=name, period=label),
            format_,
            "current",
        )
        for key, name, format_ in spec
    ]


def force_name(builder: Builder, force: int) -> str:
    return builder.now.force_names[force] if force else str(_("Force not known"))


def force_key(builder: Builder, force: int) -> str:
    return builder.now.force_slugs[force] if force else "not_known"


def by_name(builder: Builder, forces: set[int]) -> list[int]:
    """Forces by name, force not known (0) last."""
    named = sorted((f for f in forces if f), key=lambda f: builder.now.force_names[f])
    return [*named, *([0] if 0 in forces else [])]


def _sum(values: list[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def _use_total(uses: list[mq.UseFigures]) -> mq.UseFigures:
    smallest = [u.watchlist_smallest for u in uses if u.watchlist_smallest is not None]
    largest = [u.watchlist_largest for u in uses if u.watchlist_largest is not None]
    return mq.UseFigures(
        sum(u.deployments for u in uses),
        sum(u.faces_for_rate for u in uses),
        sum(u.false_for_rate for u in uses),
        sum(u.rate_known for u in uses),
        _sum([u.engagements for u in uses]),
        _sum([u.arrests for u in uses]),
        sum(u.arrests_known for u in uses),
        sum(u.watchlists_known for u in uses),
        min(smallest) if smallest else None,
        max(largest) if largest else None,
    )


def _use_rows(
    builder: Builder, figures: MeasureFigures
) -> list[tuple[str, str, mq.UseFigures, float | None]]:
    rows = [
        (force_key(builder, f), force_name(builder, f), figures.use[f], figures.medians.get(f))
        for f in by_name(builder, set(figures.use))
    ]
    total = _use_total(list(figures.use.values()))
    return [*rows, ("total", str(_("All forces")), total, figures.median_all)]


def _unknown(use: mq.UseFigures) -> Cell:
    """[z] for a force with no deployment, else [x]: its deployments did not record it."""
    return NONE.copy() if use.deployments == 0 else UNKNOWN.copy()


def _false_rate(use: mq.UseFigures) -> Cell:
    if not use.rate_known:
        return _unknown(use)
    return per(use.false_for_rate, use.faces_for_rate, PER_FACES)


def lfr_use(builder: Builder, figures: MeasureFigures) -> Table:
    columns = columns_of(
        builder,
        [
            ("deployments", _("Deployments"), "count"),
            ("faces_for_rate", _("Faces seen, where false alerts were recorded"), "count"),
            ("false_for_rate", _("False alerts, where faces seen were recorded"), "count"),
            ("false_per_100000", _("False alerts per 100,000 faces seen"), "rate"),
            ("faces_per_false_alert", _("Faces seen for each false alert (1 in N)"), ONE_IN),
            ("engagements", _("Engagements"), "count"),
            ("arrests", _("Arrests"), "count"),
            ("arrests_per_deployment", _("Arrests per deployment"), "rate"),
        ],
    )
    rows: list[Row] = []
    for key, name, use, _median in _use_rows(builder, figures):
        known = use.rate_known > 0
        cells = [
            count(use.deployments),
            count(use.faces_for_rate if known else None),
            count(use.false_for_rate if known else None),
            _false_rate(use),
            one_in(use.faces_for_rate, use.false_for_rate) if known else _unknown(use),
            count(use.engagements),
            count(use.arrests),
            per(use.arrests, use.arrests_known),
        ]
        rows.append(make_row(key, name, cells, total=key == "total"))
    return table(
        "lfr_use_by_force",
        _("Live facial recognition: false alerts per faces seen, engagements and arrests"),
        _(
            "Live facial recognition deployments recorded for days in the period, with the false alerts for the faces seen, and the engagements and arrests that followed, by force."
        ),
        _("Police force"),
        columns=columns,
        rows=rows,
        notes=["N3", "N6"],
        chart={"column": 3},
    )


def watchlists(builder: Builder, figures: MeasureFigures) -> Table:
    columns = columns_of(
        builder,
        [
            ("known", _("Deployments recording a watchlist size"), "count"),
            ("median", _("Median watchlist size"), "count"),
            ("smallest", _("Smallest watchlist"), "count"),
            ("largest", _("Largest watchlist"), "count"),
        ],
    )
    rows = []
    for key, name, use, median in _use_rows(builder, figures):
        cells = [
            count(use.watchlists_known),
            count(None if median is None else math.floor(median + 0.5)),
            count(use.watchlist_smallest),
            count(use.watchlist_largest),
        ]
        rows.append(make_row(key, name, cells, total=key == "total"))
    return table(
        "watchlist_sizes",
        _("Live facial recognition watchlist sizes"),
        _("The size of the watchlists used in the deployments that recorded one, by force."),
        _("Police force"),
        columns=columns,
        rows=rows,
        notes=["N3"],
        chart={"column": 1},
    )


def usage_returns(builder: Builder, figures: MeasureFigures) -> Table:
    spec = []
    for tech, word in USAGE.items():
        spec += [
            (f"{tech}_searches", _("%(kind)s searches", kind=word), "count"),
            (f"{tech}_matches", _("%(kind)s possible matches", kind=word), "count"),
        ]
    rows = []
    forces = by_name(builder, {force for force, _t in figures.usage})
    for force in [*forces, None]:
        cells: list[Cell] = []
        for tech in USAGE:
            mine = [u for (f, t), u in figures.usage.items() if t == tech and force in (None, f)]
            cells.append(count(sum(u.searches for u in mine)) if mine else UNKNOWN.copy())
            cells.append(count(_sum([u.possible_matches for u in mine])))
        key = "total" if force is None else force_key(builder, force)
        name = str(_("All forces")) if force is None else force_name(builder, force)
        rows.append(make_row(key, name, cells, total=force is None))
    return table(
        "usage_returns",
        _("Retrospective and operator-initiated facial recognition searches"),
        _("Searches and possible matches the forces reported in their usage returns, by force."),
        _("Police force"),
        columns=columns_of(builder, spec),
        rows=rows,
        notes=["N3", "N7"],
        chart={"column": 0},
    )


def cross(
    keys: list[int] | list[str], columns: list[str], found: dict[tuple[object, str], int]
) -> list[list[int]]:
    """Counts by row key and column key, each row with its total, and the totals row."""
    cells = []
    for key in keys:
        values = [found.get((key, c), 0) for c in columns]
        cells.append([*values, sum(values)])
    return [*cells, [sum(row[c] for row in cells) for c in range(len(columns) + 1)]]


def count_columns(builder: Builder, names: dict[str, object], total: str) -> list[Column]:
    return columns_of(
        builder, [(k, str(v), "count") for k, v in names.items()] + [("total", total, "count")]
    )


def forces_compared(builder: Builder, figures: MeasureFigures) -> Table:
    """Every force with complaints, live deployments or usage returns in the period, by
    name (never ranked, note N8), and complaints whose force is not known. Its complaints
    are the complaints by force table's cells, withheld as there."""
    grid = builder.crosstabs["current"]
    last = grid.shape[1] - 1
    complaint_rows = {force: r for r, (force, _n) in enumerate(builder.force_rows)}
    forces = {f for f in complaint_rows if f} | set(figures.use) | {f for f, _t in figures.usage}
    # Complaints whose force is not known too, so the column adds up as the margin does
    # and a [c] there is not the only one of its column.
    unknown = (complaint_rows[0], last)
    if grid.cells[unknown[0]][last] or unknown in grid.suppressed:
        forces.add(0)
    rows: list[Row] = []
    for force in [*by_name(builder, forces), None]:
        if force is None:
            complaints = dc.shown(grid, (grid.shape[0] - 1, last))
            uses = list(figures.use.values())
            usage = list(figures.usage.values())
        else:
            r = complaint_rows.get(force)
            complaints = count(0) if r is None else dc.shown(grid, (r, last))
            uses = [figures.use[force]] if force in figures.use else []
            usage = [u for (f, _t), u in figures.usage.items() if f == force]
        use = _use_total(uses)
        cells = [
            complaints,
            count(use.deployments),
            _false_rate(use),
            count(sum(u.searches for u in usage)) if usage else UNKNOWN.copy(),
        ]
        key = "total" if force is None else force_key(builder, force)
        name = str(_("All forces")) if force is None else force_name(builder, force)
        rows.append(make_row(key, name, cells, total=force is None))
    spec = [
        ("complaints", _("Complaints received"), "count"),
        ("deployments", _("Live facial recognition deployments"), "count"),
        ("false_per_100000", _("False alerts per 100,000 faces seen"), "rate"),
        ("searches", _("Retrospective and operator-initiated searches"), "count"),
    ]
    return table(
        "forces_compared",
        _("Police forces compared"),
        _(
            "Each force with complaints, live facial recognition deployments or usage returns in the period, listed by name."
        ),
        _("Police force"),
        columns=columns_of(builder, spec),
        rows=rows,
        notes=["N3", "N8"],
        chart={"column": 1},
    )


def build(builder: Builder, figures: MeasureFigures) -> list[Table]:
    """The tables about the forces' use, in the order they are numbered (the forces
    compared come last of all, after measure_cases.build's)."""
    return [
        lfr_use(builder, figures),
        watchlists(builder, figures),
        usage_returns(builder, figures),
    ]
