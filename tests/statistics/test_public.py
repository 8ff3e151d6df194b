"""The public statistics pages: which releases and revisions anyone may read, and when.
Nobody signs in; the list shows every published release; drafts and approved releases
whose time has not come are never shown; a release whose time has come is published by
the visit; and every revision stays, the superseded ones saying so. What a release's
page holds is tests/statistics/test_public_release.py's."""

from __future__ import annotations

import re
from typing import Any

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.extensions import db as _db
from oversight.statistics import services
from oversight.statistics.enums import ReleaseStatus
from oversight.statistics.periods import parse_period
from tests.register_pages import SERVICE, Page, page
from tests.statistics.calendar_data import first_day
from tests.statistics.pages import TITLE, add_complaints, approve, later, publish

# ------------------------------------------------------------------ who may read them


def test_anyone_can_read_the_statistics_without_signing_in(client, db, statistician, publisher):
    add_complaints()
    publish(statistician, publisher)
    for path in ("/statistics", "/statistics/2026-q3", "/statistics/2026-q3/revisions/1"):
        assert client.get(path).status_code == 200, path


def test_the_statistics_pages_have_titles_like_the_other_public_pages(
    client, db, statistician, publisher
):
    publish(statistician, publisher)
    assert page(client, "/statistics").title == f"{TITLE} – {SERVICE}"
    shown = page(client, "/statistics/2026-q3")
    assert shown.h1 == f"{TITLE}: July to September 2026"
    assert shown.title == f"{TITLE}: July to September 2026 – {SERVICE}"


def test_every_public_page_links_to_the_statistics(client, db):
    for path in ("/", "/register", "/statistics"):
        links = page(client, path).links
        assert [text for href, text in links if href == "/statistics"] == [
            "Statistics",
            "Statistics",
        ], path  # the menu and the footer


# ------------------------------------------------------------------ the list


def test_with_nothing_published_the_list_says_so(client, db, statistician, publisher):
    approve(statistician, publisher, at=later())
    html = client.get("/statistics").get_data(as_text=True)
    assert "No statistics have been published yet." in html
    assert 'href="/statistics/2026-q3"' not in html  # (the calendar says when it comes)


def test_the_list_shows_every_published_release_newest_period_first(
    client, db, statistician, publisher
):
    publish(statistician, publisher, "2026-Q1")
    publish(statistician, publisher, "2025")
    publish(statistician, publisher, "2026-Q2")
    services.prepare(parse_period("2026-Q3"), statistician)  # a draft
    approve(statistician, publisher, "FY2025-26", at=later())  # approved, not yet due
    _db.session.commit()
    shown = page(client, "/statistics")
    # Each on the day the calendar announced for it.
    day = first_day(parse_period("2026-Q1")).strftime("%-d %B %Y")
    assert shown.tables["releases"] == [
        ["Period", "Published"],
        ["April to June 2026", day],
        ["January to March 2026", day],
        ["2025", day],
    ]
    assert ("/statistics/2026-q2", "April to June 2026") in shown.links


def test_the_list_shows_the_current_revision_of_a_revised_release(
    client, db, statistician, publisher
):
    publish(statistician, publisher)
    publish(statistician, publisher, note="Corrected the channel of two complaints.")
    rows = page(client, "/statistics").tables["releases"]
    assert len(rows) == 2
    assert rows[1][0] == "July to September 2026"
    assert rows[1][1].endswith("Revision 2")


# ------------------------------------------------------------------ never shown early


def test_an_unknown_period_is_not_found(client, db):
    assert client.get("/statistics/2031-q1").status_code == 404
    assert client.get("/statistics/2031-q1/revisions/1").status_code == 404


@pytest.mark.parametrize("slug", ["%00", "2026-q3%00", "a" * 41, "2026-Q3", "%F0%9F%98%80", "x'--"])
def test_an_address_that_is_no_period_is_not_found_without_asking_the_database(client, db, slug):
    assert client.get(f"/statistics/{slug}").status_code == 404
    assert client.get(f"/statistics/{slug}/revisions/1").status_code == 404


def test_a_draft_is_never_shown(client, db, statistician):
    services.prepare(parse_period("2026-Q3"), statistician)
    _db.session.commit()
    assert client.get("/statistics/2026-q3").status_code == 404
    assert client.get("/statistics/2026-q3/revisions/1").status_code == 404
    assert "July to September 2026" not in client.get("/statistics").get_data(as_text=True)


def test_an_approved_release_is_not_shown_before_its_time(client, db, statistician, publisher):
    release = approve(statistician, publisher, at=later())
    assert client.get("/statistics/2026-q3").status_code == 404
    assert client.get("/statistics/2026-q3/revisions/1").status_code == 404
    _db.session.refresh(release)
    assert release.status is ReleaseStatus.APPROVED


