"""A published release as a spreadsheet, following the Analysis Function's guidance on
releasing statistics in spreadsheets.

Sheets: Cover (what the release is, when it was published, its revision, source, the
statistics' status, quality and methodology, revisions policy, next release and named
contact), Contents (each table's sheet, linked), Notes (each note and each symbol), then
one sheet per table, named Table_1, Table_2 … Everything above a table is in column A:
the title in A1, then one line on what the table holds and one on its notes and symbols.
Each table is a named Excel table with one header row, no merged cells and no blank
cells: figures are numbers, and a withheld or missing figure is its symbol in the cell
itself. Headers carry the period and the unit. Text is always written as text, so a
label can never be run as a formula.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from datetime import datetime

from flask_babel import gettext as _
from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.hyperlink import Hyperlink
from openpyxl.worksheet.table import Table, TableStyleInfo
from openpyxl.worksheet.worksheet import Worksheet

from oversight import formatting
from oversight.complaints.enums import Language
from oversight.statistics import wording
from oversight.statistics.compute import disclosure as dc
from oversight.statistics.content import Column, NumberedTable, ReleaseContent
from oversight.statistics.enums import ReleaseStatus
from oversight.statistics.models import StatisticsRelease
from oversight.statistics.outputs import statement
from oversight.statistics.outputs.cells import number_format, text

# The document's language property: the language its words are in.
LANGUAGE_TAGS = {Language.ENGLISH: "en-GB", Language.WELSH: "cy"}
MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TABLE_STYLE = TableStyleInfo(name="TableStyleLight1", showRowStripes=False)
WRAP = Alignment(wrap_text=True, vertical="top")
RIGHT = Alignment(horizontal="right")
HEADER = Font(bold=True)


def _symbol_meanings() -> dict[str, str]:
    return {
        dc.SUPPRESSED: _(
            "[c] means confidential: the figure is withheld so that no one can be "
            "identified from it."
        ),
        dc.NOT_AVAILABLE: _("[x] means not available: the figure was not recorded."),
        dc.NOT_APPLICABLE: _("[z] means not applicable: there is nothing to count or divide by."),
    }


@dataclass(frozen=True)
class Note:
    number: str  # [note 1]
    text: str


def _lines(sheet: Worksheet, lines: list[tuple[str, str | None]]) -> None:
    """Column A, one paragraph a row; the first is the sheet's title."""
    for row, (words, style) in enumerate(lines, start=1):
        cell = text(sheet.cell(row=row, column=1), words)
        if style:
            cell.style = style
        elif row > 1:
            cell.alignment = WRAP


def _add_table(sheet: Worksheet, first_row: int, headers: list[str], rows: int, name: str) -> None:
    """A named table with one header row at `first_row` and `rows` rows beneath, which
    the caller writes. Headers are made unique, as Excel needs."""
    seen: set[str] = set()
    for column, header in enumerate(headers, start=1):
        header = header.strip() or _("Column %(number)s", number=column)
        unique, n = header, 2
        while unique.casefold() in seen:
            unique, n = f"{header} ({n})", n + 1
        seen.add(unique.casefold())
        cell = text(sheet.cell(row=first_row, column=column), unique)
        cell.font = HEADER
        cell.alignment = WRAP
    last = f"{get_column_letter(len(headers))}{first_row + rows}"
    table = Table(displayName=name, ref=f"A{first_row}:{last}")
    table.tableStyleInfo = TABLE_STYLE
    sheet.add_table(table)


def _widths(sheet: Worksheet, first: float, others: float, count: int) -> None:
    sheet.column_dimensions["A"].width = first
    for column in range(2, count + 1):
        sheet.column_dimensions[get_column_letter(column)].width = others


def _link(cell: Cell, sheet: str) -> None:
    cell.hyperlink = Hyperlink(ref=cell.coordinate, location=f"'{sheet}'!A1")
    cell.style = "Hyperlink"


def sheet_name(table: NumberedTable) -> str:
    return str(_("Table_%(number)s", number=table["number"]))


def _sheet_names() -> dict[str, str]:
    """The first three sheets' names, in the spreadsheet's language."""
    return {"cover": _("Cover"), "contents": _("Contents"), "notes": _("Notes")}


def table_name(table: NumberedTable) -> str:
    """The Excel table's name: letters, digits and underscores, unique in the workbook."""
    return "table_{}_{}".format(table["number"], re.sub(r"[^A-Za-z0-9_]", "_", table["id"]))


