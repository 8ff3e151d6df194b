"""Dates, numbers and lists on a Welsh page follow Welsh conventions (Babel's, and "a"
or "ac" in a list)."""

from __future__ import annotations

from datetime import date

from flask_babel import force_locale

from oversight import formatting


def test_a_welsh_date_names_the_month_in_welsh(app):
    with app.test_request_context(), force_locale("cy"):
        assert formatting.long_date(date(2026, 6, 14)) == "14 Mehefin 2026"
        assert formatting.month_and_year(date(2026, 12, 1)) == "Rhagfyr 2026"


def test_a_welsh_number_keeps_its_thousands_separators(app):
    with app.test_request_context(), force_locale("cy"):
        assert formatting.count(1234567) == "1,234,567"


def test_a_welsh_list_joins_with_a_before_a_consonant_and_ac_before_a_vowel(app):
    with app.test_request_context(), force_locale("cy"):
        assert formatting.word_list(["Gwent", "Dyfed-Powys", "Caerdydd"]) == (
            "Gwent, Dyfed-Powys a Caerdydd"
        )
        assert formatting.word_list(["Gwent", "Abertawe"]) == "Gwent ac Abertawe"
        assert formatting.word_list(["Gwent"]) == "Gwent"
        assert formatting.word_list([]) == ""


def test_an_english_list_has_no_comma_before_and(app):
    with app.test_request_context(), force_locale("en_GB"):
        assert formatting.word_list(["Kent", "Essex", "Surrey"]) == "Kent, Essex and Surrey"
