"""The Welsh of the statistics (the catalogue's words from oversight/statistics) reads as one release:
every message has Welsh in every plural form, keeps its placeholders and the table
symbols [c] [x] [z], names those symbols as Welsh Government's statistical releases do,
and uses the same Welsh term wherever the English uses the same term. Welsh mutates a
word after many small words, so a placeholder whose value may begin with a month name
or a noun never follows one of them."""

from __future__ import annotations

import re

import pytest
from babel.messages.catalog import Message
from babel.messages.pofile import read_po

from tests.i18n.catalogue import CATALOGUE, is_public, originals, placeholders, tags, translations

STATISTICS = "oversight/statistics/"
SYMBOL = re.compile(r"\[[cxz]\]")


def _messages() -> list[Message]:
    with CATALOGUE.open("rb") as source:
        return [
            m
            for m in read_po(source)
            if m.id
            and any(where.startswith(STATISTICS) and is_public(where) for where, _ in m.locations)
        ]


MESSAGES = _messages()
WELSH = {originals(m)[0]: translations(m) for m in MESSAGES}


def _pairs() -> list[tuple[str, str]]:
    """(English, Welsh) for every form: a plural's forms beside its plural English."""
    return [(originals(m)[-1], text) for m in MESSAGES for text in translations(m)]


def _welsh_of(english: str) -> str:
    return WELSH[english][0]


# English term (a regular expression, case-insensitive) -> the Welsh it must bring.
# Each Welsh pattern allows the mutations the term takes in the statistics' sentences.
TERMS = {
    r"\blive facial recognition\b": r"adnabod wynebau byw",
    r"\bfalse alerts?\b": r"[rh]h?ybudd(ion)? anghywir",
    r"\bwatchlists?\b": r"r(h)?estr(au)? (wylio|gwylio)",  # "ar restr wylio": soft mutation
    r"\bmedian\b": r"canolrif|ganolrif",
    r"\bquartiles?\b": r"chwartel",
    r"^total$": r"^Cyfanswm$",
    r"\bcomplaints received\b": r"cwynion a ddaeth i law",
    r"\busage returns?\b": r"ffurflen(ni)? defnydd",
    r"\bpossible matches\b": r"[cg]yfatebiaethau posibl",
    r"\bworking days?\b": r"diwrnod(au)? gwaith|ddiwrnodau gwaith",
    r"\btriage\b": r"brysbennu",
    r"\bfindings?\b": r"[cg]anfyddiad",
    r"\brecommendations?\b": r"argymhell",
    r"\breviews?\b": r"[ac]dolygiad",
    r"\brevision\b": r"[dn]?d?iwygiad",
    r"\brelease calendar\b": r"calendr datganiadau",
    r"\buk time\b": r"amser y DU",
    r"\bsignificant figures\b": r"ffigur(au)? ystyrlon",
    r"\bone decimal place\b": r"un lle degol",
    r"\bper cent\b": r"canran",
    r"\bnotes sheet\b": r"daflen Nodiadau",
    r"\bcontents sheet\b": r"daflen Cynnwys",
    r"1 in N": r"1 mewn N",
    r"\bbank holidays\b": r"gwyliau banc",
    r"\bcomplainants?\b": r"achwynydd|achwynwyr",
    r"\bcaseworker\b": r"gweithiwr achos|weithiwr achos",
    r"\bofficial statistics\b": r"ystadegau swyddogol",
}
# How the table symbols are named where the English spells one out.
SYMBOL_NAMES = {
    r"\bconfidential\b": r"cyfrinachol",
    r"\bnot available\b": r"ar gael",
    r"\bnot applicable\b": r"yn berthnasol",
}
# Small words that mutate the word after them (soft, nasal or aspirate).
MUTATING = r"(?:i|o|yn|ym|yng|at|am|ar|gan|dan|heb|hyd|wrth|drwy|tan|a|â|gyda|unrhyw|ei|dy)"
# Placeholders whose value can begin with a word that mutates (a month, a noun).
MUTABLE = ("%(period)s", "%(previous)s", "%(measure)s", "%(kind)s", "%(stage)s", "%(names)s")


def test_every_statistics_message_has_welsh_in_every_form():
    empty = [originals(m)[0] for m in MESSAGES if not all(translations(m))]
    assert empty == []
    plurals = [m for m in MESSAGES if isinstance(m.id, tuple | list)]
    assert plurals and all(len(translations(m)) == 5 for m in plurals)


def test_every_welsh_form_keeps_the_placeholders_and_tags_of_its_english():
    broken = [
        (english, welsh)
        for english, welsh in _pairs()
        if placeholders(welsh) != placeholders(english) or tags(welsh) != tags(english)
    ]
    assert broken == []


def test_every_table_symbol_of_the_english_is_in_the_welsh_unchanged():
    lost = [
        (english, welsh)
        for english, welsh in _pairs()
        if sorted(SYMBOL.findall(english)) != sorted(SYMBOL.findall(welsh))
    ]
    assert lost == []


def test_the_symbols_are_named_as_welsh_statistical_releases_name_them():
    wrong = [
        (english, welsh, wanted)
        for english, welsh in _pairs()
        for term, wanted in SYMBOL_NAMES.items()
        if re.search(term, english, re.I) and not re.search(wanted, welsh, re.I)
    ]
    assert wrong == []


@pytest.mark.parametrize("term", sorted(TERMS))
def test_the_same_english_term_has_the_same_welsh_everywhere(term):
    wanted = TERMS[term]
    wrong = [
        (english, welsh)
        for english, welsh in _pairs()
        if re.search(term, english, re.I) and not re.search(wanted, welsh, re.I)
    ]
    assert wrong == []


def test_a_quoted_label_is_quoted_in_the_welsh_it_has_as_a_label():
    """'Force not known' in a row's description is the row's own label in Welsh."""
    wrong = []
    for english, welsh in _pairs():
        for quoted in re.findall(r"‘([^’]+)’", english):
            if quoted in WELSH and f"‘{_welsh_of(quoted)}’" not in welsh:
                wrong.append((quoted, welsh))
    assert wrong == []


def test_the_notes_are_called_by_the_name_the_tables_give_them():
    """The Notes sheet says the tables refer to [note 1]: the Welsh says what they show."""
    shown = _welsh_of("[note %(number)s]") % {"number": 1}
    wrong = [
        (english, welsh)
        for english, welsh in _pairs()
        if "[note 1]" in english and shown not in welsh
    ]
    assert shown != "[note 1]"
    assert wrong == []


def test_no_placeholder_that_may_begin_with_a_month_or_noun_follows_a_mutating_word():
    """'yn Gorffennaf' or 'o cwynion' would be wrong Welsh: the sentence is built so that
    nothing before such a value would change its first letter."""
    wrong = []
    for english, welsh in _pairs():
        for name in MUTABLE:
            before = re.escape(name)
            if re.search(rf"(?<![\w'’]){MUTATING}\s+{before}", welsh, re.I):
                wrong.append((english, welsh))
    assert wrong == []
