"""A data subject's rights request as its own piece of work: its clock, identity check,
the cases chosen as the requester's, the redactions made before release, and each
release of the export bundle."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import Mapped, mapped_column, relationship

from oversight.auth.models import User
from oversight.complaints.enums import LABELS, Labelled
from oversight.complaints.models import Complaint, Evidence
from oversight.models import Base, Json, enum_column, utcnow


class RequestKind(Labelled):
    ACCESS = "access"
    RECTIFICATION = "rectification"
    ERASURE = "erasure"
    RESTRICTION = "restriction"
    OBJECTION = "objection"


class ReceivedVia(Labelled):
    EMAIL = "email"
    POST = "post"
    PHONE = "phone"
    ONLINE = "online"
    IN_PERSON = "in_person"


class RequestStatus(Labelled):
    RECEIVED = "received"
    IDENTITY_CHECKED = "identity_checked"
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"
    REFUSED = "refused"
    WITHDRAWN = "withdrawn"


CLOSED = frozenset({RequestStatus.COMPLETED, RequestStatus.REFUSED, RequestStatus.WITHDRAWN})


class RedactionReason(Labelled):
    THIRD_PARTY = "third_party"
    LEGAL_ADVICE = "legal_advice"
    OTHER = "other"


LABELS.update(
    {
        RequestKind.ACCESS: _l("Access (a copy of their data)"),
        RequestKind.RECTIFICATION: _l("Rectification (correcting their data)"),
        RequestKind.ERASURE: _l("Erasure (deleting their data)"),
        RequestKind.RESTRICTION: _l("Restriction (limiting use of their data)"),
        RequestKind.OBJECTION: _l("Objection (to how their data is used)"),
        ReceivedVia.EMAIL: _l("Email"),
        ReceivedVia.POST: _l("Post"),
        ReceivedVia.PHONE: _l("Phone"),
        ReceivedVia.ONLINE: _l("Online"),
        ReceivedVia.IN_PERSON: _l("In person"),
        RequestStatus.RECEIVED: _l("Received"),
        RequestStatus.IDENTITY_CHECKED: _l("Identity checked"),
        RequestStatus.IN_PROGRESS: _l("In progress"),
        RequestStatus.COMPLETED: _l("Completed"),
        RequestStatus.REFUSED: _l("Refused"),
        RequestStatus.WITHDRAWN: _l("Withdrawn"),
        RedactionReason.THIRD_PARTY: _l("Third-party personal data"),
        RedactionReason.LEGAL_ADVICE: _l("Internal legal advice"),
        RedactionReason.OTHER: _l("Other (say why)"),
    }
)


class RightsRequest(Base):
    __tablename__ = "rights_requests"
    __table_args__ = (
        sa.CheckConstraint("due_on > received_on", name="due_after_receipt"),
        # One extension, with its reason, who and when: all or nothing.
        sa.CheckConstraint(
            "(extended_due_on IS NULL AND extension_reason IS NULL AND extended_by_id IS NULL"
            " AND extended_at IS NULL) OR (extended_due_on IS NOT NULL"
            " AND extension_reason IS NOT NULL AND extension_reason <> ''"
            " AND extended_by_id IS NOT NULL AND extended_at IS NOT NULL"
            " AND extended_due_on > due_on)",
            name="extension_has_a_reason",
        ),
        sa.CheckConstraint(
            "(identity_method IS NULL AND identity_checked_by_id IS NULL"
            " AND identity_checked_at IS NULL) OR (identity_method IS NOT NULL"
            " AND identity_method <> '' AND identity_checked_by_id IS NOT NULL"
            " AND identity_checked_at IS NOT NULL)",
            name="identity_check_whole",
        ),
        sa.CheckConstraint(
            "status NOT IN ('identity_checked', 'completed') OR identity_checked_at IS NOT NULL",
            name="checked_before_completed",
        ),
        sa.CheckConstraint(
            "(status IN ('completed', 'refused', 'withdrawn')) = (closed_at IS NOT NULL)",
            name="closed_has_a_time",
        ),
        sa.Index("ix_rights_requests_open_due", "closed_at", "due_on", "id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[RequestKind] = enum_column(RequestKind)
    requester_name: Mapped[str] = mapped_column(sa.String(200))
    # How to reply: an email address, a postal address or a phone number, as given.
    reply_to: Mapped[str] = mapped_column(sa.Text)
    received_via: Mapped[ReceivedVia] = enum_column(ReceivedVia)
    received_on: Mapped[date]
    due_on: Mapped[date]
    extended_due_on: Mapped[date | None]
    extension_reason: Mapped[str | None] = mapped_column(sa.Text)
    extended_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    extended_at: Mapped[datetime | None]
    identity_method: Mapped[str | None] = mapped_column(sa.Text)
    identity_checked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    identity_checked_at: Mapped[datetime | None]
    status: Mapped[RequestStatus] = enum_column(RequestStatus, default=RequestStatus.RECEIVED)
    outcome_note: Mapped[str | None] = mapped_column(sa.Text)
    closed_at: Mapped[datetime | None]
    logged_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    logged_at: Mapped[datetime] = mapped_column(default=utcnow)

    logged_by: Mapped[User] = relationship(foreign_keys=[logged_by_id])
    extended_by: Mapped[User | None] = relationship(foreign_keys=[extended_by_id])
    identity_checked_by: Mapped[User | None] = relationship(foreign_keys=[identity_checked_by_id])
    cases: Mapped[list[RequestCase]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="RequestCase.chosen_at"
    )
    redactions: Mapped[list[Redaction]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="Redaction.id"
    )
    releases: Mapped[list[BundleRelease]] = relationship(
        back_populates="request", cascade="all, delete-orphan", order_by="BundleRelease.id"
    )

    @property
    def deadline(self) -> date:
        return self.extended_due_on or self.due_on

    @property
    def closed(self) -> bool:
        return self.status in CLOSED

    @property
    def identity_checked(self) -> bool:
        return self.identity_checked_at is not None

    def days_left(self, today: date) -> int:
        return (self.deadline - today).days

    def overdue(self, today: date) -> bool:
        return not self.closed and self.deadline < today


class RequestCase(Base):
    """A case chosen as the requester's own."""

    __tablename__ = "rights_request_cases"

    request_id: Mapped[int] = mapped_column(
        sa.ForeignKey("rights_requests.id", ondelete="CASCADE"), primary_key=True
    )
    complaint_id: Mapped[int] = mapped_column(
        sa.ForeignKey("complaints.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    chosen_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    chosen_at: Mapped[datetime] = mapped_column(default=utcnow)

    request: Mapped[RightsRequest] = relationship(back_populates="cases")
    complaint: Mapped[Complaint] = relationship()


class Redaction(Base):
    """What the released copy leaves out: a phrase wherever it appears in the records'
    text, or a box on one page of an evidence file (in fractions of the page)."""

    __tablename__ = "rights_redactions"
    __table_args__ = (
        sa.CheckConstraint(
            "(phrase IS NOT NULL AND phrase <> '' AND evidence_id IS NULL AND page IS NULL"
            " AND box_left IS NULL AND box_top IS NULL AND box_right IS NULL"
            " AND box_bottom IS NULL) OR (phrase IS NULL AND evidence_id IS NOT NULL"
            " AND page >= 0 AND box_left >= 0 AND box_left < box_right AND box_right <= 1"
            " AND box_top >= 0 AND box_top < box_bottom AND box_bottom <= 1)",
            name="phrase_or_box",
        ),
        sa.CheckConstraint(
            "reason <> 'other' OR (note IS NOT NULL AND note <> '')", name="other_has_a_note"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        sa.ForeignKey("rights_requests.id", ondelete="CASCADE"), index=True
    )
    phrase: Mapped[str | None] = mapped_column(sa.Text)
    evidence_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("evidence.id", ondelete="CASCADE"), index=True
    )
    page: Mapped[int | None]
    box_left: Mapped[float | None] = mapped_column(sa.Float)
    box_top: Mapped[float | None] = mapped_column(sa.Float)
    box_right: Mapped[float | None] = mapped_column(sa.Float)
    box_bottom: Mapped[float | None] = mapped_column(sa.Float)
    reason: Mapped[RedactionReason] = enum_column(RedactionReason)
    note: Mapped[str | None] = mapped_column(sa.Text)
    created_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    request: Mapped[RightsRequest] = relationship(back_populates="redactions")
    evidence: Mapped[Evidence | None] = relationship()
    created_by: Mapped[User] = relationship()


class BundleRelease(Base):
    """One export bundle as released to the requester."""

    __tablename__ = "rights_releases"

    id: Mapped[int] = mapped_column(primary_key=True)
    request_id: Mapped[int] = mapped_column(
        sa.ForeignKey("rights_requests.id", ondelete="CASCADE"), index=True
    )
    released_at: Mapped[datetime] = mapped_column(default=utcnow)
    released_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    sha256: Mapped[str] = mapped_column(sa.String(64))
    size: Mapped[int] = mapped_column(sa.BigInteger)
    # {"cases": n, "evidence": n, "redactions": n}
    counts: Mapped[Json] = mapped_column(sa.JSON, nullable=False)

    request: Mapped[RightsRequest] = relationship(back_populates="releases")
    released_by: Mapped[User] = relationship()
