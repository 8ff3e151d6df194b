"""The disclosure check (compute/attack.py) driven over generated tables and sequences of
releases, against a brute-force attacker written here: it tries every filling of the [c]
cells that keeps the published figures, and keeps those whose counts, protected again by
the published method, give the same cells as [c]. And the channel table of the issue.
"""

from __future__ import annotations

import itertools
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from oversight.statistics.compute import attack
from oversight.statistics.compute import disclosure as dc

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
C = "[c]"
Q1 = {"kind": "quarter", "code": "2026-Q1", "start": "2026-01-01", "end": "2026-03-31"}
Q1_BEFORE = {"kind": "quarter", "code": "2025-Q1", "start": "2025-01-01", "end": "2025-03-31"}
Q2 = {"kind": "quarter", "code": "2026-Q2", "start": "2026-04-01", "end": "2026-06-30"}


def period(span: dict[str, str]) -> dict[str, str]:
    return {**span, "label": span["code"]}


def cell(figure: int | str) -> dict[str, Any]:
    if figure == C:
        return {"value": None, "symbol": C}
    return {"value": figure, "symbol": None}


def table(table_id: str, *columns: list[int | str], periods=("current",)) -> dict[str, Any]:
    """A list table: rows r0, r1 … then the total, one column a period."""
    rows = [
        {
            "id": "total" if r == len(columns[0]) - 1 else f"r{r}",
            "label": "Total" if r == len(columns[0]) - 1 else f"Row {r}",
            "total": r == len(columns[0]) - 1,
            "cells": [cell(column[r]) for column in columns],
        }
        for r in range(len(columns[0]))
    ]
    return {
        "id": table_id,
        "title": table_id,
        "description": "",
        "row_heading": "",
        "notes": [],
        "chart": None,
        "columns": [
            {"id": p, "label": p, "format": "count", "period": p} for p in periods[: len(columns)]
        ],
        "rows": rows,
        "number": 1,
    }


def release(*tables: dict[str, Any], span=Q1, before=Q1_BEFORE) -> dict[str, Any]:
    return {
        "schema": 1,
        "period": period(span),
        "comparison": period(before),
        "headlines": [],
        "tables": list(tables),
        "notes": [],
    }


def published(values: list[int], forced_total: bool = False) -> list[int | str]:
    """A list of counts with its total, as disclosure.protect publishes it."""
    cells = [[v] for v in values] + [[sum(values)]]
    forced = [(len(values), 0)] if forced_total else []
    grid = dc.protect(cells, forced=forced)
    return [C if (r, 0) in grid.suppressed else cells[r][0] for r in range(len(cells))]


def fillings(shown: list[int | str]) -> list[list[int]]:
    """Every filling of a list's [c] cells (total shown) that keeps the total and gives the
    same cells as [c] when protected again."""
    hidden = [r for r, v in enumerate(shown[:-1]) if v == C]
    total = shown[-1]
    assert isinstance(total, int)
    rest = total - sum(v for v in shown[:-1] if v != C)
    found = []
    for guess in itertools.product(range(rest + 1), repeat=len(hidden)):
        if sum(guess) != rest:
            continue  # (a short list, so trying every guess is quick enough)
        values = [0 if v == C else v for v in shown[:-1]]
        for r, v in zip(hidden, guess, strict=True):
            values[r] = v
        if published(values) == shown:
            found.append(values)
    return found


def ranges_of(found: list[list[int]], shown: list[int | str]) -> dict[str, tuple[int, int]]:
    return {
        f"Row {r}": (min(f[r] for f in found), max(f[r] for f in found))
        for r, v in enumerate(shown[:-1])
        if v == C
    }


def checker_ranges(*contents: dict[str, Any], number: int = 0) -> dict[str, tuple]:
    return {
        place.row: span
        for place, span in attack.bounds(list(contents)).items()
        if place.release == number
    }


# The channel table of the issue ----------------------------------------------------------

CHANNELS = [15, 1, 1, 0]  # web, email, post, phone; total 17


def test_the_channel_table_now_leaves_each_c_anywhere_from_0_to_2():
    shown = published(CHANNELS)
    assert shown == [15, C, C, C, 17]  # the 0 beside the small counts is withheld too
    found = fillings(shown)
    assert len(found) >= 2
    assert ranges_of(found, shown) == {"Row 1": (0, 2), "Row 2": (0, 2), "Row 3": (0, 2)}
    content = release(table("complaints_by_channel", shown))
    assert checker_ranges(content) == ranges_of(found, shown)
    assert attack.check(content) == []


# One table: the checker finds what brute force finds ------------------------------------

LISTS = st.lists(
    st.one_of(st.just(0), st.integers(0, 6), st.integers(5, 12)), min_size=1, max_size=4
)


@FAST
@given(LISTS)
def test_on_one_list_the_checker_narrows_each_c_exactly_as_far_as_brute_force(values):
    shown = published(values)
    if C not in shown or shown[-1] == C:
        return
    found = fillings(shown)
    assert values in found  # the published counts are one filling
    expected = ranges_of(found, shown)
    content = release(table("complaints_by_channel", shown))
    assert checker_ranges(content) == expected
    at_risk = {row for row, (low, high) in expected.items() if attack.at_risk(low, high)}
    assert {r.place.row for r in attack.check(content)} == at_risk


