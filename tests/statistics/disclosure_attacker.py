"""An attacker on disclosure control, written apart from it, for the tests of
oversight.statistics.compute.disclosure to prove `protect` against.

The attacker knows everything published: every count not shown as [c], and that each
constrained row and column adds up to its total. Those facts are linear equations in the
suppressed cells. A suppressed cell is given away when the equations fix it (its unit
vector lies in their row space, found here by exact Gaussian elimination over fractions),
and also when they leave it free only in ways that would make some count negative, so the
tests look for a second table of non-negative counts that publishes the same figures and
differs in that cell. Neither check uses the graph of rows and columns `protect` reasons
with.
"""

from __future__ import annotations

from collections import deque
from fractions import Fraction

from oversight.statistics.compute.disclosure import Position

Equation = dict[Position, int]  # coefficient of each cell; the cells add up to 0


def equations(cells: list[list[int]], row_totals: bool, column_totals: bool) -> list[Equation]:
    """What the layout says: each row's cells add up to the total in its last column, and
    each column's to the total in its last row (the totals row and column included)."""
    rows, columns = len(cells), len(cells[0])
    found: list[Equation] = []
    if row_totals:
        for r in range(rows):
            found.append({**{(r, c): 1 for c in range(columns - 1)}, (r, columns - 1): -1})
    if column_totals:
        for c in range(columns):
            found.append({**{(r, c): 1 for r in range(rows - 1)}, (rows - 1, c): -1})
    return found


def worked_out(system: list[Equation], hidden: set[Position]) -> set[Position]:
    """The hidden cells the equations fix. Reduce the equations' coefficients on the hidden
    cells to reduced row echelon form; a unit vector lies in the row space exactly when it is
    one of the reduced rows (a non-pivot column cannot be made from the rows, and a pivot
    column's unit vector is reached only by its own row, which must then be that vector)."""
    unknowns = sorted(hidden)
    matrix = [[Fraction(eq.get(p, 0)) for p in unknowns] for eq in system]
    pivot_row = 0
    for column in range(len(unknowns)):
        pivot = next((r for r in range(pivot_row, len(matrix)) if matrix[r][column]), None)
        if pivot is None:
            continue
        matrix[pivot_row], matrix[pivot] = matrix[pivot], matrix[pivot_row]
        lead = matrix[pivot_row][column]
        matrix[pivot_row] = [x / lead for x in matrix[pivot_row]]
        for r, row in enumerate(matrix):
            if r != pivot_row and row[column]:
                factor = row[column]
                matrix[r] = [x - factor * y for x, y in zip(row, matrix[pivot_row], strict=True)]
        pivot_row += 1
    fixed = set()
    for row in matrix[:pivot_row]:
        nonzero = [unknowns[i] for i, x in enumerate(row) if x]
        if len(nonzero) == 1:
            fixed.add(nonzero[0])
    return fixed


FREE = -1  # the far end of a cell that only one equation holds: nothing constrains it


def another_table(
    cells: list[list[int]], system: list[Equation], hidden: set[Position], target: Position
) -> dict[Position, int] | None:
    """Changes of +1 or -1 to hidden cells, moving `target`, that keep every equation and
    leave every count at 0 or more; None if there are none.

    Any other non-negative table that publishes the same figures differs from this one by
    integer changes that keep the equations; those split into simple circuits of ±1 changes,
    each agreeing in sign with the whole, so one of them moves `target` and keeps the counts
    non-negative on its own. The search follows such a circuit from equation to equation:
    at each, the next cell must cancel what the last one added. It is then checked
    directly, so a wrong search could only fail the test, never pass it.
    """
    value = {p: cells[p[0]][p[1]] for p in hidden}
    ends: dict[Position, list[int]] = {
        p: [i for i, eq in enumerate(system) if eq.get(p)] for p in hidden
    }
    for direction in (1, -1):
        if value[target] + direction < 0:
            continue
        if not ends[target]:  # in no equation at all
            return {target: direction}
        start = ends[target][0]
        goal = ends[target][1] if len(ends[target]) > 1 else FREE
        owed = system[start][target] * direction  # what the next cell must cancel
        came_from: dict[tuple[int, int], tuple[tuple[int, int], Position, int] | None] = {
            (start, owed): None
        }
        queue = deque([(start, owed)])
        while queue:
            node, owed = queue.popleft()
            if node == goal and (goal == FREE or owed + system[goal][target] * direction == 0):
                change = {target: direction}
                state = (node, owed)
                while (step := came_from[state]) is not None:
                    state, cell, delta = step
                    change[cell] = change.get(cell, 0) + delta
                if _keeps_everything(change, system, value):
                    return change
                break
            for cell in hidden - {target}:
                if node == FREE:
                    if len(ends[cell]) != 1:
                        continue
                    options = [(ends[cell][0], d) for d in (1, -1)]
                elif node in ends[cell]:
                    delta = -owed * system[node][cell]  # coefficients are ±1
                    others = [e for e in ends[cell] if e != node]
                    options = [(others[0] if others else FREE, delta)]
                else:
                    continue
                for there, delta in options:
                    if value[cell] + delta < 0:
                        continue
                    arriving = system[there][cell] * delta if there != FREE else 0
                    if (there, arriving) not in came_from:
                        came_from[(there, arriving)] = ((node, owed), cell, delta)
                        queue.append((there, arriving))
    return None


def _keeps_everything(
    change: dict[Position, int], system: list[Equation], value: dict[Position, int]
) -> bool:
    balanced = all(sum(eq.get(p, 0) * d for p, d in change.items()) == 0 for eq in system)
    return balanced and all(value[p] + d >= 0 for p, d in change.items())
