"""Deleting evidence files safely: only after the commit that removed their rows.

A transaction that removes evidence (or a draft's files) queues each file's storage key
as a PendingFileDeletion in the same transaction. Once it has committed, the caller
runs `delete_pending` (and commits): each file is deleted, then its key leaves the queue.
A process that dies at any point leaves either the rows and the files (nothing
committed), or the queue with files still to delete, which the next run (or the next
call of `delete_pending`) finishes first. So no file outlives its row for longer than a
run, and no file is deleted while a row that names it might still be rolled back.
"""

from __future__ import annotations

import contextlib

import sqlalchemy as sa

from oversight.complaints.evidence import EvidenceStore
from oversight.extensions import db
from oversight.retention.models import PendingFileDeletion


def queue(keys: list[str]) -> None:
    """Queue files for deletion after the caller's commit (keys already queued stay once)."""
    if not keys:
        return
    queued = set(
        db.session.scalars(
            sa.select(PendingFileDeletion.storage_key).where(
                PendingFileDeletion.storage_key.in_(keys)
            )
        )
    )
    for key in dict.fromkeys(keys):
        if key not in queued:
            db.session.add(PendingFileDeletion(storage_key=key))


def pending_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(PendingFileDeletion)) or 0


def delete_pending(store: EvidenceStore) -> int:
    """Delete every queued file, then take their keys off the queue: call it only once
    what queued them is committed, and commit after it. Returns how many there were."""
    keys = list(db.session.scalars(sa.select(PendingFileDeletion.storage_key)))
    for key in keys:
        # A key the store does not make names no file.
        with contextlib.suppress(ValueError):
            store.delete(key)
    if keys:
        db.session.execute(
            sa.delete(PendingFileDeletion).where(PendingFileDeletion.storage_key.in_(keys))
        )
    return len(keys)
