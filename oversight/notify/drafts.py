"""Messages about a complaint not yet sent: the link to come back to a saved draft.

They belong to the draft (draft_id set, complaint_id None) and go with it: when the
person saves again (the old link no longer works), when the complaint is sent, and when
the draft expires. Only their address and their link are personal, and neither is logged.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from oversight import formatting
from oversight.complaints.enums import LOCALES, Language
from oversight.extensions import db
from oversight.models import utcnow
from oversight.notify.models import MessageKind, OutboxMessage
from oversight.public.models import ComplaintDraft

SUBJECT = _l("Continue your complaint about police use of facial recognition")
TEMPLATE = "notify/saved_draft.txt"


def queue_saved_draft(
    draft: ComplaintDraft, recipient: str, link: str, language: Language = Language.ENGLISH
) -> OutboxMessage:
    """Put the link to come back to a saved draft in the outbox (the caller commits)."""
    with force_locale(LOCALES.get(language, "en_GB")):
        subject = str(SUBJECT)
        body = render_template(
            TEMPLATE, link=link, expires=formatting.date_at_time(draft.expires_at)
        )
    message = OutboxMessage(
        draft_id=draft.id,
        complaint_id=None,
        kind=MessageKind.SAVED_DRAFT,
        language=language,
        recipient=recipient,
        subject=subject,
        body=body,
        created_at=utcnow(),
    )
    db.session.add(message)
    return message


def forget(draft_id: str, *, unsent_only: bool = False) -> None:
    """Delete a draft's messages (only those not yet sent, if asked)."""
    doomed = sa.delete(OutboxMessage).where(OutboxMessage.draft_id == draft_id)
    if unsent_only:
        doomed = doomed.where(OutboxMessage.sent_at.is_(None))
    db.session.execute(doomed.execution_options(synchronize_session=False))


def move(old_draft_id: str, new_draft_id: str) -> None:
    """The draft's messages follow it when it moves to another browser's token."""
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.draft_id == old_draft_id)
        .values(draft_id=new_draft_id)
        .execution_options(synchronize_session=False)
    )


def messages_for(draft: ComplaintDraft) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            sa.select(OutboxMessage)
            .where(OutboxMessage.draft_id == draft.id)
            .order_by(OutboxMessage.id)
        )
    )
