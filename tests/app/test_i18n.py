"""Every public word goes through Flask-Babel, so a translation can follow."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from jinja2 import Environment

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
TAG = re.compile(r"<[^>]*>", re.DOTALL)
ENTITY = re.compile(r"&[a-z]+;|&#\d+;")
SCRIPT = re.compile(r"<script.*?</script>", re.DOTALL)


def public_templates() -> list[Path]:
    return sorted(p for p in TEMPLATES.rglob("*") if p.suffix in {".html", ".txt"})


@pytest.mark.parametrize("path", public_templates(), ids=lambda p: str(p.relative_to(TEMPLATES)))
def test_templates_hold_no_words_outside_gettext(path):
    source = path.read_text()
    data = " ".join(
        value for _, kind, value in Environment(autoescape=True).lex(source) if kind == "data"
    )
    text = TAG.sub(" ", SCRIPT.sub("", data))
    text = ENTITY.sub(" ", text)
    words = re.findall(r"[A-Za-z]{2,}", text)
    assert words == [], f"untranslatable words in {path.name}: {words}"


def test_extraction_finds_words_from_python_and_templates():
    method_map = [
        ("oversight/**.py", "python"),
        ("templates/**.html", "jinja2"),
        ("templates/**.txt", "jinja2"),
    ]
    messages = {
        message if isinstance(message, str) else message[0]
        for _, _, message, *_ in extract_from_dir(
            str(ROOT),
            method_map=method_map,
            keywords={"_": None, "_l": None, "gettext": None, "ngettext": (1, 2)},
        )
    }
    for expected in (
        "Which technology was used?",
        "Enter the date it happened",
        "Complain about police use of facial recognition",
        "Being assessed",
        "Continue your complaint about police use of facial recognition",
    ):
        assert expected in messages
