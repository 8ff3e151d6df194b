"""A release's tables, built from the register's figures with disclosure control applied
(release.py adds the deployment tables, numbers them all and draws the headlines). The
shape of what they build is statistics/content.py's.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from functools import cached_property

from flask import current_app
from flask_babel import gettext as _

from oversight.complaints.services import Targets
from oversight.statistics.compute import disclosure as dc
from oversight.statistics.compute import labels
from oversight.statistics.compute.figures import Figures
from oversight.statistics.compute.labels import Text
from oversight.statistics.compute.queries import Timeliness
from oversight.statistics.content import Cell, Column, Row, Table
from oversight.statistics.periods import Period


def count(value: int | None) -> Cell:
    if value is None:
        return {"value": None, "symbol": dc.NOT_AVAILABLE}
    return {"value": value, "symbol": None}


ONE_IN = "one_in"  # the column format of a "1 in N" figure (formatting.one_in writes it)


def one_in(numerator: Cell, denominator: float | None, *, base: int | None = None) -> Cell:
    """One in how many: denominator / numerator, as forces publish false alerts as a share
    of faces seen ("1 in 33,000"), to two significant figures, in a column of format
    ONE_IN. The same rules as disclosure.rate (withheld where that rate would be; [x]
    when the denominator is not known), and [z] when the numerator or denominator is 0,
    as one in no number is nothing to say."""
    share = dc.rate(numerator, denominator, 1, base=base)
    if share["symbol"] is not None:
        return share
    figure, whole = numerator["value"], denominator
    if not figure or not whole:  # none of them: one in no number
        return {"value": None, "symbol": dc.NOT_APPLICABLE}
    exact = whole / figure
    if exact < 10:
        return {"value": round(exact, 1), "symbol": None}
    digits = len(str(int(exact))) - 2  # the places beyond two significant figures
    return {"value": int(round(exact, -digits)), "symbol": None}


# The three pieces of a table (release.py builds tables with them too).


def make_column(id_: str, label: Text, format_: str, period: str) -> Column:
    return {"id": id_, "label": str(label), "format": format_, "period": period}


def make_row(id_: str, label: Text, cells: list[Cell], total: bool = False) -> Row:
    return {"id": id_, "label": str(label), "total": total, "cells": cells}


def make_table(
    id_: str,
    title: Text,
    description: Text,
    row_heading: Text,
    *,
    columns: list[Column],
    rows: list[Row],
    notes: list[str] | None = None,
    chart: int | None = 0,
) -> Table:
    """A table; `chart` is the column its chart draws, None for no chart."""
    return {
        "id": id_,
        "title": str(title),
        "description": str(description),
        "row_heading": str(row_heading),
        "notes": notes or [],
        "chart": None if chart is None else {"column": chart},
        "columns": columns,
        "rows": rows,
    }


def _protect_line(values: list[int], forced_total: bool = False) -> dc.Grid:
    """A list of counts with their total beneath, protected as one line."""
    cells = [[v] for v in values] + [[sum(values)]]
    forced = [(len(values), 0)] if forced_total else []
    return dc.protect(cells, row_totals=False, column_totals=True, forced=forced)


def _line_cells(grid: dc.Grid) -> list[Cell]:
    return [dc.shown(grid, (row, 0)) for row in range(grid.shape[0])]


class Builder:
    """Builds every table of a release from the figures of its period and the year before."""

    def __init__(self, period: Period, now: Figures, before: Figures) -> None:
        self.period, self.now, self.before = period, now, before
        self.current = period.label
        self.previous = before.period.label  # period.comparison(): it never overlaps
        self.crosstabs = {"current": self._crosstab(now), "previous": self._crosstab(before)}

    # The complaints cross-tabulation both by-force and by-technology tables come from. --

    @cached_property
    def force_rows(self) -> list[tuple[int, str]]:
        """The forces named by complaints in either period, by name, then force not known."""
        named = {force for force, _ in self.now.by_force_and_technology} | {
            force for force, _ in self.before.by_force_and_technology
        }
        rows = sorted(((f, self.now.force_names[f]) for f in named if f != 0), key=lambda r: r[1])
        return [*rows, (0, str(_("Force not known")))]

    def _crosstab(self, figures: Figures) -> dc.Grid:
        technologies = list(labels.TECHNOLOGY)
        cells = []
        for force, _name in self.force_rows:
            counts = [figures.by_force_and_technology.get((force, t), 0) for t in technologies]
            cells.append([*counts, sum(counts)])
        totals = [sum(row[c] for row in cells) for c in range(len(technologies) + 1)]
        return dc.protect([*cells, totals], row_totals=True, column_totals=True)

    def grand_total_hidden(self, period: str) -> bool:
        grid = self.crosstabs[period]
        rows, columns = grid.shape
        return (rows - 1, columns - 1) in grid.suppressed

    def by_force_and_technology(self) -> Table:
        grid = self.crosstabs["current"]
        names = [name for _f, name in self.force_rows] + [str(_("All forces"))]
        columns = [
            make_column(t, str(label), "count", "current") for t, label in labels.TECHNOLOGY.items()
        ] + [make_column("total", str(_("All technologies")), "count", "current")]
        rows = [
            make_row(
                str(key),
                names[r],
                [dc.shown(grid, (r, c)) for c in range(len(columns))],
                total=r == len(names) - 1,
            )
            for r, key in enumerate([self._force_key(f) for f, _n in self.force_rows] + ["total"])
        ]
        return make_table(
            "complaints_by_force_and_technology",
            str(_("Complaints received by police force and technology")),
            str(
                _(
                    "Complaints received in %(period)s, by the force and the technology they concern.",
                    period=self.current,
                )
            ),
            str(_("Police force")),
            columns=columns,
            rows=rows,
            chart=None,
        )

    def _force_key(self, force: int) -> str:
        return self.now.force_slugs.get(force, "not_known")

    def by_force(self) -> Table:
        return self._margin("force")

    def by_technology(self) -> Table:
        return self._margin("technology")

    def _margin(self, which: str) -> Table:
        """The by-force or by-technology table: a margin of the cross-tabulation."""
        cells: dict[str, list[Cell]] = {}
        for period, grid in self.crosstabs.items():
            rows, columns = grid.shape
            if which == "force":
                cells[period] = [dc.shown(grid, (r, columns - 1)) for r in range(rows)]
            else:
                cells[period] = [dc.shown(grid, (rows - 1, c)) for c in range(columns)]
        if which == "force":
            keys = [self._force_key(f) for f, _n in self.force_rows]
            names = [n for _f, n in self.force_rows]
            title, heading = _("Complaints received by police force"), _("Police force")
        else:
            keys, names = list(labels.TECHNOLOGY), [str(v) for v in labels.TECHNOLOGY.values()]
            title, heading = _("Complaints received by technology"), _("Technology")
        return self._two_periods(
            f"complaints_by_{which}",
            str(title),
            str(heading),
            keys,
            names,
            cells,
            description=str(_("Complaints received, with the same period a year before.")),
        )

    def _two_periods(
        self,
        id_: str,
        title: str,
        heading: str,
        keys: list[str],
        names: list[str],
        cells: Mapping[str, list[Cell]],
        *,
        description: str,
        total: bool = True,
        notes: list[str] | None = None,
    ) -> Table:
        columns = [
            make_column("current", self.current, "count", "current"),
            make_column("previous", self.previous, "count", "previous"),
        ]
        all_keys = [*keys, "total"] if total else keys
        all_names = [*names, str(_("Total"))] if total else names
        rows = [
            make_row(
                key,
                all_names[i],
                [cells["current"][i], cells["previous"][i]],
                total and key == "total",
            )
            for i, key in enumerate(all_keys)
        ]
        return make_table(
            id_, title, description, heading, columns=columns, rows=rows, notes=notes or []
        )

    def categories(
        self,
        id_: str,
        title: str,
        heading: str,
        names: Mapping[str, Text],
        counts: Callable[[Figures], Mapping[str, int]],
        *,
        description: str,
        shares_complaint_total: bool = False,
        total: bool = True,
        notes: list[str] | None = None,
    ) -> Table:
        """A table of counts by category, each period protected on its own."""
        keys = list(names)
        cells: dict[str, list[Cell]] = {}
        for period, figures in (("current", self.now), ("previous", self.before)):
            found = counts(figures)
            values = [found.get(key, 0) for key in keys]
            if total:
                forced = shares_complaint_total and self.grand_total_hidden(period)
                cells[period] = _line_cells(_protect_line(values, forced))
            else:
                grid = dc.protect([[v] for v in values], row_totals=False, column_totals=False)
                cells[period] = _line_cells(grid)
        return self._two_periods(
            id_,
            title,
            heading,
            keys,
            [str(v) for v in names.values()],
            cells,
            description=description,
            total=total,
            notes=notes,
        )


def targets() -> dict[str, int]:
    """Each step's target in working days, keyed as the timeliness table's rows are."""
    configured = Targets.from_config(current_app.config)
    return {
        "acknowledge": configured.acknowledge,
        "triage": configured.triage,
        "decide": configured.decision,
    }


def _stage_cells(stage: Timeliness) -> list[Cell]:
    """One step's cases, median working days and share within target in one period: the
    median and share only from MINIMUM_BASE cases, and the share only when neither the
    cases on time nor those late are a count from 1 to 4, which it would give away."""
    cases = dc.protect([[stage.cases]], row_totals=False, column_totals=False)
    shown = dc.shown(cases, (0, 0))
    late = stage.cases - stage.within_target
    if shown["symbol"] is None and stage.cases == 0:
        return [
            shown,
            {"value": None, "symbol": dc.NOT_APPLICABLE},
            {"value": None, "symbol": dc.NOT_APPLICABLE},
        ]
    if shown["symbol"] or stage.cases < dc.MINIMUM_BASE:
        withheld: Cell = {"value": None, "symbol": dc.SUPPRESSED}
        return [shown, withheld, withheld.copy()]
    median: Cell = {"value": round(stage.median_days or 0, 1), "symbol": None}
    if 0 < stage.within_target < dc.SMALLEST_SHOWN or 0 < late < dc.SMALLEST_SHOWN:
        return [shown, median, {"value": None, "symbol": dc.SUPPRESSED}]
    share = dc.rate(
        {"value": stage.within_target, "symbol": None}, stage.cases, 100, base=stage.cases
    )
    return [shown, median, share]


def timeliness(builder: Builder) -> Table:
    """How quickly each step was taken, in both periods (see queries.timeliness)."""
    goals = targets()
    columns = []
    for period, label in (("current", builder.current), ("previous", builder.previous)):
        columns += [
            make_column(f"{period}_cases", _("Cases, %(period)s", period=label), "count", period),
            make_column(
                f"{period}_median",
                _("Median working days, %(period)s", period=label),
                "days",
                period,
            ),
            make_column(
                f"{period}_within",
                _("Per cent within target, %(period)s", period=label),
                "percent",
                period,
            ),
        ]
    rows = []
    for stage, name in labels.STAGE.items():
        label = _("%(stage)s (target %(days)s working days)", stage=name, days=goals[stage])
        cells = _stage_cells(builder.now.timeliness[stage])
        cells += _stage_cells(builder.before.timeliness[stage])
        rows.append(make_row(stage, label, cells))
    return make_table(
        "timeliness",
        _("Timeliness"),
        _(
            "How long the register took, in working days from receipt, for each step taken in the period."
        ),
        _("Step"),
        columns=columns,
        rows=rows,
        notes=["N4", "N5"],
        chart=1,
    )


# A force's row in the further tables (measures.py, measure_cases.py, compared.py). -----


def force_name(builder: Builder, force: int) -> str:
    return builder.now.force_names[force] if force else str(_("Force not known"))


def force_key(builder: Builder, force: int) -> str:
    return builder.now.force_slugs[force] if force else "not_known"


def by_name(builder: Builder, forces: set[int]) -> list[int]:
    """Forces by name, force not known (0) last."""
    named = sorted((f for f in forces if f), key=lambda f: builder.now.force_names[f])
    return [*named, *([0] if 0 in forces else [])]


def make_force_row(builder: Builder, force: int | None, cells: list[Cell]) -> Row:
    """A force's row of a further table, or (for None) the all forces total."""
    if force is None:
        return make_row("total", _("All forces"), cells, total=True)
    return make_row(force_key(builder, force), force_name(builder, force), cells)
