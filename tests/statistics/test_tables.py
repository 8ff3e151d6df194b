"""The complaints tables of a release, against figures worked out by hand from the small
register in tests/statistics/data.py (April to June 2026 beside April to June 2025).

Disclosure control, as worked by hand: a count from 1 to 4 is [c]; a line (row or column
with a published total) holding one [c] gets a second, the smallest other non-zero count
in it (interior cells before totals), so the [c] cannot be found by subtraction.
"""

from __future__ import annotations

from typing import Any

from oversight.statistics.compute.figures import gather
from oversight.statistics.periods import parse_period
from oversight.statistics.services import compute
from tests.statistics.data import (
    CLOSED,
    DECIDED,
    C,
    Case,
    Z,
)
from tests.statistics.register import (  # noqa: F401  (a fixture)
    add_case,
    by_id,
    columns,
    release_fixture,
    shown,
)

CURRENT, PREVIOUS = "April to June 2026", "April to June 2025"
TWO_PERIODS = [
    ("current", CURRENT, "count", "current"),
    ("previous", PREVIOUS, "count", "previous"),
]


def test_the_release_has_every_table_numbered_in_order(release: dict[str, Any]) -> None:
    # The first tables; the further measures follow them (test_measures.py).
    assert [(t["number"], t["id"]) for t in release["tables"][:13]] == [
        (1, "complaints_by_force"),
        (2, "complaints_by_technology"),
        (3, "complaints_by_force_and_technology"),
        (4, "complaints_by_concern"),
        (5, "complaints_by_channel"),
        (6, "complaints_by_relation"),
        (7, "triage_outcomes"),
        (8, "referrals_by_body"),
        (9, "open_caseload_by_age"),
        (10, "timeliness"),
        (11, "findings"),
        (12, "deployments_by_force"),
        (13, "complaints_per_deployment"),
    ]
    assert release["schema"] == 1
    assert release["period"] == {
        "kind": "quarter",
        "code": "2026-Q2",
        "start": "2026-04-01",
        "end": "2026-06-30",
        "label": CURRENT,
    }
    assert release["comparison"] == {
        "kind": "quarter",
        "code": "2025-Q2",
        "start": "2025-04-01",
        "end": "2025-06-30",
        "label": PREVIOUS,
    }


def test_every_cell_is_a_number_or_a_symbol_never_both(release: dict[str, Any]) -> None:
    for table in release["tables"]:
        assert set(table) == {
            "id",
            "number",
            "title",
            "description",
            "row_heading",
            "columns",
            "rows",
            "notes",
            "chart",
        }
        for row in table["rows"]:
            assert set(row) == {"id", "label", "total", "cells"}
            assert len(row["cells"]) == len(table["columns"])
            for cell in row["cells"]:
                assert set(cell) == {"value", "symbol"}
                assert (cell["value"] is None) == (cell["symbol"] in ("[c]", "[x]", "[z]"))


# Received in the quarter (k1-k11, a12-a33), by force and technology:
#   Essex: LFR k4 a19 a20 a21 a22 = 5, RFR k5 a23 a24 = 3           -> 8
#   Met: LFR k6 k11 a25 a26 a27 a28 = 6, RFR k7 a29 = 2              -> 8
#   South Wales: LFR k1 k2 k3 k8 k10 a12-a18 = 12                    -> 12
#   Force not known: not sure k9 a30-a33 = 5                         -> 5, in all 33.
# k1 came at 00:30 on 1 April (23:30 UTC on 31 March) and a33 at 23:30 on 30 June: both
# in; e1 at 00:30 on 1 July and e3 at 23:30 on 31 March 2025 are out.
# Essex RFR 3 and Met RFR 2 are small, so the table shows its margins only (none holds
# a small count, so both are whole) and every inner cell is [c] but the 0s of the
# columns whose total is 0. A year before (c1-c9): South Wales LFR 7, Met LFR 2 -> 9.
# Met's row total 2 is small: the force margin withholds it with the 0s of Essex and of
# force not known (below 6), and shows South Wales's 7.


