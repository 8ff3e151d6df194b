"""A saved view of the queue: a filter and sort under a name, its owner's, and shared
with the team when they choose.

`filters` holds QueueFilters.as_args() (never the cursor) as it was when saved; it is
read through QueueFilters.from_args again each time it is applied, so a choice that no
longer exists is ignored with the queue's notice."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from oversight.auth.models import User
from oversight.models import Base, utcnow

NAME_MAX = 100


class SavedView(Base):
    __tablename__ = "saved_views"
    __table_args__ = (sa.UniqueConstraint("owner_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(NAME_MAX))
    filters: Mapped[dict[str, str]] = mapped_column(sa.JSON, default=dict)
    shared: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    owner: Mapped[User] = relationship()
