"""Redacting PDFs: the copy is pictures of the pages, blacked out where asked, with no
text, metadata or other parts of the original left in it."""

from __future__ import annotations

import io
import re

import pypdf
import pypdfium2 as pdfium
import pytest
from fpdf import FPDF
from PIL import ExifTags, Image
from pypdf.actions import JavaScript

from oversight.rights import redaction_pdf
from oversight.rights.redaction import Box, RedactionFailed, page_count, preview_png, redact_pdf

SCALE = 150 / 72
PHRASES = ["John Smith", "Mallory Jones"]
# Words that must not be found anywhere in the copy, compressed or not.
SECRETS = [
    "John Smith",
    "Smith",
    "Mallory",
    "Secret Title",
    "Author Person",
    "Subject Words",
    "Keyword",
    "Creator App",
    "Annotation Note",
    "attached-secret",
    "secret.txt",
    "Outline Heading",
    "js-secret",
    "Kept Words",
    "neighbour",
    "xmp-secret",
    "photo-secret",
    "photo-comment",
    "Exif",
    "/Metadata",
    "/EmbeddedFile",
    "/JavaScript",
    "/Font",
]


def photo_with_metadata() -> io.BytesIO:
    tags = Image.Exif()
    tags[ExifTags.Base.Artist] = "photo-secret"
    tags.get_ifd(ExifTags.IFD.GPSInfo)[ExifTags.GPS.GPSLatitudeRef] = "N"
    buffer = io.BytesIO()
    Image.new("RGB", (80, 60), (200, 30, 30)).save(
        buffer, "JPEG", exif=tags, comment=b"photo-comment"
    )
    buffer.seek(0)
    return buffer


def original_pdf() -> bytes:
    pdf = FPDF()
    pdf.set_title("Secret Title")
    pdf.set_author("Author Person")
    pdf.set_subject("Subject Words")
    pdf.set_keywords("Keyword")
    pdf.set_creator("Creator App")
    pdf.set_xmp_metadata(
        '<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/">xmp-secret</rdf:Description>'
    )
    pdf.set_font("helvetica", size=14)
    pdf.add_page()
    pdf.start_section("Outline Heading")
    pdf.text(20, 30, "Hello John Smith here")
    pdf.text(20, 45, "Kept Words stay")
    pdf.set_xy(20, 60)
    pdf.multi_cell(32, 8, "Mr John Smith lives far from his neighbour", align="L")
    pdf.text_annotation(120, 100, "Annotation Note", w=10, h=10)
    pdf.embed_file(bytes=b"attached-secret", basename="secret.txt")
    pdf.image(photo_with_metadata(), x=120, y=200, w=40)
    pdf.add_page()
    pdf.text(20, 30, "A letter from MALLORY\u00a0JONES")
    pdf.add_page(orientation="L")
    pdf.text(20, 30, "Landscape john smith")
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(bytes(pdf.output())))
    writer.add_open_action(JavaScript("app.alert('js-secret');"))
    writer.pages[1].rotate(90)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.fixture(scope="module")
def original() -> bytes:
    return original_pdf()


@pytest.fixture(scope="module")
def redacted(original) -> bytes:
    return redact_pdf(original, [Box(2, 0.5, 0.5, 0.75, 0.75)], PHRASES)


def render(data: bytes, index: int) -> Image.Image:
    document = pdfium.PdfDocument(data)
    try:
        return document[index].render(scale=SCALE).to_pil().convert("L")
    finally:
        document.close()


def phrase_points(data: bytes, index: int, phrase: str) -> list[tuple[int, int]]:
    """The middle of each character of each occurrence of the phrase, as pixels of the
    page drawn at SCALE (upright, as the page is shown)."""
    document = pdfium.PdfDocument(data)
    try:
        page = document[index]
        height = page.get_height()
        rotated = page.get_rotation() == 90
        textpage = page.get_textpage()
        searcher = textpage.search(phrase, match_case=False)
        points = []
        while (found := searcher.get_next()) is not None:
            start, count = found
            for char in range(start, start + count):
                left, bottom, right, top = textpage.get_charbox(char)
                if right <= left:
                    continue
                x, y = (left + right) / 2, (bottom + top) / 2
                # Unrotated: y runs up from the bottom. Turned a quarter clockwise, the
                # page's y becomes the picture's x and its x the picture's y.
                points.append((y, x) if rotated else (x, height - y))
        assert points, phrase
        return [(round(x * SCALE), round(y * SCALE)) for x, y in points]
    finally:
        document.close()


