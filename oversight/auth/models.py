"""Staff accounts and their roles."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from oversight.complaints.enums import LABELS, Labelled
from oversight.models import Base, enum_column, utcnow


class Role(Labelled):
    CASEWORKER = "caseworker"
    SENIOR_CASEWORKER = "senior_caseworker"
    STATISTICIAN = "statistician"
    PUBLISHER = "publisher"
    ADMINISTRATOR = "administrator"
    INFORMATION_RIGHTS = "information_rights"


LABELS.update(
    {
        Role.CASEWORKER: _l("Caseworker"),
        Role.SENIOR_CASEWORKER: _l("Senior caseworker"),
        Role.STATISTICIAN: _l("Statistician"),
        Role.PUBLISHER: _l("Publisher"),
        Role.ADMINISTRATOR: _l("Administrator"),
        Role.INFORMATION_RIGHTS: _l("Information rights officer"),
    }
)


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    password_hash: Mapped[str] = mapped_column(sa.String(255))
    totp_secret: Mapped[str | None] = mapped_column(sa.String(64))
    totp_confirmed_at: Mapped[datetime | None]
    # The last TOTP time step accepted: a code is never accepted twice.
    totp_last_step: Mapped[int | None] = mapped_column(sa.BigInteger)
    # Bumped on sign-out, password change and disabling: every older session ends.
    session_version: Mapped[int] = mapped_column(default=1)
    disabled_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    password_changed_at: Mapped[datetime] = mapped_column(default=utcnow)

    role_rows: Mapped[list[UserRole]] = relationship(
        back_populates="user", cascade="all, delete-orphan", order_by="UserRole.role"
    )

    @property
    def roles(self) -> set[Role]:
        return {row.role for row in self.role_rows}

    @roles.setter
    def roles(self, roles: set[Role]) -> None:
        current = {row.role: row for row in self.role_rows}
        self.role_rows = [current.get(role) or UserRole(role=role) for role in sorted(roles)]

    @property
    def active(self) -> bool:
        return self.disabled_at is None

    @property
    def mfa_enrolled(self) -> bool:
        return self.totp_confirmed_at is not None

    def has_any(self, roles: set[Role] | frozenset[Role]) -> bool:
        return bool(self.roles & roles)

    # Flask-Login: the id carries the session version, so a bumped version ends old sessions.
    is_anonymous = False

    @property
    def is_authenticated(self) -> bool:
        return True

    @property
    def is_active(self) -> bool:
        return self.active

    def get_id(self) -> str:
        return f"{self.id}:{self.session_version}"

    def __repr__(self) -> str:
        return f"<User {self.id}>"


class UserRole(Base):
    __tablename__ = "user_roles"

    user_id: Mapped[int] = mapped_column(
        sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    role: Mapped[Role] = enum_column(Role, primary_key=True)

    user: Mapped[User] = relationship(back_populates="role_rows")
