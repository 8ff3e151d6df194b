"""Redacting the harder parts of PDFs: annotations and filled-in forms, crop boxes, words
broken across lines, and finding phrases to show staff."""

from __future__ import annotations

import io
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pypdf
import pypdfium2 as pdfium
import pytest
from fpdf import FPDF
from PIL import Image
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
    StreamObject,
    TextStringObject,
)

from oversight.rights.redaction import (
    Box,
    RedactionFailed,
    find_phrases,
    redact_file,
    redact_pdf,
)

SCALE = 150 / 72
FONTS = Path(__file__).resolve().parents[2] / "oversight" / "rights" / "fonts"


def letter(lines: list[tuple[float, str]]) -> FPDF:
    pdf = FPDF()
    pdf.set_font("helvetica", size=14)
    pdf.add_page()
    for y, text in lines:
        pdf.text(20, y, text)
    return pdf


def as_bytes(pdf: FPDF) -> bytes:
    return bytes(pdf.output())


def grey(data: bytes, index: int = 0) -> Image.Image:
    document = pdfium.PdfDocument(data)
    document.init_forms()  # so that filled-in fields are drawn too
    try:
        return document[index].render(scale=SCALE).to_pil().convert("L")
    finally:
        document.close()


def darkest(image: Image.Image, rect: tuple[float, float, float, float]) -> tuple[int, float]:
    """The darkest value in a rectangle given in PDF points from the bottom left of an
    unrotated page, and the share of its pixels that are black."""
    left, bottom, right, top = (value * SCALE for value in rect)
    area = image.crop(
        (round(left), round(image.height - top), round(right), round(image.height - bottom))
    )
    values = area.tobytes()
    return min(values), sum(1 for value in values if value < 40) / len(values)


def text_stream(writer: pypdf.PdfWriter, text: str, width: float) -> object:
    stream = StreamObject()
    stream.set_data(f"BT /F1 14 Tf 2 5 Td ({text}) Tj ET".encode())
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    stream.update(
        {
            NameObject("/Type"): NameObject("/XObject"),
            NameObject("/Subtype"): NameObject("/Form"),
            NameObject("/BBox"): ArrayObject(
                [FloatObject(0), FloatObject(0), FloatObject(width), FloatObject(22)]
            ),
            NameObject("/Resources"): DictionaryObject(
                {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})}
            ),
        }
    )
    return writer._add_object(stream)


def annotated() -> bytes:
    """A page with a free-text annotation, a filled-in form field and a hidden annotation,
    each drawn by its own appearance stream (not in the page's text)."""
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(as_bytes(letter([(30, "Plain words")]))))

    def annotation(subtype: str, text: str, y: float, **extra: object) -> DictionaryObject:
        return DictionaryObject(
            {
                NameObject("/Type"): NameObject("/Annot"),
                NameObject("/Subtype"): NameObject(subtype),
                NameObject("/Rect"): ArrayObject([FloatObject(v) for v in (50, y, 300, y + 22)]),
                NameObject("/Contents"): TextStringObject(text),
                NameObject("/AP"): DictionaryObject(
                    {NameObject("/N"): text_stream(writer, text, 250)}
                ),
                **{NameObject(k): v for k, v in extra.items()},
            }
        )

    writer.add_annotation(
        0,
        annotation(
            "/FreeText",
            "Note by Mallory Jones",
            500,
            **{"/DA": TextStringObject("/Helv 14 Tf 0 g")},
        ),
    )
    writer.add_annotation(
        0, annotation("/FreeText", "Hidden Mallory Jones", 300, **{"/F": NumberObject(2)})
    )
    field = annotation(
        "/Widget",
        "Mallory Jones",
        400,
        **{
            "/FT": NameObject("/Tx"),
            "/T": TextStringObject("witness"),
            "/V": TextStringObject("Mallory Jones"),
        },
    )
    reference = writer._add_object(field)
    writer.pages[0][NameObject("/Annots")].append(reference)
    writer._root_object[NameObject("/AcroForm")] = DictionaryObject(
        {
            NameObject("/Fields"): ArrayObject([reference]),
            NameObject("/NeedAppearances"): BooleanObject(False),
        }
    )
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_the_annotations_and_the_form_are_drawn_in_the_original():
    original = annotated()
    image = grey(original)
    assert darkest(image, (50, 500, 300, 522))[0] < 100  # the note
    assert darkest(image, (50, 400, 300, 422))[0] < 100  # the field
    assert darkest(image, (50, 300, 300, 322))[0] > 240  # the hidden note is hidden


def test_annotations_and_filled_in_fields_are_flattened_then_redacted():
    original = annotated()
    out = redact_pdf(original, [], ["Mallory Jones"])
    image = grey(out)
    for rect in [(106, 503, 190, 518), (54, 403, 138, 418)]:  # "Mallory Jones" in each
        assert darkest(image, rect)[1] > 0.9, rect
    assert darkest(image, (20, 300, 300, 322))[0] > 240
    text = out.decode("latin-1").casefold()
    assert "mallory" not in text and "witness" not in text and "/annots" not in text
    assert "/acroform" not in text
    assert pypdf.PdfReader(io.BytesIO(out)).pages[0].extract_text() == ""


def test_annotations_are_drawn_without_phrases_to_find():
    image = grey(redact_pdf(annotated(), [], []))
    assert darkest(image, (50, 500, 300, 522))[0] < 100
    assert darkest(image, (50, 500, 300, 522))[1] < 0.5


