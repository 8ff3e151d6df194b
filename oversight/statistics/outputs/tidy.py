"""A published release as data: its metadata, the JSON document and the tidy CSV (the
JSON Schema of what the API and the JSON download show is json_schema.py's).

The JSON download is the release's metadata and its content (see statistics/content.py
for the content's shape), its words in the language asked (?lang=, else the page's),
with those of the other language under "translations" (so "en" there in Welsh). In
English it is the content exactly as stored, so `content_sha256` can be checked: it is
the SHA-256 of the content written with sorted keys, no spaces and ASCII only
(services.digest).

The CSV is tidy: one row per published cell, each row saying which release, table, row,
column and period the figure belongs to. A figure is written as a number; a cell the
disclosure rules withhold has a blank value and its symbol ([c], [x] or [z]); a rate or
percentage keeps the decimal places of its significant figures (0.10, not 0.1). The file
is UTF-8 with a byte order mark (so spreadsheet programs read the curly apostrophes of
the labels), and a text cell a spreadsheet would run as a formula gets a leading
apostrophe.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime
from typing import TypedDict

from oversight import formatting
from oversight.complaints.enums import Language
from oversight.deployments.register.downloads import csv_lines, safe_text
from oversight.statistics import wording
from oversight.statistics.content import PeriodJson, ReleaseContent
from oversight.statistics.models import StatisticsRelease

FILENAME_PREFIX = "frf-statistics"
# Machine names, the same in every language, so code reading the file never breaks.
CSV_HEADINGS = (
    "period_code",
    "revision",
    "table_number",
    "table_id",
    "table_title",
    "row_id",
    "row_label",
    "column_id",
    "column_label",
    "period",
    "period_label",
    "measure",
    "value",
    "symbol",
)
LARGEST_REVISION = 2**31 - 1  # an INTEGER column


def filename(release: StatisticsRelease, extension: str) -> str:
    """frf-statistics-2026-q3-r1.csv: the period and revision, so downloads never clash."""
    return f"{FILENAME_PREFIX}-{release.slug}-r{release.revision}.{extension}"


class ReleaseMetadata(TypedDict):
    """What the public may know of a published release besides its content."""

    slug: str
    period: PeriodJson
    revision: int
    status: str
    published_at: str | None
    superseded_at: str | None
    revision_note: str | None
    content_sha256: str


class ReleaseDocument(ReleaseMetadata):
    """The JSON download."""

    content: ReleaseContent


def _moment(value: datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def metadata(release: StatisticsRelease) -> ReleaseMetadata:
    """What the public may know of a published release besides its content."""
    return {
        "slug": release.slug,
        "period": release.period.as_json(),
        "revision": release.revision,
        "status": release.status.value,
        "published_at": _moment(release.published_at),
        "superseded_at": _moment(release.superseded_at),
        "revision_note": release.revision_note,
        "content_sha256": release.content_sha256,
    }


def document(release: StatisticsRelease, language: Language = wording.STORED) -> ReleaseDocument:
    """The JSON download: the metadata, then the content as it was published, its words
    in `language` as the release stored them (in English where it stored none in it)."""
    shown = language if wording.available_in(release.content, language) else wording.STORED
    return {**metadata(release), "content": wording.in_language(release.content, shown)}


# The tidy CSV -----------------------------------------------------------------------


def _number(value: float | None, format_: str) -> str:
    if value is None:
        return ""
    if format_ in ("rate", "percent"):
        return f"{value:.{formatting.places(value)}f}"
    return str(value)


def csv_rows(
    release: StatisticsRelease, language: Language = wording.STORED
) -> Iterator[list[str]]:
    """One row per cell of every table, in the order the tables show them; the labels in
    `language` as the release stored them, the machine names the same in every language."""
    content = wording.in_language(release.content, language)
    period_labels = {
        "current": content["period"]["label"],
        "previous": content["comparison"]["label"],
    }
    code = safe_text(content["period"]["code"])
    for table in content["tables"]:
        fixed = [
            code,
            str(release.revision),
            str(table["number"]),
            safe_text(table["id"]),
            safe_text(table["title"]),
        ]
        for row in table["rows"]:
            for column, cell in zip(table["columns"], row["cells"], strict=True):
                symbol = cell.get("symbol")
                yield [
                    *fixed,
                    safe_text(row["id"]),
                    safe_text(row["label"]),
                    safe_text(column["id"]),
                    safe_text(column["label"]),
                    safe_text(column["period"]),
                    safe_text(period_labels.get(column["period"], "")),
                    safe_text(column["format"]),
                    "" if symbol else _number(cell.get("value"), column["format"]),
                    safe_text(symbol or ""),
                ]


def csv_text(release: StatisticsRelease, language: Language = wording.STORED) -> str:
    return "".join(csv_lines(list(CSV_HEADINGS), csv_rows(release, language)))
