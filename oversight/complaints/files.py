"""What an uploaded file really is, and making it safe to keep (issue 13, point 3).

The type and extension of a kept file come from its content, never from its name:

- A JPEG or PNG is decoded and encoded again by Pillow, turned the way its EXIF says, so
  its metadata (EXIF with GPS, XMP, comments, text chunks) and anything hidden after the
  image data (a JPEG that is also a web page) are gone. One that does not decode, or
  would decode to an image too large to be a photo (a decompression bomb), is refused.
- A PDF is read by pypdf; one that is encrypted or unreadable, or carries JavaScript, a
  launch action, embedded files, file attachments or rich media, is refused.
- Plain text that is really markup (HTML, SVG, XML) is refused: a browser or viewer may
  run it.
- A file whose name says it is an image but whose content is none is refused, whatever
  else it is: the person meant to send a photo and did not.

`Checked.cleaned` says whether hidden details were taken out of a photo, so the person
can be told. Original names are cleaned for display only (`display_name`), never used as
a path.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageOps, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

EXTENSIONS = {
    "image/jpeg": "jpg",
    "image/png": "png",
    "application/pdf": "pdf",
    "video/mp4": "mp4",
    "text/plain": "txt",
}
IMAGE_NAMES = {"jpg", "jpeg", "jpe", "jfif", "png", "gif", "heic", "heif", "webp", "bmp", "tif"}
IMAGE_NAMES |= {"tiff", "avif"}
PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG"}
# A photo from any phone is well under this; a bomb decodes to far more.
MOST_PIXELS = 100_000_000
# PDF names that run something, open something or carry files.
ACTIVE_PDF_NAMES = {
    "/JavaScript",
    "/JS",
    "/Launch",
    "/EmbeddedFiles",
    "/EmbeddedFile",
    "/FileAttachment",
    "/RichMedia",
    "/GoToE",
    "/ImportData",
    "/SubmitForm",
    "/XFA",
}
ACTIVE_PDF_BYTES = re.compile(
    rb"/(?:J(?:#61|a)(?:#76|v)(?:#61|a)Script|JS\b|Launch|EmbeddedFiles?|FileAttachment|RichMedia)"
)
MOST_PDF_OBJECTS = 200_000
MARKUP = re.compile(rb"<\s*(?:script|svg|html|body|iframe|object|embed|\?xml|!doctype)\b", re.I)
CHUNK = 1024 * 1024


class Refused(ValueError):
    """The file cannot be kept; `problem` names why (see uploads.FILE_PROBLEMS)."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


@dataclass(frozen=True)
class Checked:
    content_type: str
    cleaned: bool = False  # hidden details (such as where a photo was taken) removed


def extension_of(name: str) -> str:
    stem, dot, extension = name.rpartition(".")
    return extension.lower() if dot and stem else ""


def display_name(name: str, content_type: str) -> str:
    """The person's name for the file, with the extension of what it really is."""
    stem, dot, extension = name.rpartition(".")
    real = EXTENSIONS[content_type]
    if dot and stem:
        return name if extension.lower() in _same(real) else f"{stem}.{real}"
    return f"{name}.{real}"


def _same(extension: str) -> set[str]:
    return {"jpg", "jpeg", "jpe", "jfif"} if extension == "jpg" else {extension}


def check(path: Path, content_type: str, name: str) -> Checked:
    """Check the stored file at `path` (sniffed as `content_type`) and make it safe: a
    photo is re-encoded in place. Raises Refused."""
    if extension_of(name) in IMAGE_NAMES and content_type not in PILLOW_FORMATS:
        raise Refused("not_an_image")
    if content_type in PILLOW_FORMATS:
        return Checked(content_type, cleaned=_reencode(path, PILLOW_FORMATS[content_type]))
    if content_type == "application/pdf":
        _check_pdf(path)
    elif content_type == "text/plain":
        _check_text(path)
    return Checked(content_type)


# Photos ----------------------------------------------------------------------------------


