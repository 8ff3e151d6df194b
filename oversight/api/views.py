"""The JSON API: force submissions and the open register.

Force systems send and correct their own deployment records and usage returns with a
per-force token (Authorization: Bearer frr_…); anyone may read the register. The API
takes no cookies for writes, so it is exempt from CSRF. Limits: FORCE_API_RATE_LIMIT
per token on the force endpoints, OPEN_API_RATE_LIMIT per address on the open ones,
both read on each request. The whole API is described at /api/v1/openapi.json.

POST is idempotent: a record the register already holds (the same force and the
force's reference, or the same date, start time and location; for a usage return the
same technology and period) is corrected instead of duplicated, and answered 200
rather than 201. A correction may carry If-Match with the ETag it was made from.
"""

from __future__ import annotations

from typing import TypeVar

from flask import Blueprint, Response, current_app, jsonify, url_for
from flask_limiter.util import get_remote_address

from oversight.access import force_token_required, public
from oversight.api import errors, reads, writes
from oversight.api.auth import presented_token
from oversight.api.errors import ApiError
from oversight.api.openapi import document as openapi
from oversight.api.schemas import Record
from oversight.deployments.records.enums import DEPLOYMENT_TECHNOLOGIES, USAGE_TECHNOLOGIES
from oversight.deployments.records.models import Deployment, UsageReturn
from oversight.deployments.records.queries import (
    deployments_query,
    forces_with_counts,
    usage_returns_query,
)
from oversight.extensions import csrf, db, limiter

bp = Blueprint("api", __name__, url_prefix="/api/v1")
csrf.exempt(bp)
errors.init_blueprint(bp)

RECORD_ID = "<int:record_id>"
Found = TypeVar("Found", bound=Record)


def _token_key() -> str:
    """Force requests are limited per token; requests with no token the register knows,
    per address, so made-up tokens never get a fresh allowance each."""
    found = presented_token()
    return f"force-token:{found.id}" if found is not None else "address:" + get_remote_address()


# Limits on the blueprint (not on each view) are checked before the access check, so
# requests refused for their token count too.
limiter.shared_limit(
    lambda: current_app.config["FORCE_API_RATE_LIMIT"],
    scope="force-api",
    key_func=_token_key,
    methods=["POST", "PUT", "PATCH"],
)(bp)
limiter.shared_limit(
    lambda: current_app.config["OPEN_API_RATE_LIMIT"],
    scope="open-api",
    methods=["GET", "HEAD"],
)(bp)


def _found(model: type[Found], record_id: int) -> Found:
    record = db.session.get(model, record_id) if 0 < record_id <= reads.LARGEST_ID else None
    if record is None:
        raise ApiError(404, errors.not_found_message())
    return record


def _record_response(record: Record, writer: writes.Writer, status: int = 200) -> Response:
    response = jsonify(reads.record_json(record, writer.kind))
    response.status_code = status
    response.headers["ETag"] = reads.etag(record)
    return response


# The open register -------------------------------------------------------------------


@bp.get("/openapi.json")
@public
def openapi_document() -> Response:
    # Unsorted, so each record's fields read in the order the register describes them.
    text = current_app.json.dumps(openapi.document(), sort_keys=False)
    return current_app.response_class(text, mimetype="application/json")


@bp.get("/forces")
@public
def forces() -> Response:
    return jsonify(
        items=[
            {
                "slug": row.force.slug,
                "name": row.force.name,
                "nation": row.force.nation,
                "kind": row.force.kind,
                "ons_code": row.force.ons_code,
                "deployments": row.deployments,
                "usage_returns": row.usage_returns,
            }
            for row in forces_with_counts()
        ]
    )


@bp.get("/deployments")
@public
def deployments() -> Response:
    page = reads.read_filters(DEPLOYMENT_TECHNOLOGIES)
    return jsonify(reads.page_json(deployments_query(page.filters), page, writes.DEPLOYMENTS.kind))


@bp.get(f"/deployments/{RECORD_ID}")
@public
def deployment(record_id: int) -> Response:
    return _record_response(_found(Deployment, record_id), writes.DEPLOYMENTS)


@bp.get("/usage-returns")
@public
def usage_returns() -> Response:
    page = reads.read_filters(USAGE_TECHNOLOGIES)
    return jsonify(
        reads.page_json(usage_returns_query(page.filters), page, writes.USAGE_RETURNS.kind)
    )


@bp.get(f"/usage-returns/{RECORD_ID}")
@public
def usage_return(record_id: int) -> Response:
    return _record_response(_found(UsageReturn, record_id), writes.USAGE_RETURNS)


# Force submissions -------------------------------------------------------------------


def _create(writer: writes.Writer, endpoint: str) -> Response:
    saved = writes.submit(writer, writes.read_body())
    writes.commit()
    response = _record_response(saved.record, writer, 201 if saved.change == "created" else 200)
    response.headers["Location"] = url_for(endpoint, record_id=saved.record.id)
    return response


def _correct(writer: writes.Writer, record_id: int, *, partial: bool) -> Response:
    record = _found(writer.kind.model, record_id)
    writes.check_own(record, writer.kind)
    saved = writes.submit(writer, writes.read_body(), record=record, partial=partial)
    writes.commit()
    return _record_response(saved.record, writer)


@bp.post("/deployments")
@force_token_required
def create_deployment() -> Response:
    return _create(writes.DEPLOYMENTS, "api.deployment")


@bp.put(f"/deployments/{RECORD_ID}")
@force_token_required
def replace_deployment(record_id: int) -> Response:
    return _correct(writes.DEPLOYMENTS, record_id, partial=False)


@bp.patch(f"/deployments/{RECORD_ID}")
@force_token_required
def update_deployment(record_id: int) -> Response:
    return _correct(writes.DEPLOYMENTS, record_id, partial=True)


@bp.post("/usage-returns")
@force_token_required
def create_usage_return() -> Response:
    return _create(writes.USAGE_RETURNS, "api.usage_return")


@bp.put(f"/usage-returns/{RECORD_ID}")
@force_token_required
def replace_usage_return(record_id: int) -> Response:
    return _correct(writes.USAGE_RETURNS, record_id, partial=False)


@bp.patch(f"/usage-returns/{RECORD_ID}")
@force_token_required
def update_usage_return(record_id: int) -> Response:
    return _correct(writes.USAGE_RETURNS, record_id, partial=True)
