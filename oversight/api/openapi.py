"""The OpenAPI 3.1 document of the whole API, served at /api/v1/openapi.json.

Record schemas are built from records.DEPLOYMENT_FIELDS / USAGE_FIELDS through
schemas.field_schema, the same schema every request body is held to, so the document
cannot drift from the validator. Force slugs come from the forces table.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from oversight.api import reads
from oversight.api.schemas import (
    DATE_PATTERN,
    DEPLOYMENT,
    USAGE_RETURN,
    Kind,
    input_schema,
    record_schema,
)
from oversight.api.tokens import PREFIX
from oversight.deployments.enums import DEPLOYMENT_TECHNOLOGIES, USAGE_TECHNOLOGIES
from oversight.extensions import db
from oversight.forces.models import Force
from oversight.statistics import tidy

VERSION = "1.0.0"
DESCRIPTION = f"""\
The register of police facial recognition deployments and usage returns.

**Reading** is open to anyone: forces, deployment records and usage returns, with
filters by force, technology and dates, in pages (`limit`, `offset`; `next` is the
address of the following page). Nothing about complaints is ever shown.

**Statistics** the regulator has published are open too: every release with its
revisions, each release's tables as published (the figures withheld so that no one can
be identified are `null` with the symbol `[c]`), and the addresses of its CSV, JSON and
spreadsheet downloads. Nothing unpublished is ever shown.

**Submitting** is for a force's own system, with the token an administrator of the
register issued to that force: `Authorization: Bearer {PREFIX}…`. A token sends and
corrects its own force's records only; `force` may be left out of a record, and must
otherwise be the token's force.

- `POST` a record to add it. Sending the same record again never makes a second one:
  a deployment with the same force and force reference (or, without a reference, the
  same date, start time and location), or a usage return for the same technology and
  period, is corrected instead, and the answer is 200 rather than 201.
- `PUT` a whole record to correct it: a field left out is cleared.
- `PATCH` the fields to change (JSON merge patch): `null` clears a field.
- Each answer carries the record's `ETag`; send it back as `If-Match` to refuse a
  correction made from an out-of-date copy (412).

