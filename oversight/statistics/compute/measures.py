"""The further measures of a release, after the first tables (so those keep their
numbers): live facial recognition's use, watchlists and usage returns here; the rest in
measure_cases.py and compared.py.

Each count and rate of the period has the same period a year before beside it, as the
first tables have (the comparison's figures, gathered and protected in the same way; [x]
for a time before the register held records, figures.mark_unrecorded). The spread of a
period's figures (the quartiles, the smallest and largest) describes that period alone,
so it has none (note N9); nor has each cell of a cross-tabulation, only its totals, as
the complaints by force and technology table has none beside it (note N10). Figures the
forces recorded are not suppressed (note N3). Counts of cases go through disclosure
control, and a table that repeats another's figures (the findings, the decisions in the
timeliness table, the complaints by force) withholds what that one does.
"""

from __future__ import annotations

import math
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from oversight.statistics.compute import disclosure as dc
from oversight.statistics.compute import measure_queries as mq
from oversight.statistics.compute.tables import (
    ONE_IN,
    Builder,
    by_name,
    count,
    force_key,
    force_name,
    make_column,
    make_force_row,
    make_row,
)
from oversight.statistics.content import Cell, Chart, Column, Row, Table
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
    "N9": _l(
        "The quartiles, and the smallest and largest watchlists, describe the spread of the "
        "period’s own figures, so no year before is set beside them: the same period a year "
        "before is compared by its counts, median and share within target, and its own "
        "release gives its spread."
    ),
    "N10": _l(
        "Only each row’s total is set beside the same period a year before; that period’s "
        "release gives its figures in full."
    ),
}
PERIODS = ("current", "previous")  # the columns' periods: the period, then the year before


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


@dataclass
class Compared:
    """The figures of the period and of its comparison, the same period a year before."""

    current: MeasureFigures
    previous: MeasureFigures

    def periods(self) -> Iterator[tuple[str, MeasureFigures]]:
        yield "current", self.current
        yield "previous", self.previous


def gather(period: Period, comparison: Period) -> Compared:
    """The figures of the period and of its comparison for these tables (after
    figures.gather has readied the connection and the working-day calendar for both)."""
    return Compared(gather_one(period), gather_one(comparison))


def gather_one(period: Period) -> MeasureFigures:
    """One period's figures: one grouped query each (measure_queries.py)."""
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


Spec = list[tuple[str, str, str]]  # each measure of a table: (key, name, format)


def columns_of(builder: Builder, spec: Spec, compared: Collection[str] = ()) -> list[Column]:
    """The period's columns, by (measure, name, format), each measure in `compared`
    followed by the same period a year before: `current` and `previous` for a table's one
    measure, else the measure then `_current` or `_previous`, as dictionary.measure_key
    reads them."""
    labels = {"current": builder.current, "previous": builder.previous}
    return [
        make_column(
            period if key == "current" else f"{key}_{period}",
            _("%(measure)s, %(period)s", measure=name, period=labels[period]),
            format_,
            period,
        )
        for key, name, format_ in spec
        for period in PERIODS
        if period == "current" or key in compared
    ]


def beside(spec: Spec, compared: Collection[str], cells: dict[str, list[Cell]]) -> list[Cell]:
    """A row's cells in the order columns_of gives its columns, from each period's cells
    of every measure in `spec`."""
    found = []
    for index, (key, _name, _format) in enumerate(spec):
        found.append(cells["current"][index])
        if key in compared:
            found.append(cells["previous"][index])
    return found


def chart_on(columns: list[Column], column_id: str) -> Chart:
    """The chart of the column with this id."""
    return {"column": [column["id"] for column in columns].index(column_id)}


def _sum(values: list[int | None]) -> int | None:
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def use_total(uses: list[mq.UseFigures]) -> mq.UseFigures:
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
    builder: Builder, figures: Compared
) -> list[tuple[str, str, dict[str, tuple[mq.UseFigures, float | None]]]]:
    """Each force that deployed in the period or the year before, by name, then all
    forces: its use and median watchlist size in each period (none: nothing deployed)."""
    forces = set(figures.current.use) | set(figures.previous.use)
    nothing = use_total([])
    rows = []
    for force in [*by_name(builder, forces), None]:
        found: dict[str, tuple[mq.UseFigures, float | None]] = {}
        for period, mine in figures.periods():
            if force is None:
                found[period] = (use_total(list(mine.use.values())), mine.median_all)
            else:
                found[period] = (mine.use.get(force, nothing), mine.medians.get(force))
        if force is None:
            rows.append(("total", str(_("All forces")), found))
        else:
            rows.append((force_key(builder, force), force_name(builder, force), found))
    return rows


def _unknown(use: mq.UseFigures) -> Cell:
    """[z] for a force with no deployment, else [x]: its deployments did not record it."""
    return NONE.copy() if use.deployments == 0 else UNKNOWN.copy()


def false_rate(use: mq.UseFigures) -> Cell:
    if not use.rate_known:
        return _unknown(use)
    return per(use.false_for_rate, use.faces_for_rate, PER_FACES)


