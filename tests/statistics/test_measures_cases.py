"""The further measures about cases, worked out by hand from the register of
tests/statistics/measures_data.py (April to June 2026, with the same quarter of 2025 beside
it), on both databases; and the rules that keep them from giving a withheld count away."""

from __future__ import annotations

from typing import Any

import pytest

from oversight.statistics.compute import labels
from oversight.statistics.compute.figures import Figures
from oversight.statistics.compute.measure_cases import decision_time, outcomes_by_force, quantile
from oversight.statistics.compute.measures import Compared
from oversight.statistics.compute.tables import Builder
from oversight.statistics.periods import parse_period
from oversight.statistics.services import compute
from tests.statistics.data import C, Z
from tests.statistics.disclosure_attacker import equations, worked_out
from tests.statistics.measures_data import build_register, measure_figures
from tests.statistics.register import by_id, shown

MET, SOUTH_WALES = (
    ("metropolitan", "Metropolitan Police Service"),
    ("south-wales", "South Wales Police"),
)
ALL = ("total", "All forces")


@pytest.fixture(name="body")
def body_fixture(db: Any) -> dict[str, Any]:
    build_register()
    return compute(parse_period("2026-Q2"))


def test_time_to_decide_as_quartiles_and_share_within_target_by_force(body):
    # 2026: South Wales: 6, 7, 9, 10, 15 (on time) and 61, 62, 65, 66, 70 (late): the
    # lower quartile is a quarter of the way from the 3rd to the 4th (9.25), the median
    # half way from the 5th to the 6th (38), the upper quartile 62 + 0.75 x 3 (64.25). The
    # Met: 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, all on time. All twenty: 7, 9 and 15 + 0.25 x 46.
    # 2025: the Met's twelve, 6 to 11 twice each, on time: median 8.5; South Wales: 6, 7, 9,
    # 10, 14 on time and 61, 62, 64, 66, 70 late: median half way from 14 to 61 (37.5);
    # all 22: half way from the 11th (9) to the 12th (10), 17 on time (77.27, 77.3). The
    # quartiles are the period's own spread: no year before (note N9).
    table = by_id(body, "decision_time")
    assert [(c["id"], c["period"]) for c in table["columns"]] == [
        ("cases_current", "current"),
        ("cases_previous", "previous"),
        ("lower_quartile_current", "current"),
        ("median_current", "current"),
        ("median_previous", "previous"),
        ("upper_quartile_current", "current"),
        ("within_current", "current"),
        ("within_previous", "previous"),
    ]
    assert shown(table) == [
        (*MET, 10, 12, 7.0, 8.0, 8.5, 9.0, 100.0, 100.0),
        (*SOUTH_WALES, 10, 10, 9.3, 38.0, 37.5, 64.3, 50.0, 50.0),
        (*ALL, 20, 22, 7.0, 9.0, 9.5, 26.5, 75.0, 77.3),
    ]
    assert table["title"] == "Time to a decision by police force (target 60 working days)"
    assert table["notes"] == ["N4", "N5", "N9"]
    assert table["chart"] == {"column": 3}
    # The same decisions as the timeliness table's, with its median and share, both years.
    decide = next(row for row in by_id(body, "timeliness")["rows"] if row["id"] == "decide")
    assert [cell["value"] for cell in decide["cells"]] == [20, 9.0, 75.0, 22, 9.5, 77.3]


def test_findings_by_force_are_withheld_with_the_findings_table(body):
    # Met: 6 upheld, 4 partly; South Wales: 3 upheld, 2 not upheld (closed in June).
    # The findings list withholds its counts below 6 beside its small counts (the rule for
    # lists), so the same totals of this table are withheld; holding small counts, the
    # table shows its margins only. A year before: the Met's 12 upheld and South Wales's
    # 10 partly upheld, nothing withheld; only each force's total is set beside the year
    # (note N10).
    table = by_id(body, "outcomes_by_force")
    assert [c["id"] for c in table["columns"]][-2:] == ["total_current", "total_previous"]
    assert shown(table) == [
        (*MET, C, C, C, C, C, 10, 12),
        (*SOUTH_WALES, C, C, C, C, C, 5, 10),
        (*ALL, 9, C, C, C, C, 15, 22),
    ]
    assert table["notes"] == ["N1", "N10"]
    assert [row[2:] for row in shown(by_id(body, "findings"))] == [
        (9, 12),
        (C, 10),
        (C, 0),
        (C, 0),
        (C, 0),
        (15, 22),
    ]


def test_findings_on_each_concern(body):
    # A year before: the Met's 12 about misidentification, South Wales's 10 about no notice.
    table = by_id(body, "findings_by_concern")
    assert [c["id"] for c in table["columns"]][-2:] == ["total_current", "total_previous"]
    rows = {row[0]: row[2:] for row in shown(table)}
    assert list(rows) == list(labels.CONCERN)
    # Each concern's row is a list with its total: beside a small count, every count
    # below 6 is withheld (the misidentification row's 4 and 0s; the 6 upheld shown).
    assert rows["misidentification"] == (6, C, C, C, 10, 12)
    assert rows["no_notice"] == (C, C, C, C, 5, 10)
    assert rows["protest_or_event"] == (C, C, C, C, C, 0)
    assert {
        rows[key]
        for key in rows
        if key not in ("misidentification", "no_notice", "protest_or_event")
    } == {(0, 0, 0, 0, 0, 0)}
    assert table["notes"] == ["N1", "N2", "N10"]


