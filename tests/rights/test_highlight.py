"""The redaction page marks exactly what the released copy will leave out."""

from __future__ import annotations

from oversight.rights.redaction import REDACTED, redact_text
from oversight.rights.web.work import highlight


def test_the_page_marks_a_phrase_the_copy_redacts_however_it_is_written():
    text = "Met SEÁN  O’Brien at <the> station"
    phrases = ["sean o'brien"]
    assert redact_text(text, phrases) == f"Met {REDACTED} at <the> station"
    assert str(highlight(text, phrases)) == (
        "Met <mark>SEÁN  O’Brien</mark> at &lt;the&gt; station"
    )


def test_the_page_escapes_the_text_and_any_markup_in_a_phrase():
    shown = str(highlight("<b>x</b> & <i>", ["<i>"]))
    assert shown == "&lt;b&gt;x&lt;/b&gt; &amp; <mark>&lt;i&gt;</mark>"
    assert str(highlight(None, ["x"])) == ""
