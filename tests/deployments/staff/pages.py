"""What the staff pages for deployment records show, read back for the tests: the add
forms' addresses, a record as typed, and a page's form with its errors.
"""

from __future__ import annotations

import re
from html import unescape
from html.parser import HTMLParser
from typing import Any

import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.deployments.records.models import Deployment
from tests.factories import DEPLOYMENT, USAGE_RETURN

NEW = "/staff/deployments/new"
NEW_RETURN = "/staff/deployments/usage-returns/new"
# The add form as someone copying a published record would fill it in.
TYPED = {
    **{k: v or "" for k, v in DEPLOYMENT.items()},
    "force_reference": "SWP-LFR-031",
    "deployed_on": "14/06/2026",
    "latitude": "51.4782",
    "longitude": "-3.1826",
    "watchlist_categories": "Wanted by the courts",
    "source_link": "https://www.south-wales.police.uk/lfr",
}
TYPED_RETURN = {**USAGE_RETURN, "period_start": "01/04/2026", "source_link": ""}


class Form(HTMLParser):
    """What a page's form shows: each field's value, and the errors beside fields."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.values: dict[str, str] = {}
        self.inline: dict[str, str] = {}
        self._error: str | None = None
        self._textarea: str | None = None
        self._select: str | None = None
        self.feed(html)
        summary = re.search(r'govuk-error-summary__list">(.*?)</ul>', html, re.S)
        self.summary = (
            [
                (href[1:], unescape(text.strip()))
                for href, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', summary.group(1))
            ]
            if summary
            else []
        )

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {name: value or "" for name, value in attrs}
        name = found.get("name", "")
        if tag == "input" and found.get("type") in ("radio", "checkbox"):
            if "checked" in found:
                self.values[name] = found.get("value", "")
        elif tag == "input":
            self.values[name] = found.get("value", "")
        elif tag == "textarea":
            self._textarea, self.values[name] = name, ""
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in found:
            self.values[self._select] = found.get("value", "")
        elif tag == "p" and "govuk-error-message" in found.get("class", ""):
            self._error = found.get("id", "").removesuffix("-error")
            self.inline[self._error] = ""

    def handle_endtag(self, tag: str) -> None:
        if tag == "textarea":
            self._textarea = None
        elif tag == "select":
            self._select = None
        elif tag == "p":
            self._error = None

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.values[self._textarea] += data
        if self._error:
            self.inline[self._error] += data

    def error(self, field: str) -> str:
        return " ".join(self.inline.get(field, "").split()).removeprefix("Error: ")


def text(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def events(db: Any, action: str) -> list[AuditEvent]:
    return list(db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == action)))


def only_deployment(db: Any) -> Deployment:
    return db.session.scalars(sa.select(Deployment)).one()
