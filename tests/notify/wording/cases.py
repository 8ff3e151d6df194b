"""A case of each outcome, for rendering every template against a real case."""

from __future__ import annotations

from datetime import date, timedelta

from oversight.complaints.enums import (
    ClosureReason,
    Finding,
    Language,
    ReferralBody,
    ReviewOutcome,
    Status,
)
from oversight.complaints.models import Complaint, Recommendation, Review
from oversight.extensions import db
from oversight.models import utcnow
from oversight.rights.models import ReceivedVia, RequestKind, RequestStatus, RightsRequest
from tests.factories import make_case

SUMMARY = "The force put up no signs."
RECOMMENDATION = "Put up signs before each deployment."
EXPLANATION = "We looked again at the photographs you sent."


def decided(outcome: Finding, language: Language = Language.ENGLISH) -> Complaint:
    complaint = make_case(Status.DECISION_ISSUED, findings=outcome, language=language)
    assert complaint.force is not None
    complaint.recommendations.append(
        Recommendation(
            force=complaint.force,
            text=RECOMMENDATION,
            due_date=date(2027, 1, 1),
            created_by="test",
            visible_to_complainant=True,
        )
    )
    db.session.flush()
    return complaint


def referred(body: ReferralBody, language: Language = Language.ENGLISH) -> Complaint:
    return make_case(
        Status.CLOSED,
        closure_reason=ClosureReason.REFERRED,
        referred_to=body,
        in_remit=False,
        closed_at=utcnow(),
        language=language,
    )


def out_of_remit(language: Language = Language.ENGLISH) -> Complaint:
    return make_case(
        Status.CLOSED,
        closure_reason=ClosureReason.OUT_OF_REMIT,
        in_remit=False,
        closed_at=utcnow(),
        language=language,
    )


def reviewed(outcome: ReviewOutcome, language: Language = Language.ENGLISH) -> Complaint:
    complaint = make_case(Status.REVIEW_REQUESTED, findings=Finding.NOT_UPHELD, language=language)
    review: Review = complaint.reviews[-1]
    review.outcome = outcome
    review.explanation = EXPLANATION
    review.decided_at = utcnow()
    return complaint


def rights_request(status: RequestStatus = RequestStatus.COMPLETED) -> RightsRequest:
    """Not in the session: rendering reads only its fields."""
    return RightsRequest(
        kind=RequestKind.ACCESS,
        requester_name="Jo Bloggs",
        reply_to="jo@example.com",
        received_via=ReceivedVia.EMAIL,
        received_on=date(2026, 11, 2),
        due_on=date(2026, 11, 2) + timedelta(days=30),
        status=status,
        outcome_note="We sent you the bundle by email.",
    )
