"""A copy of what a complainant sent, for them to keep: one ZIP with a readable document
(self-contained HTML, no scripts, nothing fetched from anywhere) and their evidence files
as they sent them.

The document holds what they answered when they complained, their contact details as we
hold them, what they sent since and the list of their files, and only the timeline
entries meant for them: nothing staff wrote for themselves reaches it.
"""

from __future__ import annotations

import re
import tempfile
import zipfile
from dataclasses import dataclass
from typing import IO

from flask import render_template

from oversight import formatting
from oversight.casework import correspondence
from oversight.complaints.enums import TimelineKind
from oversight.complaints.evidence import evidence_store
from oversight.complaints.models import Complaint, Evidence, TimelineEntry
from oversight.models import utcnow

# In memory up to this size, then on disk (evidence can be large).
SPOOL_BYTES = 8 * 1024 * 1024
DOCUMENT = "your-complaint.html"
UNSAFE_IN_NAME = re.compile(r"[^\w.\- ]+")


@dataclass(frozen=True)
class CopiedFile:
    evidence: Evidence
    name_in_zip: str | None  # None: the file is no longer held


@dataclass(frozen=True)
class TheirCopy:
    file: IO[bytes]
    download_name: str
    files: int


def zip_name(index: int, original_name: str) -> str:
    """evidence/01-photo.jpg: numbered so two files of one name both fit, and with
    nothing in the name that could climb out of the folder it is unpacked in."""
    safe = UNSAFE_IN_NAME.sub("_", original_name.replace("\\", "/").rsplit("/", 1)[-1])
    return f"evidence/{index:02d}-{safe.strip(' .') or 'file'}"


def their_entries(complaint: Complaint) -> list[TimelineEntry]:
    """The timeline as the complainant reads it (never an internal note)."""
    return correspondence.public_timeline(complaint)


def build(complaint: Complaint) -> TheirCopy:
    store = evidence_store()
    copied = []
    for index, evidence in enumerate(complaint.evidence, start=1):
        path = store.path(evidence.storage_key)
        copied.append(
            CopiedFile(
                evidence, zip_name(index, evidence.original_name) if path.is_file() else None
            )
        )
    entries = their_entries(complaint)
    document = render_template(
        "public/yours/copy_document.html",
        complaint=complaint,
        person=complaint.complainant,
        entries=entries,
        replies=[e for e in entries if e.kind is TimelineKind.CORRESPONDENCE_IN],
        files=copied,
        incident=formatting.day_or_month(
            complaint.incident_date, complaint.incident_date_approximate
        )
        if complaint.incident_date
        else None,
        made_at=utcnow(),
    )
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115  (sent, then closed by Flask)
    with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as bundle:
        bundle.writestr(DOCUMENT, document.encode("utf-8"))
        for file in copied:
            if file.name_in_zip is not None:
                bundle.write(store.path(file.evidence.storage_key), file.name_in_zip)
    spool.seek(0)
    return TheirCopy(
        file=spool,
        download_name=f"complaint-{complaint.reference}.zip",
        files=sum(1 for file in copied if file.name_in_zip is not None),
    )
