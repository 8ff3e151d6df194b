"""What the retention schedule has done, and what stops it.

- `RetentionApplied`: one row per case and kind of record once the rule for that kind
  has been applied to the case (unique per case and kind), so a run is idempotent and
  the dry run counts only what is outstanding. A case closed again after a rule was
  applied is due for that rule again (its `applied_at` is before the new closure).
- `LegalHold`: a hold on a case (who set it, when, why) stops every rule; at most one
  is active per case (a partial unique index), and a released hold is kept with who
  released it, when and why, for review.
- `PendingFileDeletion`: the storage key of an evidence file whose row went in a
  committed transaction and whose bytes are still to be deleted. Files are deleted only
  after the commit that removed their rows; a run that dies between the two leaves the
  key here, and the next run deletes the file first.
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from oversight.auth.models import User
from oversight.complaints.models import Complaint
from oversight.extensions import db
from oversight.models import enum_column, utcnow
from oversight.retention.schedule import RecordKind


# db.Model is built at run time by Flask-SQLAlchemy, so mypy sees a variable, not a class
# it can check as a base: hence the ignore[name-defined] on each model.
class RetentionApplied(db.Model):  # type: ignore[name-defined]
    __tablename__ = "retention_applied"
    __table_args__ = (sa.UniqueConstraint("complaint_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        sa.ForeignKey("complaints.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[RecordKind] = enum_column(RecordKind)
    applied_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The run that applied it (the same id is in its audit events).
    run_id: Mapped[str] = mapped_column(sa.String(32))


class LegalHold(db.Model):  # type: ignore[name-defined]
    __tablename__ = "legal_holds"
    __table_args__ = (
        # At most one active hold a case, on every database.
        sa.Index(
            "uq_legal_holds_one_active",
            "complaint_id",
            unique=True,
            postgresql_where=sa.text("released_at IS NULL"),
            sqlite_where=sa.text("released_at IS NULL"),
        ),
        sa.CheckConstraint(
            "(released_at IS NULL) = (released_by_id IS NULL)", name="released_by_someone"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        sa.ForeignKey("complaints.id", ondelete="CASCADE"), index=True
    )
    reason: Mapped[str] = mapped_column(sa.Text)
    set_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    set_at: Mapped[datetime] = mapped_column(default=utcnow)
    released_at: Mapped[datetime | None]
    released_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    release_reason: Mapped[str | None] = mapped_column(sa.Text)

    complaint: Mapped[Complaint] = relationship()
    set_by: Mapped[User] = relationship(foreign_keys=[set_by_id])
    released_by: Mapped[User | None] = relationship(foreign_keys=[released_by_id])

    @property
    def active(self) -> bool:
        return self.released_at is None


class PendingFileDeletion(db.Model):  # type: ignore[name-defined]
    __tablename__ = "pending_file_deletions"

    id: Mapped[int] = mapped_column(primary_key=True)
    storage_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    queued_at: Mapped[datetime] = mapped_column(default=utcnow)
