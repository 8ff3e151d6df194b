"""What the save-and-return tests share: saving a draft, its code and its messages."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.notify.models import MessageKind, OutboxMessage
from oversight.public.models import ComplaintDraft
from tests.helpers import post_page

CODE = re.compile(r'class="app-draft-code">([A-Z0-9-]+)<')
LINK = re.compile(r"https?://[^/\s]+(/complain/return/[A-Za-z0-9_-]+)")
NOT_RECOGNISED = "The draft code is not recognised or has expired. Check it and try again"


def start_complaint(client: Any) -> None:
    """Answer the first pages, as someone who will come back later."""
    post_page(client, "/complain/technology", {"technology": "rfr"})
    post_page(client, "/complain/force", {"force": "cumbria"})


def save(client: Any, email: str = "") -> Any:
    return post_page(client, "/complain/save", {"email": email})


def save_for_a_code(client: Any) -> str:
    assert save(client).location == "/complain/saved"
    match = CODE.search(client.get("/complain/saved").get_data(as_text=True))
    assert match, "no draft code on the page"
    return match.group(1)


def the_draft(db: Any) -> ComplaintDraft:
    db.session.expire_all()
    return db.session.scalars(sa.select(ComplaintDraft)).one()


def saved_draft_messages(db: Any) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(
        db.session.scalars(
            sa.select(OutboxMessage).where(OutboxMessage.kind == MessageKind.SAVED_DRAFT)
        )
    )


def enter_code(client: Any, code: str) -> Any:
    return post_page(client, "/complain/return", {"draft_code": code})


def audit_actions(db: Any) -> list[tuple[str, dict[str, Any], str]]:
    db.session.expire_all()
    events = db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq))
    return [(e.action, e.details, e.outcome) for e in events if e.action.startswith("draft.")]


def emailed_link(client: Any, db: Any, email: str = "jo@example.com") -> str:
    """Save with an email address; the path of the link in the message queued."""
    save(client, email)
    link = LINK.search(saved_draft_messages(db)[-1].body)
    assert link, "no link in the message"
    return link.group(1)
