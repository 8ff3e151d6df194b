"""How the spreadsheet (spreadsheet.py) writes a cell: text always as text, so a label
can never be run as a formula, and each figure's number format."""

from __future__ import annotations

from flask_babel import gettext as _
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell

from oversight import formatting
from oversight.statistics.compute.tables import ONE_IN

NUMBER_FORMATS = {"count": "#,##0", "days": "0.0"}
LONGEST_TEXT = 32767  # the most a spreadsheet cell holds


def text(cell: Cell, value: object) -> Cell:
    """Write text as text: never a formula, whatever it starts with."""
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", str(value))[:LONGEST_TEXT]
    cell.data_type = "s"
    return cell


def number_format(format_: str, value: float) -> str:
    """How a figure is shown: rates and percentages to at least two significant figures
    (formatting.places), a "1 in N" below 10 with its decimal place."""
    if format_ in ("rate", "percent"):
        return "#,##0." + "0" * formatting.places(value)
    if format_ == ONE_IN:
        return _one_in("#,##0" if value >= 10 else "0.0")
    return NUMBER_FORMATS.get(format_, "General")


def _one_in(pattern: str) -> str:
    """The number format of a "1 in N" figure ('"1 in "#,##0'): the words of
    formatting.one_in, in the spreadsheet's language, around the number's pattern."""
    before, _mark, after = str(_("1 in %(number)s", number="\x00")).partition("\x00")

    def quoted(words: str) -> str:
        return f'"{words.replace(chr(34), "")}"' if words else ""

    return quoted(before) + pattern + quoted(after)
