"""A message template (one key in one language) and its versions, append-only.

Version 1 is the shipped default wording (created_by_id empty), made the first time the
template is needed; each save in the browser adds the next version with who and when.
An outbox message records the version it was written from.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from oversight.auth.models import User
from oversight.complaints.enums import Language
from oversight.extensions import db
from oversight.models import enum_column, utcnow


# db.Model is built at run time by Flask-SQLAlchemy, so mypy sees a variable, not a class
# it can check as a base: hence the ignore[name-defined] on each model.
class MessageTemplate(db.Model):  # type: ignore[name-defined]
    __tablename__ = "message_templates"
    __table_args__ = (sa.UniqueConstraint("key", "language"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(sa.String(64))
    language: Mapped[Language] = enum_column(Language)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    versions: Mapped[list[MessageTemplateVersion]] = relationship(
        back_populates="template", order_by="MessageTemplateVersion.version"
    )


class MessageTemplateVersion(db.Model):  # type: ignore[name-defined]
    __tablename__ = "message_template_versions"
    __table_args__ = (
        sa.UniqueConstraint("template_id", "version"),
        sa.CheckConstraint("version >= 1", name="version_positive"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    template_id: Mapped[int] = mapped_column(sa.ForeignKey("message_templates.id"), index=True)
    version: Mapped[int]
    subject: Mapped[str] = mapped_column(sa.String(255))
    body: Mapped[str] = mapped_column(sa.Text)
    # None: the wording shipped with the register (version 1).
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    template: Mapped[MessageTemplate] = relationship(back_populates="versions")
    created_by: Mapped[User | None] = relationship()

    @property
    def key(self) -> str:
        return self.template.key

    @property
    def language(self) -> Language:
        return self.template.language


@sa.event.listens_for(MessageTemplateVersion, "before_update")
def _versions_are_append_only(*_: object) -> None:
    raise ValueError("A message template version never changes: save a new version")
