"""Server-side drafts of complaints. The browser holds only an unguessable token."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa

from oversight.complaints.answers import AnswerKey, Answers, EvidenceFile
from oversight.complaints.evidence import EvidenceStore, StoredFile
from oversight.extensions import db
from oversight.public.models import ComplaintDraft

CONTACT_KEYS: tuple[AnswerKey, ...] = (
    "name",
    "email",
    "phone",
    "preferred_contact",
    "accessibility_needs",
    "consent_to_share",
)


def draft_id(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start(now: datetime, lifetime: timedelta) -> tuple[str, ComplaintDraft]:
    token = secrets.token_urlsafe(32)
    draft = ComplaintDraft(
        id=draft_id(token), answers={}, created_at=now, expires_at=now + lifetime
    )
    db.session.add(draft)
    return token, draft


def find(token: str | None, now: datetime) -> ComplaintDraft | None:
    """The live draft for a token; None if there is none or it has expired."""
    if not token:
        return None
    draft = db.session.get(ComplaintDraft, draft_id(token))
    if draft is None or draft.expires_at <= now:
        return None
    return draft


def save_answers(draft: ComplaintDraft, updates: Answers) -> None:
    answers = draft.answers.copy()
    answers.update(updates)
    if answers.get("wants_contact") == "no":
        for key in CONTACT_KEYS:
            answers.pop(key, None)
    draft.answers = answers


def files(draft: ComplaintDraft) -> list[EvidenceFile]:
    return list(draft.answers.get("files", []))


def add_file(draft: ComplaintDraft, name: str, stored: StoredFile) -> None:
    entry: EvidenceFile = {
        "key": stored.key,
        "name": name,
        "type": stored.content_type,
        "size": stored.size,
        "sha256": stored.sha256,
    }
    save_answers(draft, {"files": [*files(draft), entry]})


def remove_file(draft: ComplaintDraft, key: str, store: EvidenceStore) -> EvidenceFile | None:
    kept = [f for f in files(draft) if f["key"] != key]
    removed = next((f for f in files(draft) if f["key"] == key), None)
    if removed is not None:
        save_answers(draft, {"files": kept})
        store.delete(key)
    return removed


def purge_expired(now: datetime, store: EvidenceStore) -> int:
    """Delete expired drafts, and the files of those never submitted."""
    expired = list(
        db.session.scalars(sa.select(ComplaintDraft).where(ComplaintDraft.expires_at <= now))
    )
    for draft in expired:
        if draft.complaint_id is None:
            for entry in files(draft):
                store.delete(entry["key"])
        db.session.delete(draft)
    return len(expired)
