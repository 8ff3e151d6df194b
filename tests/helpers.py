"""Helpers for driving the app as a browser would."""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient

CSRF_INPUT = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_token(html: str) -> str:
    match = CSRF_INPUT.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


def post_page(client: FlaskClient, url: str, data: dict[str, Any], **kwargs: Any) -> Any:
    """Open a page as a browser would, then send its form with the page's CSRF token."""
    page = client.get(url)
    payload = {"csrf_token": csrf_token(page.get_data(as_text=True)), **data}
    return client.post(url, data=payload, **kwargs)
