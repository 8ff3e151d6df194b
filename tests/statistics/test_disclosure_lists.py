"""The rules of compute/disclosure.py for lists and for tables of two dimensions, against
an attacker who knows them: for every short list of counts, and every small table, every
filling of its [c] cells that keeps the published figures and gives the same [c] cells
when protected again leaves each [c] unpinned and not narrowed within 1 to 4. Tried for
every list and table up to a size, and for generated larger lists.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from oversight.statistics.compute import attack
from oversight.statistics.compute import disclosure as dc
from tests.statistics.test_disclosure_attack import FAST, checker_ranges, release, table

C = "[c]"
Shown = tuple[int | str, ...]


def published(values: tuple[int, ...]) -> Shown:
    cells = [[v] for v in values] + [[sum(values)]]
    grid = dc.protect(cells)
    return tuple(C if (r, 0) in grid.suppressed else cells[r][0] for r in range(len(cells)))


def compositions(total: int, parts: int) -> Iterator[tuple[int, ...]]:
    if parts == 1:
        yield (total,)
        return
    for first in range(total + 1):
        for rest in compositions(total - first, parts - 1):
            yield (first, *rest)


def spans(shown: Shown) -> dict[int, tuple[int, int]]:
    """Each [c] row's least and greatest value over the fillings the attacker keeps."""
    hidden = [r for r, v in enumerate(shown[:-1]) if v == C]
    total = shown[-1]
    assert isinstance(total, int)
    rest = total - sum(v for v in shown[:-1] if v != C)
    kept = []
    for guess in compositions(rest, len(hidden)):
        values = [0 if v == C else v for v in shown[:-1]]
        for r, v in zip(hidden, guess, strict=True):
            values[r] = v
        if published(tuple(values)) == shown:
            kept.append(guess)
    assert kept  # the counts published are one filling
    return {r: (min(g[i] for g in kept), max(g[i] for g in kept)) for i, r in enumerate(hidden)}


def patterns(longest: int, largest: int) -> dict[Shown, tuple[int, ...]]:
    """Every list published with a [c] and its total shown, with one list behind it."""
    found: dict[Shown, tuple[int, ...]] = {}
    for size in range(1, longest + 1):
        for values in itertools.product(range(largest + 1), repeat=size):
            shown = published(values)
            if C in shown and shown[-1] != C:
                found.setdefault(shown, values)
    return found


@pytest.mark.parametrize(("longest", "largest"), [(3, 20), (4, 12), (5, 7)])
def test_no_short_list_leaves_a_c_at_risk_to_an_attacker_who_replays_the_rule(longest, largest):
    risky = {
        shown: (row, span)
        for shown in patterns(longest, largest)
        for row, span in spans(shown).items()
        if attack.at_risk(*span)
    }
    assert risky == {}


def test_the_old_rules_leaks_are_closed():
    # Smallest first, "web 15, email [c], post [c], phone 0" pinned email and post to 1;
    # and "9, 5, [c], [c]" pinned both to 4. Now the 0 and the 5 are withheld as well.
    assert published((15, 1, 1, 0)) == (15, C, C, C, 17)
    assert spans((15, C, C, C, 17)) == {1: (0, 2), 2: (0, 2), 3: (0, 2)}
    assert published((9, 5, 4, 4)) == (9, C, C, C, 22)
    assert spans((9, C, C, C, 22)) == {1: (3, 5), 2: (3, 5), 3: (3, 5)}


def test_one_small_count_among_large_ones_takes_the_next_count_down_with_it():
    assert published((20, 1, 30)) == (20, C, C, 51)
    assert published((20, 30, 1)) == (C, 30, C, 51)  # after the last, the first
    # Picked by place, the 30 says nothing of itself: the 1 could be anything from 1 to 4.
    assert spans((20, C, C, 51)) == {1: (1, 4), 2: (27, 30)}


def test_a_total_withheld_elsewhere_takes_two_counts_of_its_list_with_it():
    grid = dc.protect([[7], [8], [9], [24]], forced=[(3, 0)])
    assert grid.suppressed == {(0, 0), (1, 0), (3, 0)}
    assert dc.protect([[7], [7]], forced=[(1, 0)]).suppressed == {(0, 0), (1, 0)}


def test_a_list_with_no_small_count_is_shown_whole():
    assert published((5, 0, 12)) == (5, 0, 12, 17)


LONGER = st.lists(
    st.one_of(st.integers(0, 5), st.integers(1, 4), st.integers(5, 40)), min_size=2, max_size=6
)


@FAST
@given(LONGER)
def test_the_checker_replaying_the_rule_finds_no_longer_list_at_risk(values):
    shown = list(published(tuple(values)))
    if C not in shown:
        return
    content = release(table("complaints_by_channel", shown))
    assert attack.check(content) == []
    assert all(not attack.at_risk(low, high) for low, high in checker_ranges(content).values())


# Tables of two dimensions ------------------------------------------------------------------


def crosstab(body: list[list[int]]) -> list[list[int]]:
    cells = [[*row, sum(row)] for row in body]
    return [*cells, [sum(row[c] for row in cells) for c in range(len(cells[0]))]]


def published_crosstab(body: list[list[int]]) -> tuple[tuple[int | None, ...], ...]:
    cells = crosstab(body)
    grid = dc.protect(cells, row_totals=True, column_totals=True)
    return tuple(
        tuple(None if (r, c) in grid.suppressed else v for c, v in enumerate(row))
        for r, row in enumerate(cells)
    )


def test_no_small_crosstab_leaves_a_c_at_risk_to_an_attacker_who_replays_the_rule():
    """Every 2 by 2 table of counts up to 4: each filling of its inner [c] cells (up to
    what the totals shown allow, or up to 10 where none bounds them) that gives the same
    table when protected again; no [c] is pinned or narrowed within 1 to 4 by them."""
    largest, unbounded = 4, 10
    risky = []
    tables = {}
    for flat in itertools.product(range(largest + 1), repeat=4):
        body = [list(flat[:2]), list(flat[2:])]
        tables.setdefault(published_crosstab(body), body)
    for shown, body in tables.items():
        hidden = [(r, c) for r in range(3) for c in range(3) if shown[r][c] is None]
        inner = [(r, c) for r, c in hidden if r < 2 and c < 2]
        if not hidden:
            continue

        def cap(r: int, c: int, shown=shown) -> int:
            bounds = [v for v in (shown[r][2], shown[2][c], shown[2][2]) if v is not None]
            return min(bounds, default=unbounded)

        kept = []
        for guess in itertools.product(*(range(cap(r, c) + 1) for r, c in inner)):
            filled = [row[:] for row in body]
            for (r, c), v in zip(inner, guess, strict=True):
                filled[r][c] = v
            if published_crosstab(filled) == shown:
                kept.append(crosstab(filled))
        for r, c in hidden:
            values = [cells[r][c] for cells in kept]
            low, high = min(values), max(values)
            if high < unbounded and attack.at_risk(low, high):
                risky.append((shown, (r, c), low, high))
    assert len(tables) > 50  # the tables published differ: there is something to try
    assert risky == []
