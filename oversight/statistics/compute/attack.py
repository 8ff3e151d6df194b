"""The disclosure check a release must pass before it is approved: an attack on it.

The attacker holds the release and every release already out (all revisions, and those
approved but not yet published). Each count they show is a fact; each [c] is an unknown
whole number, 0 or more. The facts tie the unknowns together:

- in a table with a total row, each count column's rows add up to the total row;
- in a table with a total column, each row's counts of a period add up to it;
- the same count shown in several tables is one unknown: the complaints received by
  force, by technology and in total are the margins of the force by technology table, and
  the channel and relation tables add up to the same complaints received;
- the same cell of the same period (a table's row and column) in two releases is one
  unknown, as the year before shown beside a period is the period published before.

For each [c] the attacker then finds the least and the greatest value these allow, by
integer linear programming (scipy's HiGHS). Where a table is one line of counts with its
total shown, they also replay the published method (disclosure.protect) on every filling
of its [c] cells that keeps those bounds, and keep only the fillings that give the same
cells as [c]: the range is then that of the fillings left.

A [c] cell is at risk when the attacker pins it to one value, or bounds it within 1 to 4
more narrowly than "from 1 to 4": a range of 2-3 or 1-2, say. A range reaching 0, or past 4,
or exactly 1-4, tells no more than the [c] itself. Approval is refused while any cell of the
release, or of a release already out that the new one ties to, is at risk.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import sqlalchemy as sa
from scipy.optimize import Bounds, LinearConstraint, milp

from oversight.statistics.compute import disclosure as dc
from oversight.statistics.content import NumberedTable, ReleaseContent

if TYPE_CHECKING:
    from oversight.statistics.models import StatisticsRelease

REPLAY_LIMIT = 5000  # the most fillings of one line the attacker replays
METHOD_VERSION = 1  # bumped by any change to the suppression or attack: stored checks lapse
CROSSTAB = "complaints_by_force_and_technology"
RECEIVED = "complaints_received"

Key = tuple[str, ...]  # what a count is: its period, then what it counts


@dataclass(frozen=True)
class Place:
    """Where a cell is shown: the release (0 is the one checked), table, row and column."""

    release: int
    period: str
    table: str
    row: str
    column: str


@dataclass(frozen=True)
class Risk:
    """A [c] cell the attacker narrows too far: its place and the range they find.
    `high` None means no bound above."""

    place: Place
    low: int
    high: int | None

    def as_dict(self) -> dict[str, object]:
        return {
            "period": self.place.period,
            "table": self.place.table,
            "row": self.place.row,
            "column": self.place.column,
            "low": self.low,
            "high": self.high,
        }


def at_risk(low: int, high: int | None) -> bool:
    """Pinned to one value, or bounded within 1-4 more narrowly than 1-4."""
    if high is None:
        return False
    if low == high:
        return True
    return high <= dc.SMALLEST_SHOWN - 1 and low >= 1 and (low, high) != (1, 4)


def _base(column_id: str) -> str:
    """A column's id without the period it belongs to, before or after it ("current_x",
    "x_current"): what it counts."""
    for period in ("current", "previous"):
        if column_id == period:
            return ""
        if column_id.startswith(period + "_"):
            return column_id[len(period) + 1 :]
        if column_id.endswith("_" + period):
            return column_id[: -len(period) - 1]
    return column_id


def _what(table: str, row: str, base: str) -> Key:
    """What a count counts, so one count shown in several tables is one unknown."""
    if table == CROSSTAB:
        return (RECEIVED, row, base)
    if table == "complaints_by_force" and base == "":
        return (RECEIVED, row, "total")
    if table == "complaints_by_technology" and base == "":
        return (RECEIVED, "total", row)
    if table in ("complaints_by_channel", "complaints_by_relation") and row == "total":
        return (RECEIVED, "total", "total")
    return (table, row, base)


@dataclass
class Shown:
    """A count column of one table of one release, as published."""

    release: int
    table: NumberedTable
    column: int
    period: str
    keys: list[Key]
    values: list[int | None]  # None for [c]


def _columns(index: int, content: ReleaseContent) -> Iterator[Shown]:
    for table in content["tables"]:
        for c, column in enumerate(table["columns"]):
            if column["format"] != "count":
                continue
            period = content["period"] if column["period"] == "current" else content["comparison"]
            span = f"{period['start']}/{period['end']}"
            keys: list[Key] = []
            values: list[int | None] = []
            for row in table["rows"]:
                cell = row["cells"][c]
                keys.append((span, *_what(table["id"], row["id"], _base(column["id"]))))
                if cell["symbol"] == dc.SUPPRESSED:
                    values.append(None)
                elif cell["symbol"] is None and isinstance(cell["value"], int | float):
                    values.append(int(cell["value"]))
                else:
                    values.append(-1)  # [x] or [z]: no count, in no equation
            yield Shown(index, table, c, period["label"], keys, values)


Equation = list[tuple[Key, int]]  # coefficient of each count; they add up to 0


def _equations(shown: list[Shown]) -> list[Equation]:
    found: list[Equation] = []
    for column in shown:
        rows = column.table["rows"]
        totals = [i for i, row in enumerate(rows) if row["total"]]
        if len(totals) == 1 and all(v != -1 for v in column.values):
            t = totals[0]
            found.append(
                [(column.keys[i], 1) for i in range(len(rows)) if i != t] + [(column.keys[t], -1)]
            )
    by_table: dict[tuple[int, str], list[Shown]] = {}
    for column in shown:
        by_table.setdefault((column.release, column.table["id"]), []).append(column)
    for columns in by_table.values():
        for period in {c.period for c in columns}:
            alike = [c for c in columns if c.period == period]
            ids = [_base(c.table["columns"][c.column]["id"]) for c in alike]
            if "total" not in ids or len(alike) < 2:
                continue
            total = alike[ids.index("total")]
            parts = [c for c, i in zip(alike, ids, strict=True) if i != "total"]
            for r in range(len(total.keys)):
                if all(c.values[r] != -1 for c in [*parts, total]):
                    found.append([(c.keys[r], 1) for c in parts] + [(total.keys[r], -1)])
    return found


class Attack:
    """The attacker's system: the unknowns, the known counts and the equations."""

    def __init__(self, contents: list[tuple[int, ReleaseContent]]) -> None:
        """`contents`: each release with its number (0 for the release checked)."""
        self.shown = [column for i, c in contents for column in _columns(i, c)]
        self.known: dict[Key, int] = {}
        self.places: dict[Key, list[Place]] = {}
        for column in self.shown:
            for r, (key, v) in enumerate(zip(column.keys, column.values, strict=True)):
                if v is None:
                    row = column.table["rows"][r]
                    label = column.table["columns"][column.column]["label"]
                    place = Place(
                        column.release, column.period, column.table["title"], row["label"], label
                    )
                    self.places.setdefault(key, []).append(place)
                elif v >= 0:
                    self.known.setdefault(key, v)
        # A count shown somewhere is known everywhere; a [c] shown nowhere else stays unknown.
        self.unknown = sorted(k for k in self.places if k not in self.known)
        self.index = {k: i for i, k in enumerate(self.unknown)}
        self.system = []
        for equation in _equations(self.shown):
            terms = [(k, a) for k, a in equation if k in self.index]
            constant = sum(a * self.known[k] for k, a in equation if k not in self.index)
            if terms:  # (an equation of counts all shown holds, or is no sum: no matter)
                self.system.append((terms, -constant))  # sum(terms) == -constant

    def components(self) -> list[tuple[list[int], list[tuple[list[tuple[Key, int]], int]]]]:
        """The unknowns in groups that no equation ties to each other, with their equations."""
        parent = list(range(len(self.unknown)))

        def find(i: int) -> int:
            while parent[i] != i:
                parent[i] = parent[parent[i]]
                i = parent[i]
            return i

        for terms, _ in self.system:
            first = find(self.index[terms[0][0]])
            for k, _a in terms[1:]:
                parent[find(self.index[k])] = first
        groups: dict[int, list[int]] = {}
        for i in range(len(self.unknown)):
            groups.setdefault(find(i), []).append(i)
        equations: dict[int, list[tuple[list[tuple[Key, int]], int]]] = {}
        for terms, rhs in self.system:
            equations.setdefault(find(self.index[terms[0][0]]), []).append((terms, rhs))
        return [(members, equations.get(root, [])) for root, members in groups.items()]


