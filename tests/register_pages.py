"""Reading the public register's pages in tests: tables by id, links, the error summary
and the filter form; and the records the register tests share."""

from __future__ import annotations

import csv
import io
import re
from html.parser import HTMLParser
from typing import Any

import pytest

from oversight.deployments import records
from oversight.deployments.records.enums import Via
from oversight.deployments.records.services import save_deployment
from tests.factories import make_deployment, make_usage_return

SERVICE = "Facial Recognition Oversight Register"
NOT_KNOWN = "Not known"


class Page(HTMLParser):
    """What a page shows: its title, tables by id (each row's cell texts), links, the
    error summary, inline errors and the values in its filter form."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.title = ""
        self.tables: dict[str, list[list[str]]] = {}
        self.links: list[tuple[str, str]] = []  # (href, text)
        self.summary: list[tuple[str, str]] = []
        self.inline_errors: list[str] = []
        self.values: dict[str, str] = {}
        self.h1 = ""
        self.summary_list: dict[str, str] = {}  # each summary list row: key to value
        self._key = ""
        self._table: str | None = None
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._href: str | None = None
        self._text: list[str] = []
        self._reading: list[str] = []
        self._select: str | None = None
        self._in_summary = False
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        classes = attributes.get("class", "").split()
        if tag == "table":
            self._table = attributes.get("id", f"table-{len(self.tables)}")
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self._row = []
        elif tag in ("td", "th") and self._row is not None:
            self._cell = []
        elif tag == "a":
            self._href = attributes.get("href", "")
            self._text = []
        elif tag == "input" and attributes.get("type", "text") == "text":
            self.values[attributes["name"]] = attributes.get("value", "")
        elif tag == "select":
            self._select = attributes["name"]
            self.values[self._select] = ""
        elif tag == "option" and self._select and "selected" in attributes:
            self.values[self._select] = attributes["value"]
        if "govuk-error-summary" in classes:
            self._in_summary = True
        if "govuk-error-message" in classes:
            self._reading.append("error")
            self._text = []
        for part in ("key", "value"):
            if f"govuk-summary-list__{part}" in classes:
                self._reading.append(part)
                self._text = []
        if tag in ("title", "h1"):
            self._in_summary = False  # the error summary comes before the heading
            self._reading.append(tag)
            self._text = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self._table = None
        elif tag == "tr" and self._row is not None and self._table:
            if self._row:
                self.tables[self._table].append(self._row)
            self._row = None
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "a" and self._href is not None:
            text = " ".join("".join(self._text).split())
            self.links.append((self._href, text))
            if self._in_summary:
                self.summary.append((self._href, text))
            self._href = None
        elif tag == "select":
            self._select = None
        elif tag in ("title", "h1", "p", "dt", "dd") and self._reading:
            kind = self._reading.pop()
            text = " ".join("".join(self._text).split())
            if kind == "key":
                self._key = text
            elif kind == "value":
                self.summary_list[self._key] = text
            elif kind == "title":
                self.title = text
            elif kind == "h1":
                self.h1 = text
            else:
                self.inline_errors.append(text.removeprefix("Error: "))

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)
        self._text.append(data)

    def column(self, table: str, heading: str) -> list[str]:
        head, *rows = self.tables[table]
        index = head.index(heading)
        return [row[index] for row in rows if len(row) == len(head)]

    def row(self, table: str, heading: str) -> list[str]:
        return next(row[1:] for row in self.tables[table] if row[0] == heading)

    def link(self, text: str) -> str:
        return next(href for href, label in self.links if label == text)


def page(client: Any, url: str, status: int = 200) -> Page:
    response = client.get(url)
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return Page(response.get_data(as_text=True))


def rows_of(client: Any, url: str) -> list[dict[str, str]]:
    response = client.get(url)
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data().decode("utf-8-sig"))))


def record_ids_shown(client: Any, url: str) -> list[int]:
    """Every deployment the page lists, through all its pages, by register record."""
    ids: list[int] = []
    while url:
        shown = page(client, url)
        ids += [
            int(href.rsplit("/", 1)[1])
            for href, _ in shown.links
            if re.fullmatch(r"/register/deployments/\d+", href)
        ]
        url = next((href for href, text in shown.links if text == "Next page"), "")
    return ids


@pytest.fixture(name="register")
def register_fixture(db) -> dict[str, Any]:
    """Four deployments (and two usage returns) whose totals the tests work out by hand.

    south-wales  14 Jun 2026  LFR    faces 24,310  alerts 6  true 4  false 2  arrests 2
    south-wales  31 Mar 2026  LFR    faces 10,000  alerts 3  true 1  false 1  arrests 0
    south-wales   1 Apr 2026  other  faces, alerts, true and false alerts not known; arrests 1
    metropolitan  2 May 2026  LFR    faces 50,000  alerts 10 true 9  false 1  arrests 3
    """
    found = {
        "june": make_deployment(),
        "march": make_deployment(
            deployed_on="31/03/2026",
            location_name="Cardiff Central station",
            faces_seen="10,000",
            alerts="3",
            true_alerts="1",
            false_alerts="1",
            arrests="0",
        ),
        "april": make_deployment(
            deployed_on="2026-04-01",
            technology="other",
            start_time="",
            end_time="",
            location_name="Swansea Bay seafront",
            faces_seen="",
            alerts="",
            true_alerts="",
            false_alerts="",
            arrests="1",
        ),
        "met": make_deployment(
            force="metropolitan",
            deployed_on="2026-05-02",
            location_name="Oxford Circus",
            location_area="Westminster",
            faces_seen="50,000",
            alerts="10",
            true_alerts="9",
            false_alerts="1",
            arrests="3",
        ),
    }
    found["rfr"] = make_usage_return()
    found["met_oifr"] = make_usage_return(
        force="metropolitan",
        technology="oifr",
        period_start="2026-01-01",
        period_end="2026-03-31",
        searches="12,345",
        possible_matches="",
    )
    db.session.commit()
    return {name: record.id for name, record in found.items()}


@pytest.fixture(name="many")
def many_fixture(db) -> list[int]:
    """120 deployments, two a day on 20 days of each of three months, from two forces."""
    forces = records.ForceIndex()
    made = []
    for number in range(120):
        force = "south-wales" if number % 2 else "metropolitan"
        cleaned = records.clean_deployment(
            {
                "force": force,
                "deployed_on": f"2026-{1 + number // 40:02d}-{1 + (number % 40) // 2:02d}",
                "start_time": "09:00",
                "location_name": f"Place {number}",
                "faces_seen": str(1000 + number),
            },
            forces,
        )
        assert cleaned.ok, cleaned.errors
        made.append(save_deployment(cleaned.values, actor="test", via=Via.IMPORT, forces=forces))
    db.session.commit()
    return [saved.record.id for saved in made]
