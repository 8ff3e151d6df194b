"""The staff lists of deployment records and usage returns: filters and paging."""

from __future__ import annotations

import re
from typing import Any

import pytest

from tests.deployments.staff.pages import Form, text
from tests.factories import make_deployment, make_usage_return
from tests.helpers import login_as

# The lists ------------------------------------------------------------------------------------


def listed(client: Any, url: str) -> list[str]:
    html = client.get(url).get_data(as_text=True)
    body = html[html.index('<tbody class="govuk-table__body">') :]
    return re.findall(r'href="/staff/deployments/\d+">([^<]+)</a>', body)


@pytest.fixture
def several(db) -> None:
    make_deployment(location_name="Queen Street", deployed_on="2026-03-01")
    make_deployment(location_name="Principality Stadium", deployed_on="2026-06-14")
    make_deployment(
        force="metropolitan",
        location_name="Oxford Circus",
        location_area="Westminster",
        force_reference="LFR/2026/017",
        deployed_on="2026-05-02",
    )
    make_deployment(
        force="metropolitan",
        technology="rfr",
        location_name="Stratford Broadway",
        deployed_on="2026-04-20",
    )
    db.session.commit()


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("", ["Principality Stadium", "Oxford Circus", "Stratford Broadway", "Queen Street"]),
        ("?force=metropolitan", ["Oxford Circus", "Stratford Broadway"]),
        ("?technology=rfr", ["Stratford Broadway"]),
        ("?from=1/5/2026", ["Principality Stadium", "Oxford Circus"]),
        ("?from=2026-04-01&to=30/05/2026", ["Oxford Circus", "Stratford Broadway"]),
        ("?q=westminster", ["Oxford Circus"]),
        ("?q=2026/017", ["Oxford Circus"]),
        ("?q=queen+street", ["Queen Street"]),
        ("?q=street&force=south-wales", ["Queen Street"]),
        ("?q=100%25", []),
    ],
)
def test_the_list_filters_newest_first(client, caseworker, several, query, shown):
    login_as(client, caseworker)
    assert listed(client, f"/staff/deployments{query}") == shown


def test_a_filter_that_cannot_be_read_says_why(client, caseworker, several):
    login_as(client, caseworker)
    response = client.get("/staff/deployments?from=31/02/2026&force=atlantis")
    page = Form(response.get_data(as_text=True))
    assert response.status_code == 400
    assert ("force", "Select a force from the list") in page.summary
    assert ("from", "From must be a real date") in page.summary
    assert page.values["from"] == "31/02/2026"


def test_the_list_runs_to_more_pages_keeping_the_filters(client, db, caseworker):
    for day in range(1, 56):
        make_deployment(
            location_name=f"Site {day}", start_time=f"{6 + day % 12:02d}:00", end_time=""
        )
    db.session.commit()
    login_as(client, caseworker)
    first = client.get("/staff/deployments?force=south-wales").get_data(as_text=True)
    assert "1 to 50 of 55, newest first" in text(first)
    assert 'href="/staff/deployments?page=2&amp;force=south-wales"' in first
    second = listed(client, "/staff/deployments?page=2&force=south-wales")
    assert len(second) == 5
    assert client.get("/staff/deployments?page=3").status_code == 404


def test_the_usage_return_list_filters_by_force_technology_and_period(client, db, caseworker):
    first = make_usage_return()
    met = make_usage_return(force="metropolitan", technology="oifr")
    later = make_usage_return(period_start="2026-07-01", period_end="2026-09-30")
    db.session.commit()
    login_as(client, caseworker)

    def rows(query: str) -> list[int]:
        html = client.get(f"/staff/deployments/usage-returns{query}").get_data(as_text=True)
        return [int(n) for n in re.findall(r'href="/staff/deployments/usage-returns/(\d+)"', html)]

    assert rows("") == [later.id, met.id, first.id]
    assert rows("?force=metropolitan") == [met.id]
    assert rows("?technology=rfr") == [later.id, first.id]
    assert rows("?from=1/7/2026") == [later.id]
