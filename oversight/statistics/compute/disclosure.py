"""Disclosure control: no published table lets anyone work out a count from 1 to 4.

Counts from 1 to 4 are suppressed (primary suppression) and shown as [c]. Then, since a
suppressed count could be worked out by subtracting the rest of its row or column from
its total, more cells are suppressed (secondary suppression). The method is published,
so it must hold against someone who knows it and replays it on every way of filling the
[c] cells: a choice of cells by their size (smallest first, say) tells them about the
sizes. In "web 15, email [c], post [c], phone 0, total 17" email and post add up to 2,
and had either been 0 it would have been shown, so both are 1; in "9, 5, [c], [c],
total 22" a 5 in either place would have been passed over for the 5 shown, so both are 4.
So every cell withheld beyond the small counts is chosen either by a threshold or by its
place, never by its size.

Lists. A list with its total (a table by channel, by outcome, a row of counts with its
total at the end …): when it holds a count from 1 to 4 (its total included), every count
in it below LIST_BELOW is withheld too, 0s included; and when that leaves fewer than two
counts withheld above the total (one small count among large ones, or a total withheld in
another table), the next ones down the list are withheld, the first after the last. A
list of one count is its total: both or neither. A list whose withheld counts are all 0
withholds its total too (a shown total would say they are 0).

Why that is safe: every [c] then holds either a count below LIST_BELOW or a count picked
by its place alone, of which the pattern says nothing. With two or more counts withheld
and a shown total, any one of them could hold LIST_BELOW - 1 or more (5 or more: past the
range a [c] stands for) whenever they add up to 5 or more, and 0 when they add up to
less; where the counts are too large for that, the one picked by place is bounded only by
the total, leaving the small one anywhere from 1 to 4. No filling pins a cell, and none
narrows it within 1 to 4 (tried for every short list: tests/statistics/
test_disclosure_lists.py).

Tables of two dimensions. A table with row totals and column totals (forces by
technology, by finding …) has its two margins, the row totals and the column totals
(each ending with the grand total, withheld in both if in either), protected as lists.
If anything in the table is then withheld, or it holds a count from 1 to 4, every inner
cell is withheld: which inner cells hold small counts never shows. Inner cells that the
figures shown fix anyway (a column whose total is 0, or the one cell left in a row whose
total is shown) are shown, as anyone could work them out, but never a count from 1 to 4.
A table with row totals only, or column totals only, is a set of lists, one per row or
column.

Counts cannot be negative, and that is why a list of withheld 0s withholds its total: 0s
can only rise, so a known total of 0 would pin them.

Before a release is approved, compute/attack.py checks it against every release already
out as an attacker who knows this method would: it solves the published figures as
whole numbers, 0 or more, across tables and releases, replays this method on the lists,
and refuses approval while any [c] is pinned to one value, or bounded within 1 to 4 more
narrowly than "from 1 to 4".

Rates and percentages are never computed from a suppressed count, nor from fewer than
MINIMUM_BASE cases.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from oversight.statistics.content import Cell

SUPPRESSED = "[c]"  # confidential: withheld so no one can be identified
NOT_AVAILABLE = "[x]"
NOT_APPLICABLE = "[z]"
SYMBOLS = (SUPPRESSED, NOT_AVAILABLE, NOT_APPLICABLE)
SMALLEST_SHOWN = 5  # counts from 1 to 4 are suppressed
LIST_BELOW = 6  # in a list holding a count from 1 to 4, every count below this is withheld
MINIMUM_BASE = 10  # no rate from fewer cases than this

Position = tuple[int, int]


@dataclass
class Grid:
    """A table of counts with the totals that will be published beside it.

    `cells` is the whole published grid: when `row_totals`, the last column holds each
    row's total; when `column_totals`, the last row holds each column's total (and, with
    both, the bottom right cell is the grand total).
    """

    cells: list[list[int]]
    row_totals: bool
    column_totals: bool
    suppressed: set[Position] = field(default_factory=set)
    primary: set[Position] = field(default_factory=set)

    @property
    def shape(self) -> tuple[int, int]:
        return len(self.cells), len(self.cells[0]) if self.cells else 0

    def positions(self) -> Iterable[Position]:
        rows, columns = self.shape
        return ((row, column) for row in range(rows) for column in range(columns))


def protect(
    cells: list[list[int]],
    *,
    row_totals: bool = False,
    column_totals: bool = True,
    forced: Iterable[Position] = (),
) -> Grid:
    """Decide which cells of a table to suppress. `forced` cells are suppressed whatever
    their value (a total already withheld in a table this one is published beside)."""
    grid = Grid([list(row) for row in cells], row_totals, column_totals)
    grid.primary = {p for p in grid.positions() if 0 < value(grid, p) < SMALLEST_SHOWN}
    grid.suppressed = grid.primary | set(forced)
    rows, columns = grid.shape
    if row_totals and column_totals:
        _protect_crosstab(grid)
    elif column_totals:  # each column a list with its total beneath
        for column in range(columns):
            _protect_line(grid, [(row, column) for row in range(rows)])
    elif row_totals:  # each row a list with its total at the end
        for row in range(rows):
            _protect_line(grid, [(row, column) for column in range(columns)])
    return grid


def value(grid: Grid, position: Position) -> int:
    return grid.cells[position[0]][position[1]]


def _protect_line(grid: Grid, line: list[Position]) -> None:
    """The list rule (see the module's docstring) on one line, its total last: below
    LIST_BELOW beside a small count, then at least two counts above the total, the next
    ones down, picked by place."""
    counts = line[:-1]
    if any(p in grid.primary for p in line):
        grid.suppressed |= {p for p in counts if value(grid, p) < LIST_BELOW}
    if not any(p in grid.suppressed for p in line):
        return
    if len(counts) == 1:  # the one count is its total: both or neither
        grid.suppressed |= set(line)
        return
    hidden = [i for i, p in enumerate(counts) if p in grid.suppressed]
    after = hidden[-1] if hidden else -1
    while len(hidden) < 2:
        after = (after + 1) % len(counts)
        if after not in hidden:
            hidden.append(after)
            grid.suppressed.add(counts[after])
    if all(value(grid, counts[i]) == 0 for i in hidden):  # a shown total would say so
        grid.suppressed.add(line[-1])


def _protect_crosstab(grid: Grid) -> None:
    """The rule for a table of two dimensions (see the module's docstring): its margins
    as lists, and, if anything in it is withheld, every inner cell but those the margins
    shown already fix."""
    rows, columns = grid.shape
    right = [(row, columns - 1) for row in range(rows)]
    bottom = [(rows - 1, column) for column in range(columns)]
    while True:  # the grand total ends both margins: withheld by one, by both
        before = len(grid.suppressed)
        _protect_line(grid, right)
        _protect_line(grid, bottom)
        if len(grid.suppressed) == before:
            break
    if not grid.suppressed:
        return
    grid.suppressed |= {(row, column) for row in range(rows - 1) for column in range(columns - 1)}
    lines = [[(row, column) for column in range(columns)] for row in range(rows - 1)]
    lines += [[(row, column) for row in range(rows)] for column in range(columns - 1)]
    fixed = True
    while fixed:  # what anyone can work out from the figures shown is shown
        fixed = False
        for line in lines:
            counts, total = line[:-1], line[-1]
            unknown = [p for p in counts if p in grid.suppressed]
            if total in grid.suppressed or not unknown:
                continue
            left = value(grid, total) - sum(value(grid, p) for p in counts if p not in unknown)
            if (len(unknown) == 1 or left == 0) and not _holds_small(grid, unknown):
                grid.suppressed -= set(unknown)
                fixed = True


def _holds_small(grid: Grid, cells: list[Position]) -> bool:
    """Whether any of the cells holds a count from 1 to 4: never shown, even where the
    figures shown fix it (the disclosure check then reports it)."""
    return any(p in grid.primary for p in cells)


def shown(grid: Grid, position: Position) -> Cell:
    """A published cell: its count, or the [c] that stands for it."""
    if position in grid.suppressed:
        return {"value": None, "symbol": SUPPRESSED}
    return {"value": value(grid, position), "symbol": None}


def rate(numerator: Cell, denominator: float | None, per: int, *, base: int | None = None) -> Cell:
    """numerator / denominator * per, to one decimal place, or to as many as keep two
    significant figures (10 false alerts in 2,077 alerts is 0.48 per 100, not 0.5),
    unless it would rest on a suppressed count or on fewer than MINIMUM_BASE cases (`base`,
    the numerator's count by default; a rate of 0 gives nothing away); [z] when there is
    nothing to divide by, [x] when it is not known."""
    if denominator is None:
        return {"value": None, "symbol": NOT_AVAILABLE}
    if denominator == 0:
        return {"value": None, "symbol": NOT_APPLICABLE}
    if numerator["symbol"] is not None:
        return {"value": None, "symbol": numerator["symbol"]}
    figure = numerator["value"]
    assert figure is not None  # a cell without a symbol holds its figure
    counted = figure if base is None else base
    if figure and counted < MINIMUM_BASE:
        return {"value": None, "symbol": SUPPRESSED}
    exact = figure * per / denominator
    places = 1  # as formatting.places: one decimal place, more for two significant figures
    while exact and abs(exact) * 10**places < 10 and places < 12:
        places += 1
    return {"value": round(exact, places), "symbol": None}
