"""Authenticating a force system by its API token."""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from flask import Response, g, jsonify, request

from oversight.audit import services as audit
from oversight.deployments.models import ForceToken
from oversight.extensions import db
from oversight.models import utcnow


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def authenticate_force() -> Response | None:
    """Let the request through with `g.force_token` set, or answer 401 in JSON."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    found = None
    if scheme.lower() == "bearer" and token.strip():
        found = db.session.scalar(
            sa.select(ForceToken).where(ForceToken.token_hash == token_hash(token.strip()))
        )
    if found is None or not found.active:
        reason = "revoked" if found is not None else ("unknown" if token else "missing")
        audit.record(
            "api.refused",
            actor="api",
            object_type="route",
            outcome=audit.DENIED,
            endpoint=request.endpoint or "",
            reason=reason,
        )
        db.session.commit()
        response = jsonify(
            message="Send a valid force API token as: Authorization: Bearer <token>",
            errors=[],
        )
        response.status_code = 401
        response.headers["WWW-Authenticate"] = 'Bearer realm="force-api"'
        return response
    found.last_used_at = utcnow()
    g.force_token = found
    return None
