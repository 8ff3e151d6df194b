"""The release calendar in the open API, and the statement each release carries there:
both as the OpenAPI document describes them (held to its schemas), open to anyone."""

from __future__ import annotations

from datetime import timedelta

from jsonschema import Draft202012Validator

from oversight.models import utcnow
from oversight.statistics import calendar, services
from oversight.statistics.calendar import publication_moment
from oversight.statistics.periods import parse_period
from tests.statistics.calendar_data import ended_quarter, entry_in_the_past, working_day

FORMAT_CHECKER = Draft202012Validator.FORMAT_CHECKER


def _fits(client, body, name: str) -> None:
    components = client.get("/api/v1/openapi.json").get_json()["components"]
    schema = {"$ref": f"#/components/schemas/{name}", "components": components}
    Draft202012Validator(schema, format_checker=FORMAT_CHECKER).validate(body)


def test_the_calendar_lists_upcoming_delayed_and_published_releases(
    client, db, statistician, publisher
):
    period, day = ended_quarter(), working_day(20)
    out = calendar.announce(period, day, statistician)
    moved = calendar.announce(parse_period("2025"), working_day(30), statistician)
    calendar.change_date(moved, working_day(45), "Late returns.", publisher)
    late = entry_in_the_past(statistician)
    release = services.prepare(period, statistician)
    services.approve(release, publisher, utcnow())
    services.publish_due(publication_moment(day))
    db.session.commit()

    answer = client.get("/api/v1/statistics/calendar")
    assert answer.status_code == 200
    body = answer.get_json()
    _fits(client, body, "StatisticsCalendar")
    upcoming = {item["slug"]: item for item in body["upcoming"]}
    assert list(upcoming) == [late.slug, moved.slug]
    assert upcoming[late.slug]["status"] == "delayed"
    assert upcoming[moved.slug]["status"] == "announced"
    assert [
        (c["old_date"], c["new_date"], c["reason"]) for c in upcoming[moved.slug]["changes"]
    ] == [(working_day(30).isoformat(), working_day(45).isoformat(), "Late returns.")]
    (past,) = body["past"]
    assert (past["slug"], past["status"]) == (out.slug, "published")
    assert past["release"] == f"/api/v1/statistics/releases/{out.slug}"
    assert past["publish_at"] == publication_moment(day).isoformat()
    assert body["next_release"]["period"]["code"] == "2025"
    assert body["next_release"]["release_date"] == working_day(45).isoformat()


def test_the_calendar_takes_no_parameters(client, db):
    answer = client.get("/api/v1/statistics/calendar?when=soon")
    assert answer.status_code == 400
    assert answer.get_json()["errors"][0]["field"] == "when"


def test_each_release_in_the_api_carries_its_statement(app, client, db, statistician, publisher):
    period, day = ended_quarter(), working_day(20)
    calendar.announce(period, day, statistician)
    calendar.announce(parse_period("2025"), working_day(30), statistician)
    release = services.prepare(period, statistician)
    services.approve(release, publisher, utcnow())
    services.publish_due(publication_moment(day) + timedelta(seconds=1))
    db.session.commit()
    body = client.get(f"/api/v1/statistics/releases/{period.slug}").get_json()
    _fits(client, body, "StatisticsRelease")
    statement = body["statement"]
    assert statement["status"] == "official_statistics_in_development"
    assert statement["contact"] == {
        "name": app.config["STATISTICS_CONTACT_NAME"],
        "email": app.config["STATISTICS_CONTACT_EMAIL"],
    }
    assert "revision" in statement["revisions_policy"]
    assert statement["next_release"]["period"]["code"] == "2025"
    listed = client.get("/api/v1/statistics/releases").get_json()
    _fits(client, listed, "StatisticsReleaseList")
    assert listed["items"][0]["statement"] == statement


def test_a_cancelled_release_in_the_api_fits_its_schema(client, db, statistician):
    entry = calendar.announce(ended_quarter(), working_day(20), statistician)
    calendar.cancel(entry, "The figures cannot be checked in time.", statistician)
    again = calendar.announce(parse_period("2025"), working_day(30), statistician)
    calendar.cancel(again, "Late returns.", statistician)
    calendar.announce(again.period, working_day(40), statistician)
    db.session.commit()
    body = client.get("/api/v1/statistics/calendar").get_json()
    _fits(client, body, "StatisticsCalendar")
    statuses = {item["slug"]: item["status"] for item in body["upcoming"]}
    assert statuses == {entry.slug: "cancelled", again.slug: "announced"}
    assert body["next_release"]["period"]["code"] == again.period.code
