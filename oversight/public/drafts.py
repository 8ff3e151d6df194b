"""Server-side drafts of complaints. The browser holds only an unguessable token.

"Save and come back later" gives a draft a second secret, to reopen it from another
browser: a link (emailed) or a short draft code (to write down). Only a keyed hash of it
is stored, in a unique column, so a code is found by its hash (the database compares
hashes, never the code) and a stolen database alone does not let anyone test codes.
A draft reopened elsewhere moves to a new token: the browser it came from no longer has it.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta

import sqlalchemy as sa

from oversight.complaints import codes
from oversight.complaints.answers import AnswerKey, Answers, EvidenceFile
from oversight.complaints.evidence import EvidenceStore, StoredFile
from oversight.extensions import db
from oversight.notify import drafts as draft_messages
from oversight.public.models import ComplaintDraft

CONTACT_KEYS: tuple[AnswerKey, ...] = (
    "name",
    "email",
    "phone",
    "postal_address",
    "preferred_contact",
    "write_in",
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


def add_file(draft: ComplaintDraft, name: str, stored: StoredFile) -> bool:
    """Add a stored file to the answers; False, adding nothing, when they already hold the
    same file under the same name (an upload sent again because its answer was lost)."""
    if any(f["sha256"] == stored.sha256 and f["name"] == name for f in files(draft)):
        return False
    entry: EvidenceFile = {
        "key": stored.key,
        "name": name,
        "type": stored.content_type,
        "size": stored.size,
        "sha256": stored.sha256,
        "cleaned": stored.cleaned,
    }
    save_answers(draft, {"files": [*files(draft), entry]})
    return True


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
        # The database's ON DELETE CASCADE would do this, but SQLite enforces no
        # foreign keys here: the messages (an address, a link) must not outlive the draft.
        draft_messages.forget(draft.id)
        db.session.delete(draft)
    return len(expired)


# Save and come back later.

LINK_PURPOSE = b"draft-return-link:"
CODE_PURPOSE = b"draft-return-code:"


def _keyed_hash(secret_key: str, purpose: bytes, secret: str) -> str:
    return hmac.new(secret_key.encode(), purpose + secret.encode(), hashlib.sha256).hexdigest()


def link_hash(secret_key: str, token: str) -> str:
    """The stored form of an emailed link's secret (never equal to any code's)."""
    return _keyed_hash(secret_key, LINK_PURPOSE, token)


def code_hash(secret_key: str, code: str) -> str:
    """The stored form of a draft code, however it was typed (any case, spaces, dashes)."""
    return _keyed_hash(secret_key, CODE_PURPOSE, codes.normalise_tracking_code(code))


def save_for_return(
    draft: ComplaintDraft, secret_key: str, now: datetime, *, by_email: bool
) -> str:
    """Give the draft a fresh secret to come back with: a link's token when it is to be
    emailed, else a draft code such as 7KQM-2XPD-9HTB (12 characters of Crockford's
    base 32: 60 bits). Any earlier link or code stops working, and the unsent messages
    that carried one go. Returns the secret; only its hash is kept."""
    if by_email:
        secret = secrets.token_urlsafe(32)
        draft.return_code_hash = link_hash(secret_key, secret)
    else:
        secret = codes.new_tracking_code()
        draft.return_code_hash = code_hash(secret_key, secret)
    draft.saved_at = now
    draft_messages.forget(draft.id, unsent_only=True)
    return secret


def find_saved(stored_hash: str, now: datetime) -> ComplaintDraft | None:
    """The saved draft a link or code opens, locked for the move; None if no draft has it,
    or it has expired or been sent (all the same to the person asking)."""
    draft = db.session.scalar(
        sa.select(ComplaintDraft)
        .where(ComplaintDraft.return_code_hash == stored_hash)
        .with_for_update()
    )
    if draft is None or draft.expires_at <= now or draft.complaint_id is not None:
        return None
    return draft


def move(draft: ComplaintDraft) -> tuple[str, ComplaintDraft]:
    """Bind a saved draft to a new browser: the same answers, files, expiry and way back,
    under a new token (returned with the draft as it now is). The old token opens nothing."""
    token = secrets.token_urlsafe(32)
    moved = ComplaintDraft(
        id=draft_id(token),
        answers=dict(draft.answers),
        created_at=draft.created_at,
        expires_at=draft.expires_at,
        saved_at=draft.saved_at,
    )
    kept_hash, draft.return_code_hash = draft.return_code_hash, None
    db.session.add(moved)
    db.session.flush()
    draft_messages.move(draft.id, moved.id)
    db.session.delete(draft)
    db.session.flush()
    moved.return_code_hash = kept_hash
    return token, moved


def forget_return(draft: ComplaintDraft) -> None:
    """Once the complaint is sent, its link or code opens nothing and unsent links go."""
    draft.return_code_hash = None
    draft_messages.forget(draft.id, unsent_only=True)
