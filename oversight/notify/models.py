"""Every message to a complainant, kept whether or not it was mailed."""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from oversight.complaints.enums import Language
from oversight.extensions import db
from oversight.models import enum_column, utcnow


class MessageKind(StrEnum):
    ACKNOWLEDGEMENT = "acknowledgement"
    REQUEST_FOR_INFORMATION = "request_for_information"
    STATUS_CHANGE = "status_change"
    OUTCOME = "outcome"
    REPLY_RECEIVED = "reply_received"
    REVIEW_OUTCOME = "review_outcome"
    # A link (or code) to come back to a complaint not yet sent: it has no complaint.
    SAVED_DRAFT = "saved_draft"


# db.Model is built at run time by Flask-SQLAlchemy, so mypy sees a variable, not a class
# it can check as a base: hence the ignore[name-defined] on each model.
class OutboxMessage(db.Model):  # type: ignore[name-defined]
    __tablename__ = "outbox_messages"

    __table_args__ = (
        sa.CheckConstraint(
            "(complaint_id IS NULL) <> (draft_id IS NULL)", name="for_a_complaint_or_a_draft"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("complaints.id", ondelete="CASCADE"), index=True
    )
    draft_id: Mapped[str | None] = mapped_column(
        sa.ForeignKey("complaint_drafts.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[MessageKind] = enum_column(MessageKind)
    language: Mapped[Language] = enum_column(Language)
    recipient: Mapped[str | None] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(255))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    # Delivery: tries so far, the last failure's kind (never its text), when to try next.
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(sa.String(100))
    next_attempt_at: Mapped[datetime | None]
    # A sender holds the message until then: no other sender takes it meanwhile.
    claimed_until: Mapped[datetime | None]
    # A letter for post (oversight/letters): when staff marked it posted, and who.
    posted_at: Mapped[datetime | None]
    posted_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    # The template version the text was written from (wording/models.py); a message in
    # both languages has the Welsh one first and the English one second.
    template_version_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("message_template_versions.id"), index=True
    )
    second_template_version_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("message_template_versions.id")
    )
