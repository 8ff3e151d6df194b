"""The spreadsheet download of a published statistics release, laid out as government
guidance for spreadsheets asks: a cover, a contents sheet and a notes sheet, then one
sheet for each table holding one named table of numbers and symbols, with nothing a
spreadsheet program would run as a formula."""

from __future__ import annotations

from typing import Any

from tests.statistics.releases import (
    FORMULAS,
    SLUG,
    address,
    open_workbook,
    publish,
    register_fixture,  # noqa: F401  (a fixture)
    release_fixture,  # noqa: F401  (a fixture)
)


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
    # The named contact, where no other is configured (config.STATISTICS_CONTACT_*).
    assert "Head of Statistics, Facial Recognition Oversight Regulator" in text
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