def test_complaints_by_force_and_technology_are_protected_together(
    release: dict[str, Any],
) -> None:
    table = by_id(release, "complaints_by_force_and_technology")
    assert [c[0] for c in columns(table)] == [
        "lfr",
        "rfr",
        "oifr",
        "other_biometric",
        "not_sure",
        "total",
    ]
    assert {c[3] for c in columns(table)} == {"current"}
    assert shown(table) == [
        ("essex", "Essex Police", C, C, 0, 0, C, 8),
        ("metropolitan", "Metropolitan Police Service", C, C, 0, 0, C, 8),
        ("south-wales", "South Wales Police", C, C, 0, 0, C, 12),
        ("not_known", "Force not known", C, C, 0, 0, C, 5),
        ("total", "All forces", 23, 5, 0, 0, 5, 33),
    ]
    assert [row["total"] for row in table["rows"]] == [False] * 4 + [True]
    assert table["notes"] == ["N1"]
    assert table["chart"] is None


def test_complaints_by_force_are_the_cross_tabulations_margin(release: dict[str, Any]) -> None:
    table = by_id(release, "complaints_by_force")
    assert columns(table) == TWO_PERIODS
    assert shown(table) == [
        ("essex", "Essex Police", 8, C),
        ("metropolitan", "Metropolitan Police Service", 8, C),
        ("south-wales", "South Wales Police", 12, 7),
        ("not_known", "Force not known", 5, C),
        ("total", "Total", 33, 9),
    ]
    assert table["notes"] == ["N1"]
    crosstab = shown(by_id(release, "complaints_by_force_and_technology"))
    assert [(row[0], row[2]) for row in shown(table)] == [(row[0], row[-1]) for row in crosstab]


def test_complaints_by_technology_are_the_cross_tabulations_bottom_row(
    release: dict[str, Any],
) -> None:
    table = by_id(release, "complaints_by_technology")
    assert columns(table) == TWO_PERIODS
    assert shown(table) == [
        ("lfr", "Live facial recognition", 23, 9),
        ("rfr", "Retrospective facial recognition", 5, 0),
        ("oifr", "Operator-initiated facial recognition", 0, 0),
        ("other_biometric", "Other biometric technology", 0, 0),
        ("not_sure", "Technology not known", 5, 0),
        ("total", "Total", 33, 9),
    ]
    assert table["notes"] == []
    bottom = shown(by_id(release, "complaints_by_force_and_technology"))[-1][2:]
    assert tuple(row[2] for row in shown(table)) == bottom


# Concerns, one count per concern raised (a complaint may raise several; no total):
#   misidentification k5 a23 a24 = 3 [c]; no notice 26 (all but k5 k7 a21 a23 a24 a29
#   a30); protest or event k3 k8 a13 a14 a17 a20 a21 a25 a26 a28 a30 a32 a33 = 13;
#   data sharing k7 a29 a30 a31 a32 = 5. A year before: no notice 9, protest c2 c4 = 2.


def test_complaints_by_concern_suppress_only_small_counts(release: dict[str, Any]) -> None:
    table = by_id(release, "complaints_by_concern")
    assert columns(table) == TWO_PERIODS
    assert [row[2:] for row in shown(table)] == [
        (C, 0),  # misidentification
        (0, 0),  # stopped after an alert
        (26, 9),  # no notice
        (0, 0),  # watchlist
        (0, 0),  # image source
        (0, 0),  # retention
        (13, C),  # protest or event
        (0, 0),  # minor or non-crime
        (0, 0),  # discrimination
        (5, 0),  # data sharing
        (0, 0),  # officer conduct
        (0, 0),  # other
    ]
    assert shown(table)[0][:2] == ("misidentification", "Misidentification or false match")
    assert not any(row["total"] for row in table["rows"])
    assert table["notes"] == ["N1", "N2"]


