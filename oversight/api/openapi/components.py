"""The reusable parts of the OpenAPI document, its `components`: the schemas, the
parameters, the error responses and the force token's security scheme; and the helpers
the paths in document.py point at them with.

Record schemas are built from records.DEPLOYMENT_FIELDS / USAGE_FIELDS through
schemas.field_schema, the same schema every request body is held to, so the document
cannot drift from the validator. The statistics schemas are those of
statistics.outputs.json_schema, beside the code that writes the API's and the JSON
download's releases. Force slugs come from the forces table, so the caller reads them
once and passes them in.
"""

from __future__ import annotations

from typing import Any

from oversight.api import reads
from oversight.api.openapi import calendar
from oversight.api.schemas import (
    DATE_PATTERN,
    DEPLOYMENT,
    USAGE_RETURN,
    input_schema,
    record_schema,
)
from oversight.api.tokens.services import PREFIX
from oversight.deployments.records.enums import DEPLOYMENT_TECHNOLOGIES, USAGE_TECHNOLOGIES
from oversight.statistics.models import SLUG_PATTERN
from oversight.statistics.outputs import json_schema, tidy


def components(slugs: list[str]) -> dict[str, Any]:
    """The document's `components`: everything its paths point to with ref()."""
    return {
        "schemas": _schemas(slugs),
        "parameters": _parameters(slugs),
        "responses": _responses(),
        "securitySchemes": {
            "forceToken": {
                "type": "http",
                "scheme": "bearer",
                "bearerFormat": f"{PREFIX} and 43 characters",
                "description": "A force's API token, issued by an administrator of the register.",
            }
        },
    }


def ref(kind: str, name: str) -> dict[str, str]:
    """A pointer to one of the components, like ref("schemas", "Force")."""
    return {"$ref": f"#/components/{kind}/{name}"}


def json_content(schema: dict[str, Any]) -> dict[str, Any]:
    """A body or an answer sent as JSON, held to `schema`."""
    return {"application/json": {"schema": schema}}


# Schemas ----------------------------------------------------------------------------


def _page_schema(name: str) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": ref("schemas", name)},
            "total": {"type": "integer", "minimum": 0},
            "limit": {"type": "integer", "minimum": 1, "maximum": reads.MAX_LIMIT},
            "offset": {"type": "integer", "minimum": 0, "maximum": reads.MAX_OFFSET},
            "next": {"type": ["string", "null"], "description": "The following page's address"},
        },
        "required": ["items", "total", "limit", "offset", "next"],
        "additionalProperties": False,
    }


def _schemas(slugs: list[str]) -> dict[str, Any]:
    force_properties: dict[str, Any] = {
        "slug": {"type": "string", "enum": slugs},
        "name": {"type": "string"},
        "nation": {"type": "string"},
        "kind": {"type": "string"},
        "ons_code": {"type": ["string", "null"]},
        "deployments": {"type": "integer", "minimum": 0},
        "usage_returns": {"type": "integer", "minimum": 0},
    }
    force = {
        "type": "object",
        "properties": force_properties,
        "required": list(force_properties),
        "additionalProperties": False,
    }
    schemas: dict[str, Any] = {
        "Force": force,
        "ForceList": {
            "type": "object",
            "properties": {"items": {"type": "array", "items": ref("schemas", "Force")}},
            "required": ["items"],
            "additionalProperties": False,
        },
        "FieldError": {
            "type": "object",
            "properties": {
                "field": {"type": "string", "description": "A field, parameter or header"},
                "message": {"type": "string", "description": "What to correct"},
            },
            "required": ["field", "message"],
            "additionalProperties": False,
        },
        "Error": {
            "type": "object",
            "properties": {
                "message": {"type": "string"},
                "errors": {"type": "array", "items": ref("schemas", "FieldError")},
            },
            "required": ["message", "errors"],
            "additionalProperties": False,
        },
    }
    schemas.update(json_schema.schemas())
    schemas.update(calendar.schemas())
    for kind in (DEPLOYMENT, USAGE_RETURN):
        schemas[kind.name] = record_schema(kind, slugs)
        schemas[f"{kind.name}Input"] = input_schema(kind, slugs, whole=True)
        schemas[f"{kind.name}Patch"] = input_schema(kind, slugs, whole=False)
        schemas[f"{kind.name}Page"] = _page_schema(kind.name)
    return schemas


