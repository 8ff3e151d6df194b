"""What a release's content is: the typed shape of the JSON saved with every release.

compute/ builds it, outputs/ and web/ read it, and the API and the JSON download serve it
as it was saved (outputs/json_schema.py describes it to the API's readers). It is plain
JSON, never recomputed once published, and its keys are written in the order below:

    {"schema": 1, "period": {...}, "comparison": {...}, "headlines": [...],
     "tables": [Table, ...], "notes": [{"id": "N1", "text": ...}, ...],
     "translations": {"cy": Words}}

    Table = {"id", "title", "description", "row_heading", "notes": ["N1", ...],
             "chart": {"column": 0} or None,
             "columns": [{"id", "label", "format", "period"}],   # format: count,
             "rows": [{"id", "label", "total", "cells": [Cell, ...]}],  # percent, rate, days,
                                                                        # one_in
             "number"}
    Cell = {"value": number or None, "symbol": None, "[c]", "[x]" or "[z]"}

The words above are English; "translations" holds the Welsh words of the same release,
made when it was prepared (statistics/wording.py). A release prepared before releases
stored Welsh has no "translations".

    Words = {"period": label, "comparison": label, "headlines": {id: label},
             "tables": {id: {"title", "description", "row_heading",
                             "columns": {id: label}, "rows": {id: label}}},
             "notes": {id: text}}

"period" in a column is "current" or "previous" (the same period a year before). These
are TypedDicts, so the content stays the dicts the database and the API hold.
"""

from __future__ import annotations

from typing import NotRequired, TypedDict

SCHEMA = 1


class Cell(TypedDict):
    """A published figure, or the symbol that stands for it (compute/disclosure.py)."""

    value: int | float | None
    symbol: str | None


class Column(TypedDict):
    id: str
    label: str
    format: str  # count, percent, rate, days or one_in ("1 in N": compute/tables.one_in)
    period: str  # current or previous


class Row(TypedDict):
    id: str
    label: str
    total: bool
    cells: list[Cell]  # one a column


class Chart(TypedDict):
    column: int  # the column the chart draws


class Table(TypedDict):
    """A table as it is built (compute/tables.py), before the release numbers it."""

    id: str
    title: str
    description: str
    row_heading: str
    notes: list[str]  # the ids of the release's notes that apply
    chart: Chart | None
    columns: list[Column]
    rows: list[Row]


class NumberedTable(Table):
    """A table of a release: numbered in the order the release shows them."""

    number: int


class Headline(TypedDict):
    id: str
    label: str
    format: str
    current: Cell
    previous: Cell


class Note(TypedDict):
    id: str  # N1, N2 …
    text: str


class PeriodJson(TypedDict):
    """A period as releases, downloads and the API write it (periods.Period.as_json)."""

    kind: str
    code: str
    start: str  # an ISO date
    end: str  # the period's last day
    label: str


class ReleaseContent(TypedDict):
    schema: int
    period: PeriodJson
    comparison: PeriodJson  # the same period a year before
    headlines: list[Headline]
    tables: list[NumberedTable]
    notes: list[Note]
    # By language code ("cy"): the words in each language the release is not written in.
    translations: NotRequired[dict[str, Words]]


class TableWords(TypedDict):
    title: str
    description: str
    row_heading: str
    columns: dict[str, str]  # by column id
    rows: dict[str, str]  # by row id


class Words(TypedDict):
    """A release's words in one language, by the machine names of what they label."""

    period: str
    comparison: str
    headlines: dict[str, str]
    tables: dict[str, TableWords]
    notes: dict[str, str]
