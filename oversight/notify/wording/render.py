"""Filling ((placeholders)) in staff-written wording: plain text substitution, never a
template engine, so nothing a template says can run. Values are plain text too."""

from __future__ import annotations

import re
from collections.abc import Mapping

# ((name)), spaces inside allowed, as Notify accepts them.
PLACEHOLDER = re.compile(r"\(\(\s*([^()]*?)\s*\)\)")
_BLANK_LINES = re.compile(r"\n{3,}")


class UnknownPlaceholders(ValueError):
    """Wording that names a placeholder the template cannot fill."""

    def __init__(self, names: list[str]) -> None:
        super().__init__(", ".join(names))
        self.names = names


def placeholders_in(text: str) -> list[str]:
    """The placeholders a text names, each once, in order."""
    return list(dict.fromkeys(match.group(1) for match in PLACEHOLDER.finditer(text)))


def check(text: str, allowed: frozenset[str]) -> None:
    """Refuse wording that names any placeholder but the allowed ones."""
    unknown = [name for name in placeholders_in(text) if name not in allowed]
    if unknown:
        raise UnknownPlaceholders(unknown)


def fill(text: str, values: Mapping[str, str]) -> str:
    """The text with each ((name)) replaced by its value. A line that held only
    placeholders with nothing to say goes, and so do the blank lines it leaves."""
    lines = []
    for line in text.replace("\r\n", "\n").split("\n"):
        names = placeholders_in(line)
        filled = PLACEHOLDER.sub(lambda match: values.get(match.group(1), ""), line)
        if names and not filled.strip():
            continue
        lines.append(filled)
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip() + "\n"


def fill_subject(text: str, values: Mapping[str, str]) -> str:
    """A subject line: one line, at most 255 characters."""
    filled = PLACEHOLDER.sub(lambda match: values.get(match.group(1), ""), text)
    return " ".join(filled.split())[:255]
