"""How a release's figures are shown: every format and symbol, the charts drawn as SVG on
the server (their accessible name, their summary, bars in proportion, gaps for the
symbols), and the data dictionary for every table a release has."""

from __future__ import annotations

import re
from typing import Any

import pytest

from oversight.statistics import services
from oversight.statistics.outputs import charts, dictionary
from oversight.statistics.periods import parse_period

C, X, Z = "[c]", "[x]", "[z]"


def cell(value: float | None = None, symbol: str | None = None) -> dict[str, Any]:
    return {"value": value, "symbol": symbol}


def table(
    rows: list[tuple[str, dict[str, Any]]],
    *,
    total: dict[str, Any] | None = None,
    format_: str = "count",
    id_: str = "complaints_by_technology",
    chart: dict[str, int] | None = None,
) -> dict[str, Any]:
    """A one-column table in the shape of a release's content (see tables.py)."""
    body = [
        {"id": f"r{n}", "label": label, "total": False, "cells": [c]}
        for n, (label, c) in enumerate(rows)
    ]
    if total is not None:
        body.append({"id": "total", "label": "Total", "total": True, "cells": [total]})
    return {
        "id": id_,
        "number": 2,
        "title": "Complaints received by technology",
        "description": "",
        "row_heading": "Technology",
        "columns": [
            {
                "id": "current",
                "label": "July to September 2026",
                "format": format_,
                "period": "current",
            }
        ],
        "rows": body,
        "notes": [],
        "chart": {"column": 0} if chart is None else chart,
    }


TECHNOLOGY = table(
    [
        ("Live facial recognition", cell(27)),
        ("Retrospective facial recognition", cell(20)),
        ("Operator-initiated facial recognition", cell(None, C)),
        ("Other biometric technology", cell(None, X)),
        ("Technology not known", cell(0)),
    ],
    total=cell(60),
)


# ------------------------------------------------------------------ formatting


@pytest.mark.parametrize(
    "value, format_, shown",
    [
        (0, "count", "0"),
        (999, "count", "999"),
        (1234, "count", "1,234"),
        (1234567, "count", "1,234,567"),
        (12.5, "rate", "12.5"),
        (3, "rate", "3.0"),
        (1234.5, "rate", "1,234.5"),
        (4.0, "days", "4.0"),
        (0.5, "days", "0.5"),
        (83.3, "percent", "83.3%"),
        (100, "percent", "100.0%"),
        (0, "percent", "0.0%"),
    ],
)
def test_each_format_is_printed_as_the_tables_print_it(app, value, format_, shown):
    with app.test_request_context():
        assert charts.figure(cell(value), format_) == shown


@pytest.mark.parametrize("symbol", [C, X, Z])
@pytest.mark.parametrize("format_", ["count", "rate", "days", "percent"])
def test_every_symbol_is_shown_as_itself_in_every_format(app, symbol, format_):
    with app.test_request_context():
        assert charts.figure(cell(None, symbol), format_) == symbol


def test_a_value_that_is_missing_without_a_symbol_is_shown_as_not_available(app):
    with app.test_request_context():
        assert charts.figure(cell(None), "count") == X


@pytest.mark.parametrize(
    "symbol, name",
    [(C, "confidential"), (X, "not available"), (Z, "not applicable")],
)
def test_a_symbol_in_a_table_carries_its_meaning_for_screen_readers(app, symbol, name):
    with app.test_request_context():
        macros = app.jinja_env.get_template("statistics/macros.html").module
        html = str(macros.statistic(cell(None, symbol), "count")).strip()
        assert html == f'{symbol}<span class="govuk-visually-hidden"> ({name})</span>'
        assert str(macros.statistic(cell(1234), "count")).strip() == "1,234"


def test_the_symbols_key_explains_every_symbol(app):
    with app.test_request_context():
        html = str(app.jinja_env.get_template("statistics/macros.html").module.symbols_key())
    for symbol, meaning in (
        (C, "Confidential: withheld so that no one can be identified"),
        (X, "Not available"),
        (Z, "Not applicable"),
    ):
        assert f'<dt class="govuk-summary-list__key">{symbol}</dt>' in html
        assert meaning in html