# Parameters and responses ------------------------------------------------------------


def _query(name: str, schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {
        "name": name,
        "in": "query",
        "required": False,
        "schema": schema,
        "description": description,
    }


def _parameters(slugs: list[str]) -> dict[str, Any]:
    date = {"type": "string", "format": "date", "pattern": DATE_PATTERN}
    return {
        "Id": {
            "name": "id",
            "in": "path",
            "required": True,
            "schema": {"type": "integer", "minimum": 1, "maximum": reads.LARGEST_ID},
        },
        "Force": _query("force", {"type": "string", "enum": slugs}, "A force's slug"),
        "DeploymentTechnology": _query(
            "technology",
            {"type": "string", "enum": [member.value for member in DEPLOYMENT_TECHNOLOGIES]},
            "Deployments of this technology",
        ),
        "UsageTechnology": _query(
            "technology",
            {"type": "string", "enum": [member.value for member in USAGE_TECHNOLOGIES]},
            "Returns for this technology",
        ),
        "From": _query("from", date, "On or after this date (a return: ending on or after it)"),
        "To": _query("to", date, "On or before this date (a return: starting on or before it)"),
        "Limit": _query(
            "limit",
            {
                "type": "integer",
                "minimum": 1,
                "maximum": reads.MAX_LIMIT,
                "default": reads.DEFAULT_LIMIT,
            },
            "How many records a page holds",
        ),
        "Offset": _query(
            "offset",
            {"type": "integer", "minimum": 0, "maximum": reads.MAX_OFFSET, "default": 0},
            "How many records to skip",
        ),
        "Slug": {
            "name": "slug",
            "in": "path",
            "required": True,
            "schema": {"type": "string", "pattern": SLUG_PATTERN},
            "description": "The release's period, like 2026-q3, 2026 or fy2025-26",
        },
        "Revision": _query(
            "revision",
            {"type": "integer", "minimum": 1, "maximum": tidy.LARGEST_REVISION},
            "A given revision, published or superseded (the current one if left out)",
        ),
        "IfMatch": {
            "name": "If-Match",
            "in": "header",
            "required": False,
            "schema": {"type": "string"},
            "description": 'The ETag of the version the correction was made from, like "3"; '
            "another version than the record's is refused with 412",
        },
    }


ERRORS = {
    "400": ("BadRequest", "The request could not be read: a parameter, header or the JSON itself"),
    "401": ("Unauthorized", "No token, or one that is unknown or revoked"),
    "403": ("Forbidden", "The record, or the force named, is another force's"),
    "404": ("NotFound", "No record has this id"),
    "409": ("Conflict", "Another record already has this key"),
    "412": ("PreconditionFailed", "The record changed since the version in If-Match"),
    "413": ("ContentTooLarge", "The body is larger than one record could be"),
    "415": ("UnsupportedMediaType", "The body is not sent as application/json"),
    "422": ("UnprocessableContent", "The record was not saved: each field to correct is named"),
    "429": ("TooManyRequests", "Too many requests: wait for Retry-After seconds"),
}


def _responses() -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, description in ERRORS.values():
        found[name] = {"description": description, "content": json_content(ref("schemas", "Error"))}
    found["Unauthorized"]["headers"] = {
        "WWW-Authenticate": {"required": True, "schema": {"type": "string"}}
    }
    found["TooManyRequests"]["headers"] = {
        "Retry-After": {"required": True, "schema": {"type": "string", "pattern": "^[0-9]+$"}}
    }
    return found


def error_responses(*statuses: int) -> dict[str, Any]:
    """An operation's refusals, each pointing to the one shared response for its status."""
    return {str(status): ref("responses", ERRORS[str(status)][0]) for status in statuses}
