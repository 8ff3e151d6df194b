"""Every answer the API gives is JSON, errors too: {"message": …, "errors": [{field, message}]}.
An error's messages are in Welsh or English, as Accept-Language asks, and say which in
Content-Language.

The blueprint's handlers answer for its own views (400, 401, 403, 404, 409, 412, 413,
415, 422, 429, 500). A request to an /api/ address that matches no route (404) or not
with that method (405) never reaches the blueprint, so two app-wide handlers answer
those in JSON under /api/ and hand every other address back to the HTML error pages.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from flask import Blueprint, Response, jsonify, request
from flask_babel import gettext as _
from werkzeug.exceptions import (
    HTTPException,
    MethodNotAllowed,
    NotFound,
    RequestEntityTooLarge,
)

from oversight.api.schemas import Problem
from oversight.extensions import db
from oversight.web import errors as pages
from oversight.web import i18n

log = logging.getLogger(__name__)
MAX_BODY = 64 * 1024  # one record is a few hundred bytes
API_PREFIX = "/api"


class ApiError(Exception):
    """A request the API refuses. Raised only before anything of the request is written,
    so the handler may keep what the session holds: the token's last use, and the
    refusal's audit event when there is one."""

    def __init__(
        self,
        status: int,
        message: str,
        problems: Iterable[Problem] = (),
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.problems = list(problems)


def error_response(
    status: int,
    message: str,
    problems: Iterable[Problem] = (),
    headers: Iterable[tuple[str, str]] = (),
) -> Response:
    response = jsonify(message=message, errors=[problem.as_json() for problem in problems])
    response.status_code = status
    # The messages are in the language Accept-Language asked for (oversight.web.i18n).
    response.headers["Content-Language"] = i18n.html_lang()
    response.vary.add("Accept-Language")
    for name, value in headers:
        response.headers[name] = value
    return response


def not_found_message() -> str:
    return str(
        _(
            "There is nothing at this address. The API’s addresses are listed in /api/v1/openapi.json"
        )
    )


def unauthorized_message() -> str:
    return str(_("Send a valid force API token as: Authorization: Bearer <token>"))


def _message(error: HTTPException) -> str:
    code = error.code or 500
    if code == 404:
        return not_found_message()
    if code == 405:
        allowed = ", ".join(sorted(getattr(error, "valid_methods", None) or ()))
        return str(
            _(
                "This address does not take %(method)s. It takes: %(allowed)s",
                method=request.method,
                allowed=allowed,
            )
        )
    if code == 413:
        return str(_("The request is too large. Send one record at a time."))
    if code == 429:
        return str(
            _("Too many requests. Wait until the time in the Retry-After header, then send again.")
        )
    if code == 401:
        return unauthorized_message()
    if code == 403:
        return str(_("This token may not do that."))
    return str(_("The request could not be understood. Check it against /api/v1/openapi.json"))


def http_error_response(error: HTTPException) -> Response:
    return error_response(error.code or 500, _message(error), headers=pages.kept_headers(error))


def server_error_response() -> Response:
    return error_response(500, _("Something went wrong on our side. Try again later."))


def is_api_path(path: str) -> bool:
    return path == API_PREFIX or path.startswith(API_PREFIX + "/")


def small_bodies() -> None:
    """An API request body larger than a record could be is refused (413); its rest is
    read and dropped after the answer (oversight.web.bodies), so the client gets the 413."""
    request.max_content_length = MAX_BODY


def init_blueprint(bp: Blueprint) -> None:
    """An API blueprint's answers: JSON for every error, and small bodies only."""
    bp.before_request(small_bodies)

    @bp.errorhandler(ApiError)
    def refused(error: ApiError) -> Response:
        # Nothing of the request was written (see ApiError): keep the token's last use
        # and any refusal event.
        db.session.commit()
        return error_response(error.status, error.message, error.problems)

    # Code-specific, so it comes before the app's own handler for this code (an HTML page).
    @bp.errorhandler(RequestEntityTooLarge)
    def too_large(error: RequestEntityTooLarge) -> Response:
        return http_error_response(error)

    @bp.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Response:
        if (error.code or 500) >= 500:
            return server_error(error)
        return http_error_response(error)

    @bp.errorhandler(Exception)
    def server_error(error: Exception) -> Response:
        if isinstance(error, HTTPException) and (error.code or 500) < 500:
            return http_error_response(error)
        db.session.rollback()
        log.exception("unhandled error on %s %s", request.method, request.url_rule)
        return server_error_response()

    # Requests that match no API route never reach the blueprint's handlers.
    @bp.app_errorhandler(NotFound)
    @bp.app_errorhandler(MethodNotAllowed)
    def unmatched(error: HTTPException) -> Any:
        if is_api_path(request.path):
            return http_error_response(error)
        page, code = pages.error_page(error.code or 404)
        return page, code, pages.kept_headers(error)
