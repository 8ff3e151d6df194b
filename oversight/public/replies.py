"""What a complainant sends after filing, from the track page: an answer to our request
for information (words, and files if they want) and more evidence while the complaint is
open.

A reply ends the wait as a caseworker logging one does (casework.correspondence.end_wait):
the case goes back to where it was and its paused clock starts again. A reply or a file
marks the case as having something new for its caseworker (`replied_at`, shown in the
queue and on the case page until they mark it read). Each writes the timeline and an audit
event that carries no personal data; the view commits once.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from flask_babel import lazy_gettext as _l

from oversight.casework.changes import CaseProblem, add_timeline_entry, record_case_event
from oversight.casework.correspondence import end_wait
from oversight.complaints.enums import EvidenceType, Status, TimelineKind
from oversight.complaints.models import Complaint, Evidence
from oversight.complaints.services import PUBLIC_ACTOR
from oversight.extensions import db
from oversight.notify import services as notify
from oversight.notify.models import MessageKind, OutboxMessage
from oversight.public.uploads import KeptFile


def can_reply(complaint: Complaint) -> bool:
    """We asked the complainant for more information and are waiting for it."""
    return complaint.status is Status.AWAITING_INFORMATION


def can_add_evidence(complaint: Complaint) -> bool:
    """Evidence can be added until the complaint is closed."""
    return complaint.status is not Status.CLOSED


def reply(
    complaint: Complaint, text: str, files: Sequence[KeptFile], now: datetime
) -> OutboxMessage:
    """The complainant's answer to our request; returns the acknowledgement queued."""
    if not can_reply(complaint):
        raise CaseProblem("reply", _l("We are not waiting for a reply from you"))
    end_wait(complaint, text, None, complaint.version, PUBLIC_ACTOR, visible=True)
    _add_files(complaint, files, now)
    complaint.replied_at = now
    record_case_event("case.reply_received", complaint, PUBLIC_ACTOR, files=len(files))
    return notify.queue_message(complaint, MessageKind.REPLY_RECEIVED)


def add_evidence(complaint: Complaint, files: Sequence[KeptFile], now: datetime) -> None:
    if not can_add_evidence(complaint):
        raise CaseProblem("files", _l("Your complaint is closed, so you cannot add evidence to it"))
    if not files:
        raise CaseProblem("files", _l("Select a file to upload"))
    _add_files(complaint, files, now)
    complaint.replied_at = now


def _add_files(complaint: Complaint, files: Sequence[KeptFile], now: datetime) -> None:
    for file in files:
        evidence = Evidence(
            complaint_id=complaint.id,
            original_name=file.name,
            content_type=EvidenceType(file.stored.content_type),
            size=file.stored.size,
            sha256=file.stored.sha256,
            storage_key=file.stored.key,
            uploaded_by=PUBLIC_ACTOR,
            uploaded_at=now,
        )
        db.session.add(evidence)
        db.session.flush()
        add_timeline_entry(
            complaint,
            TimelineKind.EVIDENCE_ADDED,
            PUBLIC_ACTOR,
            body=file.name,
            visible_to_complainant=True,
        )
        record_case_event(
            "case.evidence_added",
            complaint,
            PUBLIC_ACTOR,
            evidence=evidence.id,
            content_type=evidence.content_type.value,
        )
