"""Redacting text, images and PDFs for a released copy. The original is never changed:
each function returns a new copy.

A box is a rectangle given in fractions of the page or image (0 to 1 from the top left),
so it means the same whatever size a preview was drawn at.

Phrases match generously, because a missed name is worse than a word too many: whatever
the case (casefold), however the spaces run (any run of whitespace, newlines included,
matches any run), and through Unicode look-alikes (compatibility forms such as
full-width or mathematical letters and ligatures, accents and other combining marks,
invisible characters such as soft hyphens and zero-width spaces), so "Sian Jones" also
covers "SIÂN\u00a0JONES" and "Siân\nJones". Each match widens to whole characters.

What a staff page needs: page_count and preview_png to draw boxes on each page (the
boxes are fractions of that preview, so the same whatever its width), find_phrases to show
where phrases were found in a PDF's text layer (words drawn as pictures, as in a scan,
are not: they need a box), and phrase_spans to highlight phrases in text. Anything that
cannot be read raises RedactionFailed; boxes off the page or image too.

PDFs are in redaction_pdf.py; the functions here open it when asked for a PDF.
"""

from __future__ import annotations

import contextlib
import io
import math
import re
import unicodedata
import warnings
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from flask_babel import lazy_gettext as _l
from PIL import Image, ImageCms, ImageDraw, ImageOps

from oversight.problems import Problem

REDACTED = "[redacted]"

# Images larger than this (about a 64 megapixel photograph) are refused, not decoded.
MAX_IMAGE_PIXELS = 64_000_000
PREVIEW_WIDTHS = range(16, 4001)
_JPEG_QUALITY = 90
_SRGB = ImageCms.createProfile("sRGB")


@dataclass(frozen=True)
class Box:
    page: int  # 0 for an image; the page's index (from 0) in a PDF
    left: float
    top: float
    right: float
    bottom: float


class RedactionFailed(Problem):
    """The file cannot be read as what it says it is, so it cannot be redacted (or a box
    is off its page). A Problem, and so a ValueError: a page shows its message."""


# Text ------------------------------------------------------------------------------------


# Letters that compatibility decomposition leaves alone but people write as a plain Latin
# letter (a Polish barred l, a Turkish dotless i, a Danish o with a stroke), Cyrillic and
# Greek letters drawn like Latin ones, and the curly apostrophes, quotation marks and
# dashes a word processor puts in.
_LOOK_ALIKES = str.maketrans(
    {
        **dict.fromkeys("ıіӏι", "i"),
        **dict.fromkeys("ʼ’‘‛′´", "'"),
        **dict.fromkeys("“”„‟″", '"'),
        **dict.fromkeys("‐‑‒–—―−﹘", "-"),
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ŧ": "t",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
        "а": "a",
        "е": "e",
        "о": "o",
        "р": "p",
        "с": "c",
        "у": "y",
        "х": "x",
        "ј": "j",
        "ѕ": "s",
        "һ": "h",
        "ԁ": "d",
        "ԛ": "q",
        "ԝ": "w",
        "ο": "o",
        "ν": "v",
        "κ": "k",
        "ρ": "p",
        "υ": "u",
    }
)


@lru_cache(maxsize=4096)
def _fold(unit: str) -> str:
    """The form a character (with its combining marks) is compared in: compatibility
    decomposed, casefolded, without combining marks or invisible format characters, and
    with look-alike letters and punctuation as their plain Latin forms."""
    unit = unit.translate(_LOOK_ALIKES)  # first too: NFKD makes an acute accent a space
    folded = unicodedata.normalize("NFKD", unicodedata.normalize("NFKD", unit).casefold())
    folded = unicodedata.normalize("NFKD", folded.casefold()).translate(_LOOK_ALIKES)
    return "".join(c for c in folded if unicodedata.category(c) not in {"Mn", "Me", "Cf"})


def _units(text: str) -> list[tuple[int, int]]:
    """The text cut into characters, each with the combining marks that follow it, as
    (start, end) offsets, so a match never ends between a letter and its accent."""
    units: list[tuple[int, int]] = []
    for index, char in enumerate(text):
        if units and unicodedata.category(char).startswith("M"):
            units[-1] = (units[-1][0], index + 1)
        else:
            units.append((index, index + 1))
    return units


def _folded(text: str) -> tuple[str, list[tuple[int, int]]]:
    """The folded text, and for each of its characters the span of the text it came from."""
    if text.isascii():
        return text.lower(), [(i, i + 1) for i in range(len(text))]
    parts: list[str] = []
    origin: list[tuple[int, int]] = []
    for start, end in _units(text):
        folded = _fold(text[start:end])
        parts.append(folded)
        origin.extend([(start, end)] * len(folded))
    return "".join(parts), origin


