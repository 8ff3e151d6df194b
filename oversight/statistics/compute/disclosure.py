"""Disclosure control: no published table lets anyone work out a count from 1 to 4.

Counts from 1 to 4 are suppressed (primary suppression) and shown as [c]. Then, since a
suppressed count could be worked out by subtracting the rest of its row or column from
the total, more cells are suppressed (secondary suppression) until none can be.

The method. Put a table and its totals into one grid. Every row with a total, and every
column with a total, is a constraint: its cells add up to its total. Think of each
constrained row and column as a node, and of each suppressed cell as an edge between its
row's node and its column's node (rows or columns that have no total are all one free
node, as nothing ties their cells together). A suppressed cell can be worked out from the
published figures exactly when its edge is a bridge: when no cycle of suppressed cells
runs through it (a cycle lets its values move up and down in turn, keeping every total,
so none of them is fixed). So secondary suppression adds cells, smallest first and
interior cells before totals, until every constrained line holding a suppressed cell
holds at least two and no suppressed cell is a bridge (a list, one column with its
total, has a simpler rule of its own: see below).

Counts cannot be negative, and that matters for a suppressed 0 (a total withheld in
another table can be 0, and a 0 may be the only cell left to take). Going round a cycle
raises and lowers its cells in turn, so a cycle hides its cells only if it can be gone
round in a direction that lowers no 0. So each cell is an arc one way, from its row's node
to its column's node when raising it, and the other way when lowering it; a total is
turned round, as raising a total is what balances raising a cell of its line (the grand
total, a total twice over, is turned round twice). A 0 has only its raising arc. A
suppressed cell is hidden when one of its arcs closes a directed cycle with arcs of other
suppressed cells, and is a bridge when neither does. When no suppressed cell is 0 every
arc has its reverse, and this is the undirected bridge above.

Knowing this method must not give a [c] away either, and in a list with its total (a
table by channel, by outcome …) the smallest-first choice would: in "web 15, email [c],
post [c], phone 0, total 17" email and post add up to 2, and had either been 0 it would
have been shown, so both must be 1; and in "9, 5, [c], [c], total 22" a 5 in either place
would have been passed over for the 5 shown, so both are 4. So a list has a rule of its
own, which gives nothing to replay. When it holds a count from 1 to 4 (its total
included), every count in it below LIST_BELOW is withheld too, 0s included; and when
that leaves fewer than two counts withheld above the total (one small count among large
ones, or a total withheld in another table), the next ones down the list are withheld,
the first after the last: cells picked by where they are, not by what they hold.

Why that is safe against someone who replays it: every [c] then holds either a count
below LIST_BELOW, or a count picked by its place alone, of which the pattern says
nothing. With two or more counts withheld and a shown total, any one of them could hold
LIST_BELOW - 1 or more (5 or more: past the range a [c] stands for) whenever they add up
to 5 or more, and 0 when they add up to less; and where the counts are too large for
that, the one picked by place is unbounded but by the total, leaving the small one
anywhere from 1 to 4. No filling pins a cell, and none narrows it within 1 to 4 (tested
for every list of up to five counts: tests/statistics/test_disclosure_lists.py).

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
from typing import Any

from oversight.statistics.content import Cell

SUPPRESSED = "[c]"  # confidential: withheld so no one can be identified
NOT_AVAILABLE = "[x]"
NOT_APPLICABLE = "[z]"
SYMBOLS = (SUPPRESSED, NOT_AVAILABLE, NOT_APPLICABLE)
SMALLEST_SHOWN = 5  # counts from 1 to 4 are suppressed
LIST_BELOW = 6  # in a list holding a count from 1 to 4, every count below this is withheld
MINIMUM_BASE = 10  # no rate from fewer cases than this

Position = tuple[int, int]
FREE = ("free",)  # the one node that every unconstrained row and column joins


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

    def is_total(self, position: Position) -> bool:
        rows, columns = self.shape
        row, column = position
        return (self.column_totals and row == rows - 1) or (
            self.row_totals and column == columns - 1
        )

    def row_node(self, row: int) -> tuple[Any, ...]:
        return ("row", row) if self.row_totals else FREE

    def column_node(self, column: int) -> tuple[Any, ...]:
        return ("column", column) if self.column_totals else FREE

    def nodes(self, position: Position) -> tuple[tuple[Any, ...], tuple[Any, ...]]:
        return self.row_node(position[0]), self.column_node(position[1])

    def positions(self) -> Iterable[Position]:
        rows, columns = self.shape
        return ((row, column) for row in range(rows) for column in range(columns))

    def line(self, node: tuple[Any, ...]) -> list[Position]:
        rows, columns = self.shape
        if node[0] == "row":
            return [(node[1], column) for column in range(columns)]
        return [(row, node[1]) for row in range(rows)]


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
    if is_list(grid):
        _protect_list(grid)
        return grid
    while True:
        if _complete_lines(grid):
            continue
        if not _break_bridges(grid):
            return grid


def value(grid: Grid, position: Position) -> int:
    return grid.cells[position[0]][position[1]]


def _cost(grid: Grid, position: Position) -> tuple[int, int, int, Position]:
    """The order in which cells are chosen for secondary suppression: cells with a count
    before empty ones (a 0 gives nothing away, but cannot hide a change), interior cells
    before totals, the grand total last, then the smallest count."""
    rows, columns = grid.shape
    grand = grid.row_totals and grid.column_totals and position == (rows - 1, columns - 1)
    level = 2 if grand else 1 if grid.is_total(position) else 0
    return (value(grid, position) == 0, level, value(grid, position), position)


def is_list(grid: Grid) -> bool:
    """One column of counts with its total beneath: protected by the list's own rule."""
    return grid.shape[1] == 1 and grid.column_totals and not grid.row_totals


