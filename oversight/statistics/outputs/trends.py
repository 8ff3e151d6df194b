"""Trends across every published release, and the comparison of forces, made from the
releases' content as published (nothing is recomputed, so nothing new is told).

A trend is one table a kind of period (quarters, financial years, calendar years): a row
a period, oldest first, and a column a measure, each taken from a release's headlines or
tables; a release from before a measure was published shows it as [x]. Each column has
its own chart. The comparison of forces is the latest release's forces compared table:
listed by name, and sorted by a column only when none of its cells is withheld ([c]),
since an order would tell something of a withheld count (note N8).
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l

from oversight.statistics.compute.disclosure import NOT_AVAILABLE, SUPPRESSED
from oversight.statistics.content import Cell, NumberedTable, ReleaseContent, Row
from oversight.statistics.enums import PeriodKind
from oversight.statistics.outputs.entries import Text

KINDS = {
    PeriodKind.QUARTER.value: _l("Quarters"),
    PeriodKind.FINANCIAL_YEAR.value: _l("Financial years"),
    PeriodKind.CALENDAR_YEAR.value: _l("Calendar years"),
}
COMPARED = "forces_compared"


def _headline(key: str) -> Callable[[ReleaseContent], Cell | None]:
    def find(content: ReleaseContent) -> Cell | None:
        found = next((h for h in content.get("headlines", []) if h["id"] == key), None)
        return None if found is None else found["current"]

    return find


def _total(table_id: str, column_id: str) -> Callable[[ReleaseContent], Cell | None]:
    def find(content: ReleaseContent) -> Cell | None:
        table = next((t for t in content.get("tables", []) if t["id"] == table_id), None)
        if table is None:
            return None
        ids = [c["id"] for c in table["columns"]]
        row = next((r for r in table["rows"] if r["total"]), None)
        if row is None or column_id not in ids:
            return None
        return row["cells"][ids.index(column_id)]

    return find


@dataclass(frozen=True)
class Measure:
    id: str
    label: Text
    format: str
    find: Callable[[ReleaseContent], Cell | None]


MEASURES = (
    Measure("complaints", _l("Complaints received"), "count", _headline("complaints_received")),
    Measure("open", _l("Cases open at the end"), "count", _headline("open_caseload")),
    Measure(
        "median_days",
        _l("Median working days to a decision"),
        "days",
        _headline("median_days_to_decide"),
    ),
    Measure(
        "deployments", _l("Live facial recognition deployments"), "count", _headline("deployments")
    ),
    Measure(
        "false_per_100000",
        _l("False alerts per 100,000 faces seen"),
        "rate",
        _total("lfr_use_by_force", "false_per_100000_current"),
    ),
    Measure(
        "arrests",
        _l("Arrests after an alert"),
        "count",
        _total("lfr_use_by_force", "arrests_current"),
    ),
    Measure(
        "searches",
        _l("Retrospective and operator-initiated searches"),
        "count",
        _total(COMPARED, "searches_current"),
    ),
)


@dataclass(frozen=True)
class Published:
    """A published release as the trends read it."""

    kind: str
    code: str
    label: str
    start: str
    content: ReleaseContent


def trend_tables(releases: list[Published]) -> list[NumberedTable]:
    """One table a kind of period that has published releases, numbered from 1."""
    tables: list[NumberedTable] = []
    for kind, name in KINDS.items():
        mine = sorted((r for r in releases if r.kind == kind), key=lambda r: r.start)
        if not mine:
            continue
        rows: list[Row] = []
        for release in mine:
            cells = [
                m.find(release.content) or {"value": None, "symbol": NOT_AVAILABLE}
                for m in MEASURES
            ]
            rows.append(
                {"id": release.code, "label": release.label, "total": False, "cells": cells}
            )
        tables.append(
            {
                "id": f"trend-{kind}",
                "title": str(_l("%(kind)s: the main figures of each release", kind=name)),
                "description": str(_l("Each published release of this kind, oldest first.")),
                "row_heading": str(_l("Period")),
                "notes": [],
                "chart": None,
                "columns": [
                    {"id": m.id, "label": str(m.label), "format": m.format, "period": "current"}
                    for m in MEASURES
                ],
                "rows": rows,
                "number": len(tables) + 1,
            }
        )
    return tables


def charts_of(table: NumberedTable) -> list[NumberedTable]:
    """The table once a column, each drawing that column's chart."""
    found = []
    for index, column in enumerate(table["columns"]):
        one = copy.copy(table)
        one["id"] = f"{table['id']}-{column['id']}"
        one["chart"] = {"column": index}
        found.append(one)
    return found


def sortable(table: NumberedTable) -> list[str]:
    """The columns the forces may be sorted by: those with no withheld cell."""
    return [
        column["id"]
        for index, column in enumerate(table["columns"])
        if not any(row["cells"][index]["symbol"] == SUPPRESSED for row in table["rows"])
    ]


def sorted_by(table: NumberedTable, column_id: str | None) -> tuple[NumberedTable, str | None]:
    """The table with its forces by name (as published), or by the column, largest first
    (figures not available or not applicable last, then by name), if it may be sorted
    by it; and the column it was sorted by."""
    if column_id is None or column_id not in sortable(table):
        return table, None
    index = [c["id"] for c in table["columns"]].index(column_id)
    forces = [row for row in table["rows"] if not row["total"]]
    totals = [row for row in table["rows"] if row["total"]]

    def key(row: Row) -> tuple[bool, float, str]:
        value = row["cells"][index]["value"]
        return (value is None, -(value or 0), row["label"])

    ordered = copy.copy(table)
    ordered["rows"] = [*sorted(forces, key=key), *totals]
    return ordered, column_id


def compared(content: ReleaseContent) -> NumberedTable | None:
    return next((t for t in content.get("tables", []) if t["id"] == COMPARED), None)