def _pattern(phrase: str) -> re.Pattern[str] | None:
    words = re.split(r"\s+", _folded(phrase)[0].strip())
    words = [word for word in words if word]
    if not words:
        return None
    return re.compile("(?=(" + r"\s+".join(re.escape(word) for word in words) + "))")


def _check_phrases(phrases: Sequence[str]) -> None:
    if isinstance(phrases, str):  # a str is a sequence of one-letter phrases: surely a slip
        raise TypeError("phrases is a list of phrases, not one phrase")


def phrase_spans(text: str, phrases: Sequence[str]) -> list[tuple[int, int]]:
    """Where the phrases occur in the text, as sorted (start, end) offsets, overlapping
    and touching occurrences merged into one."""
    _check_phrases(phrases)
    patterns = [pattern for phrase in phrases if (pattern := _pattern(phrase)) is not None]
    if not patterns or not text:
        return []
    folded, origin = _folded(text)
    found: list[tuple[int, int]] = []
    for pattern in patterns:
        for match in pattern.finditer(folded):  # a lookahead: every start, overlaps too
            found.append((origin[match.start(1)][0], origin[match.end(1) - 1][1]))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def redact_text(text: str, phrases: Sequence[str]) -> str:
    """Every occurrence of each phrase, whatever its case and however its spaces run,
    replaced by REDACTED."""
    pieces: list[str] = []
    at = 0
    for start, end in phrase_spans(text, phrases):
        pieces += [text[at:start], REDACTED]
        at = end
    pieces.append(text[at:])
    return "".join(pieces)


# Boxes -----------------------------------------------------------------------------------


def pixel_rect(box: Box, width: int, height: int) -> tuple[int, int, int, int] | None:
    """The box as whole pixels (left, top, right, bottom; right and bottom exclusive) of
    an image of this size, widened outwards to whole pixels and kept within the image;
    None when it covers nothing."""
    edges = (box.left, box.top, box.right, box.bottom)
    if not all(isinstance(edge, int | float) and math.isfinite(edge) for edge in edges):
        raise RedactionFailed(_l("A box's edges must be numbers."))
    left, right = sorted(min(max(float(edge), 0.0), 1.0) for edge in (box.left, box.right))
    top, bottom = sorted(min(max(float(edge), 0.0), 1.0) for edge in (box.top, box.bottom))
    rect = (
        math.floor(left * width),
        math.floor(top * height),
        math.ceil(right * width),
        math.ceil(bottom * height),
    )
    return rect if rect[2] > rect[0] and rect[3] > rect[1] else None


def black_out(image: Image.Image, rects: Sequence[tuple[int, int, int, int]]) -> None:
    """Fill each pixel rectangle (right and bottom exclusive) with opaque black."""
    blacks: dict[str, int | tuple[int, ...]] = {
        "L": 0,
        "LA": (0, 255),
        "RGB": (0, 0, 0),
        "RGBA": (0, 0, 0, 255),
    }
    black = blacks[image.mode]
    draw = ImageDraw.Draw(image)
    for left, top, right, bottom in rects:
        draw.rectangle((left, top, right - 1, bottom - 1), fill=black)


def bare_copy(image: Image.Image) -> Image.Image:
    """The pixels alone, in a new image that carries none of the original's information."""
    bare = Image.new(image.mode, image.size)
    bare.paste(image)
    return bare


# Images ----------------------------------------------------------------------------------


def is_pdf(data: bytes) -> bool:
    return b"%PDF-" in data[:1024]


