"""Recording audit events. Each kind of event declares the details it carries."""

from __future__ import annotations

from typing import Any

from oversight.audit.models import AuditEvent
from oversight.extensions import db

# Every event kind and the details it must carry: nothing more, nothing less.
EVENTS: dict[str, frozenset[str]] = {
    "complaint.submitted": frozenset({"reference", "channel", "evidence_count"}),
    "complaint.tracked": frozenset({"reference"}),
    "complaint.track_failed": frozenset(),
}


class UnknownAuditEvent(ValueError):
    pass


def record(
    action: str, *, actor: str, object_type: str, object_id: str | None = None, **details: Any
) -> AuditEvent:
    """Add an audit event to the session; the caller's commit keeps it with the change."""
    expected = EVENTS.get(action)
    if expected is None or set(details) != expected:
        raise UnknownAuditEvent(f"{action} with details {sorted(details)}")
    event = AuditEvent(
        actor=actor, action=action, object_type=object_type, object_id=object_id, details=details
    )
    db.session.add(event)
    return event
