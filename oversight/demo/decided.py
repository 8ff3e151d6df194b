"""The demo's decisions and reviews, kept as the register keeps them (issue 12): who
recorded the findings, the Decision as sent, and a Review of it with its outcome.

The casework services do all the work (findings with their recorders, sign-off, the
Decision as sent, the review and its outcome); these helpers give them the demo's words.
"""

from __future__ import annotations

from flask import current_app

from oversight.auth.models import User
from oversight.casework import decisions
from oversight.complaints import services as complaints
from oversight.complaints.enums import ReviewOutcome
from oversight.complaints.models import Complaint, Review
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


def ask_for_review(complaint: Complaint, reasons: str) -> Review:
    """The complainant asks for a review of the latest decision."""
    targets = complaints.Targets.from_config(current_app.config)
    return decisions.request_review(complaint, reasons, utcnow(), targets)


def decide_review(review: Review, outcome: ReviewOutcome, by: User) -> None:
    """The review ends with its outcome, told to the complainant (the casework service:
    upheld reopens the case for a new decision, not upheld closes it)."""
    complaint = review.complaint
    decisions.decide_review(complaint, outcome, EXPLANATIONS[outcome], by, complaint.version)
