"""Published statistics releases in the open API: the list, one release by period and
revision, errors in the API's JSON, and nothing unpublished ever shown."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from oversight.models import utcnow
from oversight.statistics import services
from tests.api.force_api import assert_json_error
from tests.statistics.calendar_data import approve, in_the_calendar, working_day
from tests.statistics.releases import prepare, publish

RELEASES = "/api/v1/statistics/releases"
REVISION_KEYS = {
    "slug",
    "period",
    "revision",
    "status",
    "published_at",
    "superseded_at",
    "revision_note",
    "content_sha256",
    "links",
}
NOTE = "Two complaints were recorded against the wrong force."


@pytest.fixture
def releases(db, statistician, publisher) -> dict[str, Any]:
    """2026-Q2 published and revised; 2026-Q1 published with a draft revision; 2026-Q3
    approved for later; 2025-Q4 only a draft."""
    made = {
        "q2_r1": publish(db, statistician, publisher, "2026-Q2"),
        "q1": publish(db, statistician, publisher, "2026-Q1"),
    }
    made["q2_r2"] = publish(db, statistician, publisher, "2026-Q2", note=NOTE)
    made["q1_draft"] = prepare(statistician, "2026-Q1", note="Recounted.")
    later = prepare(statistician, "2026-Q3")
    in_the_calendar(later.period, publisher, working_day(30))  # after the others' day
    approve(later, publisher, utcnow() + timedelta(days=3))
    made["q3_approved"] = later
    made["q4_draft"] = prepare(statistician, "2025-Q4")
    db.session.commit()
    return made


def downloads(slug: str, revision: int) -> dict[str, str]:
    base = f"/statistics/{slug}/revisions/{revision}/statistics"
    return {
        "api": f"{RELEASES}/{slug}?revision={revision}",
        "csv": f"{base}.csv",
        "json": f"{base}.json",
        "spreadsheet": f"{base}.xlsx",
    }


def test_the_list_shows_the_current_revision_of_each_published_release(client, releases):
    response = client.get(RELEASES)
    assert response.status_code == 200
    items = response.get_json()["items"]
    assert [(item["slug"], item["revision"]) for item in items] == [("2026-q2", 2), ("2026-q1", 1)]
    q2 = items[0]
    assert set(q2) == REVISION_KEYS | {"revisions", "statement"}
    assert (q2["status"], q2["revision_note"]) == ("published", NOTE)
    assert q2["period"]["code"] == "2026-Q2"
    assert q2["content_sha256"] == releases["q2_r2"].content_sha256
    assert q2["links"] == downloads("2026-q2", 2)
    assert [(r["revision"], r["status"]) for r in q2["revisions"]] == [
        (2, "published"),
        (1, "superseded"),
    ]
    assert q2["revisions"][1]["links"] == downloads("2026-q2", 1)
    assert q2["revisions"][1]["superseded_at"] == q2["published_at"]
    assert [r["revision"] for r in items[1]["revisions"]] == [1]
    # The list carries no tables: each release's own address does.
    assert all("content" not in item for item in items)


def test_every_link_in_the_list_answers(client, releases):
    items = client.get(RELEASES).get_json()["items"]
    for item in items:
        for revision in item["revisions"]:
            for address in revision["links"].values():
                assert client.get(address).status_code == 200, address


def test_with_nothing_published_the_list_is_empty(client, db, statistician):
    prepare(statistician, "2026-Q2")
    db.session.commit()
    response = client.get(RELEASES)
    assert response.status_code == 200
    assert response.get_json() == {"items": []}


def test_a_release_comes_out_at_its_time_in_the_list(
    client, db, statistician, publisher, monkeypatch
):
    draft = prepare(statistician, "2026-Q2")
    moment = approve(draft, publisher)
    db.session.commit()
    assert client.get(RELEASES).get_json()["items"] == []
    monkeypatch.setattr(services, "utcnow", lambda: moment)  # its announced day comes
    assert [item["slug"] for item in client.get(RELEASES).get_json()["items"]] == ["2026-q2"]


def test_one_release_is_its_current_revision_with_its_tables(client, releases):
    response = client.get(f"{RELEASES}/2026-q2")
    assert response.status_code == 200
    body = response.get_json()
    assert set(body) == REVISION_KEYS | {"revisions", "statement", "content"}
    assert (body["revision"], body["status"]) == (2, "published")
    assert body["content"] == releases["q2_r2"].content
    assert services.digest(body["content"]) == body["content_sha256"]
    assert [r["revision"] for r in body["revisions"]] == [2, 1]


def test_an_earlier_revision_is_there_when_asked_for(client, releases):
    body = client.get(f"{RELEASES}/2026-q2?revision=1").get_json()
    assert (body["revision"], body["status"]) == (1, "superseded")
    assert body["content"] == releases["q2_r1"].content
    assert body["revision_note"] is None
    assert body["links"] == downloads("2026-q2", 1)


@pytest.mark.parametrize(
    "address",
    [
        "/2026-q3",  # approved, not yet published
        "/2025-q4",  # a draft
        "/2026-q1?revision=2",  # a draft revision of a published release
        "/2026-q2?revision=3",
        "/2027-q1",
        "/2026-Q2",
        "/not%20a%20period",
        "/" + "a" * 41,
    ],
)
def test_anything_not_published_is_not_found_in_json(client, releases, address):
    body = assert_json_error(client.get(RELEASES + address), 404)
    assert "/api/v1/statistics/releases" in body["message"]
    assert body["errors"] == []


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("revision=abc", "revision"),
        ("revision=0", "revision"),
        ("revision=-1", "revision"),
        ("revision=99999999999", "revision"),
        ("revision=1&revision=2", "revision"),
        ("period=2026-q2", "period"),
    ],
)
def test_a_bad_parameter_is_named_in_a_400(client, releases, query, field):
    body = assert_json_error(client.get(f"{RELEASES}/2026-q2?{query}"), 400)
    assert [error["field"] for error in body["errors"]] == [field]


def test_the_list_takes_no_parameters(client, releases):
    body = assert_json_error(client.get(f"{RELEASES}?limit=5"), 400)
    assert [error["field"] for error in body["errors"]] == ["limit"]


def test_the_statistics_api_shares_the_open_limit_per_address(app, client, db, monkeypatch):
    monkeypatch.setitem(app.config, "OPEN_API_RATE_LIMIT", "1 per minute")
    first, second = (client.get(RELEASES) for _ in range(2))
    assert first.status_code == 200
    assert_json_error(second, 429)
    assert int(second.headers["Retry-After"]) > 0
    elsewhere = client.get(f"{RELEASES}/2026-q2", environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert_json_error(elsewhere, 404)


def test_the_statistics_api_and_the_rest_of_the_open_api_count_in_one_limit(
    app, client, db, monkeypatch
):
    monkeypatch.setitem(app.config, "OPEN_API_RATE_LIMIT", "1 per minute")
    assert client.get("/api/v1/forces").status_code == 200
    assert_json_error(client.get(RELEASES), 429)


def test_the_statistics_api_takes_only_get(client, releases):
    for method in ("post", "put", "patch", "delete"):
        assert_json_error(getattr(client, method)(f"{RELEASES}/2026-q2"), 405)
