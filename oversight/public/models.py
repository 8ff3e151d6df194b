"""Answers to the complaint questions, kept server-side until submitted."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from oversight.complaints.answers import Answers
from oversight.extensions import db
from oversight.models import utcnow


# db.Model is built at run time by Flask-SQLAlchemy, so mypy sees a variable, not a class
# it can check as a base: hence the ignore[name-defined] on each model.
class ComplaintDraft(db.Model):  # type: ignore[name-defined]
    """A complaint being written. Only the hash of its token is stored."""

    __tablename__ = "complaint_drafts"

    id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    answers: Mapped[Answers] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(index=True)
    complaint_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("complaints.id", ondelete="SET NULL")
    )
    # "Save and come back later": the hash of the code (or emailed link) that reopens
    # the draft from another browser; the code itself is never stored.
    return_code_hash: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    saved_at: Mapped[datetime | None]
