"""A release's words in English and Welsh, stored with its figures when it is prepared.

Preparation builds the content under each language (services.compute): the English
content is the release's content as it always was, and the Welsh words of every title,
description, heading, label and note are stored beside it under
`content["translations"]["cy"]`, keyed by the machine names of the tables, rows, columns,
headlines and notes. Every output reads the stored words in the page's language
(`in_language`), never the catalogue, so a published release keeps its wording whatever
the translations say later. A release prepared before releases stored Welsh has no
translations: it is shown in English, and the Welsh page says it is available in English
only (`available_in`).
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from flask_babel import force_locale

from oversight.complaints.enums import LOCALES, Language
from oversight.statistics.content import ReleaseContent, TableWords, Words
from oversight.web.i18n import request_language

T = TypeVar("T")
# The language a release's content is written in; the others are its translations.
STORED = Language.ENGLISH
TRANSLATED = tuple(language for language in Language if language is not STORED)


@contextmanager
def written_in(language: Language) -> Iterator[None]:
    """Words made inside are in `language` (Babel's locale for it)."""
    with force_locale(LOCALES[language]):
        yield


def in_each_language(make: Callable[[], T]) -> dict[Language, T]:
    """`make()` once under each language, English first."""
    made: dict[Language, T] = {}
    for language in (STORED, *TRANSLATED):
        with written_in(language):
            made[language] = make()
    return made


def words(content: ReleaseContent) -> Words:
    """Every word of a content, keyed by the machine names its figures carry."""
    return {
        "period": content["period"]["label"],
        "comparison": content["comparison"]["label"],
        "headlines": {item["id"]: item["label"] for item in content["headlines"]},
        "tables": {
            table["id"]: {
                "title": table["title"],
                "description": table["description"],
                "row_heading": table["row_heading"],
                "columns": {column["id"]: column["label"] for column in table["columns"]},
                "rows": {row["id"]: row["label"] for row in table["rows"]},
            }
            for table in content["tables"]
        },
        "notes": {note["id"]: note["text"] for note in content["notes"]},
    }


def with_translations(
    content: ReleaseContent, translated: dict[Language, ReleaseContent]
) -> ReleaseContent:
    """The content (in English) with the words of each other language stored beside it.
    Each language's content was built from the same figures: only its words may differ."""
    for body in translated.values():
        if _figures(body) != _figures(content):
            raise RuntimeError("a release's languages were built from different figures")
    return {
        **content,
        "translations": {language.value: words(body) for language, body in translated.items()},
    }


def _figures(content: ReleaseContent) -> object:
    return (
        [(h["id"], h["current"], h["previous"]) for h in content["headlines"]],
        [
            (t["id"], [c["id"] for c in t["columns"]], [(r["id"], r["cells"]) for r in t["rows"]])
            for t in content["tables"]
        ],
        [note["id"] for note in content["notes"]],
    )


def available_in(content: ReleaseContent, language: Language) -> bool:
    """Whether the release stored its words in `language`."""
    return language is STORED or language.value in content.get("translations", {})


def page_language() -> Language:
    """The language of this request's page (?lang=, the cookie, Accept-Language)."""
    return request_language()


def in_language(content: ReleaseContent, language: Language) -> ReleaseContent:
    """The content with its stored words in `language`, the figures and machine names as
    stored; in English (as stored) where the release has no words in that language. A
    word missing from a translation is the English one."""
    if language is STORED or not available_in(content, language):
        return content
    said = content["translations"][language.value]
    shown = copy.deepcopy(content)
    shown["period"]["label"] = said["period"] or shown["period"]["label"]
    shown["comparison"]["label"] = said["comparison"] or shown["comparison"]["label"]
    for headline in shown["headlines"]:
        headline["label"] = said["headlines"].get(headline["id"], headline["label"])
    for table in shown["tables"]:
        found: TableWords | None = said["tables"].get(table["id"])
        if found is None:
            continue
        table["title"] = found["title"] or table["title"]
        table["description"] = found["description"] or table["description"]
        table["row_heading"] = found["row_heading"] or table["row_heading"]
        for column in table["columns"]:
            column["label"] = found["columns"].get(column["id"], column["label"])
        for row in table["rows"]:
            row["label"] = found["rows"].get(row["id"], row["label"])
    for note in shown["notes"]:
        note["text"] = said["notes"].get(note["id"], note["text"])
    # The words of the language it is not in, so the document still holds both.
    shown["translations"] = {STORED.value: words(content)}
    return shown
