"""The release calendar in public: a page of upcoming and past releases, and an Atom feed.

Nobody signs in to read them. Each announced release shows its period, its day (09:30
UK time) and every change to that day with its reason; once out, it links to the
release. As before every public statistics page, whatever has come due is published
first (services.publish_due_and_commit), so the calendar is never behind the releases.
A cancelled release says so, when and why, and stays listed (among the upcoming ones
until its day has gone); announced again, it shows its new day, the cancellation kept in
its history. The feed is Atom 1.0, written with the standard library's XML writer (so
every text is escaped), one entry a release, updated whenever its day changes, it is
cancelled or announced again, or it comes out.
"""

from __future__ import annotations

from datetime import UTC, datetime
from xml.etree import ElementTree as ET

from flask import Blueprint, Response, current_app, render_template, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from oversight import formatting
from oversight.access import public
from oversight.statistics import calendar, services
from oversight.statistics.calendar import Listing
from oversight.statistics.calendar_models import CalendarEntry
from oversight.statistics.models import StatisticsRelease
from oversight.statistics.outputs import statement

# /statistics/calendar: beside the published releases.
bp = Blueprint("statistics_calendar", __name__, url_prefix="/statistics/calendar")
bp.before_request(services.publish_due_and_commit)

TITLE = _l("Statistics release calendar")
ATOM = "http://www.w3.org/2005/Atom"
ATOM_MIMETYPE = "application/atom+xml"
# The feed's "updated" when nothing has been announced yet: the register's first day.
EPOCH = datetime(2026, 1, 1, tzinfo=UTC)


@bp.app_template_global()
def statistics_statement() -> statement.Statement:
    """The statement every release page shows (outputs/statement.py)."""
    return statement.statement()


@bp.app_template_global()
def not_in_calendar(release: StatisticsRelease) -> str | None:
    """Why the calendar keeps a release from being approved, for its staff page."""
    return calendar.unannounced(release)


@bp.app_template_global("calendar_history")
def history(entry: CalendarEntry) -> list[str]:
    """Every change to an announced release, oldest first, as the calendar says it: each
    day moved and why, each cancellation and why, and its announcement again after one."""
    said: list[tuple[datetime, str]] = [
        (
            change.changed_at,
            _(
                "Changed on %(on)s from %(old)s to %(new)s: %(reason)s",
                on=formatting.long_date(change.changed_at),
                old=formatting.long_date(change.old_date),
                new=formatting.long_date(change.new_date),
                reason=change.reason,
            ),
        )
        for change in entry.changes
    ]
    said += [
        (
            cancelled.cancelled_at,
            _(
                "Cancelled on %(on)s, when announced for %(day)s: %(reason)s",
                on=formatting.long_date(cancelled.cancelled_at),
                day=formatting.long_date(cancelled.release_date),
                reason=cancelled.reason,
            ),
        )
        for cancelled in entry.cancellations
    ]
    if entry.announcement > 1:
        said.append(
            (
                entry.announced_at,
                _(
                    "Announced again on %(on)s, for %(day)s",
                    on=formatting.long_date(entry.announced_at),
                    day=formatting.long_date(entry.release_date),
                ),
            )
        )
    return [str(text) for _at, text in sorted(said, key=lambda pair: pair[0])]


def updated(listing: Listing) -> datetime:
    """When the entry last changed: announced, its day moved, cancelled, or its release out."""
    entry = listing.entry
    moments = [
        entry.announced_at,
        *(c.changed_at for c in entry.changes),
        *(c.cancelled_at for c in entry.cancellations),
    ]
    if listing.published_at is not None:
        moments.append(listing.published_at)
    return max(moments)


def release_url(listing: Listing, external: bool = False) -> str | None:
    if listing.release is None:
        return None
    return url_for("statistics.release", slug=listing.entry.slug, _external=external)


@bp.get("")
@public
def page() -> str:
    upcoming, past = calendar.listings()
    return render_template(
        "statistics/calendar.html",
        title=TITLE,
        upcoming=upcoming,
        past=past,
        release_url=release_url,
    )


def _text(parent: ET.Element, tag: str, text: str, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, f"{{{ATOM}}}{tag}", attributes)
    element.text = text
    return element


def _summary(listing: Listing) -> str:
    entry = listing.entry
    when = formatting.date_at_time(entry.publish_at)
    if listing.cancellation is not None:
        said = _(
            "Cancelled: it will not be published on %(when)s (UK time).",
            when=when,
        )
    elif listing.release is not None:
        said = _(
            "Published on %(when)s (UK time).",
            when=formatting.date_at_time(listing.published_at),
        )
    elif listing.late:
        said = _("Announced for %(when)s (UK time); not yet published.", when=when)
    else:
        said = _("To be published on %(when)s (UK time).", when=when)
    return " ".join([str(said), *history(entry)])


def feed_xml() -> bytes:
    """The calendar as an Atom 1.0 feed, soonest upcoming release first, then past ones."""
    upcoming, past = calendar.listings()
    listings = [*upcoming, *past]
    page_url = url_for("statistics_calendar.page", _external=True)
    ET.register_namespace("", ATOM)
    feed = ET.Element(f"{{{ATOM}}}feed", {"xml:lang": "en-GB"})
    _text(feed, "id", page_url)
    _text(feed, "title", str(TITLE))
    _text(
        feed,
        "subtitle",
        str(_("Releases of facial recognition oversight statistics, announced in advance")),
    )
    latest = max((updated(listing) for listing in listings), default=EPOCH)
    _text(feed, "updated", latest.astimezone(UTC).isoformat())
    ET.SubElement(
        feed,
        f"{{{ATOM}}}link",
        {"rel": "self", "type": ATOM_MIMETYPE, "href": url_for(".feed", _external=True)},
    )
    ET.SubElement(feed, f"{{{ATOM}}}link", {"rel": "alternate", "href": page_url})
    author = ET.SubElement(feed, f"{{{ATOM}}}author")
    _text(author, "name", str(current_app.config["STATISTICS_CONTACT_NAME"]))
    _text(author, "email", str(current_app.config["STATISTICS_CONTACT_EMAIL"]))
    for listing in listings:
        entry = listing.entry
        item = ET.SubElement(feed, f"{{{ATOM}}}entry")
        _text(item, "id", f"{page_url}#{entry.slug}")
        if listing.cancellation is not None:
            title = _(
                "Facial recognition oversight statistics: %(period)s, cancelled",
                period=entry.period.label,
            )
        else:
            title = _(
                "Facial recognition oversight statistics: %(period)s, %(when)s",
                period=entry.period.label,
                when=formatting.long_date(entry.release_date),
            )
        _text(item, "title", str(title))
        _text(item, "updated", updated(listing).astimezone(UTC).isoformat())
        _text(item, "published", entry.announced_at.astimezone(UTC).isoformat())
        href = release_url(listing, external=True) or f"{page_url}#{entry.slug}"
        ET.SubElement(item, f"{{{ATOM}}}link", {"rel": "alternate", "href": href})
        _text(item, "summary", _summary(listing), type="text")
    return bytes(ET.tostring(feed, encoding="utf-8", xml_declaration=True))


@bp.get("/feed.atom")
@public
def feed() -> Response:
    return current_app.response_class(feed_xml(), mimetype=ATOM_MIMETYPE)
