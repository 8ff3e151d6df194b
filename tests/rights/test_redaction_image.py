"""Redacting images: boxes filled black where the person saw them, and nothing of the
original file kept but its pixels."""

from __future__ import annotations

import io
import struct
import zlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import ExifTags, Image, ImageCms
from PIL.PngImagePlugin import PngInfo

from oversight.rights.redaction import (
    Box,
    RedactionFailed,
    page_count,
    preview_png,
    redact_image,
)

SECRETS = [b"Secret Person", b"Hidden Comment", b"xmp-secret", b"zipped-secret", b"itxt-secret"]
GREY = (120, 160, 200)
XMP = b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF>xmp-secret</rdf:RDF></x:xmpmeta>'


def icc() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


def exif(orientation: int = 1) -> Image.Exif:
    tags = Image.Exif()
    tags[ExifTags.Base.Orientation] = orientation
    tags[ExifTags.Base.Artist] = "Secret Person"
    gps = tags.get_ifd(ExifTags.IFD.GPSInfo)
    gps[ExifTags.GPS.GPSLatitudeRef] = "N"
    gps[ExifTags.GPS.GPSLatitude] = (51.0, 30.0, 12.5)
    gps[ExifTags.GPS.GPSLongitudeRef] = "W"
    gps[ExifTags.GPS.GPSLongitude] = (0.0, 7.0, 39.0)
    return tags


def jpeg(size=(200, 100), orientation: int = 1, mode: str = "RGB") -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, GREY if mode == "RGB" else 120).save(
        buffer,
        "JPEG",
        quality=95,
        exif=exif(orientation),
        comment=b"Hidden Comment",
        icc_profile=icc(),
        xmp=XMP,
    )
    return buffer.getvalue()


def png(size=(200, 100), mode: str = "RGB") -> bytes:
    info = PngInfo()
    info.add_text("Author", "Secret Person")
    info.add_text("Comment", "zipped-secret", zip=True)
    info.add_itxt("Description", "itxt-secret", lang="en", tkey="Description")
    info.add_itxt("XML:com.adobe.xmp", XMP.decode())
    colour = (*GREY, 255) if mode == "RGBA" else GREY
    buffer = io.BytesIO()
    Image.new(mode, size, colour).save(
        buffer, "PNG", pnginfo=info, exif=exif(), icc_profile=icc(), dpi=(300, 300)
    )
    return buffer.getvalue()


def png_chunks(data: bytes) -> list[bytes]:
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    at, kinds = 8, []
    while at < len(data):
        (length,) = struct.unpack(">I", data[at : at + 4])
        kinds.append(data[at + 4 : at + 8])
        at += 12 + length
    return kinds


def jpeg_markers(data: bytes) -> list[int]:
    """The markers before the image data starts (SOS)."""
    assert data[:2] == b"\xff\xd8"
    at, markers = 2, []
    while True:
        marker = data[at + 1]
        markers.append(marker)
        if marker == 0xDA:
            return markers
        (length,) = struct.unpack(">H", data[at + 2 : at + 4])
        at += 2 + length


def assert_bare(data: bytes) -> None:
    for secret in [*SECRETS, b"Exif", b"ICC_PROFILE", b"http://ns.adobe.com", b"adobe:ns:meta"]:
        assert secret not in data
    image = Image.open(io.BytesIO(data))
    assert len(image.getexif()) == 0
    assert not {"exif", "icc_profile", "xmp", "comment", "XML:com.adobe.xmp"} & set(image.info)
    assert not any(str(key) in {"Author", "Comment", "Description"} for key in image.info)
    if image.format == "PNG":
        assert set(png_chunks(data)) <= {b"IHDR", b"IDAT", b"IEND"}
    else:
        # SOI is not counted; APP0 (JFIF), tables, frame and scan only: no APP1 (EXIF,
        # XMP), APP2 (ICC, MPF) or COM.
        assert set(jpeg_markers(data)) <= {0xE0, 0xDB, 0xC4, 0xC0, 0xC2, 0xDD, 0xDA}


def near(pixel, colour, tolerance=24) -> bool:
    return all(abs(a - b) <= tolerance for a, b in zip(pixel, colour, strict=False))


def test_the_originals_do_carry_the_metadata():
    for data in (jpeg(), png()):
        assert any(secret in data for secret in SECRETS)
        assert len(Image.open(io.BytesIO(data)).getexif()) > 0


@pytest.mark.parametrize("make", [jpeg, png], ids=["jpeg", "png"])
def test_no_metadata_survives_and_the_box_is_black(make):
    original = make()
    out = redact_image(original, [Box(0, 0.25, 0.2, 0.5, 0.6)])
    assert_bare(out)
    image = Image.open(io.BytesIO(out)).convert("RGB")
    assert image.format is None or image.size == (200, 100)
    assert Image.open(io.BytesIO(out)).format == Image.open(io.BytesIO(original)).format
    # Inside the box, pixels 50..99 by 20..59.
    for x, y in [(50, 20), (99, 59), (75, 40), (52, 22), (97, 57)]:
        assert near(image.getpixel((x, y)), (0, 0, 0)), (x, y)
    for x, y in [(10, 10), (150, 80), (48, 40), (102, 40), (75, 17), (75, 63)]:
        assert near(image.getpixel((x, y)), GREY), (x, y)


