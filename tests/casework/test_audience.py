"""Internal and public words apart: text staff write for themselves never reaches a public
page, download or message; text they chose for the complainant does reach the track page.
Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL.

Cases are filed, then every staff form is sent by HTTP with a distinct marker in each
piece of text. Every public page the app serves is then read (the track page after
signing in with the reference and tracking code, the review pages, every public GET
address including the API, the register and a published statistics release with its
downloads) and so is every message in the outbox.
"""

from __future__ import annotations

import io
import zipfile
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa
from flask import Flask

from oversight.access import PUBLIC, rule_for
from oversight.casework import correspondence
from oversight.complaints.enums import Status, TimelineKind
from oversight.notify.models import OutboxMessage
from tests.casework.cases import TRACKING_CODE, act, case, page_of
from tests.factories import make_case, make_deployment
from tests.helpers import csrf_token, login_as
from tests.statistics.pages import publish

IN_JULY = datetime(2026, 7, 10, 11, tzinfo=UTC)  # in 2026-Q3, a release the test publishes

# Text only staff may read, one marker per place it is written.
INTERNAL = {
    "triage note": "ZQX-TRIAGE-NOTE-INTERNAL",
    "priority reason": "ZQX-PRIORITY-REASON",
    "case note": "ZQX-CASE-NOTE-INTERNAL",
    "logged reply": "ZQX-LOGGED-REPLY",
    "status-change note": "ZQX-MOVE-NOTE-INTERNAL",
    "closing triage note": "ZQX-TRIAGE-NOTE-CLOSING",
    "recommendation": "ZQX-RECOMMENDATION-INTERNAL",
}
# Text staff chose for the complainant, and where it was written.
FOR_COMPLAINANT = {
    "case note": "ZQX-CASE-NOTE-PUBLIC",
    "request for information": "ZQX-REQUEST-PUBLIC",
    "status-change note": "ZQX-MOVE-NOTE-PUBLIC",
    "triage note": "ZQX-TRIAGE-NOTE-PUBLIC",
}
PUBLIC_RECOMMENDATION = "ZQX-RECOMMENDATION-PUBLIC"


def work_the_case(client, db, reference: str) -> None:
    """Every staff form of a case in triage, each with its own marker."""
    concerns = [c.concern.value for c in case(db, reference).concerns]
    sent = [
        (
            "triage",
            {
                "in_remit": "yes",
                "priority": "high",
                "priority_reason": INTERNAL["priority reason"],
                "concerns": concerns,
                "note": INTERNAL["triage note"],
                "note_audience": "internal",
            },
        ),
        ("notes", {"text": INTERNAL["case note"], "audience": "internal"}),
        ("notes", {"text": FOR_COMPLAINANT["case note"], "audience": "complainant"}),
        ("request-information", {"request_text": FOR_COMPLAINANT["request for information"]}),
        ("reply", {"reply_text": INTERNAL["logged reply"]}),
        (
            "move",
            {
                "target": "awaiting_information",
                "note": INTERNAL["status-change note"],
                "note_audience": "internal",
            },
        ),
        (
            "move",
            {
                "target": "investigating",
                "note": FOR_COMPLAINANT["status-change note"],
                "note_audience": "complainant",
            },
        ),
        (
            "recommendations",
            {
                "force": "south-wales",
                "text": INTERNAL["recommendation"],
                "due_date": "2027-02-26",
                "audience": "internal",
            },
        ),
        (
            "recommendations",
            {
                "force": "south-wales",
                "text": PUBLIC_RECOMMENDATION,
                "due_date": "2027-02-26",
                "audience": "complainant",
            },
        ),
    ]
    for action, data in sent:
        response = act(client, db, reference, action, data)
        assert response.status_code == 302, (action, response.get_data(as_text=True)[:2000])


def close_at_triage(client, db, reference: str, note: str, audience: str | None) -> None:
    """Triage that closes the case as referred, with a note for `audience` (none sent:
    what the page pre-selects)."""
    concerns = [c.concern.value for c in case(db, reference).concerns]
    data = {
        "in_remit": "no",
        "reason": "referred",
        "referred_to": "ico",
        "priority": "standard",
        "concerns": concerns,
        "note": note,
    }
    if audience is not None:
        data["note_audience"] = audience
    response = act(client, db, reference, "triage", data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]


def track(client, reference: str) -> str:
    page = client.get("/track").get_data(as_text=True)
    response = client.post(
        "/track",
        data={
            "csrf_token": csrf_token(page),
            "reference": reference,
            "tracking_code": TRACKING_CODE,
        },
    )
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert reference in html
    return html


def review_page(client) -> str:
    """What the review form answers for the case tracked last (no decision: refused)."""
    token = csrf_token(client.get("/track").get_data(as_text=True))
    response = client.post("/track/review", data={"csrf_token": token, "reasons": "Look again."})
    assert response.status_code in (200, 400, 403)
    return response.get_data(as_text=True)


