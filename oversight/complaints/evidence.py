"""Evidence storage: files outside any static folder, named by the server, each checked
for what it really is (oversight.complaints.files) before it is kept."""

from __future__ import annotations

import codecs
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import filetype
from flask import current_app

from oversight.complaints import files
from oversight.complaints.enums import EvidenceType

ALLOWED_TYPES = {
    EvidenceType.JPEG: "JPEG",
    EvidenceType.PNG: "PNG",
    EvidenceType.PDF: "PDF",
    EvidenceType.MP4: "MP4",
    EvidenceType.TEXT: "TXT",
}
CHUNK = 1024 * 1024


class EvidenceRejected(ValueError):
    """A file that cannot be kept. `problem` is one of empty, too_big, wrong_type, or a
    refusal of files.check (not_an_image, active_pdf, unreadable_pdf, markup)."""

    def __init__(self, problem: str) -> None:
        super().__init__(problem)
        self.problem = problem


@dataclass(frozen=True)
class StoredFile:
    key: str
    size: int
    sha256: str
    content_type: str
    cleaned: bool = False  # hidden details (such as a photo's location) were removed


def sniff(head: bytes) -> str | None:
    """The content type of a file from its first bytes, if it is one we accept."""
    kind = filetype.guess(head)
    if kind is not None:
        return kind.mime if kind.mime in ALLOWED_TYPES else None
    return "text/plain" if _looks_like_text(head) else None


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


class EvidenceStore:
    def __init__(self, root: str | os.PathLike[str], max_bytes: int) -> None:
        self.root = Path(root)
        self.max_bytes = max_bytes

    def path(self, key: str) -> Path:
        if len(key) != 32 or not all(c in "0123456789abcdef" for c in key):
            raise ValueError("not a storage key")
        return self.root / key[:2] / key

    def save(self, stream: IO[bytes], name: str = "") -> StoredFile:
        """Check and durably store one upload (`name` is the one it was sent with); raise
        EvidenceRejected if it cannot be kept."""
        key = secrets.token_hex(16)
        incoming = self.root / "incoming"
        incoming.mkdir(parents=True, exist_ok=True)
        temporary = incoming / key
        digest = hashlib.sha256()
        size = 0
        content_type: str | None = None
        decoder = codecs.getincrementaldecoder("utf-8")()
        try:
            with open(temporary, "wb") as out:
                while chunk := stream.read(CHUNK):
                    if content_type is None:
                        content_type = sniff(chunk)
                        if content_type is None:
                            raise EvidenceRejected("wrong_type")
                    if content_type == "text/plain":
                        if b"\x00" in chunk:
                            raise EvidenceRejected("wrong_type")
                        try:
                            decoder.decode(chunk)
                        except UnicodeDecodeError:
                            raise EvidenceRejected("wrong_type") from None
                    size += len(chunk)
                    if size > self.max_bytes:
                        raise EvidenceRejected("too_big")
                    digest.update(chunk)
                    out.write(chunk)
                if size == 0 or content_type is None:
                    raise EvidenceRejected("empty")
                if content_type == "text/plain":
                    try:
                        decoder.decode(b"", final=True)
                    except UnicodeDecodeError:
                        raise EvidenceRejected("wrong_type") from None
                out.flush()
                os.fsync(out.fileno())
            try:
                checked = files.check(temporary, content_type, name)
            except files.Refused as refused:
                raise EvidenceRejected(refused.problem) from None
            if checked.cleaned or content_type in files.PILLOW_FORMATS:
                size, sha256 = _measure(temporary)
            else:
                sha256 = digest.hexdigest()
            final = self.path(key)
            final.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temporary, final)
            _fsync_dir(final.parent)
        finally:
            temporary.unlink(missing_ok=True)
        return StoredFile(
            key=key, size=size, sha256=sha256, content_type=content_type, cleaned=checked.cleaned
        )

    def delete(self, key: str) -> None:
        self.path(key).unlink(missing_ok=True)

    def exists(self, key: str) -> bool:
        return self.path(key).is_file()


def evidence_store() -> EvidenceStore:
    """The evidence store the running app is configured with."""
    config = current_app.config
    return EvidenceStore(config["EVIDENCE_STORAGE_DIR"], config["EVIDENCE_MAX_BYTES"])


def _measure(path: Path) -> tuple[int, str]:
    """The size and SHA-256 of a stored file (one re-encoded after it was received)."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as file:
        while chunk := file.read(CHUNK):
            size += len(chunk)
            digest.update(chunk)
    return size, digest.hexdigest()


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