def all_text(data: bytes) -> str:
    """Every byte of the file, and every stream decompressed, as one text."""
    reader = pypdf.PdfReader(io.BytesIO(data))
    texts = [data.decode("latin-1")]
    for number in range(1, len(reader.xref_objStm) + 2 + max(1, reader.trailer["/Size"])):
        try:
            thing = reader.get_object(number)
        except Exception:  # noqa: S112 - a number with no object
            continue
        if hasattr(thing, "get_data"):
            texts.append(thing.get_data().decode("latin-1"))
        texts.append(str(thing))
    return "\n".join(texts)


def test_the_original_holds_every_secret(original):
    text = all_text(original)
    for secret in [
        "Secret Title",
        "Author Person",
        "Annotation Note",
        "js-secret",
        "secret.txt",
        "xmp-secret",
        "photo-secret",
    ]:
        assert secret in text
    reader = pypdf.PdfReader(io.BytesIO(original))
    assert "John Smith" in reader.pages[0].extract_text()
    assert reader.metadata is not None and reader.metadata.title == "Secret Title"


def test_the_copy_has_the_same_pages_of_the_same_size(original, redacted):
    before, after = pdfium.PdfDocument(original), pdfium.PdfDocument(redacted)
    assert len(after) == len(before) == page_count(original) == page_count(redacted) == 3
    for index in range(3):
        assert after[index].get_size() == pytest.approx(before[index].get_size(), abs=0.01)


def test_the_copy_has_no_text_layer(redacted):
    reader = pypdf.PdfReader(io.BytesIO(redacted))
    assert [page.extract_text() for page in reader.pages] == ["", "", ""]
    document = pdfium.PdfDocument(redacted)
    assert [document[i].get_textpage().count_chars() for i in range(3)] == [0, 0, 0]


def test_no_secret_is_anywhere_in_the_copy(redacted):
    text = all_text(redacted).casefold()
    for secret in SECRETS:
        assert secret.casefold() not in text, secret


def test_the_copy_has_only_pages_of_pictures(redacted):
    reader = pypdf.PdfReader(io.BytesIO(redacted))
    assert reader.metadata is None
    assert "/Info" not in reader.trailer
    assert set(reader.trailer["/Root"].keys()) == {"/Type", "/Pages"}
    assert reader.outline == []
    assert reader.attachments == {}
    for page in reader.pages:
        assert set(page.keys()) == {"/Type", "/Parent", "/MediaBox", "/Resources", "/Contents"}
        assert set(page["/Resources"].keys()) == {"/XObject"}
        (image,) = page["/Resources"]["/XObject"].values()
        assert image.get_object()["/Filter"] == "/DCTDecode"
    # The only objects: catalogue, page tree, and an image, drawing and page per page.
    assert re.findall(rb"\d+ 0 obj", redacted).__len__() == 2 + 3 * 3


def test_the_phrases_are_black_where_they_were(original, redacted):
    for index, phrase in [(0, "John Smith"), (1, "Mallory Jones"), (2, "John Smith")]:
        page = render(redacted, index)
        for x, y in phrase_points(original, index, phrase):
            assert page.getpixel((x, y)) < 40, (index, phrase, x, y)


def test_a_phrase_broken_across_lines_is_black_on_both(original, redacted):
    document = pdfium.PdfDocument(original)
    text = document[0].get_textpage().get_text_range()
    assert "John\r\nSmith" in text  # the multi_cell broke it
    page = render(redacted, 0)
    points = phrase_points(original, 0, "John") + phrase_points(original, 0, "Smith")
    assert len(points) == 4 * 2 + 5 * 2  # each twice: one line, then broken
    assert all(page.getpixel(point) < 40 for point in points)


def test_the_rest_of_the_page_still_shows(original, redacted):
    page = render(redacted, 0)
    kept = phrase_points(original, 0, "Kept Words")
    xs, ys = [x for x, _ in kept], [y for _, y in kept]
    area = page.crop((min(xs) - 10, min(ys) - 15, max(xs) + 10, max(ys) + 15))
    darkest, lightest = area.getextrema()
    assert darkest < 100 and lightest > 200  # dark letters on a white page
    black = sum(1 for value in area.tobytes() if value < 40)
    assert black < 0.4 * area.width * area.height  # not a black box
    assert render(redacted, 0).getpixel((5, 5)) > 240


