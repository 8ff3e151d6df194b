"""Disclosure control, proved over generated tables by an attacker written apart from it
(tests/statistics/disclosure_attacker.py): in every table hypothesis makes, each count from 1 to 4
is withheld, and no withheld count can be worked out from what is published, nor pinned
down by the counts having to be 0 or more. Worked examples and rates are
tests/statistics/test_disclosure_examples.py's.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oversight.statistics.compute import disclosure as dc
from oversight.statistics.compute.disclosure import Position
from tests.statistics.disclosure_attacker import another_table, equations, worked_out

FAST = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])


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
def test_a_list_with_a_total_withholds_its_counts_below_6_beside_a_c_and_completes_a_lone_c(
    table,
):
    cells, _rows, _columns, forced = table
    values = [row[0] for row in cells[:-1]]
    grid = protected(table)
    interior = sorted(r for r, _c in grid.suppressed if r < len(values))
    if not grid.primary and not forced:
        assert grid.suppressed == set()
        return
    assert grid.primary | set(forced) <= grid.suppressed
    below = {r for r, v in enumerate(values) if v < dc.LIST_BELOW}
    if grid.primary:
        assert below <= set(interior)
    assert len(interior) >= min(2, len(values))  # never one [c] a total gives away
    # Anything withheld beyond those is taken by place: the next count down after them.
    taken = set(interior) - (below if grid.primary else set()) - {r for r, _c in forced}
    if taken:
        kept = sorted(set(interior) - taken)
        after = kept[-1] if kept else -1
        assert taken == {(after + i) % len(values) for i in range(1, len(taken) + 1)}


@FAST
@given(lists_without_a_total())
def test_a_list_without_a_total_suppresses_only_its_counts_from_1_to_4(table):
    grid = protected(table)
    assert grid.suppressed == grid.primary
