"""CSV downloads of the register: exactly what the filters show, in the same order,
every page of it, streamed, with the register's headings and no formula a spreadsheet
would run."""

from __future__ import annotations

import csv
import io
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from oversight.deployments import records
from oversight.deployments.records import DEPLOYMENT_FIELDS, USAGE_FIELDS
from oversight.extensions import db as _db
from tests.factories import make_deployment
from tests.register_pages import (
    many_fixture,  # noqa: F401  (a fixture)
    page,
    record_ids_shown,
    register_fixture,  # noqa: F401  (a fixture)
    rows_of,
)

# ------------------------------------------------------------------ downloads


@pytest.mark.parametrize(
    "query",
    [
        "",
        "force=south-wales",
        "force=metropolitan&from=2026-01-20",
        "to=15/1/2026",
        "technology=lfr",
    ],
)
def test_the_csv_download_is_exactly_what_the_filters_show_on_every_page(client, many, query):
    shown = record_ids_shown(client, f"/register?{query}")
    link = page(client, f"/register?{query}").link("Download these deployments as CSV")
    assert parse_qs(urlsplit(link).query) == parse_qs(query)
    downloaded = [int(row["Register record"]) for row in rows_of(client, link)]
    assert downloaded == shown
    assert shown


def test_a_force_pages_download_carries_its_force_and_filters(client, register):
    shown = page(client, "/register/forces/south-wales?technology=lfr")
    link = shown.link("Download these deployments as CSV")
    assert parse_qs(urlsplit(link).query) == {"force": ["south-wales"], "technology": ["lfr"]}
    assert [row["Location"] for row in rows_of(client, link)] == [
        "Principality Stadium, Westgate Street",
        "Cardiff Central station",
    ]


def test_the_csv_has_the_register_headings_iso_dates_and_blanks_for_not_known(client, register):
    rows = rows_of(client, "/register/deployments.csv?force=south-wales")
    headings = list(rows[0])
    assert headings == [
        "Register record",
        *(str(spec.label) for spec in DEPLOYMENT_FIELDS),
        "Version",
        "Last changed",
    ]
    # The headings are ones the import reads back.
    readable = records.heading_map(DEPLOYMENT_FIELDS)
    assert {readable[records.normalise_heading(h)] for h in headings[1:-2]} == {
        spec.name for spec in DEPLOYMENT_FIELDS
    }
    june, april, march = rows
    assert june["Force"] == "South Wales Police"
    assert june["Date"] == "2026-06-14"
    assert june["Start time"] == "10:00"
    assert june["Faces seen"] == "24310"
    assert june["Watchlist size"] == "1203"
    assert june["Source"] == "Published record"
    assert june["Version"] == "1"
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", june["Last changed"])
    assert april["Faces seen"] == april["Alerts"] == april["Start time"] == ""
    assert april["Arrests"] == "1"
    assert march["Arrests"] == "0"


def test_the_csv_download_is_an_attachment_streamed_in_chunks(client, register):
    response = client.get(
        "/register/deployments.csv?force=south-wales&technology=lfr&from=1/4/2026"
    )
    assert response.is_streamed
    response.get_data()
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="deployments-south-wales-lfr-from-2026-04-01.csv"'
    )
    everything = client.get("/register/deployments.csv")
    assert everything.headers["Content-Disposition"] == (
        'attachment; filename="deployments-all-forces.csv"'
    )


def test_the_csv_rows_are_read_after_the_view_has_returned(app, client):
    """A server ends the view's app context (and closes its session) before it sends a
    streamed body: the rows must still all arrive. The test holds no app context open."""
    with app.app_context():
        for day in range(1, 8):
            make_deployment(deployed_on=f"2026-06-{day:02d}")
        _db.session.commit()
        _db.session.remove()
    response = client.get("/register/deployments.csv")
    rows = list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))
    assert [row["Date"] for row in rows] == [f"2026-06-{day:02d}" for day in range(7, 0, -1)]


def test_the_csv_stops_a_spreadsheet_running_a_cell_as_a_formula(client, db):
    make_deployment(
        location_name='=HYPERLINK("http://evil.example","click")',
        location_area="+44 area",
        purpose="-1+1",
        authorising_rank="@SUM(A1)",
        watchlist_categories="\tTabbed",
        latitude="51.4816",
        longitude="-3.1791",
    )
    db.session.commit()
    [row] = rows_of(client, "/register/deployments.csv")
    assert row["Location"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["Area"] == "'+44 area"
    assert row["Purpose"] == "'-1+1"
    assert row["Authorising officer’s rank"] == "'@SUM(A1)"
    assert row["Longitude"] == "-3.1791"  # a number stays a number
    assert row["Latitude"] == "51.4816"


def test_the_usage_returns_csv_is_exactly_what_the_filters_show(client, register):
    link = page(client, "/register?force=metropolitan").link("Download these usage returns as CSV")
    rows = rows_of(client, link)
    assert list(rows[0]) == [
        "Register record",
        *(str(spec.label) for spec in USAGE_FIELDS),
        "Version",
        "Last changed",
    ]
    assert [
        (
            row["Force"],
            row["Technology"],
            row["Start of period"],
            row["Searches"],
            row["Possible matches"],
        )
        for row in rows
    ] == [
        (
            "Metropolitan Police Service",
            "Operator-initiated facial recognition",
            "2026-01-01",
            "12345",
            "",
        )
    ]
    everything = rows_of(client, "/register/usage-returns.csv")
    assert [int(row["Register record"]) for row in everything] == [
        register["rfr"],
        register["met_oifr"],
    ]