def test_a_box_is_black_on_its_page_only(redacted):
    landscape = render(redacted, 2)
    width, height = landscape.size
    assert landscape.getpixel((int(width * 0.6), int(height * 0.6))) < 40
    assert landscape.getpixel((int(width * 0.9), int(height * 0.9))) > 240
    first = render(redacted, 0)
    assert first.getpixel((int(first.width * 0.6), int(first.height * 0.6))) > 240


def test_a_box_on_a_turned_page_is_where_the_preview_showed_it(original):
    out = redact_pdf(original, [Box(1, 0.0, 0.0, 0.25, 0.25)], [])
    preview = Image.open(io.BytesIO(preview_png(original, 1, 400)))
    assert preview.width == 400 and preview.height < 400  # shown turned: landscape
    page = render(out, 1)
    assert page.width > page.height
    assert page.getpixel((10, 10)) < 40
    assert page.getpixel((page.width // 4 - 10, page.height // 4 - 10)) < 40
    assert page.getpixel((page.width // 4 + 10, page.height // 4 + 10)) > 200


def test_previews_are_bare_pngs_of_each_page(original):
    for index, landscape in [(0, False), (1, True), (2, True)]:
        preview = Image.open(io.BytesIO(preview_png(original, index, 300)))
        assert preview.format == "PNG" and preview.width == 300
        assert (preview.width > preview.height) == landscape
    assert b"tEXt" not in preview_png(original, 0, 300)
    for index in (-1, 3):
        with pytest.raises(RedactionFailed):
            preview_png(original, index, 300)


def encrypted(original: bytes) -> bytes:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(original))
    writer.encrypt(user_password="open sesame", owner_password="owner", algorithm="RC4-128")
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


BAD = {
    "empty": b"",
    "junk": b"hello, world",
    "png": b"\x89PNG\r\n\x1a\n" + b"\0" * 40,
    "header only": b"%PDF-1.7\n",
    "broken": b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\n%%EOF",
    "no pages": b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF",
}


@pytest.mark.parametrize("data", BAD.values(), ids=BAD.keys())
def test_what_is_not_a_readable_pdf_is_refused(data):
    for call in (
        lambda: redact_pdf(data, [], PHRASES),
        lambda: page_count(data) if data.startswith(b"%PDF") else redaction_pdf.count_pages(data),
        lambda: redaction_pdf.preview(data, 0, 100),
    ):
        with pytest.raises(RedactionFailed):
            call()


def test_a_pdf_locked_with_a_password_is_refused(original):
    locked = encrypted(original)
    with pytest.raises(RedactionFailed):
        redact_pdf(locked, [], PHRASES)
    with pytest.raises(RedactionFailed):
        page_count(locked)


def test_a_box_on_a_page_the_pdf_lacks_is_refused(original):
    for box in (Box(3, 0, 0, 1, 1), Box(-1, 0, 0, 1, 1), Box(0, float("nan"), 0, 1, 1)):
        with pytest.raises(RedactionFailed):
            redact_pdf(original, [box], [])


def test_too_many_pages_or_too_large_a_page_is_refused(original, monkeypatch):
    monkeypatch.setattr(redaction_pdf, "MAX_PAGES", 2)
    with pytest.raises(RedactionFailed):
        redact_pdf(original, [], [])
    monkeypatch.setattr(redaction_pdf, "MAX_PAGES", 500)
    monkeypatch.setattr(redaction_pdf, "MAX_PAGE_PIXELS", 100_000)
    with pytest.raises(RedactionFailed):
        redact_pdf(original, [], [])


def test_a_picture_in_the_pdf_is_drawn_again_without_its_own_metadata(original, redacted):
    # The photograph (red) is on the first page at 120 mm, 200 mm, 40 mm wide.
    page = render(redacted, 0).convert("L")
    assert page.getpixel((round(140 / 25.4 * 150), round(215 / 25.4 * 150))) < 120
    colour = pdfium.PdfDocument(redacted)[0].render(scale=SCALE).to_pil()
    red, green, blue = colour.getpixel((round(140 / 25.4 * 150), round(215 / 25.4 * 150)))
    assert red > 150 and green < 80 and blue < 80