def _notes(content: ReleaseContent) -> tuple[list[Note], dict[str, str]]:
    """Every note of the release numbered in turn, then one note for each symbol; and
    each release note's id with its number."""
    notes, numbers = [], {}
    for number, note in enumerate(content["notes"], start=1):
        numbers[note["id"]] = _("[note %(number)s]", number=number)
        notes.append(Note(numbers[note["id"]], note["text"]))
    for meaning in _symbol_meanings().values():
        notes.append(Note(_("[note %(number)s]", number=len(notes) + 1), meaning))
    return notes, numbers


# Sheets ---------------------------------------------------------------------------


def _moment(value: datetime | None) -> str:
    return formatting.date_at_time(value)


def _cover(
    sheet: Worksheet, release: StatisticsRelease, content: ReleaseContent, note: str | None
) -> None:
    period = content["period"]["label"]
    published = _(
        "Revision %(revision)s, published %(when)s (UK time).",
        revision=release.revision,
        when=_moment(release.published_at),
    )
    lines: list[tuple[str, str | None]] = [
        (_("Facial recognition oversight statistics: %(period)s", period=period), "Title"),
        (
            _(
                "Complaints made to the regulator about police use of facial recognition "
                "and how they were dealt with, beside the deployments police forces "
                "recorded, for %(period)s, each with the same period a year before "
                "(%(previous)s).",
                period=period,
                previous=content["comparison"]["label"],
            ),
            None,
        ),
        (_("Publication"), "Headline 2"),
        (published, None),
    ]
    if note:
        lines.insert(1, (note, None))
    if release.status is ReleaseStatus.SUPERSEDED:
        lines.append(
            (
                _(
                    "This revision was superseded by a later revision on %(when)s. Use the "
                    "latest revision.",
                    when=_moment(release.superseded_at),
                ),
                None,
            )
        )
    if release.revision_note:
        lines.append((_("What this revision changed: %(note)s", note=release.revision_note), None))
    lines += [
        (
            _(
                "The figures were published once and are never changed: a correction is "
                "published as a new revision. Content fingerprint (SHA-256): %(sha)s",
                sha=release.content_sha256,
            ),
            None,
        ),
        (_("Source"), "Headline 2"),
        (
            _(
                "The Facial Recognition Oversight Register: complaints received by the "
                "regulator, and the deployment records and usage returns police forces "
                "submitted or published."
            ),
            None,
        ),
        *(
            line
            for heading, paragraphs in statement.sections()
            for line in [(heading, "Headline 2"), *((text, None) for text in paragraphs)]
        ),
        (_("What the spreadsheet holds"), "Headline 2"),
        (
            _(
                "The Contents sheet lists the %(count)s tables, one a sheet. The Notes "
                "sheet explains the notes the tables refer to and the symbols they use.",
                count=len(content["tables"]),
            ),
            None,
        ),
        (_("Symbols used in the tables"), "Headline 2"),
        *((meaning, None) for meaning in _symbol_meanings().values()),
    ]
    _lines(sheet, lines)
    sheet.column_dimensions["A"].width = 100


def _contents(sheet: Worksheet, tables: list[NumberedTable], notes: str) -> None:
    _lines(
        sheet,
        [
            (_("Contents"), "Title"),
            (
                _(
                    "This worksheet contains one table. Select a sheet name to go to its "
                    "table. The notes and symbols are explained on the Notes sheet."
                ),
                None,
            ),
        ],
    )
    _link(sheet["A2"], notes)
    headers = [_("Sheet name"), _("Table number"), _("Table title")]
    _add_table(sheet, 3, headers, len(tables), "contents")
    for r, table in enumerate(tables, start=4):
        _link(text(sheet.cell(row=r, column=1), sheet_name(table)), sheet_name(table))
        sheet.cell(row=r, column=2).value = table["number"]
        text(sheet.cell(row=r, column=3), table["title"]).alignment = WRAP
    _widths(sheet, 16, 80, 3)
    sheet.column_dimensions["B"].width = 14


def _notes_sheet(sheet: Worksheet, notes: list[Note]) -> None:
    _lines(
        sheet,
        [
            (_("Notes"), "Title"),
            (
                _(
                    "This worksheet contains one table. The tables refer to these notes "
                    "as [note 1] and so on, in the line above each table."
                ),
                None,
            ),
        ],
    )
    _add_table(sheet, 3, [_("Note number"), _("Note text")], len(notes), "notes")
    for r, note in enumerate(notes, start=4):
        text(sheet.cell(row=r, column=1), note.number)
        text(sheet.cell(row=r, column=2), note.text).alignment = WRAP
    _widths(sheet, 14, 100, 2)


