"""Which words are public, and the Welsh catalogue read as the app reads it.

A message is public when any page, message, letter, download or API answer the public
sees can show it: the files below hold those. Staff pages are in English, so a word used
only on them needs no Welsh.
"""

from __future__ import annotations

import re
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE = ROOT / "translations" / "cy" / "LC_MESSAGES" / "messages.po"
COMPILED = CATALOGUE.with_suffix(".mo")

PUBLIC = (
    "templates/base.html",
    "templates/macros/",
    "templates/errors/",
    "templates/public/",
    "templates/pages/",
    "templates/register/",
    "templates/statistics/",
    "templates/notify/",
    "oversight/public/",
    "oversight/pages/",
    "oversight/forms.py",
    "oversight/formatting.py",
    "oversight/problems.py",
    "oversight/web/",
    "oversight/complaints/",
    "oversight/notify/",
    "oversight/deployments/register/",
    "oversight/deployments/records/enums.py",
    "oversight/deployments/records/fields.py",
    "oversight/retention/schedule.py",
    "oversight/statistics/",
    "oversight/api/",
    "oversight/letters/words.py",
)
STAFF_ONLY = (
    "templates/statistics/staff/",
    "oversight/statistics/web/staff.py",
    "oversight/statistics/web/calendar_staff.py",
    "oversight/statistics/web/forms.py",
    "oversight/api/tokens/",
    "templates/notify/wording/",
    "oversight/notify/wording/views.py",
)

METHOD_MAP = [
    ("oversight/**.py", "python"),
    ("templates/**.html", "jinja2"),
    ("templates/**.txt", "jinja2"),
]
KEYWORDS = {
    "_": None,
    "_l": None,
    "gettext": None,
    "lazy_gettext": None,
    "ngettext": (1, 2),
    "lazy_ngettext": (1, 2),
}
# %(name)s and %s, the placeholders Flask-Babel fills.
PLACEHOLDER = re.compile(r"%\(\w+\)[sdif]|%[sdif]")
TAG = re.compile(r"</?[a-z]+\b")


def is_public(path: str) -> bool:
    return path.startswith(PUBLIC) and not path.startswith(STAFF_ONLY)


def public_messages() -> dict[str | tuple[str, ...], set[str]]:
    """Every public message in the code now, with the files it is in."""
    found: dict[str | tuple[str, ...], set[str]] = {}
    for filename, _lineno, message, _comments, _context in extract_from_dir(
        str(ROOT), method_map=METHOD_MAP, keywords=KEYWORDS
    ):
        if is_public(filename):
            found.setdefault(message, set()).add(filename)
    return found


def welsh() -> Catalog:
    with CATALOGUE.open("rb") as source:
        return read_po(source)


def translations(message: Message) -> list[str]:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return [str(s or "") for s in strings]


def originals(message: Message) -> list[str]:
    return list(message.id) if isinstance(message.id, tuple | list) else [str(message.id)]


def placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text))


def tags(text: str) -> list[str]:
    return sorted(TAG.findall(text))