def test_exif_orientation_is_applied_before_the_boxes():
    # Stored 200 wide and 100 high; orientation 6 means shown turned a quarter clockwise,
    # so 100 wide and 200 high, and the box is in that upright picture.
    out = redact_image(jpeg(orientation=6), [Box(0, 0.0, 0.0, 0.5, 0.25)])
    assert_bare(out)
    image = Image.open(io.BytesIO(out))
    assert image.size == (100, 200)
    assert near(image.getpixel((10, 10)), (0, 0, 0))
    assert near(image.getpixel((45, 45)), (0, 0, 0))
    assert near(image.getpixel((80, 10)), GREY)
    assert near(image.getpixel((10, 80)), GREY)


def test_transparent_png_boxes_are_opaque_black():
    out = redact_image(png(mode="RGBA"), [Box(0, 0, 0, 0.5, 0.5)])
    assert_bare(out)
    image = Image.open(io.BytesIO(out))
    assert image.mode == "RGBA"
    assert image.getpixel((10, 10)) == (0, 0, 0, 255)
    assert image.getpixel((150, 80)) == (*GREY, 255)


def test_png_pixels_outside_the_boxes_are_exactly_kept():
    out = Image.open(io.BytesIO(redact_image(png(), [Box(0, 0.1, 0.1, 0.2, 0.2)])))
    assert out.getpixel((100, 50)) == GREY
    assert out.getpixel((25, 15)) == (0, 0, 0)


def test_boxes_are_clamped_turned_the_right_way_and_may_be_empty():
    out = redact_image(png(), [Box(0, -1.0, -0.5, 2.0, 3.0)])
    assert Image.open(io.BytesIO(out)).convert("RGB").getextrema() == ((0, 0), (0, 0), (0, 0))
    flipped = Image.open(io.BytesIO(redact_image(png(), [Box(0, 0.5, 0.5, 0.0, 0.0)])))
    assert flipped.getpixel((10, 10)) == (0, 0, 0)
    assert flipped.getpixel((150, 80)) == GREY
    empty = Image.open(io.BytesIO(redact_image(png(), [Box(0, 0.3, 0.3, 0.3, 0.9)])))
    assert empty.convert("RGB").getextrema() == tuple((c, c) for c in GREY)


def test_no_boxes_still_strips_the_metadata():
    assert_bare(redact_image(jpeg(), []))
    assert_bare(redact_image(png(), []))


@pytest.mark.parametrize(
    "box", [Box(1, 0, 0, 1, 1), Box(0, float("nan"), 0, 1, 1), Box(0, 0, 0, float("inf"), 1)]
)
def test_a_box_off_the_image_is_refused(box):
    with pytest.raises(RedactionFailed):
        redact_image(png(), [box])


def other_format(kind: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10), GREY).save(buffer, kind)
    return buffer.getvalue()


def animated_png() -> bytes:
    buffer = io.BytesIO()
    frames = [Image.new("RGB", (10, 10), colour) for colour in ("red", "blue")]
    frames[0].save(buffer, "PNG", save_all=True, append_images=frames[1:])
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A tiny PNG whose header claims a huge picture: a decompression bomb."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\0" * 1000))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize(
    "data",
    [
        b"",
        b"not an image at all",
        other_format("GIF"),
        other_format("BMP"),
        other_format("WEBP"),
        other_format("TIFF"),
        b"%PDF-1.7\n",
        jpeg()[:300],
        png()[:-40],
        png_claiming(20_000, 20_000),
        animated_png(),
    ],
    ids=[
        "empty",
        "junk",
        "gif",
        "bmp",
        "webp",
        "tiff",
        "pdf",
        "cut-jpeg",
        "cut-png",
        "bomb",
        "apng",
    ],
)
def test_anything_but_a_readable_jpeg_or_png_is_refused(data):
    with pytest.raises(RedactionFailed):
        redact_image(data, [])


def test_grey_and_cmyk_jpegs_and_palette_pngs_are_redacted():
    grey = Image.open(io.BytesIO(redact_image(jpeg(mode="L"), [Box(0, 0, 0, 0.5, 1)])))
    assert (
        grey.mode == "L"
        and grey.getpixel((10, 10)) < 12
        and abs(grey.getpixel((150, 50)) - 120) < 12
    )
    buffer = io.BytesIO()
    Image.new("CMYK", (20, 20), (0, 0, 0, 0)).save(buffer, "JPEG")
    cmyk = Image.open(io.BytesIO(redact_image(buffer.getvalue(), [Box(0, 0, 0, 0.5, 0.5)])))
    assert cmyk.mode == "RGB" and near(cmyk.getpixel((3, 3)), (0, 0, 0))
    assert near(cmyk.getpixel((16, 16)), (255, 255, 255))
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), GREY).convert("P").save(buffer, "PNG", transparency=0)
    palette = Image.open(io.BytesIO(redact_image(buffer.getvalue(), [Box(0, 0, 0, 0.5, 0.5)])))
    assert palette.mode == "RGBA" and palette.getpixel((3, 3)) == (0, 0, 0, 255)


