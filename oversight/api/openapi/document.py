"""The OpenAPI 3.1 document of the whole API, served at /api/v1/openapi.json: what the
API is for and how to use it, and every path with its operations.

The operations point to the reusable schemas, parameters and error responses that
components.py builds, so each is written once however many operations use it.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from oversight.api.openapi import calendar
from oversight.api.openapi.components import components, error_responses, json_content, ref
from oversight.api.schemas import DEPLOYMENT, USAGE_RETURN, Kind
from oversight.api.tokens.services import PREFIX
from oversight.extensions import db
from oversight.forces.models import Force

VERSION = "1.0.0"
DESCRIPTION = f"""\
The register of police facial recognition deployments and usage returns.

**Reading** is open to anyone: forces, deployment records and usage returns, with
filters by force, technology and dates, in pages (`limit`, `offset`; `next` is the
address of the following page). Nothing about complaints is ever shown.

**Statistics** the regulator has published are open too: every release with its
revisions, each release's tables as published (the figures withheld so that no one can
be identified are `null` with the symbol `[c]`), and the addresses of its CSV, JSON and
spreadsheet downloads, and each release's statement of its status (official statistics
in development), quality, revisions policy, contact and next release. The release
calendar lists every release announced, with its date (09:30 UK time) and every change
to that date with its reason. Nothing unpublished is ever shown.

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
        "components": components(slugs),
    }


# Paths ----------------------------------------------------------------------------


ETAG = {
    "ETag": {"required": True, "schema": {"type": "string"}, "description": "The record's version"}
}


def _record_response(name: str, description: str, **headers: Any) -> dict[str, Any]:
    return {
        "description": description,
        "headers": {**ETAG, **headers},
        "content": json_content(ref("schemas", name)),
    }


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
                ref("parameters", name)
                for name in ("Force", technology, "From", "To", "Limit", "Offset")
            ],
            "responses": {
                "200": {
                    "description": f"A page of {noun}s",
                    "content": json_content(ref("schemas", f"{kind.name}Page")),
                },
                **error_responses(400, 429),
            },
        },
        "post": {
            "operationId": f"submit{kind.name}",
            "tags": [tag],
            "summary": f"Submit a {noun} (the same one again corrects it)",
            "security": [{"forceToken": []}],
            "requestBody": {
                "required": True,
                "content": json_content(ref("schemas", f"{kind.name}Input")),
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
                **error_responses(*WRITE_ERRORS),
            },
        },
    }


def _item(kind: Kind, tag: str) -> dict[str, Any]:
    noun = kind.noun
    correction_errors = error_responses(400, 401, 403, 404, 409, 412, 413, 415, 422, 429)
    parameters = [ref("parameters", "Id")]
    write_parameters = [*parameters, ref("parameters", "IfMatch")]
    return {
        "get": {
            "operationId": f"get{kind.name}",
            "tags": [tag],
            "summary": f"One {noun}",
            "security": [],
            "parameters": parameters,
            "responses": {
                "200": _record_response(kind.name, f"The {noun}"),
                **error_responses(404, 429),
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
                "content": json_content(ref("schemas", f"{kind.name}Input")),
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
                    "application/merge-patch+json": {"schema": ref("schemas", f"{kind.name}Patch")},
                    "application/json": {"schema": ref("schemas", f"{kind.name}Patch")},
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
                        "content": json_content(ref("schemas", "ForceList")),
                    },
                    **error_responses(429),
                },
            }
        },
        "/deployments": _collection(DEPLOYMENT, "deployments", "DeploymentTechnology"),
        "/deployments/{id}": _item(DEPLOYMENT, "deployments"),
        "/usage-returns": _collection(USAGE_RETURN, "usage-returns", "UsageTechnology"),
        "/usage-returns/{id}": _item(USAGE_RETURN, "usage-returns"),
        **_statistics_paths(),
        **calendar.paths(error_responses, json_content),
        "/openapi.json": {
            "get": {
                "operationId": "getDocument",
                "tags": ["document"],
                "summary": "This document",
                "security": [],
                "responses": {
                    "200": {
                        "description": "The OpenAPI document",
                        "content": json_content({"type": "object"}),
                    },
                    **error_responses(429),
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
                        "content": json_content(ref("schemas", "StatisticsReleaseList")),
                    },
                    **error_responses(400, 429),
                },
            }
        },
        "/statistics/releases/{slug}": {
            "get": {
                "operationId": "getStatisticsRelease",
                "tags": ["statistics"],
                "summary": "One published release with its tables",
                "security": [],
                "parameters": [ref("parameters", "Slug"), ref("parameters", "Revision")],
                "responses": {
                    "200": {
                        "description": "The release as published",
                        "content": json_content(ref("schemas", "StatisticsRelease")),
                    },
                    **error_responses(400, 429),
                    "404": {
                        "description": "No published release has this period and revision",
                        "content": json_content(ref("schemas", "Error")),
                    },
                },
            }
        },
    }
