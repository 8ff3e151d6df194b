"""Authenticating a force system by its API token."""

from __future__ import annotations

import hashlib

import sqlalchemy as sa
from flask import Response, g, request

from oversight.api import errors
from oversight.api.models import ForceToken
from oversight.audit import services as audit
from oversight.extensions import db
from oversight.models import utcnow

PRESENTED = "oversight.presented_token"


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def presented_token() -> ForceToken | None:
    """The token the request's Authorization header names, if the register knows it
    (revoked or not); looked up once a request, as the rate limit asks before access."""
    if PRESENTED not in request.environ:  # kept with the request itself, not the app context
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        request.environ[PRESENTED] = None
        if scheme.lower() == "bearer" and token.strip():
            request.environ[PRESENTED] = db.session.scalar(
                sa.select(ForceToken).where(ForceToken.token_hash == token_hash(token.strip()))
            )
    found: ForceToken | None = request.environ[PRESENTED]
    return found


def authenticate_force() -> Response | None:
    """Let the request through with `g.force_token` set, or answer 401 in JSON."""
    found = presented_token()
    if found is None or not found.active:
        token = request.headers.get("Authorization", "").partition(" ")[2]
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
        return errors.error_response(
            401,
            errors.unauthorized_message(),
            headers=[("WWW-Authenticate", 'Bearer realm="force-api"')],
        )
    found.last_used_at = utcnow()
    g.force_token = found
    return None