def test_an_approved_revision_not_yet_due_leaves_the_current_one_in_place(
    client, db, statistician, publisher
):
    publish(statistician, publisher)
    approve(statistician, publisher, at=later(), note="Recounted the referrals.")
    shown = page(client, "/statistics/2026-q3")
    assert shown.summary_list["Revision"] == "Revision 1, the current one"
    assert [row[0] for row in shown.tables["revisions"][1:]] == ["Revision 1 (this page)"]
    assert "Recounted the referrals." not in client.get("/statistics/2026-q3").get_data(
        as_text=True
    )
    assert client.get("/statistics/2026-q3/revisions/2").status_code == 404


@pytest.mark.parametrize("revision", ["0", "99999999999", "-1", "one"])
def test_a_revision_number_that_cannot_exist_is_not_found(
    client, db, statistician, publisher, revision
):
    publish(statistician, publisher)
    assert client.get(f"/statistics/2026-q3/revisions/{revision}").status_code == 404


def test_a_release_whose_time_has_come_is_published_by_the_visit_and_audited(
    client, db, statistician, publisher, monkeypatch
):
    release = approve(statistician, publisher, at=later())
    _db.session.commit()
    assert client.get("/statistics/2026-q3").status_code == 404
    moment = release.publish_at
    monkeypatch.setattr(services, "utcnow", lambda: moment)  # its announced day comes
    listed = page(client, "/statistics")
    assert listed.tables["releases"][1][0] == "July to September 2026"
    _db.session.expire_all()
    assert release.status is ReleaseStatus.PUBLISHED
    assert release.published_at == release.publish_at
    events = _db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "statistics.published")
    ).all()
    assert [(event.actor, event.object_id) for event in events] == [("system", str(release.id))]
    # A second visit publishes nothing again.
    client.get("/statistics/2026-q3")
    assert (
        _db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "statistics.published")
        )
        == 1
    )


@pytest.mark.parametrize(
    "path", ["/statistics/2026-q3", "/statistics/2026-q3/revisions/1", "/statistics"]
)
def test_every_statistics_page_publishes_what_has_come_due(
    client, db, statistician, publisher, path, monkeypatch
):
    release = approve(statistician, publisher, at=later())
    _db.session.commit()
    moment = release.publish_at
    monkeypatch.setattr(services, "utcnow", lambda: moment)  # its announced day comes
    assert client.get(path).status_code == 200
    _db.session.expire_all()
    assert release.status is ReleaseStatus.PUBLISHED


# ------------------------------------------------------------------ revisions


@pytest.fixture
def revised(db, statistician, publisher) -> dict[str, Any]:
    """July to September 2026 published, then revised with a note."""
    add_complaints()
    first = publish(statistician, publisher)
    second = publish(statistician, publisher, note="Two complaints were logged late.")
    return {"first": first, "second": second}


def test_the_release_page_shows_the_newest_revision(client, revised):
    shown = page(client, "/statistics/2026-q3")
    assert shown.summary_list["Revision"] == "Revision 2, the current one"
    assert "This revision published" in shown.summary_list
    assert 'id="superseded"' not in client.get("/statistics/2026-q3").get_data(as_text=True)


def test_the_revision_history_lists_every_revision_with_its_date_and_note(client, revised):
    shown = page(client, "/statistics/2026-q3")
    head, *rows = shown.tables["revisions"]
    assert head == ["Revision", "Published", "What changed"]
    assert [row[0] for row in rows] == ["Revision 2 (this page)", "Revision 1 Superseded"]
    assert [row[2] for row in rows] == ["Two complaints were logged late.", "First published."]
    assert all(re.fullmatch(r"\d{1,2} [A-Z][a-z]+ 20\d\d, \d\d:\d\d", row[1]) for row in rows)
    links = dict(shown.links)
    assert links["/statistics/2026-q3/revisions/1"] == "Revision 1"
    assert links["/statistics/2026-q3/revisions/2"] == "Revision 2"


def test_a_superseded_revision_says_so_and_links_to_the_current_one(client, revised):
    response = client.get("/statistics/2026-q3/revisions/1")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    shown = Page(html)
    assert 'id="superseded"' in html
    assert "This is revision 1. It has been replaced by a newer revision." in html
    assert ("/statistics/2026-q3", "Read the current revision (revision 2)") in shown.links
    assert shown.summary_list["Revision"] == "Revision 1, superseded by revision 2"
    assert shown.title.startswith("Revision 1 (superseded) of ")
    rows = shown.tables["revisions"][1:]
    assert [row[0] for row in rows] == ["Revision 2", "Revision 1 (this page) Superseded"]


def test_the_current_revision_read_by_its_number_is_not_marked_superseded(client, revised):
    html = client.get("/statistics/2026-q3/revisions/2").get_data(as_text=True)
    assert 'id="superseded"' not in html
    assert Page(html).summary_list["Revision"] == "Revision 2, the current one"


def test_each_revision_links_to_its_own_downloads(client, revised):
    for revision in (1, 2):
        shown = page(client, f"/statistics/2026-q3/revisions/{revision}")
        hrefs = {href for href, _ in shown.links}
        for name in ("statistics.csv", "statistics.json", "statistics.xlsx"):
            assert f"/statistics/2026-q3/revisions/{revision}/{name}" in hrefs