# Channel: email k7 a15 a21 a29 = 4 [c], so the smallest other count hides too: phone
# k9 a16 a24 a27 a30 a31 = 6. Online: the other 23. A year before all 9 online.


def test_complaints_by_channel(release: dict[str, Any]) -> None:
    table = by_id(release, "complaints_by_channel")
    assert columns(table) == TWO_PERIODS
    assert shown(table) == [
        ("web", "Online", 23, 9),
        ("email", "Email", C, 0),
        ("post", "Post", C, 0),
        ("phone", "Phone", 6, 0),
        ("total", "Total", 33, 9),
    ]
    assert table["notes"] == ["N1"]


# Relation: witness k7 k9 a29 a30 = 4 [c], hiding the smaller other count too: subject
# k4 k5 k6 k11 a19-a24 = 10 (passer-by 19). A year before subject c4 c5 c6 = 3 [c],
# hiding passer-by 6.


def test_complaints_by_relation(release: dict[str, Any]) -> None:
    table = by_id(release, "complaints_by_relation")
    assert shown(table) == [
        ("subject", "Person searched for or alerted on", 10, C),
        ("passer_by", "Passer-by", 19, 6),
        ("witness", "Witness", C, C),
        ("third_party", "Third party or campaigner", C, C),
        ("officer_or_staff", "Police officer or staff", C, C),
        ("total", "Total", 33, 9),
    ]
    assert table["notes"] == ["N1"]


# Triage: each case's first move to investigating or closed, if made in the quarter:
#   investigating t1 k2 k4 k8 t9 k10 = 6; referred k5 k6 = 2; out of remit k7 = 1;
#   duplicate k9 = 1 (its reopening and investigation in May are not a triage). The d
#   cases and r1 were triaged before April. A year before: none (p1-p4 in Q1 2025).


def test_triage_outcomes_count_each_cases_first_decision(release: dict[str, Any]) -> None:
    table = by_id(release, "triage_outcomes")
    assert shown(table) == [
        ("investigating", "Accepted for investigation", 6, 0),
        ("referred", "Closed: referred to another body", C, 0),
        ("out_of_remit", "Closed: out of remit", C, 0),
        ("duplicate", "Closed: duplicate of another complaint", C, 0),
        ("withdrawn", "Closed: withdrawn", C, 0),
        ("vexatious", "Closed: vexatious", C, 0),
        ("closed", "Closed: reason not recorded", C, 0),
        ("total", "Total", 10, 0),
    ]


# Referrals closed in the quarter: IOPC k5 k4 k8 t9 k10 = 5, ICO k6 = 1 [c] (so IOPC is
# hidden too: a count below 6 beside a small one, as are the 0s). A year before p1, its body not recorded: 1 [c], and so its total.


def test_referrals_by_body(release: dict[str, Any]) -> None:
    table = by_id(release, "referrals_by_body")
    assert [row[0] for row in shown(table)] == [
        "iopc",
        "ico",
        "force_professional_standards",
        "investigatory_powers_tribunal",
        "pirc",
        "police_ombudsman_ni",
        "not_recorded",
        "total",
    ]
    assert [row[2:] for row in shown(table)] == [
        (C, C),
        (C, C),
        (C, C),
        (C, C),
        (C, C),
        (C, C),
        (C, C),
        (6, C),
    ]
    assert shown(table)[-2][1] == "Body not recorded"


# Closed in the quarter with the outcome: d0 (decided in March), d1-d4 upheld, d5 not
# upheld -> upheld 5, not upheld 1 [c], which hides upheld. d6 closed on 10 July (out);
# r1's latest closure is in July (out). A year before p2 p3 upheld, p4 partly: all [c].


