"""Disclosure control by example: lists and crosstabs worked by hand, each suppression
checked against the attacker of tests/statistics/disclosure_attacker.py where it matters; the
attacker itself on tables whose answer is known; and the rules for rates."""

from __future__ import annotations

import pytest

from oversight.statistics.compute import disclosure as dc
from oversight.statistics.compute.disclosure import Position
from tests.statistics.disclosure_attacker import another_table, equations, worked_out

# Worked examples ----------------------------------------------------------------------


def line(*values: int, forced_total: bool = False) -> dc.Grid:
    cells = [[v] for v in values] + [[sum(values)]]
    forced = [(len(values), 0)] if forced_total else []
    return dc.protect(cells, row_totals=False, column_totals=True, forced=forced)


def crosstab(*body: list[int], forced: tuple[Position, ...] = ()) -> dc.Grid:
    cells = [[*row, sum(row)] for row in body]
    cells.append([sum(row[c] for row in cells) for c in range(len(cells[0]))])
    return dc.protect(cells, row_totals=True, column_totals=True, forced=forced)


def test_a_lone_3_in_a_list_is_hidden_with_the_next_count_down_and_the_total_shown():
    # The next by place, not the smallest: the smallest would say it is no more than 7.
    grid = line(3, 10, 7)  # total 20
    assert grid.primary == {(0, 0)}
    assert grid.suppressed == {(0, 0), (1, 0)}
    assert dc.shown(grid, (3, 0)) == {"value": 20, "symbol": None}


def test_the_0s_and_5s_of_a_line_holding_a_small_count_are_withheld_with_it():
    # So a [c] beside a published 0 or 5 never says that another [c] is not 0 or 5.
    assert line(3, 0, 12).suppressed == {(0, 0), (1, 0)}
    assert line(15, 1, 1, 0).suppressed == {(1, 0), (2, 0), (3, 0)}
    assert line(9, 5, 4, 4).suppressed == {(1, 0), (2, 0), (3, 0)}
    assert line(9, 6, 4, 4).suppressed == {(2, 0), (3, 0)}


def test_two_small_counts_in_a_list_hide_each_other():
    assert line(2, 3, 10).suppressed == {(0, 0), (1, 0)}


def test_a_small_total_is_hidden_with_its_only_count():
    assert line(3).suppressed == {(0, 0), (1, 0)}


def test_a_total_withheld_elsewhere_takes_the_first_two_counts_with_it():
    assert line(6, 9, 12, forced_total=True).suppressed == {(3, 0), (0, 0), (1, 0)}


def test_a_list_with_no_small_counts_shows_everything():
    assert line(0, 5, 17).suppressed == set()


def test_a_small_count_in_a_crosstab_is_hidden_in_a_rectangle_of_interior_cells():
    #  3  8 | 11
    #  9 12 | 21
    # 12 20 | 32
    assert crosstab([3, 8], [9, 12]).suppressed == {(0, 0), (0, 1), (1, 0), (1, 1)}


def test_a_crosstab_holding_a_small_count_shows_its_margins_only():
    #  2  9 15 | 26
    #  7 30  6 | 43
    # 11 20  8 | 39
    # Smallest first would pick cells by their size, which an attacker can replay; the
    # inner cells go together instead, and the margins, with no small count, are whole.
    grid = crosstab([2, 9, 15], [7, 30, 6], [11, 20, 8])
    assert grid.suppressed == {(r, c) for r in range(3) for c in range(3)}


def test_a_small_column_total_is_withheld_by_the_margins_list_rule():
    #  2 10 | 12
    #  1 12 | 13
    #  3 22 | 25
    # The totals row is a list: its 3 takes the next count, 22, by place.
    grid = crosstab([2, 10], [1, 12])
    assert grid.primary == {(0, 0), (1, 0), (2, 0)}
    assert grid.suppressed == {(0, 0), (1, 0), (2, 0), (0, 1), (1, 1), (2, 1)}


def test_the_inner_cells_the_margins_shown_fix_are_shown():
    #  3  0  0 |  3
    #  9  0  0 |  9
    # 20  0  0 | 20
    # 32  0  0 | 32
    # The row totals are a list: its 3 takes the 9 below it. The columns of 0s say their
    # cells; then the row of 20 has one cell left, fixed at 20; the 3 and 9 stay [c].
    grid = crosstab([3, 0, 0], [9, 0, 0], [20, 0, 0])
    assert grid.suppressed == {(0, 0), (1, 0), (0, 3), (1, 3)}
    cells = grid.cells
    assert worked_out(equations(cells, True, True), grid.suppressed) == set()


def test_withheld_totals_of_0_are_hidden_with_counts_that_can_move_both_ways():
    #  5 |  5
    #  0 | [0]   the row totals of 0 are withheld in another table
    # 23 | 23
    #  0 | [0]
    # 12 | 12
    # 40 | 40
    # Hiding the two 0s beside them is not enough: 0 + 0 = 0 shown below gives them all
    # away, as none can go down. So the grand total goes too (and with it the column's
    # total, the same count), and the 0s can rise with it.
    cells = [[5, 5], [0, 0], [23, 23], [0, 0], [12, 12], [40, 40]]
    grid = dc.protect(cells, row_totals=True, column_totals=True, forced=[(1, 1), (3, 1)])
    system = equations(cells, True, True)
    zeros = {(1, 0), (1, 1), (3, 0), (3, 1)}
    assert another_table(cells, system, zeros, (1, 1)) is None
    assert grid.suppressed == zeros | {(5, 0), (5, 1)}
    assert all(another_table(cells, system, grid.suppressed, p) for p in grid.suppressed)


def test_a_table_of_0s_with_withheld_totals_hides_enough_for_them_to_rise():
    cells = [[0, 0, 0], [0, 0, 0], [0, 0, 0]]
    grid = dc.protect(cells, row_totals=True, column_totals=True, forced=[(0, 2), (1, 2)])
    system = equations(cells, True, True)
    assert all(another_table(cells, system, grid.suppressed, p) for p in grid.suppressed)


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
