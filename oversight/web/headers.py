"""Response headers for every page (error pages too) and a request id for tracing."""

from __future__ import annotations

from flask import Flask, Response, g, request

from oversight.audit.services import request_id
from oversight.web.i18n import csp_nonce


def content_security_policy(nonce: str) -> str:
    return "; ".join(
        [
            "default-src 'self'",
            f"script-src 'self' 'nonce-{nonce}'",
            "style-src 'self'",
            "img-src 'self' data:",
            "font-src 'self'",
            "connect-src 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
            "base-uri 'none'",
            "object-src 'none'",
        ]
    )


def init_app(app: Flask) -> None:
    @app.after_request
    def secure_headers(response: Response) -> Response:
        headers = response.headers
        headers["Content-Security-Policy"] = content_security_policy(csp_nonce())
        headers["X-Content-Type-Options"] = "nosniff"
        headers["X-Frame-Options"] = "DENY"
        headers["Referrer-Policy"] = "same-origin"
        headers["Cross-Origin-Opener-Policy"] = "same-origin"
        headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=()"
        if app.config.get("HSTS"):
            headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
        if request.endpoint != "static":
            # Pages may show personal data: never keep them in a cache or the history.
            headers["Cache-Control"] = "no-store"
        headers["X-Request-ID"] = request_id() or ""
        return response

    @app.teardown_request
    def forget_request_state(_: BaseException | None) -> None:
        # An app context can outlive a request (a CLI command or a test holding one):
        # nothing about one request may leak into the next.
        for name in ("request_id", "csp_nonce", "csrf_token", "_login_user"):
            g.pop(name, None)
