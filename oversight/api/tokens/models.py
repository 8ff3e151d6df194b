"""The table of force API tokens: the tokens force systems send their records with."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from oversight.forces.models import Force
from oversight.models import Base, utcnow


class ForceToken(Base):
    """A force system's API token. Only a SHA-256 of the token is kept; `prefix` is its
    first characters, shown so administrators can tell tokens apart."""

    __tablename__ = "force_tokens"

    id: Mapped[int] = mapped_column(primary_key=True)
    force_id: Mapped[int] = mapped_column(sa.ForeignKey("forces.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(100))
    prefix: Mapped[str] = mapped_column(sa.String(16))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_by: Mapped[str] = mapped_column(sa.String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    last_used_at: Mapped[datetime | None]
    revoked_by: Mapped[str | None] = mapped_column(sa.String(100))
    revoked_at: Mapped[datetime | None]

    force: Mapped[Force] = relationship()

    @property
    def active(self) -> bool:
        return self.revoked_at is None
