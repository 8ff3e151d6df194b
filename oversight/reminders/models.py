"""What the reminders job decided and sent: each reminder (a case, a person, a kind, a
UK day) and the one email a day that carries a person's reminders.

The UNIQUE constraints are what make "once per case, person, kind and day" and "one email
per person and day" hold, whatever runs at once: the job inserts with ON CONFLICT DO
NOTHING. An email is kept like an outbox message (claimed with a lease, then sent).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from oversight.models import Base, enum_column, utcnow


class ReminderKind(StrEnum):
    DUE_SOON = "due_soon"
    OVERDUE = "overdue"
    # To a senior caseworker: an open case nobody has been given yet.
    UNASSIGNED = "unassigned"


class ReminderEmail(Base):
    __tablename__ = "reminder_emails"
    __table_args__ = (sa.UniqueConstraint("recipient_id", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    # The UK date the reminders are for; the email is sent on that day only.
    day: Mapped[date] = mapped_column(index=True)
    # The address when it was queued; staff words only, no complainant's personal data.
    recipient: Mapped[str] = mapped_column(sa.String(254))
    subject: Mapped[str] = mapped_column(sa.String(255))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    # Delivery, as the outbox does it: tries so far, the last failure's kind (never its
    # text), when to try next, and the sender holding it until then.
    attempts: Mapped[int] = mapped_column(default=0)
    last_error: Mapped[str | None] = mapped_column(sa.String(100))
    next_attempt_at: Mapped[datetime | None]
    claimed_until: Mapped[datetime | None]


class Reminder(Base):
    __tablename__ = "reminders"
    __table_args__ = (sa.UniqueConstraint("complaint_id", "recipient_id", "kind", "day"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        sa.ForeignKey("complaints.id", ondelete="CASCADE"), index=True
    )
    recipient_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    kind: Mapped[ReminderKind] = enum_column(ReminderKind)
    day: Mapped[date]
    email_id: Mapped[int] = mapped_column(
        sa.ForeignKey("reminder_emails.id", ondelete="CASCADE"), index=True
    )
