"""A published release as data: its metadata, the JSON document, the tidy CSV, and the
JSON Schema of what the API and the JSON download show.

The JSON download is the release's metadata and its content exactly as stored (see
tables.py for the content's shape), so `content_sha256` can be checked: it is the
SHA-256 of the content written with sorted keys, no spaces and ASCII only
(services.digest).

The CSV is tidy: one row per published cell, each row saying which release, table, row,
column and period the figure belongs to. A figure is written as a number; a cell the
disclosure rules withhold has a blank value and its symbol ([c], [x] or [z]). The file
is UTF-8 with a byte order mark (so spreadsheet programs read the curly apostrophes of
the labels), and a text cell a spreadsheet would run as a formula gets a leading
apostrophe.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from oversight.deployments.register.downloads import csv_lines, safe_text
from oversight.statistics import disclosure as dc
from oversight.statistics.enums import PeriodKind, ReleaseStatus
from oversight.statistics.models import SLUG_PATTERN, StatisticsRelease

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


def _moment(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def metadata(release: StatisticsRelease) -> dict[str, Any]:
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


def document(release: StatisticsRelease) -> dict[str, Any]:
    """The JSON download: the metadata, then the content as it was published."""
    return {**metadata(release), "content": release.content}


# The tidy CSV -----------------------------------------------------------------------


def _number(value: Any) -> str:
    return "" if value is None else str(value)


def csv_rows(release: StatisticsRelease) -> Iterator[list[str]]:
    """One row per cell of every table, in the order the tables show them."""
    content = release.content
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
                    "" if symbol else _number(cell.get("value")),
                    safe_text(symbol or ""),
                ]


def csv_text(release: StatisticsRelease) -> str:
    return "".join(csv_lines(list(CSV_HEADINGS), csv_rows(release)))


# JSON Schema of what the API shows (its OpenAPI document's components) --------------


def _object(properties: dict[str, Any], **more: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": properties,
        "required": list(properties),
        "additionalProperties": False,
        **more,
    }


def _ref(name: str) -> dict[str, str]:
    return {"$ref": f"#/components/schemas/{name}"}


DATE = {"type": "string", "format": "date"}
MOMENT = {"type": "string", "format": "date-time"}
TEXT = {"type": "string"}


def _content_schemas() -> dict[str, Any]:
    """The content's parts, as tables.py describes them."""
    cell = _object(
        {
            "value": {"type": ["number", "null"]},
            "symbol": {"enum": [None, *dc.SYMBOLS]},
        },
        description="A figure, or the symbol that stands in for it: [c] withheld so no one "
        "can be identified, [x] not available, [z] not applicable",
    )
    column = _object(
        {
            "id": TEXT,
            "label": TEXT,
            "format": {"type": "string", "enum": ["count", "percent", "rate", "days"]},
            "period": {"type": "string", "enum": ["current", "previous"]},
        }
    )
    row = _object(
        {
            "id": TEXT,
            "label": TEXT,
            "total": {"type": "boolean"},
            "cells": {"type": "array", "items": _ref("StatisticsCell")},
        }
    )
    table = _object(
        {
            "id": TEXT,
            "number": {"type": "integer", "minimum": 1},
            "title": TEXT,
            "description": TEXT,
            "row_heading": TEXT,
            "columns": {"type": "array", "items": _ref("StatisticsColumn")},
            "rows": {"type": "array", "items": _ref("StatisticsRow")},
            "notes": {"type": "array", "items": TEXT, "description": "Ids of the notes"},
            "chart": {
                "oneOf": [
                    {"type": "null"},
                    _object({"column": {"type": "integer", "minimum": 0}}),
                ]
            },
        }
    )
    headline = _object(
        {
            "id": TEXT,
            "label": TEXT,
            "format": TEXT,
            "current": _ref("StatisticsCell"),
            "previous": _ref("StatisticsCell"),
        }
    )
    content = _object(
        {
            "schema": {"type": "integer", "minimum": 1},
            "period": _ref("StatisticsPeriod"),
            "comparison": _ref("StatisticsPeriod"),
            "headlines": {"type": "array", "items": headline},
            "tables": {"type": "array", "items": _ref("StatisticsTable")},
            "notes": {
                "type": "array",
                "items": _object({"id": TEXT, "text": TEXT}),
            },
        },
        description="The release's tables as published, never changed afterwards",
    )
    period = _object(
        {
            "kind": {"type": "string", "enum": [kind.value for kind in PeriodKind]},
            "code": {"type": "string", "description": "Like 2026-Q3, 2026 or FY2025-26"},
            "start": DATE,
            "end": {**DATE, "description": "The period's last day"},
            "label": TEXT,
        }
    )
    return {
        "StatisticsPeriod": period,
        "StatisticsCell": cell,
        "StatisticsColumn": column,
        "StatisticsRow": row,
        "StatisticsTable": table,
        "StatisticsContent": content,
    }


def metadata_properties() -> dict[str, Any]:
    """The JSON Schema of each field of `metadata`."""
    return {
        "slug": {"type": "string", "pattern": SLUG_PATTERN},
        "period": _ref("StatisticsPeriod"),
        "revision": {"type": "integer", "minimum": 1},
        "status": {
            "type": "string",
            "enum": [ReleaseStatus.PUBLISHED.value, ReleaseStatus.SUPERSEDED.value],
            "description": "superseded: a later revision of the same period replaces it",
        },
        "published_at": MOMENT,
        "superseded_at": {**MOMENT, "type": ["string", "null"]},
        "revision_note": {
            "type": ["string", "null"],
            "description": "What this revision changed and why (none on a first release)",
        },
        "content_sha256": {
            "type": "string",
            "pattern": "^[0-9a-f]{64}$",
            "description": "SHA-256 of the content written with sorted keys, no spaces, ASCII",
        },
    }


def schemas() -> dict[str, Any]:
    """Every component schema of the API's statistics (their names start Statistics)."""
    link = {"type": "string", "description": "An address on this site"}
    revision = {**metadata_properties(), "links": _ref("StatisticsLinks")}
    summary = {
        **revision,
        "revisions": {
            "type": "array",
            "items": _ref("StatisticsRevision"),
            "description": "Every published revision of the period, newest first",
        },
    }
    return {
        **_content_schemas(),
        "StatisticsLinks": _object(
            {
                "api": link,
                "csv": {**link, "description": "The tables as tidy CSV, one row a figure"},
                "json": {**link, "description": "The release as JSON"},
                "spreadsheet": {**link, "description": "The tables as a spreadsheet (.xlsx)"},
            }
        ),
        "StatisticsRevision": _object(revision),
        "StatisticsReleaseSummary": _object(summary),
        "StatisticsReleaseList": _object(
            {"items": {"type": "array", "items": _ref("StatisticsReleaseSummary")}}
        ),
        "StatisticsRelease": _object({**summary, "content": _ref("StatisticsContent")}),
    }
