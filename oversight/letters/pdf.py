"""A letter as an A4 PDF (fpdf2, with the DejaVu fonts oversight/rights uses, so any name
and every Welsh letter, ŵ and ŷ too, prints).

The register's address block at the top right, the complainant's name and address where
a window envelope shows it, then the reference and the date, the subject and the text.
Every word comes in already worded (services.letter_for): this only lays it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from fpdf import FPDF

from oversight.rights.pdf import FAMILY, FONTS

MARGIN = 20  # mm, left and right
# Where a DL window envelope shows the address (from the page's top-left corner, mm).
RECIPIENT_TOP = 50
DETAILS_TOP = 90
TEXT_SIZE = 11
LINE = 5.5  # mm, for TEXT_SIZE


@dataclass(frozen=True)
class Letter:
    """A letter, every part already in its language(s)."""

    title: str  # the PDF's title: the subject
    lang: str  # the PDF's language tag: "en", "cy", or "cy" first for both
    sender: tuple[str, ...]  # the register's name and address lines
    recipient: tuple[str, ...]  # the complainant's name and address lines; none if unknown
    details: tuple[tuple[str, str], ...]  # (label, value): the reference, the date
    subject: str
    body: str
    page_words: str  # "Page %(page)s of %(pages)s", in its language(s)
    made: datetime


class _Page(FPDF):
    page_words = ""

    def footer(self) -> None:
        self.set_y(-15)
        self.set_font(FAMILY, "", 8)
        words = self.page_words % {"page": self.page_no(), "pages": "{nb}"}
        self.cell(0, 5, words, align="C")


def render(letter: Letter) -> bytes:
    pdf = _Page(format="A4", unit="mm")
    pdf.page_words = letter.page_words
    pdf.set_creation_date(letter.made)
    pdf.set_title(letter.title)
    pdf.set_lang(letter.lang)
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_margins(MARGIN, 15, MARGIN)
    pdf.set_auto_page_break(auto=True, margin=22)
    pdf.alias_nb_pages()
    pdf.add_page()
    width = pdf.w - 2 * MARGIN

    def lines(texts: tuple[str, ...], size: float, align: str, bold_first: bool = False) -> None:
        for index, text in enumerate(texts):
            pdf.set_font(FAMILY, "B" if bold_first and index == 0 else "", size)
            pdf.set_x(MARGIN)
            pdf.multi_cell(width, size * 0.45, text, align=align)

    lines(letter.sender, 10, "R", bold_first=True)
    pdf.set_y(max(pdf.get_y() + 5, RECIPIENT_TOP))
    lines(letter.recipient, TEXT_SIZE, "L")
    pdf.set_y(max(pdf.get_y() + 8, DETAILS_TOP))
    for label, value in letter.details:
        pdf.set_x(MARGIN)
        pdf.set_font(FAMILY, "B", TEXT_SIZE)
        said = f"{label}: "
        pdf.cell(pdf.get_string_width(said), LINE, said)
        pdf.set_font(FAMILY, "", TEXT_SIZE)
        pdf.multi_cell(0, LINE, value, align="L")
    pdf.ln(LINE)
    pdf.set_font(FAMILY, "B", 12)
    pdf.set_x(MARGIN)
    pdf.multi_cell(width, 6, letter.subject, align="L")
    pdf.ln(LINE / 2)
    pdf.set_font(FAMILY, "", TEXT_SIZE)
    pdf.set_x(MARGIN)
    pdf.multi_cell(width, LINE, letter.body.strip(), align="L")
    return bytes(pdf.output())
