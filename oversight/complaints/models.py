"""A complaint (case), its complainant, evidence and timeline."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from oversight.auth.models import User
from oversight.complaints.enums import (
    Channel,
    ClosureReason,
    Concern,
    ContactMethod,
    EvidenceType,
    Finding,
    ForceResponse,
    Language,
    LinkKind,
    Priority,
    ReferralBody,
    Relation,
    ReviewOutcome,
    Status,
    Technology,
    TimelineKind,
)
from oversight.extensions import db
from oversight.forces.models import Force
from oversight.models import Json, enum_column, utcnow


# db.Model is built at run time by Flask-SQLAlchemy, so mypy sees a variable, not a class
# it can check as a base: hence the ignore[name-defined] on each model.
class Complaint(db.Model):  # type: ignore[name-defined]
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
    priority: Mapped[Priority] = enum_column(Priority, default=Priority.STANDARD)
    # Urgent 1, high 2, standard 3: sortable and indexable, kept with `priority`.
    priority_rank: Mapped[int] = mapped_column(sa.SmallInteger, default=3)
    priority_reason: Mapped[str | None] = mapped_column(sa.Text)
    # Every change bumps the version; a change made from an older page is refused.
    version: Mapped[int] = mapped_column(default=1)
    assignee_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    in_remit: Mapped[bool | None]
    referred_to: Mapped[ReferralBody | None] = enum_column(ReferralBody, nullable=True)
    closure_reason: Mapped[ClosureReason | None] = enum_column(ClosureReason, nullable=True)
    overall_outcome: Mapped[Finding | None] = enum_column(Finding, nullable=True)
    decision_summary: Mapped[str | None] = mapped_column(sa.Text)
    # Who last recorded or changed the findings: never the one who signs them off.
    findings_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    signed_off_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    signed_off_at: Mapped[datetime | None]
    decision_issued_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    # Waiting for the complainant pauses the decision clock.
    awaiting_since: Mapped[datetime | None]
    # The next deadline (triage, then decision); none while paused or once decided.
    due_on: Mapped[date | None]
    review_requested_at: Mapped[datetime | None]
    # A reply or evidence from the complainant that the caseworker has not yet read.
    replied_at: Mapped[datetime | None]
    language: Mapped[Language] = enum_column(Language, default=Language.ENGLISH)
    tracking_code_hash: Mapped[str] = mapped_column(sa.String(255))
    received_at: Mapped[datetime] = mapped_column(index=True)
    acknowledge_by: Mapped[date]
    triage_by: Mapped[date]
    decision_by: Mapped[date]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    force: Mapped[Force | None] = relationship()
    assignee: Mapped[User | None] = relationship(foreign_keys=[assignee_id])
    signed_off_by: Mapped[User | None] = relationship(foreign_keys=[signed_off_by_id])
    findings_by: Mapped[User | None] = relationship(foreign_keys=[findings_by_id])
    decisions: Mapped[list[Decision]] = relationship(
        back_populates="complaint", cascade="all, delete-orphan", order_by="Decision.number"
    )
    reviews: Mapped[list[Review]] = relationship(
        back_populates="complaint", cascade="all, delete-orphan", order_by="Review.id"
    )
    findings: Mapped[list[CaseFinding]] = relationship(
        back_populates="complaint", cascade="all, delete-orphan", order_by="CaseFinding.concern"
    )
    recommendations: Mapped[list[Recommendation]] = relationship(
        back_populates="complaint", cascade="all, delete-orphan", order_by="Recommendation.id"
    )
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

    def next_due(self) -> date | None:
        """Triage is due until the case is triaged, then the decision; nothing while
        waiting for the complainant (the clock is paused) or once decided."""
        if self.status in (Status.RECEIVED, Status.IN_TRIAGE):
            return self.triage_by
        if self.status in (Status.INVESTIGATING, Status.REVIEW_REQUESTED):
            return self.decision_by
        return None

    def overdue(self, today: date) -> bool:
        due = self.next_due()
        return due is not None and due < today

    def __repr__(self) -> str:
        return f"<Complaint {self.reference}>"

    __table_args__ = (
        sa.Index("ix_complaints_queue_received", "status", "received_at", "id"),
        sa.Index("ix_complaints_queue_priority", "priority_rank", "received_at", "id"),
        sa.Index("ix_complaints_queue_due", "due_on", "id"),
        sa.Index("ix_complaints_queue_assignee", "assignee_id", "received_at", "id"),
        # The desk (oversight/desk/queries.py): a person's open cases, due and replied,
        # from the index alone rather than every case they were ever given.
        sa.Index("ix_complaints_desk_assignee", "assignee_id", "status", "due_on", "replied_at"),
        # Statistics: cases closed in a period, and open at its end (statistics/queries.py).
        sa.Index("ix_complaints_closed_at", "closed_at"),
        sa.Index("ix_complaints_review_requested_at", "review_requested_at"),
        # The rules of the decision, held by the database too (casework/decisions.py):
        # a decided case was signed off, and never by its assignee or the findings' author.
        sa.CheckConstraint(
            "status <> 'decision_issued' OR (signed_off_by_id IS NOT NULL"
            " AND decision_issued_at IS NOT NULL AND overall_outcome IS NOT NULL)",
            name="decision_signed_off",
        ),
        sa.CheckConstraint(
            "signed_off_by_id IS NULL OR assignee_id IS NULL OR signed_off_by_id <> assignee_id",
            name="signer_not_assignee",
        ),
        sa.CheckConstraint(
            "signed_off_by_id IS NULL OR findings_by_id IS NULL"
            " OR signed_off_by_id <> findings_by_id",
            name="signer_not_recorder",
        ),
    )


class ComplaintConcern(db.Model):  # type: ignore[name-defined]
    __tablename__ = "complaint_concerns"

    complaint_id: Mapped[int] = mapped_column(
        sa.ForeignKey("complaints.id", ondelete="CASCADE"), primary_key=True
    )
    concern: Mapped[Concern] = enum_column(Concern, primary_key=True)

    complaint: Mapped[Complaint] = relationship(back_populates="concerns")


class Complainant(db.Model):  # type: ignore[name-defined]
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
    preferred_language: Mapped[Language] = enum_column(Language, default=Language.ENGLISH)
    # Asked to be written to in Welsh and English: each message holds both, Welsh first.
    both_languages: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    accessibility_needs: Mapped[str | None] = mapped_column(sa.Text)
    consent_to_share: Mapped[bool] = mapped_column(default=False)

    complaint: Mapped[Complaint] = relationship(back_populates="complainant")


class Evidence(db.Model):  # type: ignore[name-defined]
    """An uploaded file. The bytes live in evidence storage under storage_key."""

    __tablename__ = "evidence"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        sa.ForeignKey("complaints.id", ondelete="CASCADE"), index=True
    )
    original_name: Mapped[str] = mapped_column(sa.String(255))
    content_type: Mapped[EvidenceType] = enum_column(EvidenceType)
    size: Mapped[int] = mapped_column(sa.BigInteger)
    sha256: Mapped[str] = mapped_column(sa.String(64))
    storage_key: Mapped[str] = mapped_column(sa.String(64), unique=True)
    uploaded_by: Mapped[str] = mapped_column(sa.String(100))
    uploaded_at: Mapped[datetime] = mapped_column(default=utcnow)

    complaint: Mapped[Complaint] = relationship(back_populates="evidence")


class TimelineEntry(db.Model):  # type: ignore[name-defined]
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
    # The closure reason, on a move to closed.
    reason: Mapped[ClosureReason | None] = enum_column(ClosureReason, nullable=True)
    body: Mapped[str | None] = mapped_column(sa.Text)
    visible_to_complainant: Mapped[bool] = mapped_column(default=False)

    complaint: Mapped[Complaint] = relationship(back_populates="timeline")


class CaseFinding(db.Model):  # type: ignore[name-defined]
    """The finding on one concern of a case."""

    __tablename__ = "case_findings"

    complaint_id: Mapped[int] = mapped_column(
        sa.ForeignKey("complaints.id", ondelete="CASCADE"), primary_key=True
    )
    concern: Mapped[Concern] = enum_column(Concern, primary_key=True)
    finding: Mapped[Finding] = enum_column(Finding)
    note: Mapped[str | None] = mapped_column(sa.Text)
    # Who recorded this finding, or last changed it.
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))

    complaint: Mapped[Complaint] = relationship(back_populates="findings")


class Decision(db.Model):  # type: ignore[name-defined]
    """A decision as it was sent: the findings per concern, the outcome and the summary
    for the complainant, and who signed it off. Never changed once written; a review
    that is upheld leads to a new decision with the next number."""

    __tablename__ = "decisions"
    __table_args__ = (sa.UniqueConstraint("complaint_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        sa.ForeignKey("complaints.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    overall_outcome: Mapped[Finding] = enum_column(Finding)
    summary: Mapped[str] = mapped_column(sa.Text)
    # [{"concern": "...", "finding": "..."}], in concern order.
    findings: Mapped[Json] = mapped_column(sa.JSON, nullable=False)
    signed_off_by_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    issued_by: Mapped[str] = mapped_column(sa.String(100))
    issued_at: Mapped[datetime]

    complaint: Mapped[Complaint] = relationship(back_populates="decisions")
    review: Mapped[Review | None] = relationship(back_populates="decision")


class Review(db.Model):  # type: ignore[name-defined]
    """The complainant's review of one decision (at most one each), and its outcome."""

    __tablename__ = "reviews"
    __table_args__ = (
        sa.CheckConstraint("(outcome IS NULL) = (decided_at IS NULL)", name="outcome_has_a_time"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        sa.ForeignKey("complaints.id", ondelete="CASCADE"), index=True
    )
    decision_id: Mapped[int] = mapped_column(
        sa.ForeignKey("decisions.id", ondelete="CASCADE"), unique=True
    )
    reasons: Mapped[str] = mapped_column(sa.Text)
    requested_at: Mapped[datetime]
    outcome: Mapped[ReviewOutcome | None] = enum_column(ReviewOutcome, nullable=True)
    # What the complainant is told of the outcome: written for them.
    explanation: Mapped[str | None] = mapped_column(sa.Text)
    decided_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id"))
    decided_at: Mapped[datetime | None]

    complaint: Mapped[Complaint] = relationship(back_populates="reviews")
    decision: Mapped[Decision] = relationship(back_populates="review")


class Recommendation(db.Model):  # type: ignore[name-defined]
    """A recommendation to a force, with its due date and the force's response."""

    __tablename__ = "recommendations"

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        sa.ForeignKey("complaints.id", ondelete="CASCADE"), index=True
    )
    force_id: Mapped[int] = mapped_column(sa.ForeignKey("forces.id"), index=True)
    text: Mapped[str] = mapped_column(sa.Text)
    due_date: Mapped[date]
    response: Mapped[ForceResponse | None] = enum_column(ForceResponse, nullable=True)
    responded_at: Mapped[datetime | None]
    created_by: Mapped[str] = mapped_column(sa.String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Chosen on the form: shown to the complainant with the decision, or internal.
    visible_to_complainant: Mapped[bool] = mapped_column(default=False)

    complaint: Mapped[Complaint] = relationship(back_populates="recommendations")
    force: Mapped[Force] = relationship()


class ComplaintLink(db.Model):  # type: ignore[name-defined]
    """One complaint is a duplicate of, or related to, another."""

    __tablename__ = "complaint_links"
    __table_args__ = (sa.UniqueConstraint("complaint_id", "other_id", "kind"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        sa.ForeignKey("complaints.id", ondelete="CASCADE"), index=True
    )
    other_id: Mapped[int] = mapped_column(
        sa.ForeignKey("complaints.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[LinkKind] = enum_column(LinkKind)
    created_by: Mapped[str] = mapped_column(sa.String(100))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    complaint: Mapped[Complaint] = relationship(foreign_keys=[complaint_id])
    other: Mapped[Complaint] = relationship(foreign_keys=[other_id])


class DismissedSuggestion(db.Model):  # type: ignore[name-defined]
    """A caseworker judged another complaint not the same as or related to this one: it
    is no longer suggested for this case (casework/duplicates/suggestions.py)."""

    __tablename__ = "dismissed_suggestions"
    __table_args__ = (sa.UniqueConstraint("complaint_id", "other_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    complaint_id: Mapped[int] = mapped_column(
        sa.ForeignKey("complaints.id", ondelete="CASCADE"), index=True
    )
    other_id: Mapped[int] = mapped_column(
        sa.ForeignKey("complaints.id", ondelete="CASCADE"), index=True
    )
    dismissed_by: Mapped[str] = mapped_column(sa.String(100))
    dismissed_at: Mapped[datetime] = mapped_column(default=utcnow)
