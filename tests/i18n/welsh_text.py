"""Finds English sentences left on a Welsh page.

A page's visible text (`visible_text`: what the page shows and reads out, leaving out
anything marked lang="en", such as the switch's "English") is cut into segments at
block elements and sentence ends. A segment is English (`english_sentences`) when it
has at least three words, English's small words (the, and, you, to, is...) make up a
clear share of them, and nothing in it is Welsh: no Welsh small word (y, yr, yn, eich,
mae...) and no ŵ or ŷ. Names such as forces, places and streets (every word but
the small ones capitalised: "Hampshire and Isle of Wight Constabulary"), codes like
FR-7KQM-2XPD, acronyms and numbers are not sentences, so they pass; so do labels of one
or two words, which are too short to tell either way.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser


def _listed(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Small words common in English sentences and not words in Welsh. "a", "i", "am" and
# "on" are left out: Welsh uses them too (a, i, am) or they read both ways.
ENGLISH = _listed(
    """
    the and you your yours of to is are was were we our us have has had for this that
    these those with what when where which who why how not if can cannot will would
    should could may must be been being it its or from by at as an there their they
    them do does did don’t don't any all more than then only also about after before
    into out up my me he she his her so no yes but here now very just
    """
)
# Words and letters that show a segment is Welsh.
WELSH = _listed(
    """
    y yr ’r 'r yn eich ein ei eu mae maen roedd oedd ydych ydym ydy ydyw rydych rydym
    rydw dydw nid ni chi nhw ac neu gyda gyda’ch â ag ar gyfer wedi bod fydd byddwn
    byddwch gallwch gallwn os oes does dim ddim hyn hon hwn hynny yma nawr eto drwy
    dros gan heb hefyd ond mewn wrth nes erbyn beth pwy pryd ble sut pam fel rhaid i’r i’ch o’r o’ch a’r a’ch â’r â’ch ’n ’ch
    """
)
WORD = re.compile(r"[A-Za-zÀ-ÿŵŷŴŶ’']+")
# Sentence ends and list punctuation cut a line into segments.
SEGMENT_END = re.compile(r"(?<=[.!?:;])\s+|\s+[–—|]\s+|\s*•\s*")
MIN_WORDS = 3
MIN_SHARE = 0.25
MIN_ENGLISH = 2


def _words(segment: str) -> list[str]:
    return [w.lower() for w in WORD.findall(segment)]


def _has_welsh(segment: str, words: list[str]) -> bool:
    if any(w in WELSH for w in words):
        return True
    # A word ending in an apostrophe and r, n, ch or th (heddlu'n, i'r) is Welsh.
    return any(re.search(r"[’'](r|n|ch|th)$", w) for w in words) or bool(
        re.search(r"[ŵŷŴŶ]", segment)
    )


def is_name(segment: str) -> bool:
    """A name such as "Hampshire and Isle of Wight Constabulary": every word but the
    small ones starts with a capital (or is a number or code)."""
    words = WORD.findall(segment)
    return all(w[0].isupper() or w.lower() in ENGLISH for w in words) and any(
        w.lower() not in ENGLISH for w in words
    )


def is_english(segment: str) -> bool:
    words = _words(segment)
    if len(words) < MIN_WORDS or _has_welsh(segment, words) or is_name(segment):
        return False
    english = sum(1 for w in words if w in ENGLISH)
    return english >= MIN_ENGLISH and english / len(words) >= MIN_SHARE


def segments(text: str) -> list[str]:
    """The text's segments: its lines, each cut at sentence ends."""
    found = []
    for line in text.splitlines():
        for part in SEGMENT_END.split(line):
            part = " ".join(part.split())
            if part:
                found.append(part)
    return found


def english_sentences(text: str) -> list[str]:
    """The segments of a Welsh page's visible text that are English sentences."""
    return [segment for segment in segments(text) if is_english(segment)]


BLOCK = _listed(
    """
    address article aside blockquote body br button caption dd details div dl dt fieldset
    figcaption figure footer form h1 h2 h3 h4 h5 h6 header hr label legend li main nav ol
    option p pre section select summary table tbody td textarea tfoot th thead title tr ul
    """
)
HIDDEN = frozenset({"script", "style", "template", "noscript"})
VOID = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "wbr"}
)
# Attributes whose words are read out or shown.
READ = ("aria-label", "alt", "title", "placeholder")


class _Visible(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        # While inside something left out: its tag and how deep in it we are.
        self.skipping: tuple[str, int] | None = None

    def _starts_skip(self, tag: str, attrs: dict[str, str | None]) -> bool:
        return (
            tag in HIDDEN
            or (attrs.get("lang") or "").lower().startswith("en")
            or "hidden" in attrs
            or (tag == "input" and (attrs.get("type") or "") == "hidden")
        )

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        named = dict(attrs)
        if self.skipping is not None:
            name, depth = self.skipping
            if tag == name and tag not in VOID:
                self.skipping = (name, depth + 1)
            return
        if self._starts_skip(tag, named):
            if tag not in VOID:
                self.skipping = (tag, 1)
            return
        if tag in BLOCK:
            self.parts.append("\n")
        for attribute in READ:
            value = named.get(attribute)
            if value:
                self.parts.append(f"\n{value}\n")
        if tag == "input" and named.get("type") in {"submit", "button"} and named.get("value"):
            self.parts.append(f"\n{named['value']}\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skipping is not None:
            name, depth = self.skipping
            if tag == name:
                self.skipping = None if depth == 1 else (name, depth - 1)
            return
        if tag in BLOCK:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self.skipping is None:
            self.parts.append(data)


def visible_text(html: str) -> str:
    """What a page shows and reads out (its title too), one block a line, leaving out
    lang="en" parts, scripts, hidden elements and hidden inputs."""
    parser = _Visible()
    parser.feed(html)
    parser.close()
    lines = (" ".join(line.split()) for line in "".join(parser.parts).splitlines())
    return "\n".join(line for line in lines if line)