def _ranges(attack: Attack, everything: bool = False) -> dict[Key, tuple[int, int | None]] | None:
    """Each unknown's least and greatest value, but those no equation ties to the release
    checked unless `everything`; None if the figures admit no solution."""
    found: dict[Key, tuple[int, int | None]] = {}
    tied = {k for k, places in attack.places.items() if any(p.release == 0 for p in places)}
    for members, equations in attack.components():
        if not everything and not any(attack.unknown[i] in tied for i in members):
            continue
        if not equations:
            for i in members:
                found[attack.unknown[i]] = (0, None)
            continue
        local = {i: j for j, i in enumerate(members)}
        matrix = np.zeros((len(equations), len(members)))
        rhs = np.zeros(len(equations))
        for e, (terms, value) in enumerate(equations):
            for key, a in terms:
                matrix[e, local[attack.index[key]]] += a
            rhs[e] = value
        constraint = LinearConstraint(matrix, rhs, rhs)
        integral = np.ones(len(members))
        bounds = Bounds(np.zeros(len(members)), np.full(len(members), np.inf))
        for i, j in local.items():
            ends = []
            for sign in (1, -1):
                objective = np.zeros(len(members))
                objective[j] = sign
                result = milp(
                    objective, constraints=constraint, integrality=integral, bounds=bounds
                )
                if result.status == 2:  # infeasible
                    return None
                ends.append(None if result.x is None else round(result.x[j]))  # or unbounded
            low, high = ends
            found[attack.unknown[i]] = (low or 0, high)
    return found


