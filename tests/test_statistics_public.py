"""The public statistics pages: the list of published releases, each release's current
revision and every earlier revision. Nobody signs in; drafts and approved releases whose
time has not come are never shown; a release whose time has come is published by the
visit; and no complaint detail is ever on a page."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.extensions import db as _db
from oversight.models import utcnow
from oversight.statistics import services
from oversight.statistics.enums import ReleaseStatus
from oversight.statistics.models import StatisticsRelease
from oversight.statistics.periods import parse_period
from tests.factories import make_complaint, make_deployment
from tests.register_pages import SERVICE, Page, page

TITLE = "Facial recognition oversight statistics"
# Complaints received in July to September 2026, by technology: 3 is withheld as [c].
TECHNOLOGIES = {"lfr": 27, "rfr": 20, "oifr": 10, "other_biometric": 3}
SECRET_PLACE = "Flat 4, 12 Quiet Lane, Splott"
SECRET_STORY = "An officer photographed my daughter at the bus stop."


def add_complaints() -> list[Any]:
    """60 complaints in July 2026, each carrying words that must never be published."""
    complaints = []
    for technology, count in TECHNOLOGIES.items():
        for number in range(count):
            complaints.append(
                make_complaint(
                    received_at=datetime(2026, 7, 1 + number, 11, tzinfo=UTC),
                    technology=technology,
                    place=SECRET_PLACE,
                    what_happened=SECRET_STORY,
                    name="Jo Bloggs",
                    email="jo.secret@example.com",
                )
            )
    make_deployment(deployed_on="2026-08-01")
    return complaints


def approve(
    statistician: Any,
    publisher: Any,
    code: str = "2026-Q3",
    *,
    at: datetime | None = None,
    note: str | None = None,
) -> StatisticsRelease:
    """A release prepared and approved for publication at `at` (now by default); committed."""
    release = services.prepare(parse_period(code), statistician, revision_note=note)
    services.approve(release, publisher, at or utcnow())
    _db.session.commit()
    return release


def publish(statistician: Any, publisher: Any, code: str = "2026-Q3", **kwargs: Any) -> Any:
    """A release prepared, approved and published now; committed."""
    release = approve(statistician, publisher, code, **kwargs)
    services.publish_due()
    _db.session.commit()
    assert release.status is ReleaseStatus.PUBLISHED
    return release


def later() -> datetime:
    return utcnow() + timedelta(days=7)


# ------------------------------------------------------------------ who may read them


def test_anyone_can_read_the_statistics_without_signing_in(client, db, statistician, publisher):
    add_complaints()
    publish(statistician, publisher)
    for path in ("/statistics", "/statistics/2026-q3", "/statistics/2026-q3/revisions/1"):
        assert client.get(path).status_code == 200, path


def test_the_statistics_pages_have_titles_like_the_other_public_pages(
    client, db, statistician, publisher
):
    publish(statistician, publisher)
    assert page(client, "/statistics").title == f"{TITLE} – {SERVICE}"
    shown = page(client, "/statistics/2026-q3")
    assert shown.h1 == f"{TITLE}: July to September 2026"
    assert shown.title == f"{TITLE}: July to September 2026 – {SERVICE}"


def test_every_public_page_links_to_the_statistics(client, db):
    for path in ("/", "/register", "/statistics"):
        links = page(client, path).links
        assert [text for href, text in links if href == "/statistics"] == [
            "Statistics",
            "Statistics",
        ], path  # the menu and the footer


# ------------------------------------------------------------------ the list


def test_with_nothing_published_the_list_says_so(client, db, statistician, publisher):
    approve(statistician, publisher, at=later())
    html = client.get("/statistics").get_data(as_text=True)
    assert "No statistics have been published yet." in html
    assert "July to September 2026" not in html


def test_the_list_shows_every_published_release_newest_period_first(
    client, db, statistician, publisher
):
    publish(statistician, publisher, "2026-Q1")
    publish(statistician, publisher, "2025")
    publish(statistician, publisher, "2026-Q2")
    services.prepare(parse_period("2026-Q3"), statistician)  # a draft
    approve(statistician, publisher, "FY2026-27", at=later())  # approved, not yet due
    _db.session.commit()
    shown = page(client, "/statistics")
    today = utcnow().strftime("%-d %B %Y")
    assert shown.tables["releases"] == [
        ["Period", "Published"],
        ["April to June 2026", today],
        ["January to March 2026", today],
        ["2025", today],
    ]
    assert ("/statistics/2026-q2", "April to June 2026") in shown.links


def test_the_list_shows_the_current_revision_of_a_revised_release(
    client, db, statistician, publisher
):
    publish(statistician, publisher)
    publish(statistician, publisher, note="Corrected the channel of two complaints.")
    rows = page(client, "/statistics").tables["releases"]
    assert len(rows) == 2
    assert rows[1][0] == "July to September 2026"
    assert rows[1][1].endswith("Revision 2")


# ------------------------------------------------------------------ never shown early


def test_an_unknown_period_is_not_found(client, db):
    assert client.get("/statistics/2031-q1").status_code == 404
    assert client.get("/statistics/2031-q1/revisions/1").status_code == 404


def test_a_draft_is_never_shown(client, db, statistician):
    services.prepare(parse_period("2026-Q3"), statistician)
    _db.session.commit()
    assert client.get("/statistics/2026-q3").status_code == 404
    assert client.get("/statistics/2026-q3/revisions/1").status_code == 404
    assert "July to September 2026" not in client.get("/statistics").get_data(as_text=True)


def test_an_approved_release_is_not_shown_before_its_time(client, db, statistician, publisher):
    release = approve(statistician, publisher, at=later())
    assert client.get("/statistics/2026-q3").status_code == 404
    assert client.get("/statistics/2026-q3/revisions/1").status_code == 404
    _db.session.refresh(release)
    assert release.status is ReleaseStatus.APPROVED


def test_an_approved_revision_not_yet_due_leaves_the_current_one_in_place(
    client, db, statistician, publisher
):
    publish(statistician, publisher)
    approve(statistician, publisher, at=later(), note="Recounted the referrals.")
    shown = page(client, "/statistics/2026-q3")
    assert shown.summary_list["Revision"] == "Revision 1, the current one"
    assert [row[0] for row in shown.tables["revisions"][1:]] == ["Revision 1 (this page)"]
    assert "Recounted the referrals." not in client.get("/statistics/2026-q3").get_data(
        as_text=True
    )
    assert client.get("/statistics/2026-q3/revisions/2").status_code == 404


@pytest.mark.parametrize("revision", ["0", "99999999999", "-1", "one"])
def test_a_revision_number_that_cannot_exist_is_not_found(
    client, db, statistician, publisher, revision
):
    publish(statistician, publisher)
    assert client.get(f"/statistics/2026-q3/revisions/{revision}").status_code == 404


def test_a_release_whose_time_has_come_is_published_by_the_visit_and_audited(
    client, db, statistician, publisher
):
    release = approve(statistician, publisher, at=later())
    release.publish_at = utcnow() - timedelta(minutes=1)  # its time has come
    _db.session.commit()
    listed = page(client, "/statistics")
    assert listed.tables["releases"][1][0] == "July to September 2026"
    _db.session.expire_all()
    assert release.status is ReleaseStatus.PUBLISHED
    assert release.published_at == release.publish_at
    events = _db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "statistics.published")
    ).all()
    assert [(event.actor, event.object_id) for event in events] == [("system", str(release.id))]
    # A second visit publishes nothing again.
    client.get("/statistics/2026-q3")
    assert (
        _db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action == "statistics.published")
        )
        == 1
    )


@pytest.mark.parametrize(
    "path", ["/statistics/2026-q3", "/statistics/2026-q3/revisions/1", "/statistics"]
)
def test_every_statistics_page_publishes_what_has_come_due(
    client, db, statistician, publisher, path
):
    release = approve(statistician, publisher, at=later())
    release.publish_at = utcnow() - timedelta(seconds=1)
    _db.session.commit()
    assert client.get(path).status_code == 200
    _db.session.expire_all()
    assert release.status is ReleaseStatus.PUBLISHED


# ------------------------------------------------------------------ revisions


@pytest.fixture
def revised(db, statistician, publisher) -> dict[str, Any]:
    """July to September 2026 published, then revised with a note."""
    add_complaints()
    first = publish(statistician, publisher)
    second = publish(statistician, publisher, note="Two complaints were logged late.")
    return {"first": first, "second": second}


def test_the_release_page_shows_the_newest_revision(client, revised):
    shown = page(client, "/statistics/2026-q3")
    assert shown.summary_list["Revision"] == "Revision 2, the current one"
    assert "This revision published" in shown.summary_list
    assert 'id="superseded"' not in client.get("/statistics/2026-q3").get_data(as_text=True)


def test_the_revision_history_lists_every_revision_with_its_date_and_note(client, revised):
    shown = page(client, "/statistics/2026-q3")
    head, *rows = shown.tables["revisions"]
    assert head == ["Revision", "Published", "What changed"]
    assert [row[0] for row in rows] == ["Revision 2 (this page)", "Revision 1 Superseded"]
    assert [row[2] for row in rows] == ["Two complaints were logged late.", "First published."]
    assert all(re.fullmatch(r"\d{1,2} [A-Z][a-z]+ 20\d\d, \d\d:\d\d", row[1]) for row in rows)
    links = dict(shown.links)
    assert links["/statistics/2026-q3/revisions/1"] == "Revision 1"
    assert links["/statistics/2026-q3/revisions/2"] == "Revision 2"


def test_a_superseded_revision_says_so_and_links_to_the_current_one(client, revised):
    response = client.get("/statistics/2026-q3/revisions/1")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    shown = Page(html)
    assert 'id="superseded"' in html
    assert "This is revision 1. It has been replaced by a newer revision." in html
    assert ("/statistics/2026-q3", "Read the current revision (revision 2)") in shown.links
    assert shown.summary_list["Revision"] == "Revision 1, superseded by revision 2"
    assert shown.title.startswith("Revision 1 (superseded) of ")
    rows = shown.tables["revisions"][1:]
    assert [row[0] for row in rows] == ["Revision 2", "Revision 1 (this page) Superseded"]


def test_the_current_revision_read_by_its_number_is_not_marked_superseded(client, revised):
    html = client.get("/statistics/2026-q3/revisions/2").get_data(as_text=True)
    assert 'id="superseded"' not in html
    assert Page(html).summary_list["Revision"] == "Revision 2, the current one"


def test_each_revision_links_to_its_own_downloads(client, revised):
    for revision in (1, 2):
        shown = page(client, f"/statistics/2026-q3/revisions/{revision}")
        hrefs = {href for href, _ in shown.links}
        for name in ("statistics.csv", "statistics.json", "statistics.xlsx"):
            assert f"/statistics/2026-q3/revisions/{revision}/{name}" in hrefs


# ------------------------------------------------------------------ the release page


@pytest.fixture
def release_page(client, db, statistician, publisher) -> Page:
    add_complaints()
    publish(statistician, publisher)
    response = client.get("/statistics/2026-q3")
    assert response.status_code == 200
    return Page(response.get_data(as_text=True))


def test_the_release_dates_are_shown(release_page):
    facts = release_page.summary_list
    assert facts["Period covered"] == "1 July 2026 to 30 September 2026"
    assert facts["Compared with"] == "July to September 2025 (1 July 2025 to 30 September 2025)"
    assert facts["First published"]
    assert facts["Revision"] == "Revision 1, the current one"


def test_the_headline_figures_put_the_period_beside_the_year_before(release_page):
    assert release_page.tables["headlines"] == [
        ["Figure", "July to September 2026", "July to September 2025"],
        ["Complaints received", "60", "0"],
        ["Cases open at the end of the period", "60", "0"],
        ["Median working days to a decision", "[z] (not applicable)", "[z] (not applicable)"],
        ["Live facial recognition deployments recorded", "1", "0"],
        ["False alerts per 100 alerts", "[c] (confidential)", "[z] (not applicable)"],
    ]


def test_the_contents_list_every_table(client, db, statistician, publisher):
    release = publish(statistician, publisher)
    links = page(client, "/statistics/2026-q3").links
    for table in release.content["tables"]:
        wanted = (f"#section-{table['id']}", f"Table {table['number']}: {table['title']}")
        assert links.count(wanted) == 1, wanted


def test_each_table_has_its_caption_row_headers_and_numbers_right_aligned(client, release_page):
    html = client.get("/statistics/2026-q3").get_data(as_text=True)
    assert release_page.tables["table-complaints_by_technology"] == [
        ["Technology", "July to September 2026", "July to September 2025"],
        ["Live facial recognition", "27", "0"],
        ["Retrospective facial recognition", "20", "0"],
        ["Operator-initiated facial recognition", "[c] (confidential)", "0"],
        ["Other biometric technology", "[c] (confidential)", "0"],
        ["Technology not known", "0", "0"],
        ["Total", "60", "0"],
    ]
    assert "Table 2: Complaints received by technology</caption>" in html
    assert '<th scope="row" class="govuk-table__header">Live facial recognition</th>' in html
    assert (
        '<td class="govuk-table__cell govuk-table__cell--numeric">[c]'
        '<span class="govuk-visually-hidden"> (confidential)</span></td>'
    ) in html
    # Every table is in a region of its own, named by its caption, that can take focus.
    assert (
        '<div class="app-table-scroll" role="region" '
        'aria-labelledby="table-complaints_by_technology-caption" tabindex="0">'
    ) in html


def test_every_table_of_the_release_is_on_the_page(client, db, statistician, publisher):
    release = publish(statistician, publisher)
    shown = page(client, "/statistics/2026-q3")
    for table in release.content["tables"]:
        rows = shown.tables[f"table-{table['id']}"]
        assert rows[0] == [table["row_heading"]] + [c["label"] for c in table["columns"]]
        assert [row[0] for row in rows[1:]] == [row["label"] for row in table["rows"]]


def test_a_chart_comes_before_its_table_with_its_summary(client, release_page):
    html = client.get("/statistics/2026-q3").get_data(as_text=True)
    section = html[html.index('id="section-complaints_by_technology"') :]
    section = section[: section.index("</section>")]
    assert section.index("<svg") < section.index("<table")
    assert "Live facial recognition had the most complaints: 27 of 60." in section
    assert 'aria-labelledby="chart-complaints_by_technology-title ' in section
    # A table without a chart has none.
    section = html[html.index('id="section-complaints_by_force_and_technology"') :]
    assert "<svg" not in section[: section.index("</section>")]


def test_each_tables_notes_are_under_it_and_the_release_notes_are_listed(client, release_page):
    html = client.get("/statistics/2026-q3").get_data(as_text=True)
    section = html[html.index('id="section-complaints_by_concern"') :]
    section = section[: section.index("</section>")]
    assert 'href="#note-N2"' in section
    assert "there is no total" in section
    notes = html[html.index('id="release-notes"') :]
    for note in ("N1", "N2", "N3", "N4", "N5"):
        assert f'id="note-{note}"' in notes
    assert "Counts from 1 to 4 are shown as [c]" in notes


def test_the_symbols_are_explained(release_page):
    assert ("#symbols", "Symbols used in the tables") in release_page.links
    facts = release_page.summary_list
    assert facts["[c]"] == "Confidential: withheld so that no one can be identified"
    assert facts["[x]"] == "Not available"
    assert facts["[z]"] == "Not applicable"


def test_the_methodology_gives_the_populations_targets_and_disclosure_control(
    app, client, db, statistician, publisher, monkeypatch
):
    publish(statistician, publisher)
    monkeypatch.setitem(app.config, "TRIAGE_WORKING_DAYS", 15)
    html = client.get("/statistics/2026-q3").get_data(as_text=True)
    methodology = html[html.index('id="methodology"') :]
    methodology = methodology[: methodology.index("</section>")]
    for words in (
        "counted by the date it was received in England and Wales",
        "first move to being investigated or to being closed",
        "not closed by then",
        "Working days leave out weekends and bank holidays in England and Wales",
        "acknowledge the complaint within 2 working days",
        "make the triage decision within 15 working days",
        "issue the decision within 60 working days",
        "the same period a year before",
        "Counts from 1 to 4 of complaints or cases are shown as [c]",
        "secondary suppression",
        "nor from fewer than 10 cases",
        "[x] means the figure is not available; [z] means it does not apply",
        "as the forces recorded them",
    ):
        assert words in methodology, words


def test_the_data_dictionary_describes_every_table_and_column(client, db, statistician, publisher):
    release = publish(statistician, publisher)
    shown = page(client, "/statistics/2026-q3")
    for table in release.content["tables"]:
        head, *rows = shown.tables[f"dictionary-{table['id']}"]
        assert head == ["Column", "What it counts", "Unit", "Source"]
        assert [row[0] for row in rows] == [column["label"] for column in table["columns"]]
        assert all(all(cell for cell in row) for row in rows)
    rows = shown.tables["dictionary-timeliness"]
    assert rows[2][2] == "Working days, the median to one decimal place"
    assert rows[3][2] == "Per cent, to one decimal place"


def test_no_complaint_detail_is_on_any_statistics_page(client, db, statistician, publisher):
    complaints = add_complaints()
    publish(statistician, publisher)
    publish(statistician, publisher, note="Recounted.")
    pages = [
        client.get(path).get_data(as_text=True)
        for path in (
            "/statistics",
            "/statistics/2026-q3",
            "/statistics/2026-q3/revisions/1",
            "/statistics/2026-q3/revisions/2",
        )
    ]
    for html in pages:
        for secret in (
            SECRET_PLACE,
            SECRET_STORY,
            "Jo Bloggs",
            "jo.secret@example.com",
            "An explanation of why there were no signs.",
            *(complaint.reference for complaint in complaints),
        ):
            assert secret not in html


def test_the_pages_need_no_inline_style_or_unsigned_script(client, db, statistician, publisher):
    add_complaints()
    publish(statistician, publisher)
    for path in ("/statistics", "/statistics/2026-q3", "/statistics/2026-q3/revisions/1"):
        response = client.get(path)
        html = response.get_data(as_text=True)
        policy = response.headers["Content-Security-Policy"]
        assert "unsafe-inline" not in policy
        assert not re.search(r"<[^>]+\s(style|on[a-z]+)=", html, re.IGNORECASE), path
        nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
        inline = re.findall(r"<script\b(?![^>]*\bsrc=)([^>]*)>", html)
        assert inline == [f' nonce="{nonce}"'], path
