"""The year before beside the further measures (tables 14 to 22): the comparison period's
own figures, protected as that period's own release protects them, on both databases;
and where a figure has no year before, the table's notes say why."""

from __future__ import annotations

from typing import Any

import pytest

from oversight.statistics.compute import disclosure as dc
from oversight.statistics.compute import labels
from oversight.statistics.compute.figures import Figures
from oversight.statistics.compute.measure_cases import (
    decision_time,
    findings_by_concern,
    outcomes_by_force,
    recommendations,
    reviews,
)
from oversight.statistics.compute.measures import Compared
from oversight.statistics.compute.tables import Builder
from oversight.statistics.outputs import dictionary
from oversight.statistics.periods import parse_period
from oversight.statistics.services import compute
from tests.statistics.measures_data import build_register, measure_figures

FURTHER = slice(13, None)


def _by_measure(table: dict[str, Any], period: str) -> dict[tuple[str, str], dict[str, Any]]:
    """Each cell of a period's columns, by (row, measure)."""
    return {
        (row["id"], dictionary.measure_key(column["id"])): cell
        for index, column in enumerate(table["columns"])
        if column["period"] == period
        for row in table["rows"]
        for cell in [row["cells"][index]]
    }


def test_the_year_before_is_what_the_comparison_quarters_own_release_shows(db):
    """Every year before of tables 14 to 22 in April to June 2026 is the cell that April to
    June 2025's release shows for the period (the rows both have); a row only 2026 has
    (a force with nothing in 2025) shows nothing then: 0, [x] or [z]."""
    build_register()
    body = compute(parse_period("2026-Q2"))
    before = compute(parse_period("2025-Q2"))
    assert body["comparison"] == before["period"]
    checked = 0
    for table, earlier in zip(body["tables"][FURTHER], before["tables"][FURTHER], strict=True):
        assert table["id"] == earlier["id"]
        then = _by_measure(earlier, "current")
        for key, cell in _by_measure(table, "previous").items():
            if key in then:
                assert cell == then[key], (table["id"], key)
                checked += 1
            else:
                assert cell["value"] in (0, None), (table["id"], key)
                assert cell["symbol"] in (None, dc.NOT_AVAILABLE, dc.NOT_APPLICABLE)
    assert checked > 100


def test_a_figure_with_no_year_before_is_one_the_tables_notes_explain(db):
    build_register()
    body = compute(parse_period("2026-Q2"))
    alone: dict[str, list[str]] = {}
    for table in body["tables"][FURTHER]:
        measures = {
            period: [
                dictionary.measure_key(c["id"]) for c in table["columns"] if c["period"] == period
            ]
            for period in ("current", "previous")
        }
        assert set(measures["previous"]) <= set(measures["current"])
        missing = [m for m in measures["current"] if m not in measures["previous"]]
        if missing:
            alone[table["id"]] = missing
            assert {"N9", "N10"} & set(table["notes"]), table["id"]
    assert alone == {
        "watchlist_sizes": ["smallest", "largest"],
        "findings_by_concern": ["upheld", "partly_upheld", "not_upheld", "unable_to_determine"],
        "decision_time": ["lower_quartile", "upper_quartile"],
        "outcomes_by_force": list(labels.FINDING),
        "recommendations": ["accepted", "implemented", "rejected", "awaiting"],
    }
    notes = {note["id"]: note["text"] for note in body["notes"]}
    assert "spread" in notes["N9"] and "no year before" in notes["N9"]
    assert "Only each row’s total" in notes["N10"]


# The year before is protected as the period is: the same figures given as the period's
# or as the year before's show the same cells. Small counts, so disclosure control acts;
# what it withholds is whatever disclosure.protect gives, not pinned here.

