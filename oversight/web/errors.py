"""Error pages in plain words, for every status the app can answer with."""

from __future__ import annotations

import logging
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, current_app, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from oversight import problems
from oversight.access import record_refusal
from oversight.extensions import db

log = logging.getLogger(__name__)

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
        _l("This page cannot be opened this way"),
        _l(
            "This address is for sending a form, not for opening in a browser. Go back to the page the form was on and use its button instead."
        ),
    ),
    409: (
        _l("Someone else changed this while you were working on it"),
        _l("Nothing was saved. Go back, check the page as it is now, then make your change again."),
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
            "Wait a few minutes, then try again. We limit how often a form can be sent to protect the people whose information we hold."
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
    if code == 405 and link is None:  # an address opened the wrong way: back to its page
        link = {"href": _page_the_form_was_on(), "text": _("Go back to the page you were on")}
    return render_template("errors/error.html", title=title, text=text, link=link), code


Page = tuple[str, int, list[tuple[str, str]]]


def kept_headers(error: HTTPException) -> list[tuple[str, str]]:
    """Headers the status needs (Allow on a 405, Retry-After on a 429), not its body's type."""
    return [(name, value) for name, value in error.get_headers() if name.lower() != "content-type"]


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError) -> tuple[str, int]:
        page = render_template(
            "errors/error.html",
            title=_("Sorry, we could not save that"),
            text=_(
                "The page was open for too long or your browser did not send the security code we need. Any answers you saved before are still kept for 24 hours."
            ),
            link={"href": _page_to_go_back_to(), "text": _("Go back to the page and try again")},
        )
        return page, 400

    # The rest of the refused body is read by oversight.web.bodies, so the page arrives.
    @app.errorhandler(RequestEntityTooLarge)
    def too_large(error: RequestEntityTooLarge) -> tuple[str, int]:
        if request.mimetype == "multipart/form-data":
            return error_page(
                413, {"href": _page_to_go_back_to(), "text": _("Go back to uploading files")}
            )
        page = render_template(
            "errors/error.html",
            title=_("What you sent is too long"),
            text=_(
                "Nothing from this page was saved. Go back, shorten what you typed (or paste less), then try again. Your earlier answers are still saved."
            ),
            link={"href": _page_to_go_back_to(), "text": _("Go back to the page")},
        )
        return page, 413

    # The domain errors (oversight/problems.py) a view leaves to the app: a view that can
    # show a Problem beside an answer does so itself (Form.show_problem).
    @app.errorhandler(problems.NotPermitted)
    def not_permitted(error: problems.NotPermitted) -> tuple[str, int]:
        record_refusal(request.endpoint or "route")
        return error_page(403)

    @app.errorhandler(problems.NotFound)
    def not_found(error: problems.NotFound) -> tuple[str, int]:
        db.session.rollback()
        return error_page(404)

    @app.errorhandler(problems.Changed)
    def changed(error: problems.Changed) -> tuple[str, int]:
        db.session.rollback()
        return error_page(409)

    @app.errorhandler(problems.Problem)
    def problem(error: problems.Problem) -> tuple[str, int]:
        db.session.rollback()
        page = render_template(
            "errors/error.html", title=PAGES[400][0], text=error.message or PAGES[400][1]
        )
        return page, 400

    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException) -> Page:
        code = error.code or 500
        if code >= 500:
            return server_error(error)
        page, code = error_page(code)
        return page, code, kept_headers(error)

    @app.errorhandler(Exception)
    def server_error(error: Exception) -> Page:
        if isinstance(error, HTTPException) and (error.code or 500) < 500:
            return http_error(error)
        log.exception("unhandled error on %s %s", request.method, request.url_rule)
        page, code = error_page(500)
        return page, code, []


def _opens_with_get(path: str) -> bool:
    adapter = current_app.url_map.bind_to_environ(request.environ)
    try:
        adapter.match(path, method="GET")
    except HTTPException:  # not found, GET not allowed, or a redirect
        return False
    return True


def _page_to_go_back_to() -> str:
    """The page the refused form was on: its own address if that opens, else where it came from.

    Buttons such as "Remove" or "Sign out" post to an address that only takes POST;
    a link there would only lead to another error page.
    """
    if _opens_with_get(request.path):
        return request.path
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc == request.host and _opens_with_get(referrer.path):
        return referrer.path
    return url_for("public.start")


def _page_the_form_was_on() -> str:
    """For an address opened the wrong way (405): the page to go back to, or the home page
    of the side of the service the address is on (a staff address: the staff home page)."""
    back = _page_to_go_back_to()
    if back == url_for("public.start") and request.path.startswith("/staff/"):
        return url_for("auth.home")
    return back
