"""What the bulk action's tests share: sending the queue's bulk form as a browser would,
reading a page's words, and the audit events of one kind."""

from __future__ import annotations

import html
import re
from typing import Any

import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.complaints.enums import TimelineKind
from oversight.complaints.models import Complaint, TimelineEntry
from tests.helpers import csrf_token


def send(client: Any, cases: list[Complaint] | list[str], query: str = "", **data: Any) -> Any:
    """Send the queue's bulk form: each case as its checkbox sends it."""
    token = csrf_token(client.get("/staff/cases").get_data(as_text=True))
    boxes = [c if isinstance(c, str) else f"{c.reference}:{c.version}" for c in cases]
    return client.post(
        f"/staff/cases/queue/bulk{query}", data={"csrf_token": token, "cases": boxes, **data}
    )


def text(response: Any) -> str:
    """The page's words, without its markup."""
    words = re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))
    return html.unescape(re.sub(r"\s+", " ", words)).replace(" :", ":")


def added(complaint: Complaint, kind: TimelineKind) -> list[TimelineEntry]:
    return [entry for entry in complaint.timeline if entry.kind is kind]


def events(db: Any, action: str) -> list[AuditEvent]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
        )
    )
