"""The public trends page: every published release's main figures, period after period,
each with its chart and table; and the forces compared, sorted only by a column with no
withheld count."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Any

import pytest

from oversight.statistics.outputs import trends
from tests.factories import make_complaint, make_deployment
from tests.statistics.measures_data import build_register
from tests.statistics.releases import publish

PAGE = "/statistics/trends"


def _rows(html: str, table_id: str) -> list[list[str]]:
    """A table's body as text: each row's heading, then its cells (symbols as shown)."""
    body = html.split(f'id="{table_id}"', 1)[1].split("</table>", 1)[0].split("<tbody", 1)[1]
    found = []
    for row in re.findall(r"<tr.*?</tr>", body, re.S):
        cells = re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        found.append([re.sub(r"<span.*?</span>|<[^>]+>", "", c).strip() for c in cells])
    return found


def test_before_anything_is_published_the_page_says_so(client, db):
    page = client.get(PAGE)
    assert page.status_code == 200
    assert "No statistics have been published yet." in page.get_data(as_text=True)


def test_the_list_of_releases_links_to_the_trends(client, db):
    listing = client.get("/statistics").get_data(as_text=True)
    found = re.search(r'id="trends-link" href="([^"]+)"', listing)
    assert found and found[1] == PAGE


@pytest.fixture(name="two_quarters")
def two_quarters_fixture(db, statistician, publisher) -> None:
    """Q1 2026: 6 complaints and 2 deployments; Q2: the register of measures_data.py."""
    for day in range(6):
        make_complaint(received_at=datetime(2026, 2, 2 + day, 10, tzinfo=UTC), force="metropolitan")
    make_deployment(deployed_on="2026-03-14", force_reference="Q1-1")
    make_deployment(deployed_on="2026-03-15", force_reference="Q1-2")
    build_register()
    publish(db, statistician, publisher, period="2026-Q1")
    publish(db, statistician, publisher, period="2026-Q2")


def test_the_trend_puts_every_published_quarter_side_by_side_oldest_first(client, two_quarters):
    html = client.get(PAGE).get_data(as_text=True)
    # Q1: the Met's 6 complaints and South Wales's 5 of 2 March, all open at its end, none
    # decided; the factory's 2 deployments (24,310 faces, 2 false alerts and 2 arrests
    # each) and South Wales's of 31 March (9,000 faces, 9 false alerts, 9 arrests): 13
    # false alerts in 57,620 faces is 22.6 per 100,000; Thames Valley's return, 77
    # searches. Q2 as test_measures.py has it, with 13 cases open at its end (the Met's 6
    # of February, South Wales's 5 decided on time and Essex's 2).
    assert _rows(html, "table-trend-quarter") == [
        ["January to March 2026", "11", "11", "[z]", "3", "22.6", "13", "77"],
        ["April to June 2026", "17", "13", "9.0", "7", "6.2", "4", "1,960"],
    ]
    charts = re.findall(r'<svg[^>]*aria-labelledby="([^"]+)"', html)
    assert len(charts) == len(trends.MEASURES)
    assert 'id="chart-trend-quarter-complaints-title"' in html


def test_the_forces_compared_sort_only_by_a_column_with_nothing_withheld(client, two_quarters):
    html = client.get(PAGE).get_data(as_text=True)
    by_name = [row[0] for row in _rows(html, "compared-forces_compared")]
    assert by_name == [
        "Essex Police",
        "Hampshire and Isle of Wight Constabulary",  # deployed a year before
        "Kent Police",
        "Metropolitan Police Service",
        "South Wales Police",
        "Force not known",
        "All forces",
    ]
    links = re.findall(r'href="/statistics/trends\?sort=([a-z0-9_]+)', html)
    # Complaints hold a [c] (Essex, South Wales, force not known): no order by them; a
    # year before's column may put them in order when nothing in it is withheld.
    assert links == [
        "complaints_previous",
        "deployments_current",
        "deployments_previous",
        "false_per_100000_current",
        "false_per_100000_previous",
        "searches_current",
        "searches_previous",
    ]
    html = client.get(f"{PAGE}?sort=deployments_current").get_data(as_text=True)
    assert [row[0] for row in _rows(html, "compared-forces_compared")] == [
        "South Wales Police",
        "Essex Police",
        "Metropolitan Police Service",
        "Force not known",  # no deployments, as Hampshire and Kent: then by name
        "Hampshire and Isle of Wight Constabulary",
        "Kent Police",
        "All forces",
    ]
    for refused in ("complaints_current", "nonsense", "<script>"):
        page = client.get(PAGE, query_string={"sort": refused})
        assert page.status_code == 200
        assert [
            row[0] for row in _rows(page.get_data(as_text=True), "compared-forces_compared")
        ] == by_name


def test_sorting_puts_figures_not_available_last(app):
    table: Any = {
        "columns": [{"id": "a_current"}],
        "rows": [
            {"label": "B", "total": False, "cells": [{"value": None, "symbol": "[x]"}]},
            {"label": "A", "total": False, "cells": [{"value": 3, "symbol": None}]},
            {"label": "C", "total": False, "cells": [{"value": 9, "symbol": None}]},
            {"label": "All", "total": True, "cells": [{"value": 12, "symbol": None}]},
        ],
    }
    ordered, by = trends.sorted_by(table, "a_current")
    assert by == "a_current"
    assert [row["label"] for row in ordered["rows"]] == ["C", "A", "B", "All"]
    table["rows"][1]["cells"][0] = {"value": None, "symbol": "[c]"}
    assert trends.sorted_by(table, "a_current") == (table, None)
