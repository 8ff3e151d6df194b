"""The JSON Schema of a published release as the API shows it and the JSON download
holds it: the components of the API's OpenAPI document whose names start Statistics.

They follow tidy.metadata and the content's shape (statistics/content.py) field by field.
"""

from __future__ import annotations

from typing import Any

from oversight.statistics.compute import disclosure as dc
from oversight.statistics.enums import PeriodKind, ReleaseStatus
from oversight.statistics.models import SLUG_PATTERN


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
    """The content's parts, as statistics/content.py types them."""
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
            "format": {"type": "string", "enum": ["count", "percent", "rate", "days", "one_in"]},
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
    labels = {"type": "object", "additionalProperties": TEXT, "description": "By id"}
    words = _object(
        {
            "period": TEXT,
            "comparison": TEXT,
            "headlines": labels,
            "tables": {
                "type": "object",
                "description": "By table id",
                "additionalProperties": _object(
                    {
                        "title": TEXT,
                        "description": TEXT,
                        "row_heading": TEXT,
                        "columns": labels,
                        "rows": labels,
                    }
                ),
            },
            "notes": labels,
        },
        description="A release's words in another language, by the ids of what they label",
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
            "translations": {
                "type": "object",
                "propertyNames": {"enum": ["en", "cy"]},
                "additionalProperties": _ref("StatisticsWords"),
                "description": "The words in the other language (cy, or en in a Welsh "
                "document), stored when the release was prepared; none on a release "
                "prepared before releases stored Welsh",
            },
        },
        description="The release's tables as published, never changed afterwards",
    )
    content["required"].remove("translations")
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
        "StatisticsWords": words,
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
        "statement": _ref("StatisticsStatement"),  # api/openapi/calendar.py
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
