"""Error pages in plain words, for every status the app can answer with."""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

log = logging.getLogger(__name__)

# Read and drop at most this much of a refused upload, so the browser gets the page.
DRAIN_LIMIT = 1024 * 1024 * 1024

PAGES: dict[int, tuple[Any, Any]] = {
    400: (
        _l("Sorry, there is a problem with your request"),
        _l("Go back and check what you entered, then try again."),
    ),
    403: (
        _l("You do not have permission to see this page"),
        _l("If you think you should have access, contact your administrator."),
    ),
    404: (
        _l("Page not found"),
        _l(
            "If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address."
        ),
    ),
    405: (
        _l("Page not found"),
        _l(
            "If you typed the web address, check it is correct. If you pasted the web address, check you copied the entire address."
        ),
    ),
    413: (
        _l("The files you chose are too big"),
        _l(
            "Each file must be smaller than 20 MB. If you are uploading several files, try uploading them one at a time. Your other answers have been saved."
        ),
    ),
    429: (
        _l("You have tried too many times"),
        _l(
            "Wait a few minutes, then try again. This protects complaints from people trying to guess tracking codes."
        ),
    ),
    500: (
        _l("Sorry, there is a problem with the service"),
        _l(
            "Try again later. If you were sending a complaint, your answers have been saved for 24 hours."
        ),
    ),
}


def error_page(code: int, link: dict[str, str] | None = None) -> tuple[str, int]:
    title, text = PAGES.get(code, PAGES[400])
    return render_template("errors/error.html", title=title, text=text, link=link), code


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        page = render_template(
            "errors/error.html",
            title=_("Sorry, we could not save that"),
            text=_(
                "The page was open for too long or your browser did not send the security code we need. Any answers you saved before are still kept for 24 hours."
            ),
            link={"href": request.path, "text": _("Go back to the page and try again")},
        )
        return page, 400

    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error: RequestEntityTooLarge) -> tuple[str, int]:
        _drain_refused_body()
        return error_page(
            413,
            {
                "href": url_for("public.question", slug="evidence"),
                "text": _("Go back to uploading evidence"),
            },
        )

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> tuple[str, int]:
        code = error.code or 500
        if code >= 500:
            return server_error(error)
        return error_page(code)

    @app.errorhandler(Exception)
    def server_error(error: Exception) -> tuple[str, int]:
        if isinstance(error, HTTPException) and (error.code or 500) < 500:
            return http_error(error)
        log.exception("unhandled error on %s %s", request.method, request.url_rule)
        return error_page(500)


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