def address_of(app: Flask, rule: Any, values: dict[str, dict[str, Any]]) -> str:
    """A public GET address with its parts filled in; a new kind of part must be added
    to `values` (so a new public page is read too, never left out unseen)."""
    prefix = max((p for p in values if rule.rule.startswith(p)), key=len, default="")
    known = values.get(prefix, {})
    missing = set(rule.arguments) - set(known)
    assert not missing, f"Fill {sorted(missing)} for the public page {rule.rule} in this test"
    adapter = app.url_map.bind("localhost")
    return adapter.build(rule.endpoint, {name: known[name] for name in rule.arguments})


def public_addresses(app: Flask, release: Any, deployment: Any) -> list[str]:
    values = {
        "/statistics": {"slug": release.slug, "revision": release.revision},
        "/api/v1/statistics": {"slug": release.slug},
        "/api/v1": {"record_id": deployment.id},
        "/register": {"slug": "south-wales", "deployment_id": deployment.id},
        "/complain": {"slug": "technology"},
        "/complain/return": {"token": "not-a-saved-draft"},
    }
    addresses = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or "GET" not in (rule.methods or ()):
            continue
        if rule_for(app, rule.endpoint) != PUBLIC:
            continue
        addresses.append(address_of(app, rule, values))
    return addresses


def readable(response: Any) -> str:
    """A response's text; a spreadsheet (a zip of XML) as the text of all its parts."""
    data = response.get_data()
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as sheet:
            return "".join(sheet.read(name).decode("utf-8", "replace") for name in sheet.namelist())
    return data.decode("utf-8", "replace")


def test_internal_words_reach_no_public_page_download_or_message(
    app, client, db, caseworker, statistician, publisher
):
    worked = make_case(Status.IN_TRIAGE, received_at=IN_JULY)
    closed = make_case(Status.IN_TRIAGE, received_at=IN_JULY)
    referred = make_case(Status.IN_TRIAGE, received_at=IN_JULY)
    deployment = make_deployment(deployed_on="2026-08-01")
    db.session.commit()
    login_as(client, caseworker)
    work_the_case(client, db, worked.reference)
    close_at_triage(client, db, closed.reference, INTERNAL["closing triage note"], None)
    close_at_triage(client, db, referred.reference, FOR_COMPLAINANT["triage note"], "complainant")
    references = (worked.reference, closed.reference, referred.reference)
    release = publish(statistician, publisher, "2026-Q3")

    # Every marker was saved and staff see it: the test would otherwise prove nothing.
    staff_pages = "".join(page_of(client, reference) for reference in references)
    for marker in [*INTERNAL.values(), *FOR_COMPLAINANT.values(), PUBLIC_RECOMMENDATION]:
        assert marker in staff_pages, marker
    assert "Internal: staff only" in staff_pages

    public = app.test_client()
    tracked = {reference: track(public, reference) for reference in references}
    seen = {f"track page of {ref}": html for ref, html in tracked.items()}
    seen["review page"] = review_page(public)
    for address in public_addresses(app, release, deployment):
        response = public.get(address)
        assert response.status_code < 500, address
        seen[address] = readable(response)
    assert any("statistics.xlsx" in address for address in seen)
    assert any(address.startswith("/api/v1/statistics/releases/") for address in seen)
    for message in db.session.scalars(sa.select(OutboxMessage)):
        seen[f"message {message.id}"] = f"{message.subject}\n{message.body}"
    assert any(name.startswith("message") for name in seen)

    for where, text in seen.items():
        for what, marker in INTERNAL.items():
            assert marker not in text, f"the {what} is on {where}"
        assert PUBLIC_RECOMMENDATION not in text or where.startswith("track page"), where

    # What staff chose for the complainant does reach them.
    worked_page = tracked[worked.reference]
    for what in ("case note", "request for information", "status-change note"):
        assert FOR_COMPLAINANT[what] in worked_page, what
    assert FOR_COMPLAINANT["triage note"] in tracked[referred.reference]
    assert "Status changed to: Closed" in tracked[closed.reference]
    # The move with an internal note still shows, without the note.
    assert worked_page.count("Status changed to: Waiting for your reply") == 2


def test_the_public_timeline_and_recommendations_hold_only_what_is_for_the_complainant(
    client, db, caseworker
):
    complaint = make_case(Status.IN_TRIAGE)
    db.session.commit()
    login_as(client, caseworker)
    work_the_case(client, db, complaint.reference)
    worked = case(db, complaint.reference)

    shown = correspondence.public_timeline(worked)
    bodies = [entry.body for entry in shown if entry.body]
    assert set(bodies) >= set(FOR_COMPLAINANT.values()) - {FOR_COMPLAINANT["triage note"]}
    assert not set(bodies) & set(INTERNAL.values())
    assert all(entry.visible_to_complainant for entry in shown)
    internal_move = next(e for e in worked.timeline if e.body == INTERNAL["status-change note"])
    assert (internal_move.kind, internal_move.visible_to_complainant) == (TimelineKind.NOTE, False)
    assert [r.text for r in correspondence.public_recommendations(worked)] == [
        PUBLIC_RECOMMENDATION
    ]
    assert {r.text: r.visible_to_complainant for r in worked.recommendations} == {
        INTERNAL["recommendation"]: False,
        PUBLIC_RECOMMENDATION: True,
    }
