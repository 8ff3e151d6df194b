"""Downloads of published statistics releases: tidy CSV, JSON and a spreadsheet, each
opened and read back against the release as published; nothing unpublished is served."""

from __future__ import annotations

import copy
import csv
import io
import json
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from openpyxl import load_workbook

from oversight.models import utcnow
from oversight.statistics import services, spreadsheet, tidy
from oversight.statistics.enums import ReleaseStatus
from oversight.statistics.models import StatisticsRelease
from oversight.statistics.periods import parse_period
from tests.factories import make_complaint, make_deployment

PERIOD = "2026-Q2"
SLUG = "2026-q2"
KINDS = ("csv", "json", "xlsx")
FORMULAS = ('=HYPERLINK("http://evil.example","Click")', "+SUM(A1:A9)", "-2+3", "@cmd")


def address(slug: str, revision: int, kind: str) -> str:
    return f"/statistics/{slug}/revisions/{revision}/statistics.{kind}"


def prepare(
    statistician: Any,
    period: str = PERIOD,
    note: str | None = None,
    change: Callable[[dict[str, Any]], None] | None = None,
) -> StatisticsRelease:
    """A draft for the period; `change` may alter its content (as a recompute could)."""
    release = services.prepare(parse_period(period), statistician, revision_note=note)
    if change is not None:
        body = copy.deepcopy(release.content)
        change(body)
        release.content = body
        release.content_sha256 = services.digest(body)
    return release


def publish(
    db: Any,
    statistician: Any,
    publisher: Any,
    period: str = PERIOD,
    note: str | None = None,
    change: Callable[[dict[str, Any]], None] | None = None,
) -> StatisticsRelease:
    """Prepare, approve (for now) and publish a release, as its staff would."""
    release = prepare(statistician, period, note, change)
    services.approve(release, publisher, utcnow())
    services.publish_due(utcnow() + timedelta(seconds=1))
    db.session.commit()
    assert release.status is ReleaseStatus.PUBLISHED
    return release


@pytest.fixture
def register(db) -> None:
    """Complaints in April to June 2026 (a force with fewer than 5, so [c]) and a deployment."""
    for day in range(7):
        make_complaint(received_at=datetime(2026, 5, 4 + day, 10, tzinfo=UTC))
        make_complaint(received_at=datetime(2026, 5, 4 + day, 11, tzinfo=UTC), technology="rfr")
        make_complaint(received_at=datetime(2026, 5, 4 + day, 12, tzinfo=UTC), force="essex")
    for day in range(2):
        make_complaint(received_at=datetime(2026, 6, 1 + day, 10, tzinfo=UTC), force="metropolitan")
    make_deployment(deployed_on="2026-06-14")
    db.session.commit()


@pytest.fixture
def release(db, register, statistician, publisher) -> StatisticsRelease:
    return publish(db, statistician, publisher)


def cells(release: StatisticsRelease) -> list[tuple[dict[str, Any], ...]]:
    """(table, row, column, cell) for every published figure, in order."""
    return [
        (table, row, column, cell)
        for table in release.content["tables"]
        for row in table["rows"]
        for column, cell in zip(table["columns"], row["cells"], strict=True)
    ]


def read_csv(response: Any) -> list[dict[str, str]]:
    body = response.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # UTF-8 with a byte order mark
    reader = csv.DictReader(io.StringIO(body.decode("utf-8-sig"), newline=""))
    assert tuple(reader.fieldnames or ()) == tidy.CSV_HEADINGS
    return list(reader)


def open_workbook(response: Any) -> Any:
    assert response.mimetype == spreadsheet.MIMETYPE
    return load_workbook(io.BytesIO(response.get_data()))


# The tidy CSV ----------------------------------------------------------------------------


def test_the_csv_has_one_row_for_every_figure_of_the_release(client, release):
    response = client.get(address(SLUG, 1, "csv"))
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="frf-statistics-2026-q2-r1.csv"'
    )
    rows = read_csv(response)
    expected = cells(release)
    assert len(rows) == len(expected)
    content = release.content
    labels = {"current": content["period"]["label"], "previous": content["comparison"]["label"]}
    for line, (table, row, column, cell) in zip(rows, expected, strict=True):
        assert line["period_code"] == "2026-Q2"
        assert line["revision"] == "1"
        assert line["table_number"] == str(table["number"])
        assert (line["table_id"], line["table_title"]) == (table["id"], table["title"])
        assert (line["row_id"], line["row_label"]) == (row["id"], row["label"])
        assert (line["column_id"], line["column_label"]) == (column["id"], column["label"])
        assert line["period"] == column["period"]
        assert line["period_label"] == labels[column["period"]]
        assert line["measure"] == column["format"]
        if cell["symbol"]:
            assert (line["value"], line["symbol"]) == ("", cell["symbol"])
        else:
            assert float(line["value"]) == cell["value"]
            assert line["symbol"] == ""


