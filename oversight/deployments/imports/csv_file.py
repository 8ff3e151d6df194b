"""Reading a CSV file of records in the shapes forces publish them.

A file is read twice, streaming: once to fingerprint it (SHA-256), choose its encoding
(UTF-8 with or without a byte order mark, else Windows-1252, what spreadsheet programs
on Windows save) and count its lines for a progress bar; then row by row. The header
row's headings are matched to fields through records.heading_map, so "Deployment
Location", "LOCATION" and "location " all mean the location. A file the register
cannot use at all (not a CSV, no heading for a field every record needs) is refused
as a whole with a message that says what is wrong.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import filetype
from flask_babel import gettext as _

from oversight.deployments.records import Field, heading_map, normalise_heading
from oversight.deployments.records.validation import CONTROL

CHUNK = 1024 * 1024
SNIFF_BYTES = 8192
UTF8 = "utf-8-sig"  # reads UTF-8, dropping a byte order mark if there is one
WINDOWS = "cp1252"

Source = bytes | str | os.PathLike[str]


class FileRefused(ValueError):
    """A file that cannot be imported at all. `missing` names the fields whose column
    is missing, so a caller can say how to give them another way (a default force)."""

    def __init__(self, message: str, missing: Iterable[str] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.missing = tuple(missing)


@dataclass(frozen=True)
class CsvFile:
    """A CSV file, fingerprinted, with the encoding it will be read in."""

    opener: Callable[[], IO[bytes]]
    sha256: str
    encoding: str
    size: int
    lines: int

    @classmethod
    def read(cls, source: Source) -> CsvFile:
        opener = _opener(source)
        digest = hashlib.sha256()
        decoder = codecs.getincrementaldecoder("utf-8")()
        utf8 = True
        size = lines = 0
        head = b""
        last = b""
        with opener() as raw:
            while chunk := raw.read(CHUNK):
                if not head:
                    head = chunk[:SNIFF_BYTES]
                digest.update(chunk)
                size += len(chunk)
                lines += chunk.count(b"\n")
                last = chunk[-1:]
                if utf8:
                    try:
                        decoder.decode(chunk)
                    except UnicodeDecodeError:
                        utf8 = False
        if utf8:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                utf8 = False
        if size == 0:
            raise FileRefused(_("The selected file is empty"))
        if not looks_like_text(head):
            raise FileRefused(_("The selected file must be a CSV"))
        if last != b"\n":
            lines += 1
        return cls(opener, digest.hexdigest(), UTF8 if utf8 else WINDOWS, size, lines)

    def rows(self) -> Iterator[tuple[int, list[str]]]:
        """Every row with a value in it, with the line of the file it starts on (the
        header is line 1; a quoted cell may run over several lines)."""
        with (
            self.opener() as raw,
            io.TextIOWrapper(raw, encoding=self.encoding, errors="replace", newline="") as text,
        ):
            reader = csv.reader(text)
            previous = 0
            try:
                for cells in reader:
                    start, previous = previous + 1, reader.line_num
                    if any(cell.strip() for cell in cells):
                        yield start, cells
            except csv.Error as error:
                raise FileRefused(
                    _(
                        "Line %(line)s of the file cannot be read as CSV (%(problem)s)",
                        line=previous + 1,
                        problem=str(error),
                    )
                ) from None


def looks_like_text(head: bytes) -> bool:
    """Text, not a spreadsheet, PDF or picture saved under a .csv name. A stray NUL in a
    cell does not make a file binary (that row is refused by line); one in the header row
    does, and so do many."""
    header = head.split(b"\n", 1)[0]
    nuls = head.count(b"\x00")
    binary = b"\x00" in header or nuls > max(8, len(head) // 100)
    return not binary and filetype.guess(head) is None


def _opener(source: Source) -> Callable[[], IO[bytes]]:
    if isinstance(source, bytes):
        return lambda: io.BytesIO(source)
    path = Path(source)
    return lambda: path.open("rb")


@dataclass(frozen=True)
class Columns:
    """Which column of the file holds each field, and the columns nobody reads."""

    positions: dict[str, int]
    ignored: list[str] = field(default_factory=list)

    def raw(self, cells: list[str]) -> dict[str, str]:
        width = len(cells)
        return {
            name: cells[index] if index < width else "" for name, index in self.positions.items()
        }


def _shown(heading: str) -> str:
    """A heading as the page shows it: one line, no control characters."""
    return CONTROL.sub("", " ".join(heading.split()))


def map_columns(header: list[str], fields: tuple[Field, ...], given: Iterable[str]) -> Columns:
    """Match the header row to fields. `given` names fields given another way (a default
    force), whose column may be missing."""
    headings = heading_map(fields)
    labels = {spec.name: str(spec.label) for spec in fields}
    positions: dict[str, int] = {}
    ignored: list[str] = []
    for index, heading in enumerate(header):
        name = headings.get(normalise_heading(heading))
        if name is None:
            if shown := _shown(heading):
                ignored.append(shown)
        elif name in positions:
            raise FileRefused(
                _(
                    "The file has two columns for %(label)s (“%(first)s” and “%(second)s”): "
                    "remove one of them",
                    label=labels[name],
                    first=_shown(header[positions[name]]),
                    second=_shown(heading),
                )
            )
        else:
            positions[name] = index
    if not positions:
        raise FileRefused(
            _("The first row of the file must hold the column headings, like Date and Location"),
            missing=[spec.name for spec in fields if spec.required],
        )
    given = set(given)
    missing = [
        spec.name
        for spec in fields
        if spec.required and spec.name not in positions and spec.name not in given
    ]
    if missing:
        names = [labels[name] for name in missing]
        listed = (
            names[0]
            if len(names) == 1
            else _("%(names)s or %(last)s", names=", ".join(names[:-1]), last=names[-1])
        )
        raise FileRefused(_("The file has no %(columns)s column", columns=listed), missing)
    return Columns(positions, ignored)