def test_reviews_asked_for_and_decided(body):
    # Seven asked for in June; five decided in it (2 upheld, 3 not), one in July. A year
    # before: eleven asked for in May 2025, ten decided in June (none upheld), one in July.
    table = by_id(body, "reviews")
    assert [(c["id"], c["label"]) for c in table["columns"]] == [
        ("current", "Reviews, April to June 2026"),
        ("previous", "Reviews, April to June 2025"),
    ]
    assert shown(table) == [
        ("requested", "Reviews asked for", 7, 11),
        ("upheld", "Reviews decided: Upheld: decision looked at again", C, 0),
        ("not_upheld", "Reviews decided: Not upheld", C, 10),
        ("decided", "Reviews decided", 5, 10),
    ]


def test_recommendations_and_the_forces_responses_at_the_periods_end(body):
    # South Wales: 5 accepted, 1 rejected, 1 answered only in July; the Met: 6 implemented;
    # one made in March is not counted. A year before: ten to the Met, twelve to South Wales.
    # A small count is in the table, so it shows its margins only: the totals row is a
    # list holding small counts, so its 5 and 0s are withheld beside them.
    table = by_id(body, "recommendations")
    assert [c["id"] for c in table["columns"]][-2:] == ["total_current", "total_previous"]
    assert shown(table) == [
        (*MET, C, C, C, C, 6, 10),
        (*SOUTH_WALES, C, C, C, C, 7, 12),
        (*ALL, C, 6, C, C, 13, 22),
    ]


def test_an_empty_register_gives_totals_of_zero_and_nothing_to_divide_by(db):
    body = compute(parse_period("2026-Q2"))
    assert shown(by_id(body, "decision_time")) == [(*ALL, 0, 0, Z, Z, Z, Z, Z, Z)]
    assert shown(by_id(body, "outcomes_by_force")) == [(*ALL, 0, 0, 0, 0, 0, 0, 0)]
    assert shown(by_id(body, "recommendations")) == [(*ALL, 0, 0, 0, 0, 0, 0)]
    assert [row[2:] for row in shown(by_id(body, "reviews"))] == [(0, 0)] * 4


def _builder(names: dict[int, str]) -> Builder:
    period = parse_period("2026-Q2")
    slugs = {force: name.lower() for force, name in names.items()}
    return Builder(
        period,
        Figures(period, force_names=names, force_slugs=slugs),
        Figures(period.year_before(), force_names=names, force_slugs=slugs),
    )


def _figures(**found: Any) -> Compared:
    """The period's figures as given, with nothing a year before."""
    return Compared(current=measure_figures(**found), previous=measure_figures())


def test_the_findings_table_and_the_force_table_withhold_their_shared_totals_alike(app):
    """A: 3 upheld, 7 not upheld; B: 8 upheld, 2 partly upheld. The findings (11, 2, 7, 0,
    0) are the force table's totals row: the list rule withholds the 2 with the 0s beside
    it, in both. The force table holds small counts, so it shows its margins only; no
    withheld cell can be worked out."""
    with app.test_request_context():
        builder = _builder({1: "A", 2: "B"})
        builder.now.findings = {"upheld": 11, "partly_upheld": 2, "not_upheld": 7}
        findings = builder.categories(
            "findings", "Findings", "Finding", labels.FINDING, lambda f: f.findings, description=""
        )
        assert [row[2] for row in shown(findings)] == [11, C, 7, C, C, 20]
        outcomes = {(1, "upheld"): 3, (1, "not_upheld"): 7, (2, "upheld"): 8}
        outcomes[(2, "partly_upheld")] = 2
        table = outcomes_by_force(builder, _figures(outcomes=outcomes), findings)
    # (The last column is each force's total a year before: nothing then.)
    assert [row[2:] for row in shown(table)] == [
        (C, C, C, C, C, 10, 0),
        (C, C, C, C, C, 10, 0),
        (11, C, 7, C, C, 20, 0),
    ]
    assert [row[2] for row in shown(findings)] == [11, C, 7, C, C, 20]
    cells = [[3, 0, 7, 0, 0, 10], [8, 2, 0, 0, 0, 10], [11, 2, 7, 0, 0, 20]]
    hidden = {
        (r, c)
        for r, row in enumerate(table["rows"])
        for c, cell in enumerate(row["cells"][:-1])
        if cell["symbol"] == C
    }
    assert worked_out(equations(cells, True, True), hidden) == set()


def test_a_forces_share_within_target_is_shown_only_if_every_forces_is(app):
    """A: 3 decisions ([c]), all on time; B: 10 (5 late), C: 12 on time. Shown beside
    the share of all 25, B's and C's shares would give A's 3 on time away."""
    days = {(1, 10, True): 3, (2, 10, True): 5, (2, 70, False): 5, (3, 8, True): 12}
    with app.test_request_context():
        table = decision_time(_builder({1: "A", 2: "B", 3: "C"}), _figures(decision_days=days), 60)
    # Columns: decisions, quartiles and share, each but the quartiles with the year before
    # beside it (nothing then: 0, and [z] for nothing to divide).
    assert [row[2:] for row in shown(table)] == [
        (C, 0, C, C, Z, C, C, Z),
        (C, 0, C, C, Z, C, C, Z),
        (12, 0, 8.0, 8.0, Z, 8.0, C, Z),
        (25, 0, 8.0, 10.0, Z, 10.0, 80.0, Z),
    ]


@pytest.mark.parametrize(
    "histogram, share, expected",
    [
        ([(5, 1)], 0.25, 5),
        ([(1, 1), (2, 1)], 0.5, 1.5),
        ([(1, 2), (9, 2)], 0.75, 9),
        ([(0, 3), (4, 1)], 0.5, 0),
    ],
)
def test_quantiles_interpolate_between_the_nearest_cases(histogram, share, expected):
    assert quantile(histogram, share) == expected
