"""The open register in JSON: forces, deployments and usage returns, filtered and paged
exactly as the register's queries do, with nothing about complaints."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from oversight.api.reads import MAX_LIMIT
from oversight.complaints.enums import Technology
from oversight.deployments.records.queries import RegisterFilters, deployments_query
from oversight.forces.models import force_by_slug
from oversight.links.enums import LinkState
from oversight.links.models import DeploymentLink
from tests.factories import make_case, make_deployment, make_usage_return

DEPLOYMENTS = "/api/v1/deployments"
RETURNS = "/api/v1/usage-returns"
RECORD_KEYS = {
    "id",
    "force",
    "technology",
    "force_reference",
    "deployed_on",
    "start_time",
    "end_time",
    "location_name",
    "location_area",
    "latitude",
    "longitude",
    "purpose",
    "authorising_rank",
    "watchlist_size",
    "watchlist_categories",
    "faces_seen",
    "alerts",
    "true_alerts",
    "false_alerts",
    "engagements",
    "arrests",
    "source",
    "source_link",
    "version",
    "created_at",
    "updated_at",
}


@pytest.fixture
def register(db) -> dict[str, Any]:
    """Deployments of two forces over three months, and usage returns for two quarters."""
    made = {
        "wales_june": make_deployment(deployed_on="2026-06-14"),
        "wales_may": make_deployment(
            deployed_on="2026-05-02", location_name="Queen Street", technology="oifr"
        ),
        "wales_april": make_deployment(deployed_on="2026-04-20", location_name="Cathays"),
        "met_june": make_deployment(
            force="metropolitan", deployed_on="2026-06-01", location_name="Oxford Circus"
        ),
        "rfr_q2": make_usage_return(),
        "rfr_q1": make_usage_return(period_start="2026-01-01", period_end="2026-03-31"),
        "met_oifr": make_usage_return(force="metropolitan", technology="oifr"),
    }
    db.session.commit()
    return {name: record.id for name, record in made.items()}


def ids(response: Any) -> list[int]:
    assert response.status_code == 200, response.get_data(as_text=True)
    return [item["id"] for item in response.get_json()["items"]]


def problems(response: Any) -> dict[str, str]:
    assert response.status_code == 400, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    return {error["field"]: error["message"] for error in response.get_json()["errors"]}


def test_anyone_reads_the_deployments_newest_first(client, register):
    response = client.get(DEPLOYMENTS)
    assert ids(response) == [
        register[name] for name in ("wales_june", "met_june", "wales_may", "wales_april")
    ]
    body = response.get_json()
    assert (body["total"], body["limit"], body["offset"], body["next"]) == (4, 50, 0, None)
    first = body["items"][0]
    assert set(first) == RECORD_KEYS
    assert first["force"] == "south-wales"
    assert (first["faces_seen"], first["alerts"], first["deployed_on"]) == (24310, 6, "2026-06-14")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("force=metropolitan", ["met_june"]),
        ("technology=oifr", ["wales_may"]),
        ("from=2026-05-02", ["wales_june", "met_june", "wales_may"]),
        ("to=2026-05-02", ["wales_may", "wales_april"]),
        ("force=south-wales&from=2026-05-01&to=2026-06-30&technology=lfr", ["wales_june"]),
    ],
)
def test_filters_narrow_the_deployments(client, register, query, expected):
    assert ids(client.get(f"{DEPLOYMENTS}?{query}")) == [register[name] for name in expected]


def test_the_api_lists_what_the_register_query_lists(client, db, register):
    filters = RegisterFilters(
        force_id=force_by_slug("south-wales").id,
        technology=Technology.LFR,
        date_from=date(2026, 4, 20),
        date_to=date(2026, 6, 14),
    )
    expected = [record.id for record in db.session.scalars(deployments_query(filters))]
    query = "force=south-wales&technology=lfr&from=2026-04-20&to=2026-06-14"
    assert (
        ids(client.get(f"{DEPLOYMENTS}?{query}"))
        == expected
        == [
            register["wales_june"],
            register["wales_april"],
        ]
    )


def test_pages_follow_one_another_to_the_end(client, register):
    seen = []
    address = f"{DEPLOYMENTS}?limit=3&force=south-wales"
    while address:
        body = client.get(address).get_json()
        assert body["total"] == 3 or body["limit"] == 3
        seen += [item["id"] for item in body["items"]]
        address = body["next"]
    assert seen == [register[name] for name in ("wales_june", "wales_may", "wales_april")]

    first = client.get(f"{DEPLOYMENTS}?limit=2").get_json()
    assert first["next"] == f"{DEPLOYMENTS}?limit=2&offset=2"
    second = client.get(first["next"]).get_json()
    assert (second["offset"], second["next"]) == (2, None)
    assert [i["id"] for i in first["items"] + second["items"]] == ids(client.get(DEPLOYMENTS))
    assert client.get(f"{DEPLOYMENTS}?offset=10").get_json()["items"] == []


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("force=atlantis", "force", "force must be a force’s slug"),
        ("force=South%20Wales%20Police", "force", "force must be a force’s slug"),
        (
            "technology=not_sure",
            "technology",
            "technology must be one of: lfr, rfr, oifr, other_biometric",
        ),
        ("from=2026-13-01", "from", "from must be a real date like 2025-09-28"),
        ("to=yesterday", "to", "to must be a real date"),
        ("to=20260601", "to", "to must be a real date"),
        ("limit=0", "limit", f"limit must be a whole number from 1 to {MAX_LIMIT}"),
        (f"limit={MAX_LIMIT + 1}", "limit", "limit must be a whole number"),
        ("offset=-1", "offset", "offset must be a whole number from 0 to 1000000"),
        ("offset=1e3", "offset", "offset must be a whole number"),
        ("colour=red", "colour", "colour is not a filter"),
        ("force=metropolitan&force=south-wales", "force", "Give force once"),
    ],
)
def test_a_bad_filter_is_refused_naming_the_parameter(client, db, query, parameter, message):
    found = problems(client.get(f"{DEPLOYMENTS}?{query}"))
    assert list(found) == [parameter]
    assert found[parameter].startswith(message)


def test_every_bad_filter_is_named_at_once(client, db):
    found = problems(client.get(f"{RETURNS}?technology=lfr&from=soon&limit=many"))
    assert set(found) == {"technology", "from", "limit"}
    assert found["technology"] == "technology must be one of: rfr, oifr"


def test_one_record_is_read_by_its_id_with_its_version(client, register):
    response = client.get(f"{DEPLOYMENTS}/{register['wales_may']}")
    assert response.status_code == 200
    assert response.headers["ETag"] == '"1"'
    body = response.get_json()
    assert (body["location_name"], body["technology"]) == ("Queen Street", "oifr")
    assert client.get(f"{DEPLOYMENTS}/{register['wales_may'] + 100}").status_code == 404
    usage = client.get(f"{RETURNS}/{register['rfr_q1']}").get_json()
    assert (usage["period_start"], usage["period_end"], usage["searches"]) == (
        "2026-01-01",
        "2026-03-31",
        1420,
    )


def test_usage_returns_are_those_whose_period_overlaps_the_dates(client, register):
    # Newest first, then by force (the Met's id is the lower).
    assert ids(client.get(RETURNS)) == [register[n] for n in ("met_oifr", "rfr_q2", "rfr_q1")]
    assert ids(client.get(f"{RETURNS}?from=2026-03-31&to=2026-03-31")) == [register["rfr_q1"]]
    assert ids(client.get(f"{RETURNS}?technology=oifr")) == [register["met_oifr"]]
    assert ids(client.get(f"{RETURNS}?force=metropolitan&technology=rfr")) == []


def test_the_forces_are_listed_with_how_many_records_each_has(client, register):
    items = client.get("/api/v1/forces").get_json()["items"]
    assert len(items) > 40
    by_slug = {item["slug"]: item for item in items}
    assert by_slug["south-wales"]["name"] == "South Wales Police"
    assert (by_slug["south-wales"]["deployments"], by_slug["south-wales"]["usage_returns"]) == (
        3,
        2,
    )
    assert (by_slug["metropolitan"]["deployments"], by_slug["metropolitan"]["usage_returns"]) == (
        1,
        1,
    )
    assert by_slug["south-wales"]["ons_code"].startswith("W15")


def test_nothing_about_complaints_is_ever_shown(client, db, register):
    case = make_case()
    db.session.add(
        DeploymentLink(
            complaint_id=case.id,
            deployment_id=register["wales_june"],
            state=LinkState.CONFIRMED,
            created_by="test",
        )
    )
    db.session.commit()
    shown = "".join(
        client.get(path).get_data(as_text=True)
        for path in (
            DEPLOYMENTS,
            f"{DEPLOYMENTS}/{register['wales_june']}",
            RETURNS,
            "/api/v1/forces",
        )
    )
    assert case.reference not in shown
    assert "complain" not in shown.lower()
    assert set(client.get(f"{DEPLOYMENTS}/{register['wales_june']}").get_json()) == RECORD_KEYS


def test_reading_needs_no_token_and_ignores_a_bad_one(client, register):
    response = client.get(DEPLOYMENTS, headers={"Authorization": "Bearer nonsense"})
    assert len(ids(response)) == 4
