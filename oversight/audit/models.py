"""Audit events: who did what to which object, when, with what outcome.

Append-only and tamper-evident: each event's hash (an HMAC under the audit key, see
oversight.audit.chain) covers its fields and the hash of the event before it, and the
application never updates or deletes one.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, ORMExecuteState, Session, mapped_column

from oversight.models import Base, Json, enum_column, utcnow

GENESIS_HASH = "0" * 64


class Outcome(StrEnum):
    SUCCESS = "success"
    FAILURE = "failure"
    DENIED = "denied"


class AuditEvent(Base):
    __tablename__ = "audit_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(sa.BigInteger, unique=True)
    at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    actor: Mapped[str] = mapped_column(sa.String(100), index=True)
    action: Mapped[str] = mapped_column(sa.String(60), index=True)
    object_type: Mapped[str] = mapped_column(sa.String(40))
    object_id: Mapped[str | None] = mapped_column(sa.String(40), index=True)
    outcome: Mapped[Outcome] = enum_column(Outcome)
    request_id: Mapped[str | None] = mapped_column(sa.String(40))
    details: Mapped[dict[str, Json]] = mapped_column(sa.JSON, default=dict)
    prev_hash: Mapped[str] = mapped_column(sa.String(64))
    hash: Mapped[str] = mapped_column(sa.String(64))


class AuditChainHead(Base):
    """One row: the sequence number and hash of the newest event.

    Writers update it first, which serialises them on every database, so the chain
    never forks.
    """

    __tablename__ = "audit_chain_head"

    id: Mapped[int] = mapped_column(primary_key=True)
    seq: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    last_hash: Mapped[str] = mapped_column(sa.String(64), default=GENESIS_HASH)
    # The first event chained under the audit key (revision 0008 set it past the events
    # recorded before): links below it are plain SHA-256, from it on HMAC.
    keyed_from_seq: Mapped[int] = mapped_column(sa.BigInteger, default=1, server_default="1")


class AuditTampering(RuntimeError):
    """Something tried to change or delete an audit event."""


@event.listens_for(Session, "before_flush")
def _refuse_changes_to_audit_events(session: Session, *_: object) -> None:
    for instance in (*session.dirty, *session.deleted):
        if isinstance(instance, AuditEvent) and (
            instance in session.deleted or session.is_modified(instance)
        ):
            raise AuditTampering("audit events are never changed or deleted")


@event.listens_for(Session, "do_orm_execute")
def _refuse_bulk_changes_to_audit_events(state: ORMExecuteState) -> None:
    """`update(AuditEvent)` and `delete(AuditEvent)` never reach the flush: refuse them here."""
    if (state.is_update or state.is_delete) and any(
        mapper.class_ is AuditEvent for mapper in state.all_mappers
    ):
        raise AuditTampering("audit events are never changed or deleted")