def test_findings_of_cases_closed_in_the_period(release: dict[str, Any]) -> None:
    table = by_id(release, "findings")
    # 5 upheld is withheld too: this table is protected together with the outcomes by
    # force (table 19), whose totals row it is.
    assert shown(table) == [
        ("upheld", "Upheld", C, C),
        ("partly_upheld", "Partly upheld", C, C),
        ("not_upheld", "Not upheld", C, C),
        ("unable_to_determine", "Unable to determine", C, C),
        ("not_recorded", "Finding not recorded", C, C),
        ("total", "Total", 6, C),
    ]
    assert table["notes"] == ["N1"]


def test_a_closure_with_no_finding_recorded_is_counted_as_not_recorded(db: Any) -> None:
    moves = (("2026-04-10 10:00", DECIDED), ("2026-04-20 10:00", CLOSED, "outcome_issued"))
    add_case(Case("recorded", "2026-04-01 09:00", moves=moves, finding="upheld"))
    add_case(Case("not recorded", "2026-04-01 09:00", moves=moves))
    db.session.commit()
    assert gather(parse_period("2026-Q2")).findings == {"upheld": 1, "not_recorded": 1}


def test_an_empty_register_gives_zeros_and_nothing_to_divide_by(db: Any) -> None:
    body = compute(parse_period("2026-Q2"))
    assert shown(by_id(body, "complaints_by_force")) == [
        ("not_known", "Force not known", 0, 0),
        ("total", "Total", 0, 0),
    ]
    assert [row[2:] for row in shown(by_id(body, "timeliness"))] == [(0, Z, Z, 0, Z, Z)] * 3
    assert shown(by_id(body, "deployments_by_force")) == [
        ("total", "All forces", 0, 0, 0, 0, 0, 0, 0, 0, Z, Z)
    ]
    assert [row[3:] for row in shown(by_id(body, "complaints_per_deployment"))] == [
        (Z, Z, 0, Z, Z)
    ] * 2
    assert [note["id"] for note in body["notes"]][:4] == ["N2", "N3", "N4", "N5"]


def test_headlines_repeat_the_tables_figures(release: dict[str, Any]) -> None:
    assert [
        (h["id"], h["label"], h["format"], h["current"], h["previous"])
        for h in release["headlines"]
    ] == [
        (
            "complaints_received",
            "Complaints received",
            "count",
            {"value": 33, "symbol": None},
            {"value": 9, "symbol": None},
        ),
        (
            "open_caseload",
            "Cases open at the end of the period",
            "count",
            {"value": 42, "symbol": None},
            {"value": 10, "symbol": None},
        ),
        (
            "median_days_to_decide",
            "Median working days to a decision",
            "days",
            {"value": 61.5, "symbol": None},
            {"value": None, "symbol": C},
        ),
        (
            "deployments",
            "Live facial recognition deployments recorded",
            "count",
            {"value": 7, "symbol": None},
            {"value": 1, "symbol": None},
        ),
        (
            "false_alert_rate",
            "False alerts per 100 alerts",
            "rate",
            {"value": 29.4, "symbol": None},
            {"value": None, "symbol": "[z]"},
        ),
    ]


def test_notes_are_those_the_tables_refer_to(release: dict[str, Any]) -> None:
    assert [note["id"] for note in release["notes"]][:5] == ["N1", "N2", "N3", "N4", "N5"]
    assert release["notes"][0]["text"].startswith("Counts from 1 to 4 are shown as [c]")
    assert {table["id"]: table["notes"] for table in release["tables"][:13]} == {
        "complaints_by_force": ["N1"],
        "complaints_by_technology": [],
        "complaints_by_force_and_technology": ["N1"],
        "complaints_by_concern": ["N1", "N2"],
        "complaints_by_channel": ["N1"],
        "complaints_by_relation": ["N1"],
        "triage_outcomes": ["N1"],
        "referrals_by_body": ["N1"],
        "open_caseload_by_age": ["N1", "N5"],
        "timeliness": ["N1", "N4", "N5"],
        "findings": ["N1"],
        "deployments_by_force": ["N3", "N4"],
        "complaints_per_deployment": ["N1", "N4"],
    }
