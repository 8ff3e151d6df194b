"""Redacting PDFs by drawing them again as pictures.

Each page is flattened (filled-in forms and annotations become part of the page), drawn
with PDFium, and blacked out where a box or a phrase of its text layer lies; the copy is a
new PDF written here, byte by byte, holding nothing but one JPEG per page. So it has no
text layer, fonts, annotations, forms, JavaScript, attachments, outlines, XMP or /Info
metadata: nothing that was under a black box, or anywhere else in the original file's
structure, can be copied out of it.

PDFium is not safe to call from two threads at once, so every use holds one lock.
"""

from __future__ import annotations

import ctypes
import io
import math
import re
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from flask_babel import lazy_gettext as _l
from PIL import Image

from oversight.rights.redaction import (
    Box,
    RedactionFailed,
    bare_copy,
    black_out,
    is_pdf,
    phrase_spans,
    pixel_rect,
)

MAX_PAGES = 500
DPI = 150
# A page drawn larger than this (an A0 poster at 150 dpi is 35 million) is drawn at a
# lower resolution, down to MIN_DPI; below that it is refused.
MAX_PAGE_PIXELS = 25_000_000
MIN_DPI = 50
_JPEG_QUALITY = 85
_PAD = 2  # pixels of black beyond each character's box

_LOCK = threading.RLock()
# A hyphen breaking a word at the end of a line: PDFium writes it as \x02 (with no line
# break after it) when it sees one; otherwise a hyphen then a line break (\r\n).
_LINE_END_HYPHEN = re.compile(r"\x02[ \t]*(?:\r?\n)?|[-\u00ad\u2010][ \t]*\r?\n")

Rect = tuple[int, int, int, int]
Matrix = tuple[float, float, float, float, float, float]


@contextmanager
def _document(data: bytes) -> Iterator[pdfium.PdfDocument]:
    if not is_pdf(data):
        raise RedactionFailed(_l("The file is not a PDF."))
    with _LOCK:
        try:
            document = pdfium.PdfDocument(data)
        except Exception as error:  # PdfiumError, or a wrong password
            raise RedactionFailed(
                _l("The PDF cannot be opened: it is damaged or protected by a password.")
            ) from error
        try:
            document.init_forms()  # before the pages are counted or loaded
            pages = len(document)
            if pages == 0:
                raise RedactionFailed(_l("The PDF has no pages."))
            if pages > MAX_PAGES:
                raise RedactionFailed(_l("The PDF has more than %(most)s pages.", most=MAX_PAGES))
            yield document
        except RedactionFailed:
            raise
        except Exception as error:
            raise RedactionFailed(_l("The PDF cannot be read.")) from error
        finally:
            document.close()


@contextmanager
def _flat_page(document: pdfium.PdfDocument, index: int) -> Iterator[pdfium.PdfPage]:
    """The page with its form fields and annotations flattened into its content, so what
    is drawn is also in the text layer searched for phrases."""
    if not 0 <= index < len(document):
        raise RedactionFailed(_l("The PDF has no such page."))
    page = document[index]
    # PDFium's own call: pypdfium2's page.flatten() wants a form environment, which only a
    # PDF with forms has. If it fails, the annotations are not drawn either (see _draw).
    if pdfium_c.FPDFPage_Flatten(page, pdfium_c.FLAT_NORMALDISPLAY) == pdfium_c.FLATTEN_SUCCESS:
        page.close()
        page = document[index]  # flattening takes effect when the page is loaded again
    try:
        yield page
    finally:
        page.close()


def _draw(page: pdfium.PdfPage, scale: float) -> Image.Image:
    width, height = page.get_size()
    if not (width >= 1 and height >= 1):
        raise RedactionFailed(_l("A page of the PDF has no size."))
    if width * height * scale * scale > MAX_PAGE_PIXELS:
        scale = math.sqrt(MAX_PAGE_PIXELS / (width * height))
        if scale < MIN_DPI / 72:
            raise RedactionFailed(_l("A page of the PDF is too large to redact."))
    # Annotations left after flattening are not drawn: what is drawn must be in the text
    # layer, where phrases are looked for.
    bitmap = page.render(scale=scale, draw_annots=False, may_draw_forms=False, rev_byteorder=True)
    # The picture may share the bitmap's memory (allocated by Python, so kept alive by the
    # picture): the bitmap is left to be freed with it rather than closed here.
    image: Image.Image = bitmap.to_pil()
    return image if image.mode == "RGB" else image.convert("RGB")


