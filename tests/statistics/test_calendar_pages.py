"""The release calendar's pages: the open page (upcoming and past, each change with its
reason), the Atom feed, the statement every release page and the list carry, and the
staff pages that announce a release and change its date."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from io import BytesIO
from urllib.parse import urlsplit
from xml.etree import ElementTree as ET

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from oversight.models import utcnow
from oversight.statistics import calendar, services
from oversight.statistics.calendar import CalendarEntry, publication_moment
from oversight.statistics.periods import parse_period
from tests.helpers import csrf_token, login_as, post_page
from tests.register_pages import page
from tests.statistics.calendar_data import ended_quarter, weekend_day, working_day

ATOM = "{http://www.w3.org/2005/Atom}"
CALENDAR = "/statistics/calendar"
FEED = "/statistics/calendar/feed.atom"
STAFF = "/staff/statistics/calendar"


def _one(parent: ET.Element, tag: str) -> ET.Element:
    found = parent.findall(f"{ATOM}{tag}")
    assert len(found) == 1, f"{parent.tag} must have exactly one {tag}, has {len(found)}"
    return found[0]


def _moment(element: ET.Element) -> datetime:
    """An RFC 3339 date-time, with its offset (Atom's Date construct)."""
    assert element.text and re.fullmatch(
        r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})", element.text
    ), element.text
    return datetime.fromisoformat(element.text)


