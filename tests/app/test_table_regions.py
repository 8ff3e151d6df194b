"""Every table on the pages that have one sits in a region of its own that scrolls
sideways (templates/macros/scroll_region.html): a focusable region, named by the
table's caption, which has words in it. So a wide table never makes a narrow screen's
page scroll sideways (WCAG 2.2 1.4.10); the browser test tests/app/test_reflow_browser.py
measures that at 320 px."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import date
from html.parser import HTMLParser
from typing import Any

import pytest

from oversight.api.tokens import services as tokens
from oversight.auth.models import Role
from oversight.forces.models import force_by_slug
from oversight.pages.models import Feedback, Satisfaction
from oversight.rights import services as rights
from oversight.rights.models import ReceivedVia, RequestKind
from oversight.statistics import services as statistics
from oversight.statistics.periods import quarter
from tests.factories import make_case, make_deployment, make_usage_return, make_user
from tests.helpers import login_as, post_page
from tests.statistics.calendar_data import in_the_calendar

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


@dataclass
class Table:
    region: dict[str, str] | None  # the attributes of the region it is in, if any
    caption_id: str = ""
    caption: str = ""


@dataclass
class Tables(HTMLParser):
    """Each table of a page, with the scrolling region it sits in and its caption."""

    found: list[Table] = field(default_factory=list)
    ids: dict[str, str] = field(default_factory=dict)  # id: the element's text so far

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.open: list[tuple[str, dict[str, str]]] = []
        self.in_caption = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {name: value or "" for name, value in attrs}
        if tag == "table":
            regions = [
                attrs for name, attrs in self.open if "app-table-scroll" in attrs.get("class", "")
            ]
            self.found.append(Table(regions[-1] if regions else None))
        if tag == "caption" and self.found:
            self.found[-1].caption_id = attributes.get("id", "")
            self.in_caption = True
        if tag not in VOID:
            self.open.append((tag, attributes))

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self.in_caption = False
        while self.open:
            if self.open.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if self.in_caption and self.found:
            self.found[-1].caption += data


def faults(html: str) -> list[str]:
    """What is wrong with each table of the page: no region, a region with no role,
    label or focus, or a caption with no words or not the region's name."""
    parser = Tables()
    parser.feed(html)
    wrong = []
    for number, table in enumerate(parser.found, start=1):
        name = f"table {number} ({' '.join(table.caption.split())[:40]!r})"
        if not " ".join(table.caption.split()):
            wrong.append(f"{name}: an empty caption")
        region = table.region
        if region is None:
            wrong.append(f"{name}: not in a scrolling region")
            continue
        if region.get("role") != "region" or region.get("tabindex") != "0":
            wrong.append(f"{name}: its region has no role or cannot be reached by keyboard")
        if not table.caption_id or region.get("aria-labelledby") != table.caption_id:
            wrong.append(f"{name}: its region is not named by its caption")
    return wrong


@pytest.fixture
def records(db: Any) -> dict[str, Any]:
    """Something for each table to show."""
    case = make_case()
    deployment = make_deployment(force_reference="SWP-LFR-2026-0614")
    make_deployment(force_reference="SWP-LFR-2026-0614", faces_seen="25,000")  # a correction
    make_usage_return()
    statistician = make_user({Role.STATISTICIAN}, email="stella@example.test", name="Stella")
    in_the_calendar(quarter(2026, 2), statistician)
    statistics.prepare(quarter(2026, 2), statistician)
    rights_officer = make_user({Role.INFORMATION_RIGHTS}, email="ira@example.test", name="Ira")
    today = date.today()
    rights.log_request(
        RequestKind.ACCESS, "Jo Bloggs", "jo@example.com", ReceivedVia.EMAIL, today,
        rights_officer, today,
    )  # fmt: skip
    db.session.add(Feedback(satisfaction=Satisfaction.SATISFIED, improve="Clear", page="/track"))
    tokens.issue(force_by_slug("south-wales"), "Records system", "test")
    db.session.commit()
    return {
        "reference": case.reference,
        "email": case.complainant.email,
        "deployment": deployment.id,
        "statistician": statistician,
        "rights": rights_officer,
    }


PUBLIC = [
    "/register",
    "/register/forces",
    "/register/forces/south-wales",
    "/statistics/calendar",
    "/privacy",
    "/cookies",
]
ADMINISTRATOR = [
    "/staff/deployments",
    "/staff/deployments/{deployment}",
    "/staff/deployments/usage-returns",
    "/staff/imports",
    "/staff/users",
    "/staff/force-tokens",
    "/staff/audit",
    "/staff/retention",
    "/staff/access-log?search={email}",
    "/staff/feedback",
]
IMPORT_FILE = (
    b"Force,Deployment Reference,Date,Start Time,End Time,Location,Faces Seen,Alerts,"
    b"True Alerts,False Alerts,Arrests\r\n"
    b"South Wales Police,SWP-T-1,06/09/2025,14:00,19:30,Queen Street,100,6,4,2,2\r\n"
    b"South Wales Police,SWP-T-2,13/09/2025,10:00,16:00,Wind Street,100,1,2,2,1\r\n"
)


def opened(client: Any, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, path
    return response.get_data(as_text=True)


@pytest.mark.parametrize("path", PUBLIC)
def test_each_public_table_scrolls_in_a_region_named_by_its_caption(client, records, path):
    html = opened(client, path)
    assert "<table" in html, path
    assert faults(html) == []


@pytest.mark.parametrize("path", ADMINISTRATOR)
def test_each_staff_table_scrolls_in_a_region_named_by_its_caption(
    client, records, administrator, path
):
    login_as(client, administrator)
    html = opened(client, path.format(**records))
    assert "<table" in html, path
    assert faults(html) == []


def test_the_statistics_staff_tables_scroll_in_regions(client, records):
    login_as(client, records["statistician"])
    for path in ("/staff/statistics", "/staff/statistics/calendar"):
        html = opened(client, path)
        assert "<table" in html, path
        assert faults(html) == [], path


def test_the_rights_requests_table_scrolls_in_a_region(client, records):
    login_as(client, records["rights"])
    html = opened(client, "/staff/rights")
    assert "<table" in html
    assert faults(html) == []


def test_the_import_preview_tables_have_captions_and_scroll_in_regions(
    client, records, administrator, app, tmp_path, monkeypatch
):
    monkeypatch.setitem(app.config, "IMPORT_STORAGE_DIR", str(tmp_path / "imports"))
    login_as(client, administrator)
    response = post_page(
        client,
        "/staff/imports",
        {"file": (io.BytesIO(IMPORT_FILE), "records.csv"), "force": ""},
        content_type="multipart/form-data",
    )
    html = response.get_data(as_text=True)
    assert "Check the file before importing" in html
    assert 'id="import-refused-caption"' in html
    assert 'id="import-created-caption"' in html
    assert faults(html) == []


def test_the_check_finds_a_table_outside_a_region_and_an_empty_caption() -> None:
    assert faults('<table><caption id="a">Totals</caption></table>') == [
        "table 1 ('Totals'): not in a scrolling region"
    ]
    region = '<div class="app-table-scroll" role="region" aria-labelledby="a" tabindex="0">'
    assert faults(f'{region}<table><caption id="a"> </caption></table></div>') == [
        "table 1 (''): an empty caption"
    ]
    assert faults(f'{region}<table><caption id="a">Totals</caption></table></div>') == []
