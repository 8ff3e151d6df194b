"""The public pages of published statistics releases: the list, each release's current
revision, and any revision that was published before it.

Nobody signs in to read them. Before every page of the blueprint (and every download,
downloads.py), whatever release has reached its time is published
(services.publish_due_and_commit, which audits it), so a release appears at the moment
the publisher set without a scheduler.
Drafts and approved releases whose time has not come are never shown, not even their
existence. The pages show only the release's saved content: no complaint and no case is
read here. A release is shown in the page's language in the words it stored when it was
prepared (statistics/wording.py); one prepared before releases stored Welsh is shown in
English, and in Welsh says it is available in English only.
"""

from __future__ import annotations

from datetime import date, datetime

from flask import Blueprint, abort, render_template, url_for
from flask_babel import lazy_gettext as _l

from oversight import formatting
from oversight.access import public
from oversight.complaints.enums import Language
from oversight.statistics import services, wording
from oversight.statistics.compute.tables import targets
from oversight.statistics.content import Cell, ReleaseContent, Table
from oversight.statistics.enums import ReleaseStatus
from oversight.statistics.models import StatisticsRelease
from oversight.statistics.outputs import charts, dictionary, tidy

# /statistics: published releases (their downloads are downloads.py's, beside them).
bp = Blueprint("statistics", __name__, url_prefix="/statistics")
bp.before_request(services.publish_due_and_commit)

TITLE = _l("Facial recognition oversight statistics")
# The downloads (downloads.py) each release page links to.
DOWNLOADS = (
    ("statistics_downloads.csv", _l("CSV file (tidy data)")),
    ("statistics_downloads.xlsx", _l("Spreadsheet (XLSX)")),
    ("statistics_downloads.json", _l("JSON file")),
)


@bp.app_template_global()
def statistic_text(cell: Cell, format_: str) -> str:
    return charts.figure(cell, format_)


@bp.app_template_global()
def statistics_chart(table: Table, id_prefix: str = "chart") -> charts.Chart | None:
    return charts.bar_chart(table, id_prefix)


@bp.app_template_global()
def statistics_symbol(symbol: str) -> dict[str, str]:
    return {"name": charts.symbol_name(symbol), "meaning": charts.symbol_meaning(symbol)}


@bp.app_template_global()
def statistics_dictionary(content: ReleaseContent) -> list[dictionary.TableDescription]:
    return dictionary.describe_release(content)


@bp.app_template_filter("statistics_moment")
def statistics_moment(value: datetime | None) -> str:
    """A date and time as people in England and Wales read it: 1 October 2026, 09:30."""
    return formatting.date_and_time(value)


@bp.app_template_filter("statistics_date")
def statistics_date(value: str | date) -> str:
    """A day of a release's period (saved as 2026-07-01) as 1 July 2026."""
    return formatting.iso_date(value)


def published_revision(slug: str, revision: int) -> StatisticsRelease:
    """A published (or superseded) revision, or 404. Revisions are numbered in a database
    integer: a larger number is simply not there."""
    found = services.published(slug, revision) if 0 < revision <= tidy.LARGEST_REVISION else None
    if found is None:
        abort(404)
    return found


def _downloads(release: StatisticsRelease, language: Language) -> list[dict[str, str]]:
    """The downloads, in the page's language (a Welsh page's links say so: ?lang=cy)."""
    asked = None if language is wording.STORED else language.value
    return [
        {
            "href": url_for(endpoint, slug=release.slug, revision=release.revision, lang=asked),
            "text": str(text),
        }
        for endpoint, text in DOWNLOADS
    ]


def _release_page(release: StatisticsRelease) -> str:
    history = services.revisions(release.slug)
    language = wording.page_language()
    content = wording.in_language(release.content, language)
    return render_template(
        "statistics/release.html",
        title=TITLE,
        release=release,
        content=content,
        english_only=not wording.available_in(release.content, language),
        notes={note["id"]: note["text"] for note in content.get("notes", [])},
        history=history,
        current=history[0],
        first=history[-1],
        superseded=release.status is ReleaseStatus.SUPERSEDED,
        downloads=_downloads(release, language),
        targets=targets(),
    )


@bp.get("")
@public
def releases() -> str:
    return render_template(
        "statistics/releases.html", title=TITLE, releases=services.published_releases()
    )


@bp.get("/<slug>")
@public
def release(slug: str) -> str:
    found = services.published(slug)
    if found is None or found.status is not ReleaseStatus.PUBLISHED:
        abort(404)
    return _release_page(found)


@bp.get("/<slug>/revisions/<int:revision>")
@public
def revision(slug: str, revision: int) -> str:
    return _release_page(published_revision(slug, revision))