def _use_cells(use: mq.UseFigures) -> list[Cell]:
    known = use.rate_known > 0
    return [
        count(use.deployments),
        count(use.faces_for_rate if known else None),
        count(use.false_for_rate if known else None),
        false_rate(use),
        one_in(use.faces_for_rate, use.false_for_rate) if known else _unknown(use),
        count(use.engagements),
        count(use.arrests),
        per(use.arrests, use.arrests_known),
    ]


def lfr_use(builder: Builder, figures: Compared) -> Table:
    """Every figure has the year before beside it: each is a count or a rate."""
    spec: Spec = [
        ("deployments", _("Deployments"), "count"),
        ("faces_for_rate", _("Faces seen, where false alerts were recorded"), "count"),
        ("false_for_rate", _("False alerts, where faces seen were recorded"), "count"),
        ("false_per_100000", _("False alerts per 100,000 faces seen"), "rate"),
        ("faces_per_false_alert", _("Faces seen for each false alert (1 in N)"), ONE_IN),
        ("engagements", _("Engagements"), "count"),
        ("arrests", _("Arrests"), "count"),
        ("arrests_per_deployment", _("Arrests per deployment"), "rate"),
    ]
    compared = [key for key, _name, _format in spec]
    columns = columns_of(builder, spec, compared)
    rows: list[Row] = []
    for key, name, found in _use_rows(builder, figures):
        cells = {period: _use_cells(use) for period, (use, _median) in found.items()}
        rows.append(make_row(key, name, beside(spec, compared, cells), total=key == "total"))
    return table(
        "lfr_use_by_force",
        _("Live facial recognition: false alerts per faces seen, engagements and arrests"),
        _(
            "Live facial recognition deployments recorded for days in the period and the same period a year before, with the false alerts for the faces seen, and the engagements and arrests that followed, by force."
        ),
        _("Police force"),
        columns=columns,
        rows=rows,
        notes=["N3", "N6"],
        chart=chart_on(columns, "false_per_100000_current"),
    )


def _watchlist_cells(use: mq.UseFigures, median: float | None) -> list[Cell]:
    return [
        count(use.watchlists_known),
        count(None if median is None else math.floor(median + 0.5)),
        count(use.watchlist_smallest),
        count(use.watchlist_largest),
    ]


def watchlists(builder: Builder, figures: Compared) -> Table:
    """The deployments recording a size and their median have the year before beside
    them; the smallest and largest are the period's own spread (note N9)."""
    spec: Spec = [
        ("known", _("Deployments recording a watchlist size"), "count"),
        ("median", _("Median watchlist size"), "count"),
        ("smallest", _("Smallest watchlist"), "count"),
        ("largest", _("Largest watchlist"), "count"),
    ]
    compared = ("known", "median")
    columns = columns_of(builder, spec, compared)
    rows = []
    for key, name, found in _use_rows(builder, figures):
        cells = {period: _watchlist_cells(*pair) for period, pair in found.items()}
        rows.append(make_row(key, name, beside(spec, compared, cells), total=key == "total"))
    return table(
        "watchlist_sizes",
        _("Live facial recognition watchlist sizes"),
        _(
            "The size of the watchlists used in the deployments that recorded one, in the period and the same period a year before, by force."
        ),
        _("Police force"),
        columns=columns,
        rows=rows,
        notes=["N3", "N9"],
        chart=chart_on(columns, "median_current"),
    )


def _usage_cells(usage: dict[tuple[int, str], mq.UsageFigures], force: int | None) -> list[Cell]:
    """A force's (or, for None, every force's) searches and possible matches."""
    cells: list[Cell] = []
    for tech in USAGE:
        mine = [u for (f, t), u in usage.items() if t == tech and force in (None, f)]
        cells.append(count(sum(u.searches for u in mine)) if mine else UNKNOWN.copy())
        cells.append(count(_sum([u.possible_matches for u in mine])))
    return cells


def usage_returns(builder: Builder, figures: Compared) -> Table:
    spec: Spec = []
    for tech, word in USAGE.items():
        spec += [
            (f"{tech}_searches", _("%(kind)s searches", kind=word), "count"),
            (f"{tech}_matches", _("%(kind)s possible matches", kind=word), "count"),
        ]
    compared = [key for key, _name, _format in spec]
    columns = columns_of(builder, spec, compared)
    rows = []
    sent = {force for _p, mine in figures.periods() for force, _t in mine.usage}
    for force in [*by_name(builder, sent), None]:
        cells = {period: _usage_cells(mine.usage, force) for period, mine in figures.periods()}
        rows.append(make_force_row(builder, force, beside(spec, compared, cells)))
    return table(
        "usage_returns",
        _("Retrospective and operator-initiated facial recognition searches"),
        _(
            "Searches and possible matches the forces reported in their usage returns, in the period and the same period a year before, by force."
        ),
        _("Police force"),
        columns=columns,
        rows=rows,
        notes=["N3", "N7"],
        chart=chart_on(columns, "rfr_searches_current"),
    )


def build(builder: Builder, figures: Compared) -> list[Table]:
    """The tables about the forces' use, in the order they are numbered (the forces
    compared come last of all, after measure_cases.build's)."""
    return [
        lfr_use(builder, figures),
        watchlists(builder, figures),
        usage_returns(builder, figures),
    ]