def _page_to_pixels(page: pdfium.PdfPage, size: tuple[int, int]) -> Matrix:
    """The affine map from page space to pixels of the page drawn at this size, taking its
    rotation and crop box into account: asked of PDFium for three points (at 64 times the
    size, as it answers in whole pixels) rather than for every character."""
    fine = 64

    def device(x: float, y: float) -> tuple[float, float]:
        device_x, device_y = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDF_PageToDevice(
            page,
            0,
            0,
            size[0] * fine,
            size[1] * fine,
            0,
            x,
            y,
            ctypes.byref(device_x),
            ctypes.byref(device_y),
        )
        return device_x.value / fine, device_y.value / fine

    (ox, oy), (xx, xy), (yx, yy) = device(0, 0), device(1000, 0), device(0, 1000)
    return ((xx - ox) / 1000, (xy - oy) / 1000, (yx - ox) / 1000, (yy - oy) / 1000, ox, oy)


def _device_rect(matrix: Matrix, box: tuple[float, float, float, float]) -> Rect:
    """A rectangle in page space (left, bottom, right, top) as whole pixels around it."""
    a, b, c, d, e, f = matrix
    left, bottom, right, top = box
    xs = [a * x + c * y + e for x, y in ((left, bottom), (right, top))]
    ys = [b * x + d * y + f for x, y in ((left, bottom), (right, top))]
    return (
        math.floor(min(xs)) - _PAD,
        math.floor(min(ys)) - _PAD,
        math.ceil(max(xs)) + _PAD,
        math.ceil(max(ys)) + _PAD,
    )


def _page_text(textpage: pdfium.PdfTextPage) -> str:
    """The text layer with one character for each of PDFium's characters, so offsets in
    it are character indices."""
    return "".join(
        chr(code) if (code := pdfium_c.FPDFText_GetUnicode(textpage, index)) < 0x110000 else " "
        for index in range(textpage.count_chars())
    )


def _without_line_end_hyphens(text: str) -> str:
    """The same text (offset for offset) with a word broken by a hyphen at the end of a
    line joined again, by turning the hyphen and line break into invisible characters."""
    return _LINE_END_HYPHEN.sub(lambda match: "\u200b" * len(match.group()), text)


def _phrase_rects(
    page: pdfium.PdfPage, size: tuple[int, int], phrases: Sequence[str]
) -> list[Rect]:
    if not any(phrase.strip() for phrase in phrases):
        return []
    textpage = page.get_textpage()
    matrix = _page_to_pixels(page, size)
    try:
        text = _page_text(textpage)
        spans = phrase_spans(text, phrases)
        spans += phrase_spans(_without_line_end_hyphens(text), phrases)
        rects: list[Rect] = []
        for start, end in spans:
            line: Rect | None = None
            for index in range(start, end):
                char = _char_rect(textpage, matrix, index)
                if char is None:
                    continue
                if line is not None and _same_line(line, char):
                    line = _union(line, char)
                    continue
                if line is not None:
                    rects.append(line)
                line = char
            if line is not None:
                rects.append(line)
        return list(dict.fromkeys(rects))  # a phrase found in both forms of the text, once
    finally:
        textpage.close()


def _char_rect(textpage: pdfium.PdfTextPage, matrix: Matrix, index: int) -> Rect | None:
    """The pixels of one character: its glyph's box and its line-height box together."""
    rects = []
    for loose in (False, True):
        left, bottom, right, top = textpage.get_charbox(index, loose=loose)
        if right > left or top > bottom:
            rects.append(_device_rect(matrix, (left, bottom, right, top)))
    if not rects:
        return None
    return _union(*rects) if len(rects) > 1 else rects[0]


def _same_line(a: Rect, b: Rect) -> bool:
    overlap = min(a[3], b[3]) - max(a[1], b[1])
    return overlap >= 0.5 * min(a[3] - a[1], b[3] - b[1])


