"""Disclosure control, proved over generated tables by an attacker written apart from it.

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

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oversight.statistics import disclosure as dc
from oversight.statistics.disclosure import Position

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
Equation = dict[Position, int]  # coefficient of each cell; the cells add up to 0


# The attacker ---------------------------------------------------------------------------


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


# Generated tables ---------------------------------------------------------------------

# Mostly small counts, so that suppression has work to do; 0s are common too.
COUNTS = st.one_of(st.just(0), st.integers(0, 6), st.integers(0, 6), st.integers(0, 30))
NO_SMALL_COUNTS = st.one_of(st.just(0), st.integers(5, 30))
Table = tuple[list[list[int]], bool, bool, set[Position]]  # cells, row/column totals, forced


@st.composite
def lists_with_a_total(draw: st.DrawFn, counts=COUNTS, forcing: bool = True) -> Table:
    values = draw(st.lists(counts, min_size=1, max_size=8))
    forced = {(len(values), 0)} if forcing and draw(st.booleans()) else set()
    return [[v] for v in values] + [[sum(values)]], False, True, forced


@st.composite
def lists_without_a_total(draw: st.DrawFn, counts=COUNTS) -> Table:
    values = draw(st.lists(counts, min_size=1, max_size=8))
    return [[v] for v in values], False, False, set()


@st.composite
def crosstabs(draw: st.DrawFn, counts=COUNTS, forcing: bool = True) -> Table:
    """Up to 7 rows by 6 columns of counts, then each row's total and each column's; up to
    two totals may be forced (withheld in a table published beside this one)."""
    rows, columns = draw(st.integers(1, 7)), draw(st.integers(1, 6))
    body = [draw(st.lists(counts, min_size=columns, max_size=columns)) for _ in range(rows)]
    # A force with no complaints, a technology no one complained about.
    empty_rows = draw(st.sets(st.integers(0, rows - 1), max_size=rows - 1))
    empty_columns = draw(st.sets(st.integers(0, columns - 1), max_size=columns - 1))
    body = [
        [0 if r in empty_rows or c in empty_columns else v for c, v in enumerate(row)]
        for r, row in enumerate(body)
    ]
    cells = [[*row, sum(row)] for row in body]
    cells.append([sum(row[c] for row in cells) for c in range(columns + 1)])
    totals = [(r, columns) for r in range(rows + 1)] + [(rows, c) for c in range(columns)]
    forced = draw(st.sets(st.sampled_from(totals), max_size=2)) if forcing else set()
    return cells, True, True, forced


@st.composite
def columns_with_totals(draw: st.DrawFn, counts=COUNTS) -> Table:
    """Several lists side by side, each with its own total and nothing across them."""
    rows, columns = draw(st.integers(1, 7)), draw(st.integers(1, 4))
    body = [draw(st.lists(counts, min_size=columns, max_size=columns)) for _ in range(rows)]
    return [*body, [sum(row[c] for row in body) for c in range(columns)]], False, True, set()


def tables(counts=COUNTS, forcing: bool = True) -> st.SearchStrategy[Table]:
    return st.one_of(
        lists_with_a_total(counts, forcing),
        lists_without_a_total(counts),
        crosstabs(counts, forcing),
        columns_with_totals(counts),
    )


def protected(table: Table) -> dc.Grid:
    cells, row_totals, column_totals, forced = table
    return dc.protect(cells, row_totals=row_totals, column_totals=column_totals, forced=forced)


def every_position(cells: list[list[int]]) -> list[Position]:
    return [(r, c) for r, row in enumerate(cells) for c in range(len(row))]


# Properties ---------------------------------------------------------------------------


@FAST
@given(tables())
def test_every_count_from_1_to_4_is_suppressed_totals_included(table):
    cells = table[0]
    grid = protected(table)
    small = {p for p in every_position(cells) if 1 <= cells[p[0]][p[1]] <= 4}
    assert small <= grid.suppressed
    assert table[3] <= grid.suppressed


@FAST
@given(tables())
def test_no_suppressed_count_can_be_worked_out_from_what_is_published(table):
    cells, row_totals, column_totals, _forced = table
    grid = protected(table)
    assert worked_out(equations(cells, row_totals, column_totals), grid.suppressed) == set()


@FAST
@given(tables())
def test_each_suppressed_count_could_be_different_in_a_table_publishing_the_same(table):
    cells, row_totals, column_totals, _forced = table
    grid = protected(table)
    system = equations(cells, row_totals, column_totals)
    for cell in grid.suppressed:
        assert another_table(cells, system, grid.suppressed, cell) is not None, cell


@FAST
@given(tables())
def test_protection_changes_no_count_and_never_suppresses_a_0_as_primary(table):
    cells = table[0]
    grid = protected(table)
    assert grid.cells == cells
    assert grid.primary == {p for p in every_position(cells) if 1 <= cells[p[0]][p[1]] <= 4}
    for position in every_position(cells):
        if position not in grid.suppressed:
            assert dc.shown(grid, position) == {
                "value": cells[position[0]][position[1]],
                "symbol": None,
            }
        else:
            assert dc.shown(grid, position) == {"value": None, "symbol": "[c]"}


@FAST
@given(tables(NO_SMALL_COUNTS, forcing=False))
def test_a_table_with_no_count_from_1_to_4_suppresses_nothing(table):
    assert protected(table).suppressed == set()


@FAST
@given(lists_with_a_total(forcing=False))
def test_a_list_with_a_total_adds_one_cell_to_a_lone_c_and_none_to_two_or_more(table):
    grid = protected(table)
    if len(grid.primary) == 1:
        assert len(grid.suppressed) == 2
    else:
        assert grid.suppressed == grid.primary


@FAST
@given(lists_without_a_total())
def test_a_list_without_a_total_suppresses_only_its_counts_from_1_to_4(table):
    grid = protected(table)
    assert grid.suppressed == grid.primary


# Worked examples ----------------------------------------------------------------------


def line(*values: int, forced_total: bool = False) -> dc.Grid:
    cells = [[v] for v in values] + [[sum(values)]]
    forced = [(len(values), 0)] if forced_total else []
    return dc.protect(cells, row_totals=False, column_totals=True, forced=forced)


def crosstab(*body: list[int], forced: tuple[Position, ...] = ()) -> dc.Grid:
    cells = [[*row, sum(row)] for row in body]
    cells.append([sum(row[c] for row in cells) for c in range(len(cells[0]))])
    return dc.protect(cells, row_totals=True, column_totals=True, forced=forced)


def test_a_lone_3_in_a_list_is_hidden_with_the_next_smallest_count_and_the_total_shown():
    grid = line(3, 10, 7)  # total 20
    assert grid.primary == {(0, 0)}
    assert grid.suppressed == {(0, 0), (2, 0)}
    assert dc.shown(grid, (3, 0)) == {"value": 20, "symbol": None}


def test_a_0_is_passed_over_for_a_count_when_choosing_a_second_cell():
    assert line(3, 0, 12).suppressed == {(0, 0), (2, 0)}


def test_two_small_counts_in_a_list_hide_each_other():
    assert line(2, 3, 10).suppressed == {(0, 0), (1, 0)}


def test_a_small_total_is_hidden_with_its_only_count():
    assert line(3).suppressed == {(0, 0), (1, 0)}


def test_a_total_withheld_elsewhere_takes_the_smallest_count_with_it():
    assert line(6, 9, 12, forced_total=True).suppressed == {(3, 0), (0, 0)}


def test_a_list_with_no_small_counts_shows_everything():
    assert line(0, 5, 17).suppressed == set()


def test_a_small_count_in_a_crosstab_is_hidden_in_a_rectangle_of_interior_cells():
    #  3  8 | 11
    #  9 12 | 21
    # 12 20 | 32
    assert crosstab([3, 8], [9, 12]).suppressed == {(0, 0), (0, 1), (1, 0), (1, 1)}


def test_the_smallest_counts_are_taken_even_when_that_needs_a_longer_cycle():
    #  2  9 15 | 26
    #  7 30  6 | 43
    # 11 20  8 | 39
    # Row 0 takes the 9, column 0 the 7 and column 1 the 20; then row 1 takes the 6 and
    # row 2 the 8, closing the cycle 2 → 9 → 20 → 8 → 6 → 7 → 2 without the 30.
    grid = crosstab([2, 9, 15], [7, 30, 6], [11, 20, 8])
    assert grid.suppressed == {(0, 0), (0, 1), (1, 0), (2, 1), (1, 2), (2, 2)}


def test_a_small_column_total_hides_its_column_and_the_next_column_not_the_row_totals():
    #  2 10 | 12
    #  1 12 | 13
    #  3 22 | 25
    grid = crosstab([2, 10], [1, 12])
    assert grid.primary == {(0, 0), (1, 0), (2, 0)}
    assert grid.suppressed == {(0, 0), (1, 0), (2, 0), (0, 1), (1, 1), (2, 1)}


def test_a_cell_on_no_cycle_is_hidden_again_even_when_every_line_holds_two():
    # Two rectangles of small counts joined only by the 3 at (0, 2): every line holds two
    # suppressed cells, yet the 3 can be worked out, so the 10 at (1, 2) joins them.
    body = [[1, 2, 3, 20], [2, 1, 10, 10], [10, 10, 1, 2], [10, 10, 2, 1]]
    grid = crosstab(*body)
    cells = grid.cells
    assert worked_out(equations(cells, True, True), grid.primary) == {(0, 2)}
    assert grid.suppressed == grid.primary | {(1, 2)}
    assert worked_out(equations(cells, True, True), grid.suppressed) == set()


def test_withheld_totals_of_0_are_hidden_with_counts_that_can_move_both_ways():
    #  5 |  5
    #  0 | [0]   the row totals of 0 are withheld in another table
    # 23 | 23
    #  0 | [0]
    # 12 | 12
    # 40 | 40
    # Hiding the two 0s beside them is not enough: 0 + 0 = 0 shown below gives them all
    # away, as none can go down. The 5s go too, so that 1 can move from them to the 0s.
    cells = [[5, 5], [0, 0], [23, 23], [0, 0], [12, 12], [40, 40]]
    grid = dc.protect(cells, row_totals=True, column_totals=True, forced=[(1, 1), (3, 1)])
    system = equations(cells, True, True)
    zeros = {(1, 0), (1, 1), (3, 0), (3, 1)}
    assert another_table(cells, system, zeros, (1, 1)) is None
    assert grid.suppressed == zeros | {(0, 0), (0, 1)}
    assert all(another_table(cells, system, grid.suppressed, p) for p in grid.suppressed)


def test_a_table_of_0s_with_withheld_totals_hides_enough_for_them_to_rise():
    cells = [[0, 0, 0], [0, 0, 0], [0, 0, 0]]
    grid = dc.protect(cells, row_totals=True, column_totals=True, forced=[(0, 2), (1, 2)])
    system = equations(cells, True, True)
    assert all(another_table(cells, system, grid.suppressed, p) for p in grid.suppressed)
    assert (1, 1) not in grid.suppressed


def test_the_attacker_works_out_a_lone_suppressed_count_in_a_list():
    cells = [[3], [10], [7], [20]]
    assert worked_out(equations(cells, False, True), {(0, 0)}) == {(0, 0)}
    assert another_table(cells, equations(cells, False, True), {(0, 0)}, (0, 0)) is None


def test_the_attacker_finds_a_count_that_could_only_go_down_to_a_negative_fixed():
    # 3 and a 0 hidden in a list: 3 + 0 = 3 could also be 2 + 1, so neither is given away.
    cells = [[3], [0], [12], [15]]
    system = equations(cells, False, True)
    assert another_table(cells, system, {(0, 0), (1, 0)}, (1, 0)) == {(1, 0): 1, (0, 0): -1}
    # With the 0 and the 12 hidden instead, 0 + 12 = 12 too, with 1 + 11.
    assert another_table(cells, system, {(1, 0), (2, 0)}, (1, 0)) is not None
    # But two hidden 0s that add up to 0 are given away: neither can rise unless the other
    # falls below 0.
    cells = [[0], [0], [5], [5]]
    assert another_table(cells, equations(cells, False, True), {(0, 0), (1, 0)}, (0, 0)) is None


# Rates --------------------------------------------------------------------------------


def count(value: int | None, symbol: str | None = None) -> dict:
    return {"value": value, "symbol": symbol}


def test_a_rate_on_a_suppressed_count_is_suppressed():
    assert dc.rate(count(None, "[c]"), 100, 100) == count(None, "[c]")


def test_a_rate_on_fewer_than_10_cases_is_suppressed():
    assert dc.rate(count(9), 100, 100) == count(None, "[c]")
    assert dc.rate(count(10), 200, 100) == count(5.0)


def test_a_rate_with_nothing_to_divide_by_is_not_applicable():
    assert dc.rate(count(25), 0, 100) == count(None, "[z]")


def test_a_rate_with_an_unknown_denominator_is_not_available():
    assert dc.rate(count(25), None, 100) == count(None, "[x]")


def test_a_rate_of_0_gives_nothing_away_and_is_shown():
    assert dc.rate(count(0), 40, 100) == count(0.0)


def test_a_rate_is_rounded_to_one_decimal_place_per_the_given_unit():
    assert dc.rate(count(10), 30, 100) == count(33.3)
    assert dc.rate(count(12), 3_000_000, 1_000_000) == count(4.0)


@pytest.mark.parametrize(("base", "expected"), [(50, count(6.0)), (9, count(None, "[c]"))])
def test_a_rate_can_rest_on_a_base_other_than_its_numerator(base, expected):
    assert dc.rate(count(3), 50, 100, base=base) == expected


def test_a_numerator_not_available_keeps_its_symbol():
    assert dc.rate(count(None, "[x]"), 50, 100) == count(None, "[x]")