def test_a_word_broken_by_a_hyphen_at_the_end_of_a_line_is_found():
    pdf = letter([])
    pdf.set_xy(20, 20)
    pdf.multi_cell(40, 8, "Mr Smi-\nthers and Bob", align="L")
    original = as_bytes(pdf)
    image = grey(redact_pdf(original, [], ["Smithers"]))
    boxes = find_phrases(original, ["smithers"])
    assert len(boxes) == 2  # "Smi-" and "thers", one box for each line
    for box in boxes:
        middle = (
            round((box.left + box.right) / 2 * image.width),
            round((box.top + box.bottom) / 2 * image.height),
        )
        assert image.getpixel(middle) < 40
    (bob,) = find_phrases(original, ["bob"])
    kept = image.crop(
        (
            round(bob.left * image.width),
            round(bob.top * image.height),
            round(bob.right * image.width),
            round(bob.bottom * image.height),
        )
    )
    assert min(kept.tobytes()) < 100 and max(kept.tobytes()) > 200  # "Bob" is still there


def test_a_crop_box_moves_what_is_drawn_and_the_black_boxes_with_it():
    writer = pypdf.PdfWriter(
        clone_from=io.BytesIO(as_bytes(letter([(30, "Hello John Smith here"), (60, "Kept line")])))
    )
    writer.pages[0].cropbox = pypdf.generic.RectangleObject((40, 500, 400, 800))
    out = io.BytesIO()
    writer.write(out)
    original = out.getvalue()
    document = pdfium.PdfDocument(original)
    assert document[0].get_size() == pytest.approx((360, 300))
    textpage = document[0].get_textpage()
    start, count = textpage.search("John Smith").get_next()
    points = []
    for index in range(start, start + count):
        left, bottom, right, top = textpage.get_charbox(index)
        if right > left:
            points.append(
                (
                    round(((left + right) / 2 - 40) * SCALE),
                    round((800 - (bottom + top) / 2) * SCALE),
                )
            )
    redacted = redact_pdf(original, [], ["john smith"])
    image = grey(redacted)
    assert image.size == (750, 625)
    assert all(image.getpixel(point) < 40 for point in points)
    assert pypdfium2_size(redacted) == pytest.approx((360, 300), abs=0.01)
    boxes = find_phrases(original, ["John Smith"])
    assert len(boxes) == 1 and boxes[0].page == 0 and 0 < boxes[0].left < boxes[0].right < 1


def pypdfium2_size(data: bytes) -> tuple[float, float]:
    return tuple(pdfium.PdfDocument(data)[0].get_size())


def test_find_phrases_gives_nothing_for_an_image_and_refuses_junk():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, "PNG")
    assert find_phrases(buffer.getvalue(), ["anything"]) == []
    with pytest.raises(RedactionFailed):
        find_phrases(b"junk", ["anything"])
    with pytest.raises(RedactionFailed):
        find_phrases(b"%PDF-1.4 junk", ["anything"])


def test_a_pdf_that_opens_without_a_password_is_redacted_even_if_encrypted():
    # Only an owner password (which limits printing or copying, not reading): anyone can
    # open and read it, so it can be drawn again; the copy is not encrypted.
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(as_bytes(letter([(30, "John Smith")]))))
    writer.encrypt(user_password="", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    redacted = redact_pdf(out.getvalue(), [Box(0, 0, 0, 1, 1)], [])
    reader = pypdf.PdfReader(io.BytesIO(redacted))
    assert not reader.is_encrypted and len(reader.pages) == 1


def test_words_in_any_script_are_found_in_a_pdf_as_in_text():
    pdf = FPDF()
    pdf.add_font("DejaVu", fname=str(FONTS / "DejaVuSans.ttf"))
    pdf.set_font("DejaVu", size=14)
    pdf.add_page()
    pdf.text(20, 30, "Letter from SI\u00c2N O\u2019BRIEN today")
    pdf.text(20, 50, "and Sian OBrien")
    original = as_bytes(pdf)
    boxes = find_phrases(original, ["Si\u00e2n O'Brien"])
    assert len(boxes) == 1
    (box,) = boxes
    image = grey(redact_pdf(original, [], ["Si\u00e2n O'Brien"]))
    middle = (
        round((box.left + box.right) / 2 * image.width),
        round((box.top + box.bottom) / 2 * image.height),
    )
    assert image.getpixel(middle) < 40
    assert box.left > 0.1 and box.right < 0.6


def test_pdfs_can_be_redacted_from_several_threads_at_once():
    original = as_bytes(letter([(30, "John Smith"), (50, "Other words")]))

    def one(_: int) -> int:
        return len(redact_pdf(original, [Box(0, 0, 0, 0.1, 0.1)], ["John Smith"])) + len(
            find_phrases(original, ["Other"])
        )

    with ThreadPoolExecutor(4) as pool:
        assert len(set(pool.map(one, range(4)))) == 1


def test_one_phrase_passed_alone_is_a_mistake_for_pdfs_too():
    original = as_bytes(letter([(30, "John Smith")]))
    with pytest.raises(TypeError):
        redact_pdf(original, [], "John")
    with pytest.raises(TypeError):
        find_phrases(original, "John")


def test_redact_file_takes_a_pdf_or_a_picture():
    original = as_bytes(letter([(30, "John Smith")]))
    pdf = redact_file(original, [], ["John Smith"])
    assert pdf.startswith(b"%PDF-") and find_phrases(pdf, ["John Smith"]) == []
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), "white").save(buffer, "PNG")
    picture = Image.open(io.BytesIO(redact_file(buffer.getvalue(), [Box(0, 0, 0, 1, 1)], ["x"])))
    assert picture.format == "PNG" and picture.getpixel((5, 5)) == (0, 0, 0)
    with pytest.raises(RedactionFailed):
        redact_file(b"GIF89a", [], [])