def test_the_csv_shows_the_counts_the_register_holds_and_withholds_the_small_ones(client, release):
    rows = read_csv(client.get(address(SLUG, 1, "csv")))
    by_force = {
        (r["row_id"], r["column_id"]): r for r in rows if r["table_id"] == "complaints_by_force"
    }
    assert by_force[("south-wales", "current")]["value"] == "14"
    assert by_force[("total", "current")]["value"] == "23"
    assert by_force[("metropolitan", "current")]["symbol"] == "[c]"
    assert by_force[("metropolitan", "current")]["value"] == ""
    # The total would give the 2 away, so the next smallest count is withheld too.
    assert (by_force[("essex", "current")]["value"], by_force[("essex", "current")]["symbol"]) == (
        "",
        "[c]",
    )
    assert by_force[("south-wales", "previous")]["value"] == "0"
    assert {r["symbol"] for r in rows} <= {"", "[c]", "[x]", "[z]"}


def test_text_a_spreadsheet_would_run_as_a_formula_is_escaped_in_the_csv(
    client, db, register, statistician, publisher
):
    def dangerous(body: dict[str, Any]) -> None:
        table = body["tables"][0]
        table["title"] = FORMULAS[0]
        for row, words in zip(table["rows"], FORMULAS, strict=False):
            row["label"] = words

    publish(db, statistician, publisher, change=dangerous)
    rows = read_csv(client.get(address(SLUG, 1, "csv")))
    first = [r for r in rows if r["table_number"] == "1"]
    assert {r["table_title"] for r in first} == {"'" + FORMULAS[0]}
    assert ["'" + words for words in FORMULAS] == list(
        dict.fromkeys(r["row_label"] for r in first)
    )[: len(FORMULAS)]
    # Text cells never begin with a character that starts a formula.
    for row in rows:
        for heading in tidy.CSV_HEADINGS:
            if heading not in ("value", "revision", "table_number"):
                assert not row[heading].startswith(("=", "+", "-", "@")), (heading, row)


# The JSON download -----------------------------------------------------------------------


def test_the_json_is_the_release_as_published_with_its_metadata(client, release):
    response = client.get(address(SLUG, 1, "json"))
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="frf-statistics-2026-q2-r1.json"'
    )
    document = json.loads(response.get_data())
    assert list(document) == [
        "slug",
        "period",
        "revision",
        "status",
        "published_at",
        "superseded_at",
        "revision_note",
        "content_sha256",
        "content",
    ]
    assert document["slug"] == SLUG
    assert document["period"] == {
        "kind": "quarter",
        "code": "2026-Q2",
        "start": "2026-04-01",
        "end": "2026-06-30",
        "label": "April to June 2026",
    }
    assert (document["revision"], document["status"]) == (1, "published")
    assert datetime.fromisoformat(document["published_at"]) == release.published_at
    assert document["superseded_at"] is None
    assert document["revision_note"] is None
    assert document["content"] == release.content
    # Anyone can check the content is what was published.
    assert services.digest(document["content"]) == document["content_sha256"]
    assert document["content_sha256"] == release.content_sha256


# The spreadsheet -------------------------------------------------------------------------


def test_the_spreadsheet_has_a_cover_contents_notes_and_a_sheet_for_each_table(client, release):
    response = client.get(address(SLUG, 1, "xlsx"))
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="frf-statistics-2026-q2-r1.xlsx"'
    )
    book = open_workbook(response)
    tables = release.content["tables"]
    assert book.sheetnames == [
        "Cover",
        "Contents",
        "Notes",
        *(f"Table_{n}" for n in range(1, len(tables) + 1)),
    ]
    cover = [row[0] for row in book["Cover"].iter_rows(values_only=True)]
    assert cover[0] == "Facial recognition oversight statistics: April to June 2026"
    assert book["Cover"].max_column == 1  # everything in column A
    assert None not in cover  # no blank rows
    text = "\n".join(cover)
    assert "Revision 1, published" in text
    assert release.content_sha256 in text
    for heading in ("Publication", "Source", "Contact", "Symbols used in the tables"):
        assert heading in cover
    assert "Statistics team" in text  # the contact, where no other is configured
    for symbol in ("[c]", "[x]", "[z]"):
        assert any(line.startswith(symbol + " means") for line in cover)
    assert book.properties.title.startswith("Facial recognition oversight statistics")


