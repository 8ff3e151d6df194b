"""The further measures about the forces' use, worked out by hand from the register of
tests/statistics/measures_data.py (April to June 2026), on both databases."""

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
    assert [c["id"] for c in table["columns"]] == [
        "deployments_current",
        "faces_for_rate_current",
        "false_for_rate_current",
        "false_per_100000_current",
        "faces_per_false_alert_current",
        "engagements_current",
        "arrests_current",
        "arrests_per_deployment_current",
    ]
    # Essex: 2 false alerts in 21,000 faces: 9.5 per 100,000, 1 in 10,500 (11,000 to two
    # figures); 1 arrest over 2 deployments that recorded them. The Met's one deployment
    # recorded neither faces nor false alerts. South Wales: the deployment of 20 June
    # recorded no faces, so 3 false alerts in 60,000 faces: 5.0, 1 in 20,000; 3 arrests
    # over the 3 deployments that recorded them; engagements 5 + 3 + 2. All: 5 in 81,000
    # is 6.17 (6.2), 1 in 16,200 (16,000); 4 arrests over 5 deployments.
    assert shown(table) == [
        (*ESSEX, 2, 21_000, 2, 9.5, 11_000, 3, 1, 0.5),
        (*MET, 1, X, X, X, X, X, X, X),
        (*SOUTH_WALES, 4, 60_000, 3, 5.0, 20_000, 10, 3, 1.0),
        (*ALL, 7, 81_000, 5, 6.2, 16_000, 13, 4, 0.8),
    ]
    assert table["notes"] == ["N3", "N6"]


def test_watchlist_sizes_by_force(body):
    # South Wales: 1,000, 2,000 and 4,000 (20 June recorded none); all six recorded:
    # 500, 700, 1,000, 2,000, 4,000, 10,000, so the median is 1,500.
    assert shown(by_id(body, "watchlist_sizes")) == [
        (*ESSEX, 2, 600, 500, 700),
        (*MET, 1, 10_000, 10_000, 10_000),
        (*SOUTH_WALES, 3, 2_000, 1_000, 4_000),
        (*ALL, 6, 1_500, 500, 10_000),
    ]


def test_usage_returns_count_in_the_period_they_end_in_with_a_force_with_no_deployment(body):
    # Kent's return for January to April counts; its May to July one, and Thames Valley's
    # for March, do not. South Wales sent no possible matches for its OIFR searches.
    assert shown(by_id(body, "usage_returns")) == [
        (*KENT, 500, 20, X, X),
        (*SOUTH_WALES, 1_420, 310, 40, X),
        (*ALL, 1_920, 330, 40, X),
    ]


def test_forces_are_compared_by_name_with_complaints_withheld_as_by_force(body):
    # Complaints: Essex 2 ([c]), the Met 10, South Wales 5 and force not known 0 (below 6,
    # withheld with it, as in table 1, so force not known has a row here too); Kent sent a
    # usage return and deployed nothing, so nothing to divide by ([z]). The register held
    # no complaints a year before, so table 1's comparison is not known ([x]).
    assert shown(by_id(body, "complaints_by_force"))[:3] == [
        (*ESSEX, C, X),
        (*MET, 10, X),
        (*SOUTH_WALES, C, X),
    ]
    table = by_id(body, "forces_compared")
    assert shown(table) == [
        (*ESSEX, C, 2, 9.5, X),
        (*KENT, 0, 0, Z, 500),
        (*MET, 10, 1, X, X),
        (*SOUTH_WALES, C, 4, 5.0, 1_460),
        ("not_known", "Force not known", C, 0, Z, X),
        (*ALL, 17, 7, 6.2, 1_960),
    ]
    names = [row["label"] for row in table["rows"] if not row["total"]][:-1]
    assert names == sorted(names)  # by name, force not known last
    assert table["notes"] == ["N1", "N3", "N8"]


def test_an_empty_register_gives_only_totals_with_nothing_recorded(db):
    body = compute(parse_period("2026-Q2"))
    assert shown(by_id(body, "lfr_use_by_force")) == [(*ALL, 0, X, X, Z, Z, X, X, X)]
    assert shown(by_id(body, "watchlist_sizes")) == [(*ALL, 0, X, X, X)]
    assert shown(by_id(body, "usage_returns")) == [(*ALL, X, X, X, X)]
    assert shown(by_id(body, "forces_compared")) == [(*ALL, 0, 0, Z, X)]


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
    book = load_workbook(io.BytesIO(client.get(f"{base}.xlsx").get_data()))
    assert [f"Table_{n}" for n in range(14, 23)] == book.sheetnames[-9:]
    body = json.loads(client.get(f"{base}.json").get_data())
    assert [t["id"] for t in body["content"]["tables"][13:]] == FURTHER
    schema = {
        "components": {"schemas": json_schema.schemas()},
        "$ref": "#/components/schemas/StatisticsContent",
    }
    Draft202012Validator(schema).validate(body["content"])
    with client.application.test_request_context():
        described = [d.id for d in dictionary.describe_release(release.content)]
    assert described[13:] == FURTHER


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
