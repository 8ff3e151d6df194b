"""Languages and the words shared by every page."""

from __future__ import annotations

import secrets
from typing import Any

from flask import Flask, current_app, g
from flask_babel import gettext as _


def select_locale() -> str:
    # English only for now; Welsh ("cy") follows with its translation.
    return str(current_app.config["BABEL_DEFAULT_LOCALE"])


def html_lang() -> str:
    return select_locale().split("_")[0]


def csp_nonce() -> str:
    if "csp_nonce" not in g:
        g.csp_nonce = secrets.token_urlsafe(16)
    return str(g.csp_nonce)


def init_app(app: Flask) -> None:
    @app.context_processor
    def shared() -> dict[str, Any]:
        return {
            "service_name": _("Facial Recognition Oversight Register"),
            "html_lang": html_lang(),
            "csp_nonce": csp_nonce,
        }