def parse_feed(body: bytes) -> ET.Element:
    """The feed, held to what RFC 4287 (Atom 1.0) requires of a feed and its entries."""
    feed = ET.fromstring(body)  # noqa: S314  (the app's own feed, in a test)
    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated"):
        _one(feed, tag)
    _moment(_one(feed, "updated"))
    assert urlsplit(_one(feed, "id").text or "").scheme, "an id is an absolute IRI"
    feed_author = feed.findall(f"{ATOM}author")
    for author in feed_author:
        assert _one(author, "name").text
    for entry in feed.findall(f"{ATOM}entry"):
        for tag in ("id", "title", "updated"):
            _one(entry, tag)
        _moment(_one(entry, "updated"))
        assert urlsplit(_one(entry, "id").text or "").scheme
        assert feed_author or entry.findall(f"{ATOM}author"), "every entry needs an author"
        alternates = [
            link
            for link in entry.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        if entry.find(f"{ATOM}content") is None:
            assert len(alternates) == 1, "an entry without content links to it once"
        for link in entry.findall(f"{ATOM}link"):
            assert link.get("href")
    return feed


@pytest.fixture(name="announced")
def announced_fixture(db, statistician, publisher):
    """Two releases announced, one moved for a reason, and one of them published."""
    period, later = ended_quarter(), parse_period("2025")
    out = calendar.announce(period, working_day(20), statistician)
    moved = calendar.announce(later, working_day(30), statistician)
    calendar.change_date(moved, working_day(50), "Late returns <from> two forces.", publisher)
    release = services.prepare(period, statistician)
    services.approve(release, publisher, utcnow())
    services.publish_due(publication_moment(out.release_date))
    db.session.commit()
    return out, moved


def test_the_calendar_is_open_and_shows_upcoming_and_past_releases(client, announced):
    out, moved = announced
    shown = client.get(CALENDAR)
    assert shown.status_code == 200
    html = shown.get_data(as_text=True)
    upcoming = html[html.index('id="upcoming-releases"') : html.index('id="past"')]
    past = html[html.index('id="past-releases"') :]
    assert moved.period.label in upcoming and out.period.label not in upcoming
    assert "Late returns &lt;from&gt; two forces." in upcoming  # the reason, escaped
    assert "Date changed" in upcoming
    assert f'href="/statistics/{out.slug}"' in past
    assert page(client, CALENDAR).h1 == "Statistics release calendar"
    # Feed readers find the feed from the page.
    assert (
        f'<link rel="alternate" type="application/atom+xml" title="Statistics release calendar" href="{FEED}">'
        in html
    )


def test_the_feed_is_atom_with_an_entry_a_release(client, announced):
    out, _moved = announced
    answer = client.get(FEED)
    assert answer.status_code == 200
    assert answer.mimetype == "application/atom+xml"
    feed = parse_feed(answer.data)
    assert feed.tag == f"{ATOM}feed"
    for tag in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{tag}") is not None, tag
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    self_link = [link for link in feed.findall(f"{ATOM}link") if link.get("rel") == "self"]
    assert [link.get("href") for link in self_link] == [f"http://localhost{FEED}"]
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 2
    ids = [entry.find(f"{ATOM}id").text for entry in entries]
    assert len(set(ids)) == 2
    for entry in entries:
        for tag in ("id", "title", "updated", "summary", "link"):
            assert entry.find(f"{ATOM}{tag}") is not None, tag
        # RFC 3339 moments, with their offset.
        assert datetime.fromisoformat(entry.find(f"{ATOM}updated").text).tzinfo is not None
    summaries = " ".join(entry.find(f"{ATOM}summary").text for entry in entries)
    assert "Late returns <from> two forces." in summaries
    links = [entry.find(f"{ATOM}link").get("href") for entry in entries]
    assert f"http://localhost/statistics/{out.slug}" in links
    latest = max(datetime.fromisoformat(e.find(f"{ATOM}updated").text) for e in entries)
    assert datetime.fromisoformat(feed.find(f"{ATOM}updated").text) == latest


def test_an_empty_calendar_says_so_and_its_feed_is_still_valid(client, db):
    assert "No release has been announced yet." in client.get(CALENDAR).get_data(as_text=True)
    feed = parse_feed(client.get(FEED).data)
    assert feed.find(f"{ATOM}updated") is not None and feed.findall(f"{ATOM}entry") == []


def test_each_release_page_and_the_list_carry_the_statement(app, client, announced, monkeypatch):
    out, moved = announced
    monkeypatch.setitem(app.config, "STATISTICS_CONTACT_NAME", "Ada Analyst")
    monkeypatch.setitem(app.config, "STATISTICS_CONTACT_EMAIL", "ada@example.test")
    for address in ("/statistics", f"/statistics/{out.slug}", CALENDAR):
        html = client.get(address).get_data(as_text=True)
        statement = html[html.index('id="statement"') :]
        assert "Official statistics in development" in statement, address
        assert "Revisions policy" in statement and "09:30 UK time" in statement
        assert "Ada Analyst" in statement and "mailto:ada@example.test" in statement
        assert f"{moved.period.label}, on" in statement  # the next release


def test_the_spreadsheet_cover_carries_the_statement(client, announced):
    out, moved = announced
    answer = client.get(f"/statistics/{out.slug}/revisions/1/statistics.xlsx")
    cover = [
        row[0] for row in load_workbook(BytesIO(answer.data))["Cover"].iter_rows(values_only=True)
    ]
    for heading in ("Status of these statistics", "Revisions policy", "Next release", "Contact"):
        assert heading in cover
    text = "\n".join(cover)
    assert "Official statistics in development." in text
    assert "Head of Statistics, Facial Recognition Oversight Regulator, email statistics@" in text
    assert f"{moved.period.label}, on " in text


# Staff pages -----------------------------------------------------------------------------


def _date(prefix: str, day) -> dict[str, str]:
    return {
        f"{prefix}-day": str(day.day),
        f"{prefix}-month": str(day.month),
        f"{prefix}-year": str(day.year),
    }


def test_a_statistician_announces_a_release_on_the_staff_page(client, db, statistician):
    login_as(client, statistician)
    period, day = ended_quarter(), working_day(20)
    answer = post_page(
        client, f"{STAFF}/new", {"period_code": period.code, **_date("release_date", day)}
    )
    assert answer.status_code == 302
    entry = db.session.scalar(sa.select(CalendarEntry))
    assert (entry.slug, entry.release_date) == (period.slug, day)
    assert period.label in client.get(STAFF).get_data(as_text=True)


@pytest.mark.parametrize(
    "typed, message",
    [
        ({"period_code": ""}, "Enter the period the release covers"),
        ({"period_code": "2026-01-05..2026-02-20"}, "Only a quarter, a calendar year"),
        ({"period_code": "next year"}, "Write the period as a quarter"),
        ({"weekend": True}, "must be a working day"),
        ({"release_date-day": ""}, "must include a day"),
    ],
)
def test_an_announcement_with_a_mistake_is_sent_back_saying_what_to_do(
    client, db, statistician, typed, message
):
    login_as(client, statistician)
    day = weekend_day(20) if typed.pop("weekend", False) else working_day(20)
    data = {"period_code": ended_quarter().code, **_date("release_date", day), **typed}
    answer = post_page(client, f"{STAFF}/new", data)
    assert answer.status_code == 400
    html = answer.get_data(as_text=True)
    assert "govuk-error-summary" in html and message in html
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CalendarEntry)) == 0


