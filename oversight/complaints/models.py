"""A complaint (case), its complainant, evidence and timeline."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from oversight.complaints.enums import (
    Channel,
    Concern,
    ContactMethod,
    Priority,
    Relation,
    Status,
    Technology,
    TimelineKind,
)
from oversight.extensions import db
from oversight.forces.models import Force
from oversight.models import enum_column, utcnow


class Complaint(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "complaints"

    id: Mapped[int] = mapped_column(primary_key=True)
    reference: Mapped[str] = mapped_column(sa.String(16), unique=True)
    # Hash of the public draft that became this complaint: a second submit finds it.
    submission_key: Mapped[str | None] = mapped_column(sa.String(64), unique=True)
    channel: Mapped[Channel] = enum_column(Channel)
    technology: Mapped[Technology] = enum_column(Technology)
    force_id: Mapped[int | None] = mapped_column(sa.ForeignKey("forces.id"), index=True)
    incident_date: Mapped[date | None]
    incident_date_approximate: Mapped[bool] = mapped_column(default=False)
    place: Mapped[str] = mapped_column(sa.Text)
    what_happened: Mapped[str] = mapped_column(sa.Text)
    relation: Mapped[Relation] = enum_column(Relation)
    outcome_wanted: Mapped[str] = mapped_column(sa.Text)
    status: Mapped[Status] = enum_column(Status, default=Status.RECEIVED, index=True)
    priority: Mapped[Priority] = enum_column(Priority, default=Priority.NORMAL)
    language: Mapped[str] = mapped_column(sa.String(8), default="en")
    tracking_code_hash: Mapped[str] = mapped_column(sa.String(255))
    received_at: Mapped[datetime] = mapped_column(index=True)
    acknowledge_by: Mapped[date]
    triage_by: Mapped[date]
    decision_by: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    force: Mapped[Force | None] = relationship()
    concerns: Mapped[list[ComplaintConcern]] = relationship(
        back_populates="complaint",
        cascade="all, delete-orphan",
        order_by="ComplaintConcern.concern",
    )
    complainant: Mapped[Complainant | None] = relationship(
        back_populates="complaint", cascade="all, delete-orphan"
    )
    evidence: Mapped[list[Evidence]] = relationship(
        back_populates="complaint", cascade="all, delete-orphan", order_by="Evidence.id"
    )
    timeline: Mapped[list[TimelineEntry]] = relationship(
        back_populates="complaint", cascade="all, delete-orphan", order_by="TimelineEntry.id"
    )

    @property
    def anonymous(self) -> bool:
        return self.complainant is None

    def __repr__(self) -> str:
        return f"<Complaint {self.reference}>"


class ComplaintConcern(db.Model):  # type: ignore[name-defined,misc]
    __tablename__ = "complaint_concerns"

    complaint_id: Mapped[int] = mapped_column(
        sa.ForeignKey("complaints.id", ondelete="CASCADE"), primary_key=True
    )
    concern: Mapped[Concern] = enum_column(Concern, primary_key=True)

    complaint: Mapped[Complaint] = relationship(back_populates="concerns")


class Complainant(db.Model):  # type: ignore[name-defined,misc]
    """Contact details, kept apart from the case. Absent for anonymous complaints."""

    __tablename__ = "complainants"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        sa.ForeignKey("complaints.id", ondelete="CASCADE"), unique=True
    )
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    phone: Mapped[str | None] = mapped_column(sa.String(40))
    postal_address: Mapped[str | None] = mapped_column(sa.Text)
    preferred_contact: Mapped[ContactMethod] = enum_column(ContactMethod)
    preferred_language: Mapped[str] = mapped_column(sa.String(8), default="en")
    accessibility_needs: Mapped[str | None] = mapped_column(sa.Text)
    consent_to_share: Mapped[bool] = mapped_column(default=False)

    complaint: Mapped[Complaint] = relationship(back_populates="complainant")


class Evidence(db.Model):  # type: ignore[name-defined,misc]
    """An uploaded file. The bytes live in evidence storage under storage_key."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        sa.ForeignKey("complaints.id", ondelete="CASCADE"), index=True
    )
    original_name: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[str] = mapped_column(sa.String(100))
    size: Mapped[int] = mapped_column(sa.BigInteger)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    storage_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    uploaded_by: Mapped[str] = mapped_column(sa.String(100))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    complaint: Mapped[Complaint] = relationship(back_populates="evidence")


class TimelineEntry(db.Model):  # type: ignore[name-defined,misc]
    """One append-only entry in a case's history."""

    __tablename__ = "timeline_entries"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        sa.ForeignKey("complaints.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[TimelineKind] = enum_column(TimelineKind)
    at: Mapped[datetime] = mapped_column(default=utcnow)
    actor: Mapped[str] = mapped_column(sa.String(100))
    from_status: Mapped[Status | None] = enum_column(Status)
    to_status: Mapped[Status | None] = enum_column(Status)
    reason: Mapped[str | None] = mapped_column(sa.String(60))
    body: Mapped[str | None] = mapped_column(sa.Text)
    visible_to_complainant: Mapped[bool] = mapped_column(default=False)

    complaint: Mapped[Complaint] = relationship(back_populates="timeline")