def _reencode(path: Path, format_: str) -> bool:
    """Decode the image and write it again without its metadata; True if it had some."""
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                if image.format != format_:
                    raise Refused("not_an_image")
                if image.width * image.height > MOST_PIXELS:
                    raise Refused("not_an_image")
                image.load()
                had_metadata = _has_metadata(image) or _has_trailing_bytes(path, format_)
                upright = ImageOps.exif_transpose(image)
                clean = _without_metadata(upright)
    except Refused:
        raise
    except (UnidentifiedImageError, Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise Refused("not_an_image") from None
    except (OSError, ValueError, SyntaxError, EOFError):
        raise Refused("not_an_image") from None
    temporary = path.with_name(path.name + ".clean")
    try:
        with open(temporary, "wb") as out:
            if format_ == "JPEG":
                clean.save(out, "JPEG", quality=92, optimize=True)
            else:
                clean.save(out, "PNG", optimize=True)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temporary, path)
    finally:
        temporary.unlink(missing_ok=True)
    return had_metadata


def _has_metadata(image: Image.Image) -> bool:
    if len(image.getexif()):
        return True
    kept = {"dpi", "jfif", "jfif_version", "jfif_unit", "jfif_density", "progressive"}
    kept |= {"progression", "adobe", "adobe_transform", "interlace", "gamma", "aspect"}
    return any(key not in kept for key in image.info)


def _has_trailing_bytes(path: Path, format_: str) -> bool:
    """Whether anything follows the image's end (a JPEG that is also a web page)."""
    data = path.read_bytes()
    if format_ == "JPEG":
        end = data.rfind(b"\xff\xd9")
        return end != -1 and bool(data[end + 2 :].strip(b"\x00"))
    end = data.rfind(b"IEND")
    return end != -1 and len(data) > end + 8


def _without_metadata(image: Image.Image) -> Image.Image:
    """The pixels alone, in a mode the format can hold."""
    mode = image.mode
    if mode not in {"RGB", "RGBA", "L", "LA", "1"}:
        mode = "RGBA" if "A" in mode or "transparency" in image.info else "RGB"
    pixels = image.convert(mode)
    clean = Image.new(pixels.mode, pixels.size)
    clean.paste(pixels)
    return clean


# PDFs ------------------------------------------------------------------------------------


def _check_pdf(path: Path) -> None:
    if _bytes_match(path, ACTIVE_PDF_BYTES):
        raise Refused("active_pdf")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            reader = PdfReader(path, strict=False)
            if reader.is_encrypted:
                raise Refused("unreadable_pdf")
            for key in _names(reader.trailer):
                if key in ACTIVE_PDF_NAMES:
                    raise Refused("active_pdf")
            if len(reader.pages) == 0:
                raise Refused("unreadable_pdf")
    except Refused:
        raise
    except (PyPdfError, OSError, ValueError, KeyError, TypeError, AttributeError):
        raise Refused("unreadable_pdf") from None
    except (RecursionError, IndexError, AssertionError, ZeroDivisionError):
        raise Refused("unreadable_pdf") from None


def _names(root: Any) -> Iterator[str]:
    """Every dictionary key and name value reachable from `root`, each object once."""
    seen: set[tuple[int, int]] = set()
    stack = [root]
    visited = 0
    while stack:
        item = stack.pop()
        if isinstance(item, IndirectObject):
            ident = (item.idnum, item.generation)
            if ident in seen:
                continue
            seen.add(ident)
            visited += 1
            if visited > MOST_PDF_OBJECTS:
                raise Refused("unreadable_pdf")
            item = item.get_object()
        if isinstance(item, DictionaryObject):
            for key, value in item.items():
                yield str(key)
                stack.append(value)
        elif isinstance(item, ArrayObject):
            stack.extend(item)
        elif isinstance(item, NameObject):
            yield str(item)


# Text ------------------------------------------------------------------------------------


def _check_text(path: Path) -> None:
    with open(path, "rb") as file:
        head = file.read(1024).lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"<") or _bytes_match(path, MARKUP):
        raise Refused("markup")


def _bytes_match(path: Path, pattern: re.Pattern[bytes]) -> bool:
    """Whether the pattern is found anywhere in the file (read in overlapping chunks)."""
    overlap = b""
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK):
            if pattern.search(overlap + chunk):
                return True
            overlap = chunk[-64:]
    return False
