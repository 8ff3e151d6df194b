"""The checker for English left on Welsh pages finds English sentences, and lets Welsh,
names, codes and short labels through."""

from __future__ import annotations

import pytest

from tests.i18n.welsh_text import english_sentences, is_english, segments, visible_text


@pytest.mark.parametrize(
    "sentence",
    [
        "There is a problem",
        "Enter the date it happened",
        "We will tell you what we decide.",
        "You can enter up to 5000 characters",
        "I am not sure what to do",
        "Help us improve it by giving your feedback.",
        "Your complaint is closed, so you cannot add evidence to it",
        "We aim to do this by 21 Rhagfyr 2026.",
    ],
)
def test_an_english_sentence_is_flagged(sentence):
    assert is_english(sentence)
    assert english_sentences(sentence) == [sentence]


@pytest.mark.parametrize(
    "sentence",
    [
        "Mae problem wedi codi",
        "Rhowch y dyddiad y digwyddodd",
        "Byddwn yn rhoi gwybod i chi beth fyddwn yn ei benderfynu.",
        "Gallwch roi hyd at 5000 nod",
        "Dewiswch ‘Ie’ os ydych chi eisiau rhoi eich manylion cyswllt",
        "Cwyno am y ffordd mae’r heddlu’n defnyddio adnabod wynebau",
        "Ffeiliau JPEG, PNG, PDF, MP4 neu destun plaen.",
        "Dim un o’r rhain, neu dydw i ddim yn gwybod",
        "Swyddfa’r Comisiynydd Gwybodaeth (ICO) am y ffordd y cafodd eich data personol ei ddefnyddio",
        "Cadw a dod yn ôl yn nes ymlaen",
    ],
)
def test_a_welsh_sentence_passes(sentence):
    assert not is_english(sentence)


@pytest.mark.parametrize(
    "name",
    [
        "Hampshire and Isle of Wight Constabulary",
        "Police Service of Northern Ireland",
        "City of London Police",
        "Ministry of Defence Police",
        "South Wales Police",
        "Principality Stadium, Westgate Street, Cardiff",
        "FR-7KQM-2XPD",
        "7KQM-2XPD-9HTB",
        "JPEG, PNG, PDF, MP4",
        "LFR, RFR and OIFR",
        "14 June 2026 at 10:00",
    ],
)
def test_names_codes_and_acronyms_are_not_sentences(name):
    assert not is_english(name)


def test_labels_of_one_or_two_words_are_too_short_to_judge():
    assert english_sentences("Continue\nThe deployment\nSign in") == []


def test_a_welsh_page_with_one_english_sentence_has_it_found():
    text = "Eich cwyn\nMae eich cwyn wedi cyrraedd. We are investigating your complaint.\nParhau"
    assert english_sentences(text) == ["We are investigating your complaint."]


def test_text_is_cut_at_lines_and_sentence_ends():
    assert segments("Un. Dau: tri\n\n  pedwar  pump ") == ["Un.", "Dau:", "tri", "pedwar pump"]


PAGE = """<!DOCTYPE html>
<html lang="cy"><head><title>Gwirio eich atebion</title>
<style>.x { content: "this is not text"; }</style></head>
<body>
<a href="#main" class="govuk-skip-link">Neidio i'r prif gynnwys</a>
<nav aria-label="Choose a language for this page">
  <span lang="cy">Cymraeg</span> | <a lang="en" hreflang="en" href="?lang=en">English <span>for this page</span></a>
</nav>
<p lang="en-GB">This is a sentence in English, marked as English.</p>
<h1>Beth ddigwyddodd?</h1>
<p>Dywedwch wrthym beth welsoch chi.</p><p>Tell us what you saw.</p>
<input type="hidden" name="note" value="what you will not see">
<div hidden>We hide this from everyone.</div>
<img src="x.png" alt="A photo of the camera van">
<script>console.log("this is the script");</script>
</body></html>"""


def test_the_visible_text_leaves_out_what_is_marked_english_and_what_is_not_shown():
    text = visible_text(PAGE)
    assert "Gwirio eich atebion" in text.splitlines()
    assert "Tell us what you saw." in text.splitlines()
    assert "English" not in text
    assert "marked as English" not in text
    assert "not text" not in text and "script" not in text
    assert "will not see" not in text and "hide this" not in text


def test_words_read_out_from_attributes_are_checked_too():
    assert english_sentences(visible_text(PAGE)) == [
        "Choose a language for this page",
        "Tell us what you saw.",
        "A photo of the camera van",
    ]
