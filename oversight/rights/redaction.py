"""Redacting text, images and PDFs for a released copy. The original is never changed:
each function returns a new copy.

A box is a rectangle given in fractions of the page or image (0 to 1 from the top left),
so it means the same whatever size a preview was drawn at.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

REDACTED = "[redacted]"


@dataclass(frozen=True)
class Box:
    page: int  # 0 for an image; the page's index (from 0) in a PDF
    left: float
    top: float
    right: float
    bottom: float


class RedactionFailed(ValueError):
    """The file cannot be read as what it says it is, so it cannot be redacted."""


def redact_text(text: str, phrases: Sequence[str]) -> str:
    """Every occurrence of each phrase, whatever its case and however its spaces run,
    replaced by REDACTED."""
    raise NotImplementedError


def redact_image(data: bytes, boxes: Sequence[Box]) -> bytes:
    """A JPEG or PNG with each box filled black, encoded again with no metadata at all
    (EXIF, XMP, comments, text chunks, ICC profile, thumbnails)."""
    raise NotImplementedError


def redact_pdf(data: bytes, boxes: Sequence[Box], phrases: Sequence[str] = ()) -> bytes:
    """A PDF whose every page is an image: each box, and everywhere the text layer holds
    one of the phrases, filled black. The copy has no text layer, annotations, forms,
    attachments, outlines or document metadata, so nothing redacted can be copied out."""
    raise NotImplementedError


def page_count(data: bytes) -> int:
    raise NotImplementedError


def preview_png(data: bytes, page: int, width: int = 800) -> bytes:
    """A PNG of one page of a PDF (or of an image), for staff to draw boxes on."""
    raise NotImplementedError