Every correction keeps the record's earlier versions and is audited. `null` means not
known; a record's `source` left out is `force_submission`, and a deployment's
`technology` left out is `lfr`. A refused request changes nothing and says why in JSON:
`{{"message": "…", "errors": [{{"field": "alerts", "message": "…"}}]}}`, naming each
field (or parameter, or header) that needs correcting. Requests are limited per token
(and, when reading, per address): past the limit the answer is 429, with Retry-After.
"""


def document() -> dict[str, Any]:
    slugs = sorted(db.session.scalars(sa.select(Force.slug)))
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Facial Recognition Oversight Register API",
            "version": VERSION,
            "description": DESCRIPTION,
        },
        "servers": [{"url": "/api/v1"}],
        "tags": [
            {"name": "forces", "description": "Police forces the register knows"},
            {"name": "deployments", "description": "Deployment records"},
            {
                "name": "usage-returns",
                "description": "Retrospective and operator-initiated searches",
            },
            {"name": "statistics", "description": "Published statistics releases"},
            {"name": "document", "description": "This document"},
        ],
        "paths": _paths(),
        "components": {
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
        },
    }


def _ref(kind: str, name: str) -> dict[str, str]:
    return {"$ref": f"#/components/{kind}/{name}"}


def _json(schema: dict[str, Any]) -> dict[str, Any]:
    return {"application/json": {"schema": schema}}


# Schemas ----------------------------------------------------------------------------


def _page_schema(name: str) -> dict[str, Any]:
    return {
        "type": "object",
        "properties": {
            "items": {"type": "array", "items": _ref("schemas", name)},
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
            "properties": {"items": {"type": "array", "items": _ref("schemas", "Force")}},
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
                "errors": {"type": "array", "items": _ref("schemas", "FieldError")},
            },
            "required": ["message", "errors"],
            "additionalProperties": False,
        },
    }
    schemas.update(tidy.schemas())
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
            "schema": {"type": "integer", "minimum": 1, "maximum": 2**31 - 1},
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
            "schema": {"type": "string", "pattern": tidy.SLUG_PATTERN},
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
        found[name] = {"description": description, "content": _json(_ref("schemas", "Error"))}
    found["Unauthorized"]["headers"] = {
        "WWW-Authenticate": {"required": True, "schema": {"type": "string"}}
    }
    found["TooManyRequests"]["headers"] = {
        "Retry-After": {"required": True, "schema": {"type": "string", "pattern": "^[0-9]+$"}}
    }
    return found


def _errors(*statuses: int) -> dict[str, Any]:
    return {str(status): _ref("responses", ERRORS[str(status)][0]) for status in statuses}


ETAG = {
    "ETag": {"required": True, "schema": {"type": "string"}, "description": "The record's version"}
}


def _record_response(name: str, description: str, **headers: Any) -> dict[str, Any]:
    return {
        "description": description,
        "headers": {**ETAG, **headers},
        "content": _json(_ref("schemas", name)),
    }


# Paths ----------------------------------------------------------------------------


WRITE_ERRORS = (400, 401, 403, 409, 413, 415, 422, 429)


def _collection(kind: Kind, tag: str, technology: str) -> dict[str, Any]:
    noun = kind.noun
    return {
        "get": {
            "operationId": f"list{kind.name}s",
            "tags": [tag],
            "summary": f"List {noun}s, newest first",
            "security": [],
            "parameters": [
                _ref("parameters", name)
                for name in ("Force", technology, "From", "To", "Limit", "Offset")
            ],
            "responses": {
                "200": {
                    "description": f"A page of {noun}s",
                    "content": _json(_ref("schemas", f"{kind.name}Page")),
                },
                **_errors(400, 429),
            },
        },
        "post": {
            "operationId": f"submit{kind.name}",
            "tags": [tag],
            "summary": f"Submit a {noun} (the same one again corrects it)",
            "security": [{"forceToken": []}],
            "requestBody": {
                "required": True,
                "content": _json(_ref("schemas", f"{kind.name}Input")),
            },
            "responses": {
                "201": _record_response(
                    kind.name,
                    f"The {noun} was added",
                    Location={"required": True, "schema": {"type": "string"}},
                ),
                "200": _record_response(
                    kind.name,
                    f"The register already held this {noun}: it is corrected (or was already so)",
                ),
                **_errors(*WRITE_ERRORS),
            },
        },
    }


def _item(kind: Kind, tag: str) -> dict[str, Any]:
    noun = kind.noun
    correction_errors = _errors(400, 401, 403, 404, 409, 412, 413, 415, 422, 429)
    parameters = [_ref("parameters", "Id")]
    write_parameters = [*parameters, _ref("parameters", "IfMatch")]
    return {
        "get": {
            "operationId": f"get{kind.name}",
            "tags": [tag],
            "summary": f"One {noun}",
            "security": [],
            "parameters": parameters,
            "responses": {
                "200": _record_response(kind.name, f"The {noun}"),
                **_errors(404, 429),
            },
        },
        "put": {
            "operationId": f"replace{kind.name}",
            "tags": [tag],
            "summary": f"Correct the whole {noun} (fields left out are cleared)",
            "security": [{"forceToken": []}],
            "parameters": write_parameters,
            "requestBody": {
                "required": True,
                "content": _json(_ref("schemas", f"{kind.name}Input")),
            },
            "responses": {
                "200": _record_response(kind.name, f"The corrected {noun}"),
                **correction_errors,
            },
        },
        "patch": {
            "operationId": f"update{kind.name}",
            "tags": [tag],
            "summary": f"Correct some fields of the {noun}",
            "security": [{"forceToken": []}],
            "parameters": write_parameters,
            "requestBody": {
                "required": True,
                "content": {
                    "application/merge-patch+json": {
                        "schema": _ref("schemas", f"{kind.name}Patch")
                    },
                    "application/json": {"schema": _ref("schemas", f"{kind.name}Patch")},
                },
            },
            "responses": {
                "200": _record_response(kind.name, f"The corrected {noun}"),
                **correction_errors,
            },
        },
    }


def _paths() -> dict[str, Any]:
    return {
        "/forces": {
            "get": {
                "operationId": "listForces",
                "tags": ["forces"],
                "summary": "Every force, with how many records of each kind the register holds",
                "security": [],
                "responses": {
                    "200": {
                        "description": "The forces",
                        "content": _json(_ref("schemas", "ForceList")),
                    },
                    **_errors(429),
                },
            }
        },
        "/deployments": _collection(DEPLOYMENT, "deployments", "DeploymentTechnology"),
        "/deployments/{id}": _item(DEPLOYMENT, "deployments"),
        "/usage-returns": _collection(USAGE_RETURN, "usage-returns", "UsageTechnology"),
        "/usage-returns/{id}": _item(USAGE_RETURN, "usage-returns"),
        **_statistics_paths(),
        "/openapi.json": {
            "get": {
                "operationId": "getDocument",
                "tags": ["document"],
                "summary": "This document",
                "security": [],
                "responses": {
                    "200": {
                        "description": "The OpenAPI document",
                        "content": _json({"type": "object"}),
                    },
                    **_errors(429),
                },
            }
        },
    }


# Statistics releases ------------------------------------------------------------------


def _statistics_paths() -> dict[str, Any]:
    return {
        "/statistics/releases": {
            "get": {
                "operationId": "listStatisticsReleases",
                "tags": ["statistics"],
                "summary": "The current revision of every published release, newest period first",
                "security": [],
                "responses": {
                    "200": {
                        "description": "The published releases",
                        "content": _json(_ref("schemas", "StatisticsReleaseList")),
                    },
                    **_errors(400, 429),
                },
            }
        },
        "/statistics/releases/{slug}": {
            "get": {
                "operationId": "getStatisticsRelease",
                "tags": ["statistics"],
                "summary": "One published release with its tables",
                "security": [],
                "parameters": [_ref("parameters", "Slug"), _ref("parameters", "Revision")],
                "responses": {
                    "200": {
                        "description": "The release as published",
                        "content": _json(_ref("schemas", "StatisticsRelease")),
                    },
                    **_errors(400, 429),
                    "404": {
                        "description": "No published release has this period and revision",
                        "content": _json(_ref("schemas", "Error")),
                    },
                },
            }
        },
    }