def test_two_4s_beside_a_5_once_pinned_now_leave_each_c_anywhere_from_3_to_5():
    # Smallest first, "9, 5, [c], [c], total 22" left only 4 and 4: a 5 in either place
    # would have been passed over for the 5 shown. The list rule withholds the 5 too.
    shown = published([9, 5, 4, 4])
    assert shown == [9, C, C, C, 22]
    assert ranges_of(fillings(shown), shown) == {f"Row {r}": (3, 5) for r in (1, 2, 3)}
    assert attack.check(release(table("complaints_by_channel", shown))) == []


# Across tables ----------------------------------------------------------------------------


@FAST
@given(LISTS, LISTS, st.booleans())
def test_a_count_two_tables_share_is_one_unknown_and_never_answered_wrongly(a, b, forced):
    """The channel and relation tables add up to the same complaints received: withheld in
    both (as when the force by technology table withholds it), or in the channel table
    alone, when the relation table gives it away to the attacker."""
    if sum(a) < sum(b):
        a = [*a, sum(b) - sum(a)]
    b = [*b, sum(a) - sum(b)]
    channel, relation = published(a, forced_total=True), published(b, forced_total=forced)
    content = release(
        table("complaints_by_channel", channel), table("complaints_by_relation", relation)
    )
    spans = {(p.table, p.row): span for p, span in attack.bounds([content]).items()}
    for values, shown, name in (
        (a, channel, "complaints_by_channel"),
        (b, relation, "complaints_by_relation"),
    ):
        for r, v in enumerate([*values, sum(values)]):
            label = "Total" if r == len(values) else f"Row {r}"
            if shown[r] == C and (name, label) in spans:
                low, high = spans[(name, label)]
                assert low <= v and (high is None or v <= high)
    if relation[-1] != C:  # the total is known, so no [c] of the channel table exceeds it
        assert ("complaints_by_channel", "Total") not in spans
        for (name, _row), (_low, high) in spans.items():
            if name == "complaints_by_channel":
                assert high is not None and high <= sum(a)
    else:  # both totals withheld and nothing else to bound them
        assert spans[("complaints_by_channel", "Total")][1] is None
    assert all(attack.at_risk(r.low, r.high) for r in attack.check(content))


# Across releases, revisions included ------------------------------------------------------


def truth(place: attack.Place, counts: dict[tuple[int, str], list[int]]) -> int:
    values = counts[(place.release, place.column)]
    return [*values, sum(values)][len(values) if place.row == "Total" else int(place.row[4:])]


@FAST
@given(LISTS, st.lists(st.integers(0, 2), min_size=1, max_size=5), st.booleans())
def test_releases_of_one_period_are_solved_together_and_never_wrongly(values, late, revision):
    """A quarter, then the same quarter counted again (late records added, or none): as a
    revision of it, or as the year before in the next year's release."""
    again = [v + late[i % len(late)] for i, v in enumerate(values)]
    first = release(table("complaints_by_channel", published(values)))
    counts = {(1, "current"): values}
    if revision:
        second = release(table("complaints_by_channel", published(again)))
        counts[(0, "current")] = again
    else:
        this_year = [v + 2 for v in values]
        columns = published(this_year), published(again)
        second = release(
            table("complaints_by_channel", *columns, periods=("current", "previous")),
            span={"kind": "quarter", "code": "2027-Q1", "start": "2027-01-01", "end": "2027-03-31"},
            before=Q1,
        )
        counts |= {(0, "current"): this_year, (0, "previous"): again}
    spans = attack.bounds([second, first])
    if again == values:  # the same counts: every range the attacker finds holds the truth
        for place, (low, high) in spans.items():
            assert low <= truth(place, counts)
            assert high is None or truth(place, counts) <= high
    risks = attack.check(second, [first])
    assert all(attack.at_risk(r.low, r.high) for r in risks)
    reported = {r.place for r in risks}
    for place, (low, high) in spans.items():
        if place.release == 0 and attack.at_risk(low, high):
            assert place in reported


def test_a_c_an_earlier_release_makes_solvable_is_reported():
    now = release(table("complaints_by_channel", published(CHANNELS)))
    assert attack.check(now) == []
    # A release out before the check showed post and phone: email is then 17 - 15 - 1 - 0.
    crafted = release(table("complaints_by_channel", [15, C, 1, 0, 17]))
    risks = attack.check(now, [crafted])
    assert [(r.place.release, r.place.row, r.low, r.high) for r in risks] == [(0, "Row 1", 1, 1)]
    # The same release out for another period ties nothing.
    elsewhere = release(table("complaints_by_channel", [15, C, 1, 0, 17]), span=Q2)
    assert attack.check(now, [elsewhere]) == []


def test_row_totals_tie_a_tables_columns_whichever_end_names_the_period():
    # "upheld_current, not_upheld_current, total_current": the row's total says the [c].
    assert attack._base("total_current") == attack._base("current_total") == "total"
    columns = [
        {"id": f"{name}_current", "label": name, "format": "count", "period": "current"}
        for name in ("upheld", "not_upheld", "total")
    ]
    rows = [
        {"id": "a", "label": "A", "total": False, "cells": [cell(C), cell(5), cell(6)]},
        {"id": "b", "label": "B", "total": False, "cells": [cell(7), cell(9), cell(16)]},
    ]
    crafted = table("outcomes_by_force", [0])
    crafted["columns"], crafted["rows"] = columns, rows
    risks = attack.check(release(crafted))
    assert [(r.place.row, r.low, r.high) for r in risks] == [("A", 1, 1)]
