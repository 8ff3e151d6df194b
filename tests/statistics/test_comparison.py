"""Truthful columns (issue 14.3): the comparison never overlaps the period; a count for a
time before the register held records of its kind is [x] with a note, not 0; rates keep
two significant figures wherever they are shown; a "1 in N" figure reads as forces write it.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from oversight import formatting
from oversight.statistics import services
from oversight.statistics.compute import disclosure as dc
from oversight.statistics.compute.tables import one_in
from oversight.statistics.outputs import charts, spreadsheet
from oversight.statistics.periods import calendar_year, custom, financial_year, quarter
from tests.factories import make_complaint, make_deployment
from tests.statistics.releases import address, open_workbook, publish

X, FEW = dc.NOT_AVAILABLE, settings(max_examples=60, deadline=None)


def cell(value: int) -> dict[str, Any]:
    return {"value": value, "symbol": None}


def table(content: Any, table_id: str) -> Any:
    return next(t for t in content["tables"] if t["id"] == table_id)


def previous_cells(found: Any) -> list[Any]:
    columns = [i for i, c in enumerate(found["columns"]) if c["period"] == "previous"]
    return [row["cells"][i] for row in found["rows"] for i in columns]


def total_row(found: Any) -> list[Any]:
    return next(r["cells"] for r in found["rows"] if r["id"] == "total")


# The comparison period ----------------------------------------------------------------------


@st.composite
def periods(draw: Any) -> Any:
    year = draw(st.integers(2001, 2098))
    kind = draw(st.sampled_from(["quarter", "year", "financial", "custom"]))
    if kind == "quarter":
        return quarter(year, draw(st.integers(1, 4)))
    if kind == "year":
        return calendar_year(year)
    if kind == "financial":
        return financial_year(year)
    start = date(year, 1, 1) + timedelta(days=draw(st.integers(0, 365)))
    return custom(start, start + timedelta(days=draw(st.integers(0, 5 * 365 - 2))))


@FEW
@given(periods())
def test_the_comparison_never_overlaps_the_period(period):
    before = period.comparison()
    assert before.end < period.start
    if period.standard or before == period.year_before():
        assert before == period.year_before()  # the same days a year before
    else:  # longer than a year: the same length, ending the day before it starts
        assert period.days > 365
        assert (before.days, before.end) == (period.days, period.start - timedelta(days=1))


@pytest.mark.parametrize(
    ("start", "end", "first", "last"),
    [
        (date(2026, 1, 5), date(2026, 2, 20), date(2025, 1, 5), date(2025, 2, 20)),
        (date(2025, 1, 1), date(2025, 12, 31), date(2024, 1, 1), date(2024, 12, 31)),
        # 366 days: a year before would share 1 January 2025, so the 366 days before it.
        (date(2025, 1, 1), date(2026, 1, 1), date(2024, 1, 1), date(2024, 12, 31)),
        # 13 months: a year before would count September 2025 twice.
        (date(2025, 9, 1), date(2026, 9, 30), date(2024, 8, 2), date(2025, 8, 31)),
    ],
)
def test_given_dates_are_compared_with_a_period_that_does_not_overlap(start, end, first, last):
    before = custom(start, end).comparison()
    assert (before.start, before.end) == (first, last)


def test_a_release_for_thirteen_months_counts_no_complaint_in_both_columns(db, statistician):
    for n in range(6):
        make_complaint(received_at=datetime(2024, 8, 10, 10 + n, tzinfo=UTC))
    for n in range(7):
        make_complaint(received_at=datetime(2025, 9, 10, 10 + n, tzinfo=UTC))
    for n in range(5):
        make_complaint(received_at=datetime(2026, 3, 10, 10 + n, tzinfo=UTC))
    db.session.commit()
    release = services.prepare(custom(date(2025, 9, 1), date(2026, 9, 30)), statistician)
    content = release.content
    assert (content["comparison"]["start"], content["comparison"]["end"]) == (
        "2024-08-02",
        "2025-08-31",
    )
    # September 2025's 7 are counted once, in the period; a year before would add them again.
    assert total_row(table(content, "complaints_by_force")) == [cell(12), cell(6)]


# Counts of a time before the register held records -----------------------------------------


@pytest.fixture(name="first_quarter")
def first_quarter_fixture(db) -> None:
    """The register's first records: complaints from 12 May 2026, a deployment 14 June."""
    for n in range(6):
        make_complaint(received_at=datetime(2026, 5, 12, 10 + n, tzinfo=UTC))
    make_deployment(deployed_on="2026-06-14")
    db.session.commit()


def test_a_year_before_the_first_records_is_not_known_rather_than_zero(
    db, first_quarter, statistician
):
    content = services.prepare(quarter(2026, 2), statistician).content
    compared = [found for found in content["tables"] if previous_cells(found)]
    # Every table but the cross-tabulation of force and technology sets the year before
    # beside the period (tables 14 to 22 too), but for one of this period only.
    assert [t["id"] for t in content["tables"] if t not in compared] == [
        "complaints_by_force_and_technology"
    ]
    for found in compared:
        assert {c["symbol"] for c in previous_cells(found)} == {X}, found["id"]
        assert {c["value"] for c in previous_cells(found)} == {None}
        if found["id"] == "usage_returns":  # the forces' own returns: [x] is "none sent"
            assert "X1" not in found["notes"]
        else:
            assert "X1" in found["notes"], found["id"]
    assert total_row(table(content, "complaints_by_force"))[0] == cell(6)
    assert all(headline["previous"]["symbol"] == X for headline in content["headlines"])
    [note] = [n for n in content["notes"] if n["id"] == "X1"]
    assert "complaints from 12 May 2026; deployment records from 14 June 2026" in note["text"]
    assert "not shown as 0" in note["text"]