# ------------------------------------------------------------------ the chart


def bars(svg: str) -> list[tuple[float, float]]:
    """(width, data-value) of every bar drawn."""
    return [
        (float(width), float(value))
        for width, value in re.findall(
            r'<rect class="app-chart__bar"[^>]* width="([\d.]+)"[^>]* data-value="([\d.]+)"', svg
        )
    ]


def drawn(app: Any, source: dict[str, Any]) -> charts.Chart:
    with app.test_request_context():
        chart = charts.bar_chart(source)
    assert chart is not None
    return chart


def test_a_table_without_a_chart_has_none(app):
    with app.test_request_context():
        assert charts.bar_chart({**TECHNOLOGY, "chart": None}) is None


def test_the_chart_is_an_image_named_by_its_title_and_summary(app):
    chart = drawn(app, TECHNOLOGY)
    svg = str(chart.svg)
    assert svg.startswith('<svg xmlns="http://www.w3.org/2000/svg" class="app-chart" role="img"')
    assert (
        'aria-labelledby="chart-complaints_by_technology-title '
        'chart-complaints_by_technology-summary"'
    ) in svg
    assert chart.title_id == "chart-complaints_by_technology-title"
    assert chart.summary_id == "chart-complaints_by_technology-summary"
    assert chart.title == (
        "Chart for table 2: Complaints received by technology, July to September 2026"
    )


def test_the_summary_says_which_row_is_highest_and_what_is_withheld(app):
    assert drawn(app, TECHNOLOGY).summary == (
        "Live facial recognition had the most complaints: 27 of 60. "
        "1 figure is withheld ([c]) so that no one can be identified. "
        "1 figure is not available ([x])."
    )


def test_the_chart_draws_no_script_no_inline_style_and_no_event_handler(app):
    svg = str(drawn(app, TECHNOLOGY).svg)
    assert "<script" not in svg
    assert not re.search(r"\s(style|on[a-z]+)=", svg)


def test_bars_are_in_proportion_to_their_values_and_leave_out_the_total(app):
    drawn_bars = bars(str(drawn(app, TECHNOLOGY).svg))
    assert [value for _, value in drawn_bars] == [27, 20, 0]
    (longest, _), (shorter, _), (zero, _) = drawn_bars
    assert longest == charts.PLOT
    assert shorter == pytest.approx(longest * 20 / 27, abs=0.01)
    assert zero == 0


def test_withheld_and_unavailable_values_are_gaps_labelled_with_their_symbol(app):
    svg = str(drawn(app, TECHNOLOGY).svg)
    assert svg.count('class="app-chart__gap"') == 2
    values = re.findall(r'<text class="app-chart__value"[^>]*>([^<]*)</text>', svg)
    assert values == ["27", "20", C, X, "0"]
    labels = re.findall(r'<text class="app-chart__label"[^>]*>([^<]*)</text>', svg)
    assert labels == [
        "Live facial recognition",
        "Retrospective facial recognition",
        "Operator-initiated facial recognition",
        "Other biometric technology",
        "Technology not known",
    ]


def test_every_bar_is_one_colour_with_enough_contrast_and_its_value_written_beside_it(app):
    svg = str(drawn(app, TECHNOLOGY).svg)
    fills = set(re.findall(r'<rect class="app-chart__bar"[^>]* fill="(#[0-9a-f]{6})"', svg))
    assert fills == {charts.BAR_COLOUR}

    def luminance(colour: str) -> float:
        channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]

    for colour in (charts.BAR_COLOUR, charts.GAP_COLOUR, charts.TEXT_COLOUR):
        assert (1.05) / (luminance(colour) + 0.05) >= 3, colour  # against white
    assert (1.05) / (luminance(charts.TEXT_COLOUR) + 0.05) >= 4.5