def test_a_phones_multi_picture_jpeg_keeps_only_the_main_picture():
    buffer = io.BytesIO()
    main, second = Image.new("RGB", (40, 20), GREY), Image.new("RGB", (10, 10), "red")
    main.save(buffer, "MPO", save_all=True, append_images=[second], exif=exif())
    assert Image.open(io.BytesIO(buffer.getvalue())).format == "MPO"
    out = redact_image(buffer.getvalue(), [Box(0, 0, 0, 0.5, 1)])
    assert_bare(out)
    assert b"MPF" not in out
    image = Image.open(io.BytesIO(out))
    assert image.format == "JPEG" and image.size == (40, 20)


def test_an_image_has_one_page_and_a_preview_of_the_width_asked():
    assert page_count(jpeg()) == 1
    assert page_count(png()) == 1
    upright = Image.open(io.BytesIO(preview_png(jpeg(orientation=6), 0, 50)))
    assert upright.format == "PNG" and upright.size == (50, 100)
    assert set(png_chunks(preview_png(png(), 0, 400))) <= {b"IHDR", b"IDAT", b"IEND"}
    for page, width in [(1, 800), (0, 0), (0, 10_000)]:
        with pytest.raises(RedactionFailed):
            preview_png(png(), page, width)
    with pytest.raises(RedactionFailed):
        page_count(b"junk")


def test_a_16_bit_grey_png_keeps_its_shades():
    buffer = io.BytesIO()
    Image.new("I;16", (20, 20), 40_000).save(buffer, "PNG")
    out = Image.open(io.BytesIO(redact_image(buffer.getvalue(), [Box(0, 0, 0, 0.5, 0.5)])))
    assert out.mode == "L"
    assert out.getpixel((2, 2)) == 0
    assert out.getpixel((15, 15)) == 40_000 // 256


def test_colours_hidden_in_fully_transparent_pixels_are_not_kept():
    image = Image.new("RGBA", (20, 20), (*GREY, 255))
    image.putpixel((15, 15), (250, 10, 10, 0))  # invisible, but its colour is in the file
    image.putpixel((16, 16), (250, 10, 10, 1))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    out = Image.open(io.BytesIO(redact_image(buffer.getvalue(), [])))
    assert out.getpixel((15, 15)) == (0, 0, 0, 0)
    assert out.getpixel((16, 16)) == (250, 10, 10, 1)
    assert out.getpixel((2, 2)) == (*GREY, 255)


def test_a_refusal_is_a_problem_a_page_can_show():
    from oversight.problems import Problem

    with pytest.raises(RedactionFailed) as refused:
        redact_image(b"junk", [])
    assert isinstance(refused.value, Problem) and isinstance(refused.value, ValueError)
    assert refused.value.message == "The file is not a JPEG or PNG image that can be read."
    assert refused.value.field is None


def test_colours_are_kept_through_the_icc_profile_and_a_damaged_one_is_ignored():
    for profile in (icc(), b"not a colour profile at all"):
        buffer = io.BytesIO()
        Image.new("RGB", (20, 20), GREY).save(buffer, "PNG", icc_profile=profile)
        out = redact_image(buffer.getvalue(), [])
        assert_bare(out)
        assert near(Image.open(io.BytesIO(out)).getpixel((5, 5)), GREY, tolerance=3)


fractions = st.floats(-0.2, 1.2, allow_nan=False)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(fractions, fractions, fractions, fractions), max_size=4))
def test_every_pixel_inside_a_box_is_black_and_every_one_outside_kept(edges):
    width, height = 30, 20
    original = Image.new("RGB", (width, height), GREY)
    buffer = io.BytesIO()
    original.save(buffer, "PNG")
    boxes = [Box(0, *box) for box in edges]
    out = Image.open(io.BytesIO(redact_image(buffer.getvalue(), boxes))).convert("RGB")

    def spans(box: Box) -> tuple[float, float, float, float]:
        left, right = sorted((box.left * width, box.right * width))
        top, bottom = sorted((box.top * height, box.bottom * height))
        return left, top, right, bottom

    for x in range(width):
        for y in range(height):
            inside = any(
                x0 <= x and x + 1 <= x1 and y0 <= y and y + 1 <= y1
                for x0, y0, x1, y1 in map(spans, boxes)
            )
            touched = any(
                x + 1 > x0 and x < x1 and y + 1 > y0 and y < y1
                for x0, y0, x1, y1 in map(spans, boxes)
            )
            if inside:
                assert out.getpixel((x, y)) == (0, 0, 0)
            elif not touched:
                assert out.getpixel((x, y)) == GREY
