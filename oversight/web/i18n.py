"""Languages and the words shared by every page.

The public side is in English and Welsh. A first visit takes its language from the
browser's Accept-Language header; the language switch on every page (`?lang=cy`,
`?lang=en`) chooses one, and a cookie keeps the choice through the journey and on later
visits. Staff pages are in English, whatever the cookie says: their words are not
translated, and a page half in one language serves nobody.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlencode

from flask import Flask, Response, current_app, g, has_request_context, request
from flask_babel import get_locale, refresh
from flask_babel import gettext as _

from oversight.complaints.enums import LOCALES, Language

COOKIE = "language"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60
QUERY = "lang"
STAFF_PREFIXES = ("/staff",)
# Pages whose query is a search or filter the switch keeps; elsewhere it is dropped, so
# the switch never repeats a parameter a page refused (such as another site's address).
KEEPS_QUERY = frozenset({"register", "statistics", "statistics_trends", "statistics_calendar"})
# Each language's name in itself, for the switch.
NAMES = {Language.ENGLISH: "English", Language.WELSH: "Cymraeg"}


def _chosen() -> Language | None:
    """The language asked for in the query string, else the one kept in the cookie."""
    for value in (request.args.get(QUERY), request.cookies.get(COOKIE)):
        if value is not None and value in Language._value2member_map_:
            return Language(value)
    return None


def request_language() -> Language:
    """The language of this request's page."""
    if not has_request_context():
        return Language.ENGLISH
    return _select()


def _select() -> Language:
    if request.path.startswith(STAFF_PREFIXES):
        return Language.ENGLISH
    chosen = _chosen()
    if chosen is not None:
        return chosen
    # Best first; "cy-GB" and "en-GB" count as Welsh and English.
    for tag, _quality in request.accept_languages:
        primary = tag.lower().replace("_", "-").split("-")[0]
        if primary in Language._value2member_map_:
            return Language(primary)
    return Language.ENGLISH


def select_locale() -> str:
    if not has_request_context():
        return str(current_app.config["BABEL_DEFAULT_LOCALE"])
    return LOCALES[request_language()]


def html_lang() -> str:
    """The page's lang attribute: cy or en."""
    return str(get_locale() or "en").split("_")[0]


def switch_links() -> list[dict[str, Any]]:
    """The switch's two links: this page in each language, the current one marked."""
    if request.path.startswith(STAFF_PREFIXES):
        return []
    current = request_language()
    links = []
    for language in Language:
        keep = request.blueprint in KEEPS_QUERY
        args = request.args.to_dict(flat=False) if keep else {}
        args[QUERY] = [language.value]
        links.append(
            {
                "language": language.value,
                "name": NAMES[language],
                "href": f"{request.path}?{urlencode(args, doseq=True)}",
                "current": language is current,
            }
        )
    return links


def keep_choice(response: Response) -> Response:
    """Keep a language chosen with the switch in the cookie, for the rest of the journey."""
    chosen = request.args.get(QUERY)
    if (
        chosen is not None
        and chosen in Language._value2member_map_
        and chosen != request.cookies.get(COOKIE)
        and not request.path.startswith(STAFF_PREFIXES)
    ):
        response.set_cookie(
            COOKIE,
            chosen,
            max_age=COOKIE_MAX_AGE,
            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
            httponly=True,
            samesite="Lax",
        )
    return response


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return str(g.csp_nonce)


def init_app(app: Flask) -> None:
    # Flask-Babel keeps the locale on the app context; a request must choose its own
    # even where one app context spans several requests (the tests' does).
    app.before_request(refresh)
    app.after_request(keep_choice)

    @app.context_processor
    def shared() -> dict[str, Any]:
        return {
            "service_name": _("Facial Recognition Oversight Register"),
            "html_lang": html_lang(),
            "csp_nonce": csp_nonce,
            "language_switch": switch_links,
        }