def test_labels_are_escaped(app):
    chart = drawn(app, table([("<b>Force & co</b>", cell(5))], total=cell(5)))
    assert "&lt;b&gt;Force &amp; co&lt;/b&gt;" in str(chart.svg)
    assert "<b>" not in str(chart.svg)


def test_the_chart_grows_with_its_rows(app):
    short = drawn(app, table([("A", cell(5))], total=cell(5)))
    long = drawn(app, table([("A", cell(5)), ("B", cell(6))], total=cell(11)))
    heights = [
        int(re.search(r'height="(\d+)"', str(chart.svg)).group(1)) for chart in (short, long)
    ]
    assert heights[1] - heights[0] == charts.ROW
    assert f'viewBox="0 0 {charts.WIDTH} {heights[1]}"' in str(long.svg)


@pytest.mark.parametrize(
    "rows, total, summary",
    [
        (
            [("Online", cell(5)), ("Email", cell(5)), ("Post", cell(0))],
            cell(10),
            "Online and Email had the most complaints: 5 each, of 10.",
        ),
        (
            [("Online", cell(12)), ("Email", cell(None, C)), ("Post", cell(None, C))],
            cell(None, C),
            "Online had the most complaints: 12. "
            "2 figures are withheld ([c]) so that no one can be identified.",
        ),
        ([("Online", cell(0)), ("Email", cell(0))], cell(0), "There were no complaints."),
        (
            [("Online", cell(None, C)), ("Email", cell(None, Z))],
            None,
            "No figure in this chart can be shown. "
            "1 figure is withheld ([c]) so that no one can be identified. "
            "1 figure is not applicable ([z]).",
        ),
    ],
)
def test_the_summary_reads_well_for_ties_withheld_totals_zeros_and_gaps(app, rows, total, summary):
    assert drawn(app, table(rows, total=total)).summary == summary


def test_a_rate_chart_says_which_force_has_the_highest_rate(app):
    source = table(
        [("Metropolitan Police Service", cell(2.5)), ("South Wales Police", cell(7.1))],
        format_="rate",
        id_="complaints_per_deployment",
    )
    source["columns"][0]["id"] = "current_per_100"
    assert drawn(app, source).summary == (
        "South Wales Police had the highest rate: 7.1 complaints per 100 deployments."
    )


def test_a_timeliness_chart_says_which_step_took_longest(app):
    source = table(
        [("Acknowledged", cell(1.0)), ("Decision issued", cell(34.5))],
        format_="days",
        id_="timeliness",
    )
    source["columns"][0]["id"] = "current_median"
    assert drawn(app, source).summary == (
        "Decision issued took the longest: 34.5 median working days."
    )


# ------------------------------------------------------------------ the dictionary


@pytest.mark.parametrize(
    "column, key",
    [
        ("current", ""),
        ("previous", ""),
        ("current_median", "median"),
        ("previous_within", "within"),
        ("alerts_current", "alerts"),
        ("false_alert_rate_previous", "false_alert_rate"),
        ("lfr", ""),
        ("total", ""),
    ],
)
def test_a_column_is_described_by_its_measure_less_its_period(column, key):
    assert dictionary.measure_key(column) == key


def test_the_dictionary_has_an_entry_for_every_table_and_measure_of_a_release(app, db):
    with app.test_request_context():
        content = services.compute(parse_period("2026-Q3"))
        assert {t["id"] for t in content["tables"]} == set(dictionary.ENTRIES)
        for source in content["tables"]:
            entry = dictionary.ENTRIES[source["id"]]
            keys = {dictionary.measure_key(c["id"]) for c in source["columns"]}
            assert keys <= set(entry.measures), source["id"]
            described = dictionary.describe(source)
            assert len(described.columns) == len(source["columns"])
            for column in described.columns:
                assert column.counts and column.unit and column.source
            if source["chart"]:
                column = source["columns"][source["chart"]["column"]]
                assert dictionary.chart_measure(source["id"], column["id"]), source["id"]