def _protect_list(grid: Grid) -> None:
    """The list rule (see the module's docstring): below LIST_BELOW beside a small count,
    then at least two counts above the total, the next ones down, picked by place."""
    rows = grid.shape[0] - 1  # the counts above the total
    if grid.primary:
        grid.suppressed |= {(r, 0) for r in range(rows) if value(grid, (r, 0)) < LIST_BELOW}
    hidden = sorted(r for r, _c in grid.suppressed if r < rows)
    if not grid.suppressed:
        return
    after = hidden[-1] if hidden else -1
    while len(hidden) < min(2, rows):
        after = (after + 1) % rows
        if after not in hidden:
            hidden.append(after)
            grid.suppressed.add((after, 0))


def _complete_lines(grid: Grid) -> bool:
    """Give every constrained line holding exactly one suppressed cell a second one."""
    changed = False
    lines = [grid.row_node(r) for r in range(grid.shape[0])]
    lines += [grid.column_node(c) for c in range(grid.shape[1])]
    for node in dict.fromkeys(lines):
        if node == FREE:
            continue
        cells = grid.line(node)
        hidden = [p for p in cells if p in grid.suppressed]
        if len(hidden) == 1:
            candidates = [p for p in cells if p not in grid.suppressed]
            if candidates:
                grid.suppressed.add(min(candidates, key=lambda p: _cost(grid, p)))
                changed = True
    return changed


Arc = tuple[tuple[Any, ...], tuple[Any, ...]]


def arcs(grid: Grid, position: Position) -> list[Arc]:
    """The steps a cell can take in a cycle (see the module's docstring): raising it, then
    lowering it unless it is 0."""
    rows, columns = grid.shape
    row, column = position
    turned = (grid.column_totals and row == rows - 1) != (grid.row_totals and column == columns - 1)
    here, there = grid.nodes(position)
    raising = (there, here) if turned else (here, there)
    if value(grid, position) == 0:
        return [raising]
    return [raising, (raising[1], raising[0])]


def _reachable(grid: Grid, start: Any, skip: Position, *, backward: bool = False) -> set[Any]:
    """The nodes the suppressed cells' arcs lead to from `start` (or, going `backward`,
    the nodes they lead from to it), leaving out the cell at `skip`."""
    steps: dict[Any, set[Any]] = {}
    for position in grid.suppressed - {skip}:
        for tail, head in arcs(grid, position):
            if backward:
                tail, head = head, tail
            steps.setdefault(tail, set()).add(head)
    seen = {start}
    frontier = [start]
    while frontier:
        for there in steps.get(frontier.pop(), ()):
            if there not in seen:
                seen.add(there)
                frontier.append(there)
    return seen


def bridges(grid: Grid) -> list[Position]:
    """The suppressed cells that could be worked out from the published figures, knowing
    that no count is below 0: those on no cycle that lowers no 0."""
    found = []
    for position in sorted(grid.suppressed):
        row_node, column_node = grid.nodes(position)
        if row_node == column_node:  # nothing constrains it
            continue
        if not any(tail in _reachable(grid, head, position) for tail, head in arcs(grid, position)):
            found.append(position)
    return found


def _break_bridges(grid: Grid) -> bool:
    """Suppress one more cell to put the first bridge on a cycle. False if none is left."""
    for position in bridges(grid):
        row_node = grid.nodes(position)[0]
        # Try first the arc into the row's node, so the search grows from the row's side.
        ways = sorted(arcs(grid, position), key=lambda arc: arc[1] != row_node)
        closing: list[Position] = []
        leaving: list[list[Position]] = []
        for tail, head in ways:
            ahead = _reachable(grid, head, position)  # where the cycle can go from the arc
            behind = _reachable(grid, tail, position, backward=True)  # where it must get to
            out = [
                p
                for p in grid.positions()
                if p not in grid.suppressed
                and any(a in ahead and b not in ahead for a, b in arcs(grid, p))
            ]
            # A cell joining the two sides closes a cycle at once; failing that, a cell
            # leaving the side ahead grows it until one does.
            closing += [p for p in out if any(a in ahead and b in behind for a, b in arcs(grid, p))]
            leaving.append(out)
        choice = closing or next((out for out in leaving if out), [])
        if choice:
            grid.suppressed.add(min(choice, key=lambda p: _cost(grid, p)))
            return True
    return False


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
