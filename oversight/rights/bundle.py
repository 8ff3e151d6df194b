"""The export bundle: one ZIP holding records.html (a readable, self-contained document),
records.pdf (the same content), records.json (machine-readable) and evidence/ (each
evidence file), with every redaction of the request applied. The original records and
files are never changed: each redacted copy is made afresh.

The ZIP is written to a temporary file (kept in memory while small) and refused past
RIGHTS_BUNDLE_MAX_BYTES."""

from __future__ import annotations

import hashlib
import json
import tempfile
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO

from flask import current_app, render_template

from oversight.complaints.enums import EvidenceType
from oversight.complaints.evidence import evidence_store
from oversight.complaints.models import Evidence
from oversight.models import utcnow
from oversight.problems import Problem
from oversight.rights import records as records_of
from oversight.rights.models import RightsRequest
from oversight.rights.pdf import records_pdf
from oversight.rights.redaction import Box, RedactionFailed, redact_image, redact_pdf, redact_text

IN_MEMORY = 32 * 1024 * 1024
TITLE = "Your personal data held by the Facial Recognition Oversight Register"


class BundleProblem(Problem):
    """The bundle cannot be made as asked."""


@dataclass
class Bundle:
    file: IO[bytes]
    sha256: str
    size: int
    cases: int
    evidence: int
    redactions: int

    def counts(self) -> dict[str, int]:
        return {
            "size": self.size,
            "cases": self.cases,
            "evidence": self.evidence,
            "redactions": self.redactions,
        }


def phrases_of(request: RightsRequest) -> list[str]:
    return [r.phrase for r in request.redactions if r.phrase]


def boxes_of(request: RightsRequest, evidence: Evidence) -> list[Box]:
    return [
        Box(r.page or 0, r.box_left or 0, r.box_top or 0, r.box_right or 0, r.box_bottom or 0)
        for r in request.redactions
        if r.evidence_id == evidence.id
    ]


def redacted_file(
    data: bytes, kind: EvidenceType, boxes: Sequence[Box], phrases: Sequence[str]
) -> bytes:
    """An evidence file as released: images always encoded afresh (no metadata at all),
    with their boxes filled; PDFs with boxes or phrases made into images with those
    filled; text files with the phrases replaced."""
    if kind in (EvidenceType.JPEG, EvidenceType.PNG):
        return redact_image(data, boxes)
    if kind is EvidenceType.PDF and (boxes or phrases):
        return redact_pdf(data, boxes, phrases)
    if kind is EvidenceType.TEXT and phrases:
        return redact_text(data.decode("utf-8", errors="replace"), phrases).encode()
    return data


def intro(request: RightsRequest) -> list[str]:
    return [
        f"Made for {request.requester_name} in answer to their request received on "
        f"{request.received_on.isoformat()}.",
        "It holds every record the register keeps about you in the complaints listed. "
        "Where something was left out (another person's personal data, or legal advice), "
        "it reads [redacted].",
    ]


def _entry(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def build(request: RightsRequest) -> Bundle:
    complaints = [chosen.complaint for chosen in request.cases]
    phrases = phrases_of(request)
    cases = records_of.redacted(records_of.all_records(complaints), phrases)
    assert isinstance(cases, list)
    # The requester's own name and contact are in their cases; the intro is redacted too.
    lines = [redact_text(line, phrases) if phrases else line for line in intro(request)]
    made = utcnow()
    document = {"title": TITLE, "introduction": lines, "made_at": made.isoformat(), "cases": cases}
    limit = int(current_app.config["RIGHTS_BUNDLE_MAX_BYTES"])
    out = tempfile.SpooledTemporaryFile(max_size=IN_MEMORY)  # noqa: SIM115  (returned open)
    evidence_count = 0
    store = evidence_store()
    with zipfile.ZipFile(out, "w") as archive:
        html = render_template(
            "rights/records.html",
            title=TITLE,
            intro=lines,
            cases=cases,
            sections=records_of.SECTIONS,
        )
        archive.writestr(_entry("records.html"), html)
        archive.writestr(_entry("records.pdf"), records_pdf(TITLE, lines, cases, made))
        archive.writestr(_entry("records.json"), json.dumps(document, indent=2, ensure_ascii=False))
        for complaint in complaints:
            for evidence in complaint.evidence:
                path = store.path(evidence.storage_key)
                if not path.is_file():
                    continue
                try:
                    data = redacted_file(
                        path.read_bytes(),
                        evidence.content_type,
                        boxes_of(request, evidence),
                        phrases,
                    )
                except RedactionFailed:
                    raise BundleProblem(
                        f"Evidence file {evidence.id} could not be read to redact it"
                    ) from None
                archive.writestr(
                    _entry(records_of.evidence_path(evidence.id, evidence.original_name)), data
                )
                evidence_count += 1
                if out.tell() > limit:
                    raise BundleProblem("The bundle is too big to make in one piece")
    size = out.tell()
    if size > limit:
        raise BundleProblem("The bundle is too big to make in one piece")
    out.seek(0)
    digest = hashlib.sha256()
    while chunk := out.read(1024 * 1024):
        digest.update(chunk)
    out.seek(0)
    return Bundle(
        file=out,
        sha256=digest.hexdigest(),
        size=size,
        cases=len(complaints),
        evidence=evidence_count,
        redactions=len(request.redactions),
    )