def _replay(attack: Attack, ranges: dict[Key, tuple[int, int | None]]) -> None:
    """Narrow the ranges of the [c] cells of one-line tables by replaying
    disclosure.protect on each filling of them."""
    for column in attack.shown:
        if -1 in column.values:
            continue
        rows = column.table["rows"]
        if [r["total"] for r in rows][:-1] != [False] * (len(rows) - 1) or not rows[-1]["total"]:
            continue
        if column.values[-1] is None or None not in column.values:
            continue  # the total withheld: another table's, replayed there if anywhere
        if any(
            c.table is column.table
            and c is not column
            and _base(c.table["columns"][c.column]["id"]) == "total"
            for c in attack.shown
        ):
            continue  # a table of two dimensions, left to the equations
        hidden = [i for i, v in enumerate(column.values) if v is None]
        if any(column.keys[i] not in ranges and column.keys[i] not in attack.known for i in hidden):
            continue  # tied to nothing the check is about
        rest = column.values[-1] - sum(v for v in column.values[:-1] if v is not None)
        spans = []
        for i in hidden:
            key = column.keys[i]
            known = attack.known.get(key)
            low, high = (known, known) if known is not None else ranges[key]
            spans.append((low, min(rest if high is None else high, rest)))
        guesses = list(itertools.islice(_compositions(rest, spans), REPLAY_LIMIT + 1))
        if len(guesses) > REPLAY_LIMIT:
            continue  # too many to replay: the equations stand
        alive = []
        for guess in guesses:
            values = [v or 0 for v in column.values]
            for i, v in zip(hidden, guess, strict=True):
                values[i] = v
            grid = dc.protect([[v] for v in values])
            if {p[0] for p in grid.suppressed} == set(hidden):
                alive.append(guess)
        if not alive:
            continue  # not the method this table was protected with: the equations stand
        for n, i in enumerate(hidden):
            if column.keys[i] not in attack.known:
                got = [filling[n] for filling in alive]
                ranges[column.keys[i]] = (min(got), max(got))


def _compositions(total: int, spans: list[tuple[int, int]]) -> Iterator[list[int]]:
    """Every way of writing `total` as whole numbers, each within its (low, high)."""
    if not spans:
        if total == 0:
            yield []
        return
    (low, high), rest = spans[0], spans[1:]
    room = sum(h for _l, h in rest)
    for first in range(max(low, total - room), min(high, total) + 1):
        for tail in _compositions(total - first, rest):
            yield [first, *tail]


def check(content: ReleaseContent, published: Iterable[ReleaseContent] = ()) -> list[Risk]:
    """The [c] cells at risk if `content` were published beside `published` (see above)."""
    numbered = list(enumerate([content, *published]))
    attack = Attack(numbered)
    ranges = _ranges(attack)
    if ranges is None:
        # The releases disagree (a revision changed a count): check the release alone and
        # beside each earlier release on its own, keeping the pairs that agree.
        found: dict[tuple[Place, int, int | None], Risk] = {}
        for pair in [numbered[:1], *([numbered[0], other] for other in numbered[1:])]:
            for risk in _check(Attack(pair)):
                found.setdefault((risk.place, risk.low, risk.high), risk)
        return list(found.values())
    risks = _check(attack, ranges)
    if any(r.place.release for r in risks):
        # A risk already out before this release is not this release's to answer for.
        before = {
            (r.place, r.low, r.high) for r in _check(Attack(numbered[1:]), None, everything=True)
        }
        risks = [r for r in risks if not r.place.release or (r.place, r.low, r.high) not in before]
    return risks


def _check(
    attack: Attack,
    ranges: dict[Key, tuple[int, int | None]] | None = None,
    *,
    everything: bool = False,
) -> list[Risk]:
    if ranges is None:
        ranges = _ranges(attack, everything)
        if ranges is None:
            return []
    _replay(attack, ranges)
    risks = []
    for key, (low, high) in ranges.items():
        if at_risk(low, high):
            place = min(attack.places[key], key=lambda p: p.release)
            risks.append(Risk(place, low, high))
    return sorted(risks, key=lambda r: (r.place.release, r.place.table, r.place.row))


def bounds(contents: list[ReleaseContent]) -> dict[Place, tuple[int, int | None]]:
    """Where the attacker puts each [c] of the releases together (the first is number 0)."""
    attack = Attack(list(enumerate(contents)))
    ranges = _ranges(attack, everything=True) or {}
    _replay(attack, ranges)
    return {p: ranges[k] for k, places in attack.places.items() if k in ranges for p in places}


def check_release(release: StatisticsRelease) -> list[Risk]:
    """The cells at risk if a release were approved: checked against every release already
    out or approved to go out, every revision included (but the release itself)."""
    from oversight.extensions import db
    from oversight.statistics.enums import PUBLIC_STATUSES, ReleaseStatus
    from oversight.statistics.models import StatisticsRelease as Release

    out = db.session.scalars(
        sa.select(Release.content).where(
            Release.status.in_([*PUBLIC_STATUSES, ReleaseStatus.APPROVED]),
            Release.id != release.id,
        )
    )
    return check(release.content, list(out))
