"""Signed checkpoints of the audit chain, kept outside the database.

`flask audit checkpoint` verifies the chain and appends one JSON line to
AUDIT_CHECKPOINT_FILE (opened with O_APPEND, synced to disk), logs it and prints it:

    {"at": "...", "hash": "<hash of event seq>", "keyed_from_seq": 1, "seq": 42, "mac": "..."}

`mac` is an HMAC-SHA256 under the audit key over the other four fields. Someone who can
write to the database but has neither the key nor the file (ship it elsewhere: a log
service, another machine) cannot cut events from the end and rewind the chain head to
match, nor rewrite the chain from before a checkpoint, nor move the key boundary: every
checkpoint names an event the chain must still hold, with the same hash.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from oversight.audit.chain import Verification
from oversight.audit.models import GENESIS_HASH, AuditEvent
from oversight.extensions import db
from oversight.models import utcnow

SIGNED = ("at", "hash", "keyed_from_seq", "seq")
# Kept apart from the chain's links: a checkpoint's MAC never passes for a link's.
DOMAIN = b"oversight audit checkpoint\n"


@dataclass(frozen=True)
class Checkpoint:
    line: int
    seq: int
    hash: str
    keyed_from_seq: int
    at: str


def _signature(key: bytes, values: dict[str, object]) -> str:
    canonical = json.dumps(
        {name: values[name] for name in SIGNED}, sort_keys=True, separators=(",", ":")
    )
    return hmac.new(key, DOMAIN + canonical.encode(), hashlib.sha256).hexdigest()


def make_line(key: bytes, verified: Verification) -> str:
    """The checkpoint of a chain just verified, as one JSON line (no newline)."""
    values: dict[str, object] = {
        "at": utcnow().isoformat(timespec="seconds"),
        "hash": verified.last_hash,
        "keyed_from_seq": verified.keyed_from_seq,
        "seq": verified.checked,
    }
    values["mac"] = _signature(key, values)
    return json.dumps(values, sort_keys=True, separators=(",", ":"))


def append(path: str, line: str) -> None:
    """Append the line and sync it to disk; the file is never rewritten."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(descriptor, (line + "\n").encode())
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


@dataclass
class Reading:
    checkpoints: list[Checkpoint]
    problems: list[str]
    lines: int = 0


def read(path: str, keys: Sequence[bytes]) -> Reading:
    """Every checkpoint in the file whose signature holds; a problem for each that does not."""
    reading = Reading([], [])
    if not os.path.exists(path):
        return reading
    with open(path, encoding="utf-8") as file:
        for number, text in enumerate(file, start=1):
            if not text.strip():
                continue
            reading.lines += 1
            checkpoint = _parse(number, text, keys)
            if isinstance(checkpoint, str):
                reading.problems.append(checkpoint)
            else:
                reading.checkpoints.append(checkpoint)
    return reading


def _parse(number: int, text: str, keys: Sequence[bytes]) -> Checkpoint | str:
    try:
        values = json.loads(text)
        checkpoint = Checkpoint(
            number,
            int(values["seq"]),
            str(values["hash"]),
            int(values["keyed_from_seq"]),
            str(values["at"]),
        )
        given = str(values["mac"])
        signatures = [_signature(key, values) for key in keys]
    except (ValueError, TypeError, KeyError, AttributeError):
        return f"line {number}: not a checkpoint (it cannot be read)"
    if not any(hmac.compare_digest(given, signature) for signature in signatures):
        return (
            f"line {number}: the signature does not match, so the checkpoint was forged "
            "or altered (or signed with a key that is no longer configured)"
        )
    return checkpoint


def compare(checkpoints: Sequence[Checkpoint], head_seq: int, keyed_from_seq: int) -> list[str]:
    """What the database contradicts of the checkpoints: an event each names is gone or
    has another hash, the chain is shorter than the newest, or the key boundary moved."""
    problems: list[str] = []
    wanted = {c.seq for c in checkpoints if c.seq > 0}
    rows = db.session.execute(
        sa.select(AuditEvent.seq, AuditEvent.hash).where(AuditEvent.seq.in_(wanted))
    )
    stored = {seq: hash_ for seq, hash_ in rows.tuples()}
    for checkpoint in checkpoints:
        where = f"checkpoint of {checkpoint.at} (line {checkpoint.line}, event {checkpoint.seq})"
        found = GENESIS_HASH if checkpoint.seq == 0 else stored.get(checkpoint.seq)
        if found is None:
            problems.append(f"{where}: the database no longer has that event")
        elif found != checkpoint.hash:
            problems.append(f"{where}: the event's hash differs, so it was rewritten")
        if checkpoint.keyed_from_seq != keyed_from_seq:
            problems.append(
                f"{where}: the keyed chain began at event {checkpoint.keyed_from_seq}, "
                f"the database now says {keyed_from_seq}"
            )
    newest = max((c.seq for c in checkpoints), default=0)
    if head_seq < newest:
        problems.append(
            f"the chain ends at event {head_seq} but a checkpoint recorded event {newest}: "
            "events were cut from the end"
        )
    return problems
