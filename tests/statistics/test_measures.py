"""The further measures about the forces' use, worked out by hand from the register of
tests/statistics/measures_data.py (April to June 2026, with the same quarter of 2025 beside
it), on both databases."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from openpyxl import load_workbook

from oversight.statistics.compute.measures import one_in, significant
from oversight.statistics.outputs import charts, dictionary, json_schema
from oversight.statistics.periods import parse_period
from oversight.statistics.services import compute
from tests.statistics.data import C, X, Z
from tests.statistics.measures_data import build_register
from tests.statistics.register import by_id, shown
from tests.statistics.releases import publish

ESSEX, KENT = ("essex", "Essex Police"), ("kent", "Kent Police")
HAMPSHIRE = ("hampshire", "Hampshire and Isle of Wight Constabulary")
MET, SOUTH_WALES = (
    ("metropolitan", "Metropolitan Police Service"),
    ("south-wales", "South Wales Police"),
)
ALL = ("total", "All forces")


@pytest.fixture(name="body")
def body_fixture(db: Any) -> dict[str, Any]:
    build_register()
    return compute(parse_period("2026-Q2"))


def test_the_further_tables_follow_the_first_ones_in_order(body):
    assert [(t["number"], t["id"]) for t in body["tables"][13:]] == [
        (14, "lfr_use_by_force"),
        (15, "watchlist_sizes"),
        (16, "usage_returns"),
        (17, "findings_by_concern"),
        (18, "decision_time"),
        (19, "outcomes_by_force"),
        (20, "reviews"),
        (21, "recommendations"),
        (22, "forces_compared"),
    ]


def test_false_alerts_per_faces_seen_engagements_and_arrests_by_force(body):
    table = by_id(body, "lfr_use_by_force")
    measures = [
        "deployments",
        "faces_for_rate",
        "false_for_rate",
        "false_per_100000",
        "faces_per_false_alert",
        "engagements",
        "arrests",
        "arrests_per_deployment",
    ]
    # Every figure is a count or a rate, so each has the same quarter of 2025 beside it.
    assert [c["id"] for c in table["columns"]] == [
        f"{measure}_{period}" for measure in measures for period in ("current", "previous")
    ]
    assert [c["period"] for c in table["columns"]] == ["current", "previous"] * 8
    assert table["columns"][1]["label"] == "Deployments, April to June 2025"
    # 2026: Essex: 2 false alerts in 21,000 faces: 9.5 per 100,000, 1 in 10,500 (11,000
    # to two figures); 1 arrest over 2 deployments that recorded them. The Met's one
    # deployment recorded neither faces nor false alerts. South Wales: the deployment of 20
    # June recorded no faces, so 3 false alerts in 60,000 faces: 5.0, 1 in 20,000; 3
    # arrests over the 3 deployments that recorded them; engagements 5 + 3 + 2. All: 5 in
    # 81,000 is 6.17 (6.2), 1 in 16,200 (16,000); 4 arrests over 5 deployments.
    # 2025: Essex: 2 in 50,000 (4.0, 1 in 25,000), 2 arrests in 1 deployment. Hampshire:
    # no false alert in 20,000 faces (0.0; 1 in no number, [z]). The Met: 4 in 130,000
    # (3.08, 3.1; 1 in 32,500, 33,000), 5 arrests over the 1 deployment recording them;
    # South Wales deployed nothing. All: 6 in 200,000 (3.0, 1 in 33,333: 33,000), 16
    # engagements, 8 arrests over 3 deployments (2.67, 2.7). A force with no deployment
    # in a quarter recorded nothing ([x]) and has nothing to divide ([z]).
    assert shown(table) == [
        (*ESSEX, 2, 1, 21_000, 50_000, 2, 2, 9.5, 4.0, 11_000, 25_000, 3, 4, 1, 2, 0.5, 2.0),
        (*HAMPSHIRE, 0, 1, X, 20_000, X, 0, Z, 0.0, Z, Z, X, 2, X, 1, X, 1.0),
        (*MET, 1, 2, X, 130_000, X, 4, X, 3.1, X, 33_000, X, 10, X, 5, X, 5.0),
        (*SOUTH_WALES, 4, 0, 60_000, X, 3, X, 5.0, Z, 20_000, Z, 10, X, 3, X, 1.0, X),
        (*ALL, 7, 4, 81_000, 200_000, 5, 6, 6.2, 3.0, 16_000, 33_000, 13, 16, 4, 8, 0.8, 2.7),
    ]
    assert table["notes"] == ["N3", "N6"]
    assert table["chart"] == {"column": 6}  # the false alerts per 100,000 of the period


def test_watchlist_sizes_by_force(body):
    # 2026: South Wales: 1,000, 2,000 and 4,000 (20 June recorded none); all six recorded:
    # 500, 700, 1,000, 2,000, 4,000, 10,000, so the median is 1,500. 2025: the Met's 6,000
    # and 8,000 (median 7,000); all four, 400, 1,200, 6,000, 8,000: median 3,600. The
    # smallest and largest are the quarter's own spread: no year before (note N9).
    table = by_id(body, "watchlist_sizes")
    assert [(c["id"], c["period"]) for c in table["columns"]] == [
        ("known_current", "current"),
        ("known_previous", "previous"),
        ("median_current", "current"),
        ("median_previous", "previous"),
        ("smallest_current", "current"),
        ("largest_current", "current"),
    ]
    assert shown(table) == [
        (*ESSEX, 2, 1, 600, 400, 500, 700),
        (*HAMPSHIRE, 0, 1, X, 1_200, X, X),
        (*MET, 1, 2, 10_000, 7_000, 10_000, 10_000),
        (*SOUTH_WALES, 3, 0, 2_000, X, 1_000, 4_000),
        (*ALL, 6, 4, 1_500, 3_600, 500, 10_000),
    ]
    assert table["notes"] == ["N3", "N9"]
    assert table["chart"] == {"column": 2}
    [note] = [n["text"] for n in body["notes"] if n["id"] == "N9"]
    assert "no year before is set beside them" in note


def test_usage_returns_count_in_the_period_they_end_in_with_a_force_with_no_deployment(body):
    # Kent's return for January to April counts; its May to July one, and Thames Valley's
    # for March, do not. South Wales sent no possible matches for its OIFR searches. A
    # year before: South Wales's RFR return for the quarter, Kent's OIFR one ending in May.
    table = by_id(body, "usage_returns")
    assert [c["id"] for c in table["columns"]] == [
        f"{tech}_{what}_{period}"
        for tech in ("rfr", "oifr")
        for what in ("searches", "matches")
        for period in ("current", "previous")
    ]
    assert shown(table) == [
        (*KENT, 500, X, 20, X, X, 30, X, 3),
        (*SOUTH_WALES, 1_420, 1_000, 310, 200, 40, X, X, X),
        (*ALL, 1_920, 1_000, 330, 200, 40, 30, X, 3),
    ]


def test_forces_are_compared_by_name_with_complaints_withheld_as_by_force(body):
    # Complaints: Essex 2 ([c]), the Met 10, South Wales 5 and force not known 0 (below 6,
    # withheld with it, as in table 1, so force not known has a row here too); Kent sent a
    # usage return and deployed nothing, so nothing to divide by ([z]).
    # A year before: the Met's 12 received on 1 April 2025 and South Wales's 5 of 1 May
    # (its 5 of March are the quarter before); Hampshire deployed once.
    assert shown(by_id(body, "complaints_by_force"))[:3] == [
        (*ESSEX, C, 0),
        (*MET, 10, 12),
        (*SOUTH_WALES, C, 5),
    ]
    table = by_id(body, "forces_compared")
    assert [c["id"] for c in table["columns"]] == [
        f"{measure}_{period}"
        for measure in ("complaints", "deployments", "false_per_100000", "searches")
        for period in ("current", "previous")
    ]
    assert shown(table) == [
        (*ESSEX, C, 0, 2, 1, 9.5, 4.0, X, X),
        (*HAMPSHIRE, 0, 0, 0, 1, Z, 0.0, X, X),
        (*KENT, 0, 0, 0, 0, Z, Z, 500, 30),
        (*MET, 10, 12, 1, 2, X, 3.1, X, X),
        (*SOUTH_WALES, C, 5, 4, 0, 5.0, Z, 1_460, 1_000),
        ("not_known", "Force not known", C, 0, 0, 0, Z, Z, X, X),
        (*ALL, 17, 17, 7, 4, 6.2, 3.0, 1_960, 1_030),
    ]
    names = [row["label"] for row in table["rows"] if not row["total"]][:-1]
    assert names == sorted(names)  # by name, force not known last
    assert table["notes"] == ["N1", "N3", "N8"]
    assert table["chart"] == {"column": 2}


def test_an_empty_register_gives_only_totals_with_nothing_recorded(db):
    body = compute(parse_period("2026-Q2"))
    assert shown(by_id(body, "lfr_use_by_force")) == [
        (*ALL, 0, 0, X, X, X, X, Z, Z, Z, Z, X, X, X, X, X, X)
    ]
    assert shown(by_id(body, "watchlist_sizes")) == [(*ALL, 0, 0, X, X, X, X)]
    assert shown(by_id(body, "usage_returns")) == [(*ALL, X, X, X, X, X, X, X, X)]
    assert shown(by_id(body, "forces_compared")) == [(*ALL, 0, 0, 0, 0, Z, Z, X, X)]


@pytest.mark.parametrize(
    "value, expected",
    [(0.066666, 0.067), (6.25, 6.3), (9.5238, 9.5), (123.45, 123.5), (0.0, 0.0), (10.0, 10.0)],
)
def test_rates_keep_two_significant_figures(value, expected):
    assert significant(value) == expected


@pytest.mark.parametrize(
    "faces, false_alerts, expected",
    [
        (21_000, 2, {"value": 11_000, "symbol": None}),
        (33_333, 1, {"value": 33_000, "symbol": None}),
        (95, 1, {"value": 95, "symbol": None}),
        (7, 2, {"value": 3.5, "symbol": None}),
        (1_000, 0, {"value": None, "symbol": Z}),
    ],
)
def test_one_in_n_is_given_to_two_significant_figures(faces, false_alerts, expected):
    assert one_in(faces, false_alerts) == expected


FURTHER = [
    "lfr_use_by_force",
    "watchlist_sizes",
    "usage_returns",
    "findings_by_concern",
    "decision_time",
    "outcomes_by_force",
    "reviews",
    "recommendations",
    "forces_compared",
]


def test_the_downloads_carry_the_further_tables(client, db, statistician, publisher):
    build_register()
    release = publish(db, statistician, publisher)
    base = f"/statistics/{release.slug}/revisions/{release.revision}/statistics"
    rows = list(csv.DictReader(io.StringIO(client.get(f"{base}.csv").get_data(as_text=True))))
    for table in release.content["tables"][13:]:
        mine = [row for row in rows if row["table_id"] == table["id"]]
        assert len(mine) == len(table["rows"]) * len(table["columns"]), table["id"]
    essex = next(
        row
        for row in rows
        if (row["table_id"], row["row_id"], row["column_id"])
        == ("lfr_use_by_force", "essex", "faces_per_false_alert_current")
    )
    assert (essex["value"], essex["symbol"], essex["measure"]) == ("11000", "", "one_in")
    # The year before is a row of its own, its period named as the comparison's.
    before = next(
        row
        for row in rows
        if (row["table_id"], row["row_id"], row["column_id"])
        == ("lfr_use_by_force", "essex", "faces_per_false_alert_previous")
    )
    assert (before["value"], before["period"], before["period_label"]) == (
        "25000",
        "previous",
        "April to June 2025",
    )
    reviews = {r["row_id"]: r["value"] for r in rows if r["column_id"] == "previous"}
    assert reviews["requested"] == "11"
    book = load_workbook(io.BytesIO(client.get(f"{base}.xlsx").get_data()))
    assert [f"Table_{n}" for n in range(14, 23)] == book.sheetnames[-9:]
    headings = {c.value for row in book["Table_14"].iter_rows() for c in row}
    assert "Deployments, April to June 2025 (number)" in headings
    body = json.loads(client.get(f"{base}.json").get_data())
    assert [t["id"] for t in body["content"]["tables"][13:]] == FURTHER
    schema = {
        "components": {"schemas": json_schema.schemas()},
        "$ref": "#/components/schemas/StatisticsContent",
    }
    Draft202012Validator(schema).validate(body["content"])
    with client.application.test_request_context():
        descriptions = dictionary.describe_release(release.content)
    assert [d.id for d in descriptions][13:] == FURTHER
    # Each year before is described as the measure beside it is.
    for described, table in zip(descriptions[13:], release.content["tables"][13:], strict=True):
        for column, entry in zip(table["columns"], described.columns, strict=True):
            if column["period"] == "previous":
                now = table["columns"].index(
                    next(
                        c
                        for c in table["columns"]
                        if c["period"] == "current"
                        and dictionary.measure_key(c["id"]) == dictionary.measure_key(column["id"])
                    )
                )
                assert (entry.counts, entry.unit) == (
                    described.columns[now].counts,
                    described.columns[now].unit,
                ), (table["id"], column["id"])
                assert entry.counts != table["description"], (table["id"], column["id"])


@pytest.mark.parametrize(
    "value, format_, printed",
    [
        (0.067, "rate", "0.067"),
        (6.2, "rate", "6.2"),
        (16_000, "count", "16,000"),
        (64.3, "days", "64.3"),
    ],
)
def test_rates_are_printed_with_every_figure_they_keep(app, value, format_, printed):
    with app.test_request_context():
        assert charts.figure({"value": value, "symbol": None}, format_) == printed