def test_only_the_tables_of_a_kind_of_record_not_yet_held_are_not_known(
    db, first_quarter, statistician
):
    for day in range(10, 15):  # complaints go back; five, so no small count hides the 0s
        make_complaint(received_at=datetime(2025, 4, day, 10, tzinfo=UTC))
    db.session.commit()
    content = services.prepare(quarter(2026, 2), statistician).content
    channels = table(content, "complaints_by_channel")
    assert X not in {c["symbol"] for c in previous_cells(channels)}
    assert 0 in {c["value"] for c in previous_cells(channels)}  # a true 0 stays 0
    assert "X1" not in channels["notes"]
    for mixed in (
        "deployments_by_force",
        "complaints_per_deployment",
        "lfr_use_by_force",
        "watchlist_sizes",
        "forces_compared",
    ):
        assert {c["symbol"] for c in previous_cells(table(content, mixed))} == {X}, mixed
        assert "X1" in table(content, mixed)["notes"]
    for cases in ("decision_time", "reviews", "recommendations", "outcomes_by_force"):
        assert X not in {c["symbol"] for c in previous_cells(table(content, cases))}, cases
        assert "X1" not in table(content, cases)["notes"]
    [note] = [n for n in content["notes"] if n["id"] == "X1"]
    assert "complaints from 10 April 2025" in note["text"]


# Significant figures ------------------------------------------------------------------------


@FEW
@given(st.integers(1, 10**6), st.integers(1, 10**8), st.sampled_from([100, 1_000_000]))
def test_a_rate_keeps_two_significant_figures_and_is_written_with_them(app, top, bottom, per):
    shown = dc.rate(cell(top), bottom, per, base=dc.MINIMUM_BASE)
    exact = top * per / bottom
    value = shown["value"]
    assert value is not None
    assert abs(value - exact) <= 0.05 * exact  # two significant figures: within 5%
    with app.test_request_context():
        written = formatting.rate(value)
    digits = re.sub(r"[^0-9]", "", written).lstrip("0")
    assert len(digits) >= 2, written
    assert float(written.replace(",", "")) == pytest.approx(value)


@pytest.mark.parametrize(
    ("value", "written", "percent"),
    [
        (0.48, "0.48", "0.48%"),
        (0.1, "0.10", "0.10%"),
        (12.5, "12.5", "12.5%"),
        (0.0012, "0.0012", "0.0012%"),
        (1234.5, "1,234.5", "1,234.5%"),
        (0.0, "0.0", "0.0%"),
    ],
)
def test_rates_and_percentages_are_written_with_their_figures(db, value, written, percent):
    assert charts.figure(cell(value), "rate") == written  # pages and charts
    assert charts.figure(cell(value), "percent") == percent
    shown_as = spreadsheet.number_format("rate", value)
    assert shown_as == "#,##0." + "0" * (len(written.split(".")[1]))


def test_ten_false_alerts_in_2077_alerts_read_0_48_on_the_page_the_sheet_and_the_csv(
    client, db, statistician, publisher
):
    for n in range(6):
        make_complaint(received_at=datetime(2026, 5, 12, 10 + n, tzinfo=UTC))
    make_deployment(
        deployed_on="2026-06-14", alerts="2,077", true_alerts="2,067", false_alerts="10"
    )
    db.session.commit()
    release = publish(db, statistician, publisher, "2026-Q2")
    found = table(release.content, "deployments_by_force")
    column = [c["id"] for c in found["columns"]].index("false_alert_rate_current")
    assert total_row(found)[column] == {"value": 0.48, "symbol": None}

    page = client.get("/statistics/2026-q2").get_data(as_text=True)
    assert re.search(r"govuk-table__cell--numeric\">0\.48<", page)

    book = open_workbook(client.get(address("2026-q2", 1, "xlsx")))
    sheet = book[spreadsheet.sheet_name(found)]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == 0.48]
    assert cells and {c.number_format for c in cells} == {"#,##0.00"}

    body = client.get(address("2026-q2", 1, "csv")).get_data().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(body, newline="")))
    [rate] = [
        r
        for r in rows
        if r["table_id"] == "deployments_by_force"
        and r["row_id"] == "total"
        and r["column_id"] == "false_alert_rate_current"
    ]
    assert (rate["value"], rate["measure"]) == ("0.48", "rate")


# One in N -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("false_alerts", "faces", "value", "written"),
    [
        (10, 330_000, 33_000, "1 in 33,000"),
        (10, 2_077, 210, "1 in 210"),
        (11, 33_333, 3_000, "1 in 3,000"),
        (12, 50, 4.2, "1 in 4.2"),
    ],
)
def test_one_in_n_is_given_to_two_significant_figures(db, false_alerts, faces, value, written):
    found = one_in(cell(false_alerts), faces)
    assert found == {"value": value, "symbol": None}
    assert charts.figure(found, "one_in") == written
    assert formatting.one_in(value) == written
    assert spreadsheet.number_format("one_in", value) == (
        '"1 in "#,##0' if value >= 10 else '"1 in "0.0'
    )


@pytest.mark.parametrize(
    ("numerator", "faces", "symbol"),
    [
        (cell(0), 10_000, dc.NOT_APPLICABLE),  # no false alert: one in no number
        (cell(10), 0, dc.NOT_APPLICABLE),
        (cell(10), None, dc.NOT_AVAILABLE),
        (cell(3), 10_000, dc.SUPPRESSED),  # fewer than 10: as a rate would be
        ({"value": None, "symbol": dc.SUPPRESSED}, 10_000, dc.SUPPRESSED),
    ],
)
def test_one_in_n_follows_the_rules_of_a_rate(db, numerator, faces, symbol):
    assert one_in(numerator, faces) == {"value": None, "symbol": symbol}
