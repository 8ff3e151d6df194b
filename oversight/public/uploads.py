"""Files a member of the public uploads, with a complaint or after it: each is checked and
stored (oversight.complaints.evidence), and each one refused gets a message that names it
and says what to do."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import IO, Protocol

from flask_babel import gettext as _

from oversight.complaints.evidence import EvidenceRejected, EvidenceStore, StoredFile
from oversight.complaints.files import display_name

FILE_PROBLEMS: dict[str, Callable[[str], str]] = {
    "empty": lambda name: _("%(name)s is empty", name=name),
    "too_big": lambda name: _("%(name)s must be smaller than 20 MB", name=name),
    "wrong_type": lambda name: _(
        "%(name)s must be a JPEG, PNG, PDF, MP4 or plain text file", name=name
    ),
    "not_an_image": lambda name: _(
        "%(name)s is not a photo we can open. Choose a JPEG or PNG photo, or save it again as one",
        name=name,
    ),
    "active_pdf": lambda name: _(
        "%(name)s contains scripts, actions or attached files, which we cannot accept. Print it to a new PDF, or take a screenshot of it, and upload that",
        name=name,
    ),
    "unreadable_pdf": lambda name: _(
        "%(name)s cannot be opened. Upload a PDF without a password that opens on your device",
        name=name,
    ),
    "markup": lambda name: _(
        "%(name)s is a web page or drawing file, which we cannot accept. Upload a screenshot of it instead",
        name=name,
    ),
    "too_many": lambda name: _(
        "%(name)s was not uploaded: you can upload up to 10 files", name=name
    ),
}


class Upload(Protocol):
    """A file sent with a form (werkzeug's FileStorage is one)."""

    filename: str | None
    stream: IO[bytes]


@dataclass(frozen=True)
class KeptFile:
    name: str  # as sent, cleaned for display, with the extension of what it really is
    stored: StoredFile

    @property
    def cleaned_message(self) -> str | None:
        """What to tell the person when hidden details were taken out of their photo."""
        if not self.stored.cleaned:
            return None
        return cleaned_message(self.name)


def cleaned_message(name: str) -> str:
    return str(
        _(
            "We removed the location and camera details from %(name)s, so they are not kept with your complaint",
            name=name,
        )
    )


@dataclass
class Kept:
    """The files kept, in the order sent, and a message for each one refused."""

    files: list[KeptFile] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)


def clean_filename(raw: str) -> str:
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(c for c in name if c.isprintable()).strip()
    return name[:200] or _("Unnamed file")


def chosen(uploads: Iterable[Upload]) -> list[Upload]:
    """The files actually chosen: a file input left empty sends one with no name."""
    return [upload for upload in uploads if upload.filename]


def keep(uploads: Iterable[Upload], room: int, store: EvidenceStore) -> Kept:
    """Check and store each upload while there is room for it (`room` more files)."""
    kept = Kept()
    for upload in uploads:
        name = clean_filename(upload.filename or "")
        if len(kept.files) >= room:
            kept.problems.append(FILE_PROBLEMS["too_many"](name))
            continue
        try:
            stored = store.save(upload.stream, name)
        except EvidenceRejected as rejected:
            kept.problems.append(FILE_PROBLEMS[rejected.problem](name))
            continue
        kept.files.append(KeptFile(display_name(name, stored.content_type), stored))
    return kept


def discard(kept: Kept, store: EvidenceStore) -> None:
    """Delete files stored for something that was then not saved."""
    for file in kept.files:
        store.delete(file.stored.key)
