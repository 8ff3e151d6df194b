"""A draft of text a member of staff was typing in a long field of a staff form.

Its key is the form's address and the field's name (`/staff/cases/<ref>/notes#text`);
one draft per person and key. The text may hold anything a note would, special category
data included: it is read only by its owner, never logged, deleted when the form is sent
successfully, and purged after DRAFT_KEEP (30 days)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from oversight.forms import TEXT_MAX
from oversight.models import Base, utcnow

KEY_MAX = 300
# The longest text any long field takes (oversight/forms.py: TEXT_MAX).
DRAFT_TEXT_MAX = TEXT_MAX


class Draft(Base):
    __tablename__ = "drafts"
    __table_args__ = (
        sa.UniqueConstraint("user_id", "key"),
        sa.CheckConstraint(f"length(text) <= {DRAFT_TEXT_MAX}", name="text_length"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    key: Mapped[str] = mapped_column(sa.String(KEY_MAX))
    text: Mapped[str] = mapped_column(sa.Text)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
