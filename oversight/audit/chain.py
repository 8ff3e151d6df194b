"""The audit chain's links, and walking them.

Each event's `hash` covers its fields and the hash of the event before it. Since
revision 0008 it is an HMAC-SHA256 under `AUDIT_KEY`, a key from the environment that
the database never holds: someone who can write to the database but does not have the
key can change a row, but cannot compute the links that would hide the change.

Events recorded before revision 0008 keep their plain SHA-256 links (the migration
cannot know the key). The migration writes where the keyed chain begins into the chain
head (`keyed_from_seq`: the first event recorded after it); verification checks plain
links only below that number and requires keyed links from it on. The first keyed event
covers the hash of the last plain one, so the plain events are held by the key too.
The boundary itself lives in the database, so every checkpoint signs it as well
(oversight.audit.checkpoints): moving it to pass off a chain rewritten without the key
shows against any checkpoint.

Key rotation: set the new key as `AUDIT_KEY` and the old one as `AUDIT_KEY_PREVIOUS`.
New events use `AUDIT_KEY`; verification accepts a link under either, but never an
event under the previous key after one under the current key. Take a checkpoint after
rotating; once the chain has been checkpointed under the new key the previous one can
go (the events it signed stay verifiable only while it is set, so keep it set, or
rotate rarely).
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC

import sqlalchemy as sa
from flask import current_app

from oversight.audit.models import GENESIS_HASH, AuditChainHead, AuditEvent
from oversight.extensions import db
from oversight.models import Json


def keys(config: Mapping[str, object] | None = None) -> list[bytes]:
    """The audit keys, the current one first, then the previous one if set."""
    settings = current_app.config if config is None else config
    found = [settings.get("AUDIT_KEY"), settings.get("AUDIT_KEY_PREVIOUS")]
    if not found[0]:
        raise RuntimeError("AUDIT_KEY is not configured")
    return [str(key).encode() for key in found if key]


def _canonical(prev_hash: str, fields: dict[str, Json]) -> bytes:
    canonical = json.dumps(fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return f"{prev_hash}\n{canonical}".encode()


def digest(prev_hash: str, fields: dict[str, Json]) -> str:
    """A plain link, as events before revision 0008 were chained."""
    return hashlib.sha256(_canonical(prev_hash, fields)).hexdigest()


def mac(key: bytes, prev_hash: str, fields: dict[str, Json]) -> str:
    """A keyed link: HMAC-SHA256 under the audit key."""
    return hmac.new(key, _canonical(prev_hash, fields), hashlib.sha256).hexdigest()


def fields(event: AuditEvent) -> dict[str, Json]:
    return {
        "seq": event.seq,
        "at": event.at.astimezone(UTC).isoformat(timespec="microseconds"),
        "actor": event.actor,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "outcome": event.outcome,
        "request_id": event.request_id,
        "details": event.details,
    }


@dataclass(frozen=True)
class Verification:
    checked: int
    broken_at: int | None = None
    reason: str | None = None
    # The newest event verified and where the keyed chain begins, for checkpoints.
    last_hash: str = GENESIS_HASH
    keyed_from_seq: int = 1

    @property
    def intact(self) -> bool:
        return self.broken_at is None

    @property
    def unkeyed(self) -> int:
        """How many of the events checked carry plain links (recorded before the key)."""
        return min(self.checked, self.keyed_from_seq - 1)


def _key_used(event: AuditEvent, candidates: Sequence[bytes]) -> int | None:
    for index, key in enumerate(candidates):
        if hmac.compare_digest(mac(key, event.prev_hash, fields(event)), event.hash):
            return index
    return None


def verify(audit_keys: Sequence[bytes] | None = None) -> Verification:
    """Walk the chain from the first event; report the first broken link."""
    audit_keys = list(audit_keys) if audit_keys is not None else keys()
    head = db.session.get(AuditChainHead, 1)
    keyed_from = head.keyed_from_seq if head is not None else 1
    expected_prev = GENESIS_HASH
    expected_seq = 1
    checked = 0
    # Keys only move forward: from the previous key (last in the list) to the current.
    allowed = len(audit_keys) - 1

    def broken(at: int, reason: str) -> Verification:
        return Verification(checked, at, reason, expected_prev, keyed_from)

    if head is not None and not 1 <= keyed_from <= head.seq + 1:
        return broken(1, "the chain head's key boundary was moved")
    events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq)).yield_per(500)
    for event in events:
        if event.seq != expected_seq:
            return broken(expected_seq, "event missing")
        if event.prev_hash != expected_prev:
            return broken(event.seq, "does not follow the event before it")
        if event.seq < keyed_from:
            intact = digest(event.prev_hash, fields(event)) == event.hash
        else:
            used = _key_used(event, audit_keys[: allowed + 1])
            intact = used is not None
            allowed = used if used is not None else allowed
        if not intact:
            return broken(event.seq, "altered since it was recorded")
        expected_prev = event.hash
        expected_seq += 1
        checked += 1
    # The head names the newest event: it catches events cut from the end or added past it.
    if head is None:
        return broken(checked + 1, "chain head missing")
    db.session.refresh(head)
    if head.keyed_from_seq != keyed_from:
        return broken(min(keyed_from, checked + 1), "the chain head's key boundary was moved")
    if head.seq > checked:
        return broken(checked + 1, "later events missing")
    if head.seq < checked:
        return Verification(head.seq, head.seq + 1, "added outside the chain")
    if head.last_hash != expected_prev:
        return Verification(max(checked - 1, 0), max(checked, 1), "does not match the chain head")
    return Verification(checked, last_hash=expected_prev, keyed_from_seq=keyed_from)
