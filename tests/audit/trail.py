"""What the audit trail's tests share: reading events back, recording a few, and
running `flask audit verify`."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from oversight.audit import services as audit
from oversight.audit.models import AuditEvent

AUDIT_LOG = "/staff/audit"
# The table itself, as someone with database access would reach it: no ORM guard applies.
EVENTS_TABLE = AuditEvent.__table__
COMPLAINANT = {"name": "Jo Bloggs", "email": "jo@example.com", "phone": "07700 900123"}


def events(db: Any, action: str | None = None) -> list[AuditEvent]:
    db.session.expire_all()
    query = sa.select(AuditEvent).order_by(AuditEvent.seq)
    if action is not None:
        query = query.where(AuditEvent.action == action)
    return list(db.session.scalars(query))


def record_some(db: Any, count: int) -> None:
    for number in range(count):
        audit.record(
            "case.viewed",
            actor=f"user:{number % 3 + 1}",
            object_type="case",
            object_id=f"FR-{number}",
            reference=f"FR-{number}",
        )
    db.session.commit()


def verify_command(runner: Any) -> Any:
    return runner.invoke(args=["audit", "verify"])
