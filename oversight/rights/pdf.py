"""The bundle's readable document as a PDF (fpdf2, with the DejaVu fonts so any name
prints): the same content as records.html."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from fpdf import FPDF

from oversight.rights.records import SECTIONS, Records

FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"


def _label(name: str) -> str:
    return name.replace("_", " ").capitalize()


def _text(value: object) -> str:
    if value is True:
        return "Yes"
    if value is False:
        return "No"
    return "" if value is None else str(value)


def records_pdf(
    title: str, intro: Sequence[str], cases: Sequence[Records], made: datetime
) -> bytes:
    pdf = FPDF(format="A4")
    pdf.set_creation_date(made)
    pdf.set_title(title)
    pdf.add_font(FAMILY, "", str(FONTS / "DejaVuSans.ttf"))
    pdf.add_font(FAMILY, "B", str(FONTS / "DejaVuSans-Bold.ttf"))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def line(text: str, size: float = 10, bold: bool = False, gap: float = 1) -> None:
        pdf.set_font(FAMILY, "B" if bold else "", size)
        pdf.set_x(pdf.l_margin)
        pdf.multi_cell(width, size * 0.5, text, align="L")
        pdf.ln(gap)

    def rows(row: dict[str, object]) -> None:
        for name, value in row.items():
            if value in (None, ""):
                continue
            line(f"{_label(name)}: {_text(value)}", 9, gap=0.5)
        pdf.ln(2)

    line(title, 18, bold=True, gap=3)
    for paragraph in intro:
        line(paragraph, 10, gap=2)
    for case in cases:
        line(f"Complaint {case['reference']}", 15, bold=True, gap=2)
        for key, heading in SECTIONS.items():
            section = case.get(key)
            line(heading, 12, bold=True, gap=1)
            if not section:
                line("None", 9, gap=2)
            elif isinstance(section, dict):
                rows(section)
            elif isinstance(section, list):
                for item in section:
                    if isinstance(item, dict):
                        rows(item)
    return bytes(pdf.output())