def test_only_statisticians_and_publishers_keep_the_calendar(client, db, caseworker):
    login_as(client, caseworker)
    for address in (STAFF, f"{STAFF}/new"):
        assert client.get(address).status_code == 403


def test_a_publisher_changes_a_date_with_a_reason_on_the_staff_page(
    client, db, statistician, publisher
):
    entry = calendar.announce(ended_quarter(), working_day(20), statistician)
    db.session.commit()
    login_as(client, publisher)
    address = f"{STAFF}/{entry.id}/change"
    new = working_day(40)
    sent = {**_date("release_date", new), "version": str(entry.version)}
    refused = post_page(client, address, {**sent, "reason": ""})
    assert refused.status_code == 400
    assert "Enter why the release date is changing" in refused.get_data(as_text=True)
    answer = post_page(client, address, {**sent, "reason": "Late returns."})
    assert answer.status_code == 302
    db.session.expire_all()
    assert entry.release_date == new
    assert [change.reason for change in entry.changes] == ["Late returns."]


def test_a_change_from_an_out_of_date_page_changes_nothing(client, db, statistician):
    entry = calendar.announce(ended_quarter(), working_day(20), statistician)
    db.session.commit()
    login_as(client, statistician)
    address = f"{STAFF}/{entry.id}/change"
    opened = client.get(address).get_data(as_text=True)
    calendar.change_date(entry, working_day(30), "Late returns.", statistician)
    db.session.commit()
    answer = client.post(
        address,
        data={
            "csrf_token": csrf_token(opened),
            "version": "1",
            "reason": "Again.",
            **_date("release_date", working_day(40)),
        },
    )
    assert answer.status_code == 409
    assert "Someone else changed this release while you had it open" in answer.get_data(
        as_text=True
    )
    db.session.expire_all()
    assert entry.release_date == working_day(30)
    assert timedelta(0) <= utcnow() - entry.changes[0].changed_at < timedelta(minutes=1)


def test_the_approval_form_of_a_release_in_the_calendar_says_when_it_will_come_out(
    client, db, statistician, publisher
):
    period = ended_quarter()
    entry = calendar.announce(period, working_day(20), statistician)
    release = services.prepare(period, statistician)
    db.session.commit()
    login_as(client, publisher)
    shown = client.get(f"/staff/statistics/{release.id}").get_data(as_text=True)
    notice = re.search(r'id="announced">([^<]+)<', shown)
    assert notice, "the approval form does not say the calendar sets the day"
    assert "the day announced" in notice[1]
    assert (
        f"published on {entry.release_date.day} " in notice[1] and "at 09:30 (UK time)" in notice[1]
    )


def test_a_first_release_not_in_the_calendar_links_to_announcing_it_and_is_not_approved(
    client, db, statistician, publisher
):
    period = ended_quarter()
    release = services.prepare(period, statistician)
    db.session.commit()
    login_as(client, publisher)
    address = f"/staff/statistics/{release.id}"
    shown = client.get(address).get_data(as_text=True)
    notice = shown[shown.index('id="not-in-calendar"') :]
    assert "is not in the release calendar: announce its release in the calendar first" in notice
    link = f"{STAFF}/new?period={period.code}"
    assert f'href="{link}"' in notice
    assert "Approve the release" not in shown
    refused = client.post(
        f"{address}/approve",
        data={"csrf_token": csrf_token(shown), "version": "1", "when": "now"},
    )
    assert refused.status_code == 400
    assert "is not in the release calendar: announce its release in the calendar first" in (
        refused.get_data(as_text=True)
    )
    db.session.expire_all()
    assert db.session.get(type(release), release.id).status.value == "draft"
    # The link opens the announcement with the period filled in.
    login_as(client, statistician)
    form = client.get(link).get_data(as_text=True)
    assert re.search(rf'name="period_code" type="text"[^>]* value="{period.code}"', form)