def _open_image(data: bytes) -> tuple[Image.Image, str]:
    """The first image of a JPEG or PNG turned upright as its EXIF orientation says
    (as a person sees it), in L, LA, RGB or RGBA, with the format it came in."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            opened = Image.open(io.BytesIO(data), formats=("JPEG", "PNG"))
            kind = "PNG" if opened.format == "PNG" else "JPEG"  # MPO is a JPEG with more
            if opened.width * opened.height > MAX_IMAGE_PIXELS:
                raise RedactionFailed(_l("The image is too large to redact."))
            if kind == "PNG" and getattr(opened, "is_animated", False):
                raise RedactionFailed(_l("An animated image cannot be redacted."))
            opened.load()
    except RedactionFailed:
        raise
    except Exception as error:  # Pillow raises many kinds for a damaged or hostile file
        raise RedactionFailed(
            _l("The file is not a JPEG or PNG image that can be read.")
        ) from error
    image: Image.Image = opened
    with contextlib.suppress(Exception), warnings.catch_warnings():
        warnings.simplefilter("ignore")  # damaged EXIF: shown (and redacted) as stored
        image = ImageOps.exif_transpose(opened)
    image = _in_srgb(image, opened.info.get("icc_profile"))
    if image.mode == "I" or image.mode.startswith("I;16"):  # 16-bit grey, to 8 bits
        image = image.convert("I").point(lambda value: value / 256).convert("L")
    if image.mode not in {"L", "LA", "RGB", "RGBA"}:
        alpha = "A" in image.getbands() or "transparency" in image.info
        image = image.convert("RGBA" if alpha else "RGB")
    if kind == "JPEG" and image.mode not in {"L", "RGB"}:
        image = image.convert("RGB")
    if image.mode in {"LA", "RGBA"}:  # colours kept in invisible pixels: none shown, none kept
        clear = Image.new(image.mode, image.size)
        image = Image.composite(image, clear, image.getchannel("A").point(lambda a: 255 * (a > 0)))
    return image, kind


def _in_srgb(image: Image.Image, profile: object) -> Image.Image:
    """The colours turned from the image's own ICC profile into sRGB, so they look the
    same once the profile is dropped; as they are if the profile cannot be used."""
    if not isinstance(profile, bytes) or image.mode not in {"RGB", "RGBA", "CMYK"}:
        return image
    try:
        converted = ImageCms.profileToProfile(
            image,
            ImageCms.ImageCmsProfile(io.BytesIO(profile)),
            _SRGB,
            outputMode="RGBA" if image.mode == "RGBA" else "RGB",
        )
    except Exception:  # a damaged or unusual profile: the colours as stored
        return image
    return converted if isinstance(converted, Image.Image) else image


def _encode(image: Image.Image, kind: str) -> bytes:
    buffer = io.BytesIO()
    if kind == "JPEG":
        bare_copy(image).save(buffer, "JPEG", quality=_JPEG_QUALITY, subsampling=0)
    else:
        bare_copy(image).save(buffer, "PNG")
    return buffer.getvalue()


def redact_image(data: bytes, boxes: Sequence[Box]) -> bytes:
    """A JPEG or PNG with each box filled black, encoded again with no metadata at all
    (EXIF, XMP, comments, text chunks, ICC profile, thumbnails)."""
    if any(box.page != 0 for box in boxes):
        raise RedactionFailed(_l("An image has only one page."))
    image, kind = _open_image(data)
    rects = [rect for box in boxes if (rect := pixel_rect(box, *image.size)) is not None]
    black_out(image, rects)
    return _encode(image, kind)


def _preview_image(data: bytes, page: int, width: int) -> bytes:
    if page != 0:
        raise RedactionFailed(_l("An image has only one page."))
    image, _kind = _open_image(data)
    height = max(1, round(image.height * width / image.width))
    if width * height > MAX_IMAGE_PIXELS:
        raise RedactionFailed(_l("The preview would be too large."))
    image = image.resize((width, height), Image.Resampling.LANCZOS)
    return _encode(image, "PNG")


# Either ----------------------------------------------------------------------------------


def redact_pdf(data: bytes, boxes: Sequence[Box], phrases: Sequence[str] = ()) -> bytes:
    """A PDF whose every page is an image: each box, and everywhere the text layer holds
    one of the phrases, filled black. The copy has no text layer, annotations, forms,
    attachments, outlines or document metadata, so nothing redacted can be copied out."""
    from oversight.rights import redaction_pdf  # the PDF half, which builds on this module

    _check_phrases(phrases)
    return redaction_pdf.redact(data, boxes, phrases)


def redact_file(data: bytes, boxes: Sequence[Box], phrases: Sequence[str] = ()) -> bytes:
    """A PDF through redact_pdf, a JPEG or PNG through redact_image (in the same format;
    the phrases cannot be found in a picture, so only its boxes are blacked out)."""
    if is_pdf(data):
        return redact_pdf(data, boxes, phrases)
    _check_phrases(phrases)
    return redact_image(data, boxes)


def find_phrases(data: bytes, phrases: Sequence[str]) -> list[Box]:
    """Where the phrases are in a PDF's text layer (redact_pdf blacks out each of these),
    for showing staff on the preview what will go and what they must still box by hand:
    words drawn as pictures or in fonts that do not say which letters they are cannot be
    found. A box per line of each occurrence, in page order; none for an image."""
    if not is_pdf(data):
        _open_image(data)
        return []
    from oversight.rights import redaction_pdf

    _check_phrases(phrases)
    return redaction_pdf.find(data, phrases)


def page_count(data: bytes) -> int:
    """How many pages a PDF has; 1 for a JPEG or PNG."""
    if is_pdf(data):
        from oversight.rights import redaction_pdf

        return redaction_pdf.count_pages(data)
    _open_image(data)
    return 1


def preview_png(data: bytes, page: int, width: int = 800) -> bytes:
    """A PNG of one page of a PDF (or of an image), for staff to draw boxes on."""
    if width not in PREVIEW_WIDTHS:
        raise RedactionFailed(_l("A preview is from 16 to 4000 pixels wide."))
    if is_pdf(data):
        from oversight.rights import redaction_pdf

        return redaction_pdf.preview(data, page, width)
    return _preview_image(data, page, width)
