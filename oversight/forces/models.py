"""Police forces: reference data loaded by the first migration."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from oversight.extensions import db


class Force(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "forces"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(sa.String(60), unique=True)
    name: Mapped[str] = mapped_column(sa.String(120))
    nation: Mapped[str] = mapped_column(sa.String(40))
    kind: Mapped[str] = mapped_column(sa.String(20))
    ons_code: Mapped[str | None] = mapped_column(sa.String(9), unique=True)
    data_police_uk_id: Mapped[str | None] = mapped_column(sa.String(60))

    def __repr__(self) -> str:
        return f"<Force {self.slug}>"


def forces_by_name() -> list[Force]:
    return list(db.session.scalars(sa.select(Force).order_by(Force.name)))


def force_by_slug(slug: str) -> Force | None:
    return db.session.scalar(sa.select(Force).where(Force.slug == slug))