def _union(*rects: Rect) -> Rect:
    return (
        min(r[0] for r in rects),
        min(r[1] for r in rects),
        max(r[2] for r in rects),
        max(r[3] for r in rects),
    )


class _Writer:
    """The smallest PDF that shows one picture per page: a catalogue, a page tree, and
    for each page an image, a content stream drawing it, and the page. No /Info."""

    def __init__(self) -> None:
        self.out = io.BytesIO()
        self.out.write(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
        self.offsets: dict[int, int] = {}
        self.pages: list[int] = []
        self.next = 3  # 1 is the catalogue, 2 the page tree

    def _object(self, number: int, body: bytes, stream: bytes | None = None) -> None:
        self.offsets[number] = self.out.tell()
        self.out.write(b"%d 0 obj\n" % number + body)
        if stream is not None:
            self.out.write(b"\nstream\n" + stream + b"\nendstream")
        self.out.write(b"\nendobj\n")

    def add_page(self, jpeg: bytes, pixels: tuple[int, int], points: tuple[float, float]) -> None:
        image, content, page = self.next, self.next + 1, self.next + 2
        self.next += 3
        width, height = (b"%.4f" % value for value in points)
        self._object(
            image,
            b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceRGB"
            b" /BitsPerComponent 8 /Filter /DCTDecode /Length %d >>" % (*pixels, len(jpeg)),
            jpeg,
        )
        drawing = b"q " + width + b" 0 0 " + height + b" 0 0 cm /Im0 Do Q"
        self._object(content, b"<< /Length %d >>" % len(drawing), drawing)
        self._object(
            page,
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 " + width + b" " + height + b"]"
            b" /Resources << /XObject << /Im0 %d 0 R >> >> /Contents %d 0 R >>" % (image, content),
        )
        self.pages.append(page)

    def finish(self) -> bytes:
        kids = b" ".join(b"%d 0 R" % page for page in self.pages)
        self._object(2, b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % len(self.pages))
        self._object(1, b"<< /Type /Catalog /Pages 2 0 R >>")
        xref = self.out.tell()
        self.out.write(b"xref\n0 %d\n0000000000 65535 f \n" % self.next)
        for number in range(1, self.next):
            self.out.write(b"%010d 00000 n \n" % self.offsets[number])
        self.out.write(
            b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (self.next, xref)
        )
        return self.out.getvalue()


def redact(data: bytes, boxes: Sequence[Box], phrases: Sequence[str]) -> bytes:
    with _document(data) as document:
        pages = len(document)
        if any(not 0 <= box.page < pages for box in boxes):
            raise RedactionFailed(_l("A box is on a page the PDF does not have."))
        writer = _Writer()
        for index in range(pages):
            with _flat_page(document, index) as page:
                image = _draw(page, DPI / 72)
                rects = [
                    rect
                    for box in boxes
                    if box.page == index and (rect := pixel_rect(box, *image.size)) is not None
                ]
                rects += _phrase_rects(page, image.size, phrases)
                black_out(image, rects)
                jpeg = io.BytesIO()
                bare_copy(image).save(jpeg, "JPEG", quality=_JPEG_QUALITY, subsampling=0)
                writer.add_page(jpeg.getvalue(), image.size, page.get_size())
        return writer.finish()


def find(data: bytes, phrases: Sequence[str]) -> list[Box]:
    with _document(data) as document:
        found: list[Box] = []
        for index in range(len(document)):
            with _flat_page(document, index) as page:
                width, height = page.get_size()
                size = (max(1, round(width * 4)), max(1, round(height * 4)))
                found += [
                    Box(index, left / size[0], top / size[1], right / size[0], bottom / size[1])
                    for left, top, right, bottom in _phrase_rects(page, size, phrases)
                ]
        return found


def count_pages(data: bytes) -> int:
    with _document(data) as document:
        return len(document)


def preview(data: bytes, index: int, width: int) -> bytes:
    with _document(data) as document, _flat_page(document, index) as page:
        image = _draw(page, width / page.get_width())
        png = io.BytesIO()
        bare_copy(image).save(png, "PNG")
        return png.getvalue()