def table_values(sheet: Any, name: str) -> list[tuple[Any, ...]]:
    """The named table's cells, header row first."""
    return [tuple(cell.value for cell in row) for row in sheet[sheet.tables[name].ref]]


def test_the_contents_sheet_lists_and_links_every_table(client, release):
    book = open_workbook(client.get(address(SLUG, 1, "xlsx")))
    sheet = book["Contents"]
    assert sheet["A1"].value == "Contents"
    assert sheet["A2"].hyperlink.location == "'Notes'!A1"
    assert list(sheet.tables) == ["contents"]
    assert sheet.tables["contents"].ref.startswith("A3:")
    rows = table_values(sheet, "contents")
    assert rows[0] == ("Sheet name", "Table number", "Table title")
    tables = release.content["tables"]
    assert rows[1:] == [(f"Table_{t['number']}", t["number"], t["title"]) for t in tables]
    for number in range(1, len(tables) + 1):
        assert sheet.cell(row=3 + number, column=1).hyperlink.location == f"'Table_{number}'!A1"


def test_the_notes_sheet_numbers_each_note_and_explains_each_symbol(client, release):
    book = open_workbook(client.get(address(SLUG, 1, "xlsx")))
    sheet = book["Notes"]
    assert sheet["A1"].value == "Notes"
    rows = table_values(sheet, "notes")
    assert rows[0] == ("Note number", "Note text")
    notes = release.content["notes"]
    assert [text for _, text in rows[1 : len(notes) + 1]] == [note["text"] for note in notes]
    assert [number for number, _ in rows[1:]] == [f"[note {n}]" for n in range(1, len(rows))]
    symbols = [text for _, text in rows[len(notes) + 1 :]]
    assert [text[:3] for text in symbols] == ["[c]", "[x]", "[z]"]


def test_each_table_sheet_holds_one_named_table_of_numbers_and_symbols(client, release):
    book = open_workbook(client.get(address(SLUG, 1, "xlsx")))
    content = release.content
    numbers = {note["id"]: f"[note {n}]" for n, note in enumerate(content["notes"], start=1)}
    seen_symbols = set()
    for table in content["tables"]:
        sheet = book[f"Table_{table['number']}"]
        assert sheet["A1"].value == f"Table {table['number']}: {table['title']}"
        assert table["description"] in sheet["A2"].value
        about = sheet["A3"].value
        for note in table["notes"]:
            assert numbers[note] in about
        # Nothing above the table but column A; no merged cells anywhere.
        for row in sheet.iter_rows(min_row=1, max_row=3, min_col=2):
            assert all(cell.value is None for cell in row)
        assert not sheet.merged_cells.ranges
        assert len(sheet.tables) == 1
        (name,) = sheet.tables
        assert name == f"table_{table['number']}_{table['id']}"
        assert sheet.tables[name].ref.startswith("A4:")
        header, *rows = table_values(sheet, name)
        assert header[0] == table["row_heading"]
        assert len(set(header)) == len(header)
        for column, heading in zip(table["columns"], header[1:], strict=True):
            assert heading.startswith(column["label"])
            period = content["period" if column["period"] == "current" else "comparison"]
            assert period["label"] in heading
            if column["format"] == "count":
                assert heading.endswith("(number)")
        assert len(rows) == len(table["rows"])
        for shown, row in zip(rows, table["rows"], strict=True):
            assert shown[0] == row["label"]
            for value, cell in zip(shown[1:], row["cells"], strict=True):
                assert value is not None  # no blank cells inside a table
                if cell["symbol"]:
                    assert value == cell["symbol"]
                    seen_symbols.add(value)
                else:
                    assert isinstance(value, int | float) and not isinstance(value, bool)
                    assert value == cell["value"]
        if any(cell["symbol"] for row in table["rows"] for cell in row["cells"]):
            assert "symbol instead of a figure" in about
    assert "[c]" in seen_symbols