NAMES = {1: "A", 2: "B", 3: "C"}
OUTCOMES = {(1, "upheld"): 3, (1, "not_upheld"): 7, (2, "upheld"): 8}  # as test_measures_cases
DAYS = {(1, 10, True): 3, (2, 10, True): 5, (2, 70, False): 5, (3, 8, True): 12}
RECOMMENDED = {(1, "accepted"): 2, (2, "rejected"): 11, (2, "awaiting"): 1, (3, "accepted"): 6}
CONCERNS = {
    ("misidentification", "upheld"): 3,
    ("misidentification", "not_upheld"): 9,
    ("no_notice", "upheld"): 2,
}
REVIEWED = {"requested": 3, "upheld": 2, "not_upheld": 12}


def _builders() -> tuple[Builder, Builder]:
    """A builder with the findings in the period, and one with them a year before."""
    period = parse_period("2026-Q2")
    slugs = {force: name.lower() for force, name in NAMES.items()}
    made = []
    for when in ("current", "previous"):
        now = Figures(period, force_names=NAMES, force_slugs=slugs)
        before = Figures(period.comparison(), force_names=NAMES, force_slugs=slugs)
        (now if when == "current" else before).findings = {"upheld": 11, "not_upheld": 7}
        made.append(Builder(period, now, before))
    return made[0], made[1]


def _both(**found: Any) -> tuple[Compared, Compared]:
    one, nothing = measure_figures(**found), measure_figures()
    return Compared(one, nothing), Compared(nothing, one)


def _column(table: dict[str, Any], column_id: str) -> list[dict[str, Any]]:
    index = [c["id"] for c in table["columns"]].index(column_id)
    return [row["cells"][index] for row in table["rows"]]


def _findings(builder: Builder) -> Any:
    return builder.categories(
        "findings", "Findings", "Finding", labels.FINDING, lambda f: f.findings, description=""
    )


def test_findings_by_force_a_year_before_are_withheld_with_the_findings_table_as_in_the_period(
    app,
):
    with app.test_request_context():
        now, then = _builders()
        in_period, a_year_before = _both(outcomes=OUTCOMES)
        findings_now, findings_then = _findings(now), _findings(then)
        table_now = outcomes_by_force(now, in_period, findings_now)
        table_then = outcomes_by_force(then, a_year_before, findings_then)
        alone = _findings(_builders()[0])
    assert _column(table_then, "total_previous") == _column(table_now, "total_current")
    assert dc.SUPPRESSED in {c["symbol"] for row in table_now["rows"] for c in row["cells"]}
    # The findings table's year before is withheld as its period would be beside this table.
    assert [row["cells"][1] for row in findings_then["rows"]] == [
        row["cells"][0] for row in findings_now["rows"]
    ]
    # (The same as the findings alone withhold: the force table's totals row is protected
    # by the list rule, as the findings are.)
    assert [row["cells"][0] for row in findings_now["rows"]] == [
        row["cells"][0] for row in alone["rows"]
    ]


@pytest.mark.parametrize(
    "make, found, measures",
    [
        (
            lambda b, f: decision_time(b, f, 60),
            {"decision_days": DAYS},
            ["cases", "median", "within"],
        ),
        (recommendations, {"recommendations": RECOMMENDED}, ["total"]),
        (findings_by_concern, {"concern_findings": CONCERNS}, ["total"]),
        (reviews, {"reviews": REVIEWED}, [""]),
    ],
)
def test_the_year_before_is_protected_as_the_period_is(app, make, found, measures):
    with app.test_request_context():
        now, then = _builders()
        in_period, a_year_before = _both(**found)
        table_now, table_then = make(now, in_period), make(then, a_year_before)
    symbols = set()
    for measure in measures:
        current = "current" if measure == "" else f"{measure}_current"
        previous = "previous" if measure == "" else f"{measure}_previous"
        assert _column(table_then, previous) == _column(table_now, current), measure
        symbols |= {c["symbol"] for c in _column(table_now, current)}
        # And nothing in the period shows through from a year before with nothing in it.
        assert all(c["value"] in (0, None) for c in _column(table_then, current)), measure
    assert dc.SUPPRESSED in symbols  # the small counts are withheld, both times alike
