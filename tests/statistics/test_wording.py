"""A release's words in each language (statistics/wording.py), on a small content."""

from __future__ import annotations

import copy

import pytest

from oversight.complaints.enums import Language
from oversight.statistics import wording


def content(title: str = "Complaints", total: str = "Total", note: str = "A note") -> dict:
    return {
        "schema": 1,
        "period": {"kind": "quarter", "code": "2026-Q2", "start": "", "end": "", "label": "Q2"},
        "comparison": {"kind": "quarter", "code": "2025-Q2", "start": "", "end": "", "label": "P"},
        "headlines": [
            {
                "id": "complaints_received",
                "label": title,
                "format": "count",
                "current": {"value": 5, "symbol": None},
                "previous": {"value": None, "symbol": "[x]"},
            }
        ],
        "tables": [
            {
                "id": "t",
                "number": 1,
                "title": title,
                "description": "d",
                "row_heading": "h",
                "notes": ["N1"],
                "chart": None,
                "columns": [
                    {"id": "current", "label": "Q2", "format": "count", "period": "current"}
                ],
                "rows": [
                    {
                        "id": "a",
                        "label": "A",
                        "total": False,
                        "cells": [{"value": 5, "symbol": None}],
                    },
                    {
                        "id": "total",
                        "label": total,
                        "total": True,
                        "cells": [{"value": 5, "symbol": None}],
                    },
                ],
            }
        ],
        "notes": [{"id": "N1", "text": note}],
    }


def test_the_welsh_words_are_stored_beside_the_english_and_shown_in_their_place():
    english = content()
    stored = wording.with_translations(
        english, {Language.WELSH: content("Cwynion", "Cyfanswm", "Nodyn")}
    )
    assert stored["tables"] == english["tables"]  # the English as it always was
    shown = wording.in_language(stored, Language.WELSH)
    assert shown["tables"][0]["title"] == "Cwynion"
    assert [row["label"] for row in shown["tables"][0]["rows"]] == ["A", "Cyfanswm"]
    assert shown["headlines"][0]["label"] == "Cwynion"
    assert shown["notes"][0]["text"] == "Nodyn"
    assert shown["translations"]["en"]["tables"]["t"]["title"] == "Complaints"
    assert stored["tables"][0]["title"] == "Complaints"  # showing never changes what is stored
    assert wording.in_language(stored, Language.ENGLISH) is stored


def test_a_word_the_translation_lacks_is_shown_in_english():
    stored = wording.with_translations(content(), {Language.WELSH: content("Cwynion")})
    del stored["translations"]["cy"]["tables"]["t"]["rows"]["total"]
    shown = wording.in_language(stored, Language.WELSH)
    assert [row["label"] for row in shown["tables"][0]["rows"]] == ["A", "Total"]


def test_a_release_without_welsh_is_shown_in_english():
    old = content()
    assert not wording.available_in(old, Language.WELSH)
    assert wording.available_in(old, Language.ENGLISH)
    assert wording.in_language(old, Language.WELSH) is old


def test_languages_built_from_different_figures_are_refused():
    welsh = copy.deepcopy(content("Cwynion"))
    welsh["tables"][0]["rows"][0]["cells"][0]["value"] = 6
    with pytest.raises(RuntimeError):
        wording.with_translations(content(), {Language.WELSH: welsh})
