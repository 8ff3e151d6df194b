"""The demo's decisions and reviews, kept as the register keeps them (issue 12): who
recorded the findings, the Decision as sent, and a Review of it with its outcome.

The casework services do the work (findings, sign-off, issue, review request); these
helpers then make sure what the database's rules and the case page expect is there,
adding only what a service did not already leave (so nothing is ever written twice).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import current_app

from oversight.auth.models import User
from oversight.casework import decisions
from oversight.casework.changes import actor_of
from oversight.complaints import services as complaints
from oversight.complaints.enums import ReviewOutcome
from oversight.complaints.models import Complaint, Decision, Review
from oversight.extensions import db
from oversight.models import utcnow

# What the complainant is told of each review's outcome.
EXPLANATIONS = {
    ReviewOutcome.UPHELD: (
        "We agree that we did not look at the footage you sent. We have looked at it and "
        "made a new decision."
    ),
    ReviewOutcome.NOT_UPHELD: (
        "We looked again at how we handled your complaint. We considered everything you "
        "sent, so our decision stands."
    ),
}


def credit_findings(complaint: Complaint, by: User) -> None:
    """The findings were recorded by `by`: each finding, and the case's last recorder."""
    for finding in complaint.findings:
        if finding.recorded_by_id is None:
            finding.recorded_by_id = by.id
    if complaint.findings_by_id is None:
        complaint.findings_by_id = by.id


def issue(complaint: Complaint, by: User) -> Decision:
    """Issue the signed-off decision and return it as kept, numbered 1, 2…"""
    number = _count(Decision, complaint) + 1
    if complaint.decision_issued_at is None:
        # A decided case carries its decision time from the moment its status changes.
        complaint.decision_issued_at = utcnow()
    decisions.issue_decision(complaint, by, complaint.version)
    kept = db.session.scalar(
        sa.select(Decision).where(Decision.complaint_id == complaint.id, Decision.number == number)
    )
    if kept is None:
        assert complaint.overall_outcome is not None and complaint.signed_off_by_id is not None
        assert complaint.decision_issued_at is not None
        kept = Decision(
            complaint_id=complaint.id,
            number=number,
            overall_outcome=complaint.overall_outcome,
            summary=complaint.decision_summary or "",
            findings=[
                {"concern": f.concern.value, "finding": f.finding.value} for f in complaint.findings
            ],
            signed_off_by_id=complaint.signed_off_by_id,
            issued_by=actor_of(by),
            issued_at=complaint.decision_issued_at,
        )
        db.session.add(kept)
        db.session.flush()
    return kept


def ask_for_review(complaint: Complaint, reasons: str) -> Review:
    """The complainant asks for a review of the latest decision."""
    targets = complaints.Targets.from_config(current_app.config)
    return decisions.request_review(complaint, reasons, utcnow(), targets)


def decide_review(review: Review, outcome: ReviewOutcome, by: User) -> None:
    """The review ends with its outcome, told to the complainant (the casework service:
    upheld reopens the case for a new decision, not upheld closes it)."""
    complaint = review.complaint
    decisions.decide_review(complaint, outcome, EXPLANATIONS[outcome], by, complaint.version)


def _count(model: type[Decision] | type[Review], complaint: Complaint) -> int:
    return (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(model).where(model.complaint_id == complaint.id)
        )
        or 0
    )
