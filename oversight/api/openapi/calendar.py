"""The OpenAPI parts of the release calendar and of the statement every release carries:
their schemas (the API's statistics.calendar_entry_json and outputs/statement.py, field
by field) and the calendar's path."""

from __future__ import annotations

from typing import Any

from oversight.statistics.models import SLUG_PATTERN
from oversight.statistics.outputs import statement

DATE = {"type": "string", "format": "date"}
MOMENT = {"type": "string", "format": "date-time"}
TEXT = {"type": "string"}


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


def schemas() -> dict[str, Any]:
    next_release = _object(
        {
            "period": _ref("StatisticsPeriod"),
            "release_date": DATE,
            "publish_at": {**MOMENT, "description": "09:30 UK time on the release date"},
        },
        description="The next release the calendar announces that is not yet out",
    )
    return {
        "StatisticsContact": _object(
            {"name": TEXT, "email": {"type": "string", "format": "email"}}
        ),
        "StatisticsNextRelease": next_release,
        "StatisticsStatement": _object(
            {
                "status": {"type": "string", "enum": [statement.STATUS]},
                "status_label": TEXT,
                "status_text": TEXT,
                "quality": TEXT,
                "methodology": TEXT,
                "revisions_policy": TEXT,
                "pre_release_access": TEXT,
                "contact": _ref("StatisticsContact"),
                "next_release": {"oneOf": [{"type": "null"}, _ref("StatisticsNextRelease")]},
            },
            description="What the release says about itself under the Code of Practice for "
            "Statistics: its status, quality, methodology, revisions policy, contact and the "
            "next release",
        ),
        "StatisticsDateChange": _object(
            {"changed_at": MOMENT, "old_date": DATE, "new_date": DATE, "reason": TEXT}
        ),
        "StatisticsCancellation": _object(
            {
                "cancelled_at": MOMENT,
                "release_date": {**DATE, "description": "The day it had been announced for"},
                "reason": TEXT,
            }
        ),
        "StatisticsCalendarEntry": _object(
            {
                "slug": {"type": "string", "pattern": SLUG_PATTERN},
                "period": _ref("StatisticsPeriod"),
                "release_date": DATE,
                "publish_at": {**MOMENT, "description": "09:30 UK time on the release date"},
                "status": {
                    "type": "string",
                    "enum": ["announced", "delayed", "cancelled", "published"],
                    "description": "delayed: its time has passed and it is not yet out; "
                    "cancelled: it will not be published unless announced again",
                },
                "changes": {
                    "type": "array",
                    "items": _ref("StatisticsDateChange"),
                    "description": "Every change to the announced date, oldest first",
                },
                "cancellation": {
                    "oneOf": [{"type": "null"}, _ref("StatisticsCancellation")],
                    "description": "Why and when it was cancelled, while it is",
                },
                "cancellations": {
                    "type": "array",
                    "items": _ref("StatisticsCancellation"),
                    "description": "Every cancellation, oldest first, kept once it is "
                    "announced again",
                },
                "release": {
                    "type": ["string", "null"],
                    "description": "The published release in the API, once it is out",
                },
            }
        ),
        "StatisticsCalendar": _object(
            {
                "upcoming": {
                    "type": "array",
                    "items": _ref("StatisticsCalendarEntry"),
                    "description": "Soonest first",
                },
                "past": {
                    "type": "array",
                    "items": _ref("StatisticsCalendarEntry"),
                    "description": "Newest first",
                },
                "next_release": {"oneOf": [{"type": "null"}, _ref("StatisticsNextRelease")]},
            }
        ),
    }


def paths(error_responses: Any, json_content: Any) -> dict[str, Any]:
    return {
        "/statistics/calendar": {
            "get": {
                "operationId": "getStatisticsCalendar",
                "tags": ["statistics"],
                "summary": "The release calendar: every release announced, upcoming and past",
                "security": [],
                "responses": {
                    "200": {
                        "description": "The release calendar",
                        "content": json_content(_ref("StatisticsCalendar")),
                    },
                    **error_responses(400, 429),
                },
            }
        },
    }
