"""Police forces: reference data loaded by the first migration."""

from __future__ import annotations

from enum import StrEnum

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from oversight.extensions import db
from oversight.models import Base, enum_column


class Nation(StrEnum):
    """Where a force polices, as the reference list names it."""

    ENGLAND = "England"
    WALES = "Wales"
    SCOTLAND = "Scotland"
    NORTHERN_IRELAND = "Northern Ireland"
    GREAT_BRITAIN = "Great Britain"
    UNITED_KINGDOM = "United Kingdom"


class ForceKind(StrEnum):
    TERRITORIAL = "territorial"
    SPECIAL = "special"
    AGENCY = "agency"


class Force(Base):
    __tablename__ = "forces"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    nation: Mapped[Nation] = enum_column(Nation)
    kind: Mapped[ForceKind] = enum_column(ForceKind)
    ons_code: Mapped[str | None] = mapped_column(sa.String(9), unique=True)
    data_police_uk_id: Mapped[str | None] = mapped_column(sa.String(60))

    def __repr__(self) -> str:
        return f"<Force {self.slug}>"


def forces_by_name() -> list[Force]:
    return list(db.session.scalars(sa.select(Force).order_by(Force.name)))


def force_by_slug(slug: str) -> Force | None:
    return db.session.scalar(sa.select(Force).where(Force.slug == slug))
