"""Error pages in plain words, for every status the app can answer with."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

log = logging.getLogger(__name__)

# Read and drop at most this much of a refused upload, so the browser gets the page.
DRAIN_LIMIT = 1024 * 1024 * 1024

PAGES = {
    400: "errors/400.html",
    403: "errors/403.html",
    404: "errors/404.html",
    405: "errors/404.html",
    413: "errors/413.html",
    429: "errors/429.html",
}


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        return render_template("errors/csrf.html", retry=request.path), 400

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error: RequestEntityTooLarge) -> tuple[str, int]:
        _drain_refused_body()
        return render_template("errors/413.html"), 413

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        if code >= 500:
            return server_error(error)
        template = PAGES.get(code, "errors/400.html")
        return render_template(template, error=error, referrer=request.path), code

    @app.errorhandler(Exception)
    def server_error(error: Exception) -> tuple[str, int]:
        if isinstance(error, HTTPException) and (error.code or 500) < 500:
            return http_error(error)
        log.exception("unhandled error on %s %s", request.method, request.url_rule)
        return render_template("errors/500.html"), 500


def _drain_refused_body() -> None:
    """Read the rest of a body refused for its declared size, unread so far.

    A browser still sending a large upload when the answer comes often shows a
    connection error instead of the page, so the body is read to the end first.
    """
    length = request.content_length or 0
    limit = request.max_content_length
    if limit is None or length <= limit or length > DRAIN_LIMIT:
        return
    stream = request.environ["wsgi.input"]
    remaining = length
    while remaining > 0:
        chunk = stream.read(min(remaining, 1024 * 1024))
        if not chunk:
            break
        remaining -= len(chunk)
