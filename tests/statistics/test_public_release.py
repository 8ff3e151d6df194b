"""What the public page of a statistics release holds: its dates, the headline figures
beside the year before, every table with its chart, notes and symbols, the methodology
and the data dictionary; never a complaint's detail, and no inline style or unsigned
script."""

from __future__ import annotations

import re

import pytest

from tests.register_pages import Page, page
from tests.statistics.pages import SECRET_PLACE, SECRET_STORY, add_complaints, publish

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
    # The register holds no records from a year before: those figures are not known.
    missing = "[x] (not available)"
    assert release_page.tables["headlines"] == [
        ["Figure", "July to September 2026", "July to September 2025"],
        ["Complaints received", "60", missing],
        ["Cases open at the end of the period", "60", missing],
        ["Median working days to a decision", "[z] (not applicable)", missing],
        ["Live facial recognition deployments recorded", "1", missing],
        ["False alerts per 100 alerts", "[c] (confidential)", missing],
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
        ["Live facial recognition", "27", "[x] (not available)"],
        ["Retrospective facial recognition", "20", "[x] (not available)"],
        ["Operator-initiated facial recognition", "10", "[x] (not available)"],
        ["Other biometric technology", "[c] (confidential)", "[x] (not available)"],
        ["Technology not known", "[c] (confidential)", "[x] (not available)"],
        ["Total", "60", "[x] (not available)"],
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
    assert rows[3][2] == "Per cent, to one decimal place, or more to keep two significant figures"


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