def test_formulas_in_a_release_are_written_as_text_in_the_spreadsheet(
    client, db, register, statistician, publisher
):
    def dangerous(body: dict[str, Any]) -> None:
        table = body["tables"][0]
        table["title"] = FORMULAS[0]
        for row, words in zip(table["rows"], FORMULAS, strict=False):
            row["label"] = words

    publish(db, statistician, publisher, change=dangerous)
    book = open_workbook(client.get(address(SLUG, 1, "xlsx")))
    sheet = book["Table_1"]
    labels = [sheet.cell(row=5 + n, column=1) for n in range(len(FORMULAS))]
    assert [cell.value for cell in labels] == list(FORMULAS)
    assert {cell.data_type for cell in labels} == {"s"}
    assert book["Contents"]["C4"].value == FORMULAS[0]
    assert book["Contents"]["C4"].data_type == "s"
    for each in book.worksheets:
        for row in each.iter_rows():
            assert all(cell.data_type != "f" for cell in row)


# Only what is published -------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_a_draft_or_an_approved_release_waiting_for_its_time_is_not_found(
    client, db, register, statistician, publisher, kind
):
    draft = prepare(statistician)
    db.session.commit()
    assert client.get(address(SLUG, 1, kind)).status_code == 404
    services.approve(draft, publisher, utcnow() + timedelta(days=2))
    db.session.commit()
    assert client.get(address(SLUG, 1, kind)).status_code == 404
    db.session.refresh(draft)
    assert draft.status is ReleaseStatus.APPROVED


@pytest.mark.parametrize("kind", KINDS)
@pytest.mark.parametrize(
    ("slug", "revision"),
    [
        (SLUG, 2),
        ("2026-q3", 1),
        ("2026-Q2", 1),
        ("nothing here", 1),
        ("a" * 41, 1),
        (SLUG, 0),
        (SLUG, 99999999999999999999),
    ],
)
def test_a_release_that_was_never_published_is_not_found(client, release, kind, slug, revision):
    assert client.get(address(slug, revision, kind)).status_code == 404


@pytest.mark.parametrize("kind", KINDS)
def test_a_release_is_downloadable_from_its_publication_time_without_anyone_publishing_it(
    client, db, register, statistician, publisher, kind
):
    draft = prepare(statistician)
    services.approve(draft, publisher, utcnow())
    db.session.commit()
    response = client.get(address(SLUG, 1, kind))
    assert response.status_code == 200
    db.session.expire_all()
    assert db.session.get(StatisticsRelease, draft.id).status is ReleaseStatus.PUBLISHED


def test_a_superseded_revision_stays_downloadable_and_says_it_was_superseded(
    client, db, release, statistician, publisher
):
    note = "Two complaints were recorded against the wrong force."
    publish(db, statistician, publisher, note=note)
    old = json.loads(client.get(address(SLUG, 1, "json")).get_data())
    new = json.loads(client.get(address(SLUG, 2, "json")).get_data())
    assert (old["revision"], old["status"]) == (1, "superseded")
    assert old["superseded_at"] == new["published_at"]
    assert (new["revision"], new["status"], new["revision_note"]) == (2, "published", note)
    assert {row["revision"] for row in read_csv(client.get(address(SLUG, 1, "csv")))} == {"1"}
    assert {row["revision"] for row in read_csv(client.get(address(SLUG, 2, "csv")))} == {"2"}
    response = client.get(address(SLUG, 1, "xlsx"))
    assert response.headers["Content-Disposition"].endswith('-2026-q2-r1.xlsx"')
    cover = "\n".join(
        row[0] for row in open_workbook(response)["Cover"].iter_rows(values_only=True)
    )
    assert "superseded by a later revision" in cover
    revised = [
        row[0]
        for row in open_workbook(client.get(address(SLUG, 2, "xlsx")))["Cover"].iter_rows(
            values_only=True
        )
    ]
    assert f"What this revision changed: {note}" in revised


def test_a_draft_revision_leaves_the_published_one_as_it_was(client, db, release, statistician):
    prepare(statistician, note="Recounted.")
    db.session.commit()
    assert client.get(address(SLUG, 2, "csv")).status_code == 404
    document = json.loads(client.get(address(SLUG, 1, "json")).get_data())
    assert (document["status"], document["content_sha256"]) == ("published", release.content_sha256)
