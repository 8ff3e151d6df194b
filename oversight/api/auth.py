"""Authenticating a force system's request by the API token in its Authorization header.

The tokens themselves (their table, issuing, finding one by its hash) are in
oversight/api/tokens/; this is the request's side: reading the header, letting the
request through or answering 401 in JSON.
"""

from __future__ import annotations

from flask import Response, g, request

from oversight.api import errors
from oversight.api.tokens import services as tokens
from oversight.api.tokens.models import ForceToken
from oversight.audit import services as audit
from oversight.extensions import db
from oversight.models import utcnow

PRESENTED = "oversight.presented_token"


def presented_token() -> ForceToken | None:
    """The token the request's Authorization header names, if the register knows it
    (revoked or not); looked up once a request, as the rate limit asks before access."""
    if PRESENTED not in request.environ:  # kept with the request itself, not the app context
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        request.environ[PRESENTED] = None
        if scheme.lower() == "bearer" and token.strip():
            request.environ[PRESENTED] = tokens.find_by_token(token.strip())
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