def _header(column: Column, periods: dict[str, str]) -> str:
    """A column's header: its label, with the period and unit when it does not say them."""
    label = column["label"]
    period = periods.get(column["period"], "")
    if period and period not in label:
        label = _("%(label)s, %(period)s", label=label, period=period)
    if column["format"] == "count":
        label = _("%(label)s (number)", label=label)
    return label


def _symbols_in(table: NumberedTable) -> list[str]:
    found = {cell["symbol"] for row in table["rows"] for cell in row["cells"] if cell["symbol"]}
    return [symbol for symbol in dc.SYMBOLS if symbol in found]


def _about(table: NumberedTable, numbers: dict[str, str]) -> str:
    """The line above a table: where its notes are and whether it holds symbols."""
    parts = []
    refs = [numbers[note] for note in table["notes"] if note in numbers]
    if refs:
        parts.append(
            _(
                "Notes for this table are on the Notes sheet: %(notes)s.",
                notes=", ".join(refs),
            )
        )
    else:
        parts.append(_("This table has no notes of its own."))
    symbols = _symbols_in(table)
    if symbols:
        parts.append(
            _(
                "Some cells hold a symbol instead of a figure (%(symbols)s): the Notes "
                "sheet explains the symbols.",
                symbols=", ".join(symbols),
            )
        )
    else:
        parts.append(_("Every cell holds a figure."))
    return " ".join(parts)


def _table_sheet(
    sheet: Worksheet, table: NumberedTable, periods: dict[str, str], numbers: dict[str, str]
) -> None:
    _lines(
        sheet,
        [
            (
                _("Table %(number)s: %(title)s", number=table["number"], title=table["title"]),
                "Title",
            ),
            (_("This worksheet contains one table. %(about)s", about=table["description"]), None),
            (_about(table, numbers), None),
        ],
    )
    first = 4
    headers = [table["row_heading"], *(_header(c, periods) for c in table["columns"])]
    _add_table(sheet, first, headers, len(table["rows"]), table_name(table))
    for r, row in enumerate(table["rows"], start=first + 1):
        text(sheet.cell(row=r, column=1), row["label"])
        for c, (column, figure) in enumerate(
            zip(table["columns"], row["cells"], strict=True), start=2
        ):
            cell = sheet.cell(row=r, column=c)
            if figure["symbol"] or figure["value"] is None:
                text(cell, figure["symbol"] or dc.NOT_AVAILABLE).alignment = RIGHT
            else:
                cell.value = figure["value"]
                cell.number_format = number_format(column["format"], figure["value"])
    _widths(sheet, 42, 20, len(headers))
    sheet.freeze_panes = sheet.cell(row=first + 1, column=2)


def workbook(release: StatisticsRelease, language: Language = wording.STORED) -> bytes:
    """The release as an .xlsx file in `language`: the release's words as it stored them
    in that language (wording.py), the spreadsheet's own in the same language."""
    note = None
    if not wording.available_in(release.content, language):
        # Made before releases stored Welsh: in English, saying so in the language asked.
        with wording.written_in(language):
            note = _("This release is available in English only.")
        language = wording.STORED
    with wording.written_in(language):
        return _workbook(release, language, note)


def _workbook(release: StatisticsRelease, language: Language, note: str | None) -> bytes:
    content = wording.in_language(release.content, language)
    names = _sheet_names()
    book = Workbook()
    cover = book.active
    assert cover is not None
    cover.title = names["cover"]
    _cover(cover, release, content, note)
    _contents(book.create_sheet(names["contents"]), content["tables"], names["notes"])
    notes, numbers = _notes(content)
    _notes_sheet(book.create_sheet(names["notes"]), notes)
    periods = {"current": content["period"]["label"], "previous": content["comparison"]["label"]}
    for table in content["tables"]:
        _table_sheet(book.create_sheet(sheet_name(table)), table, periods, numbers)
    properties = book.properties
    properties.title = _(
        "Facial recognition oversight statistics: %(period)s, revision %(revision)s",
        period=content["period"]["label"],
        revision=release.revision,
    )
    properties.creator = _("Facial Recognition Oversight Register")
    properties.language = LANGUAGE_TAGS[language]
    if release.published_at is not None:
        properties.created = release.published_at.replace(tzinfo=None)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
