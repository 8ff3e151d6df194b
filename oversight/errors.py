"""Error pages in plain words, for every status the app can answer with."""

from __future__ import annotations

import logging

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

log = logging.getLogger(__name__)

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
