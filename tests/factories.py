"""Plain factory functions for test data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa

from oversight.auth import passwords
from oversight.auth.models import Role, User
from oversight.complaints import services
from oversight.complaints.enums import Finding, Status
from oversight.complaints.models import CaseFinding, Complaint, Decision, Review
from oversight.extensions import db
from oversight.models import utcnow

ANSWERS: dict[str, Any] = {
    "technology": "lfr",
    "force": "south-wales",
    "incident_date": "2026-06-14",
    "incident_date_approximate": False,
    "place": "Cardiff city centre",
    "what_happened": "A camera van was scanning faces outside the stadium.",
    "concerns": ["no_notice", "protest_or_event"],
    "relation": "passer_by",
    "outcome_wanted": "An explanation of why there were no signs.",
    "wants_contact": "yes",
    "name": "Jo Bloggs",
    "email": "jo@example.com",
    "phone": None,
    "preferred_contact": "email",
    "accessibility_needs": None,
    "consent_to_share": "yes",
}
TARGETS = services.Targets(acknowledge=2, triage=10, decision=60)


def complaint_answers(**overrides: Any) -> dict[str, Any]:
    return {**ANSWERS, **overrides}


def make_complaint(
    tracking_code: str = "AAAA-BBBB-CCCC",
    received_at: datetime | None = None,
    **overrides: Any,
) -> Complaint:
    """Add a web complaint to the session (flushed, not committed)."""
    return services.create_complaint(
        complaint_answers(**overrides),
        tracking_code=tracking_code,
        received_at=received_at or utcnow(),
        targets=TARGETS,
    )


def make_case(
    status: Status = Status.RECEIVED,
    findings: Finding | None = None,
    **fields: Any,
) -> Complaint:
    """A web complaint already at `status`, set directly (no timeline entry, no audit
    event, version unchanged). With `findings`, every concern and the overall outcome
    carry that finding; `fields` set any other column (assignee_id, signed_off_by_id …).

    A case at "decision sent" or "review requested", or given a decision_issued_at, is
    decided as the rules want it (the database holds them too): findings (upheld unless
    told), a sign-off by a senior who is not its assignee, and the decision as it was sent
    (a Decision row); a case at "review requested" also has the review asked for."""
    decided = (
        status in (Status.DECISION_ISSUED, Status.REVIEW_REQUESTED)
        or fields.get("decision_issued_at") is not None
    )
    if decided and findings is None and "overall_outcome" not in fields:
        findings = Finding.UPHELD
    if decided and fields.get("signed_off_by_id") is None:
        fields["signed_off_by_id"] = signer().id
    complaint = make_complaint()
    # No flush until the case is whole: the database refuses a half-decided case.
    with db.session.no_autoflush:
        complaint.status = status
        if status is not Status.RECEIVED:
            complaint.in_remit = True
        if findings is not None:
            complaint.findings = [
                CaseFinding(concern=c.concern, finding=findings) for c in complaint.concerns
            ]
            complaint.overall_outcome = findings
            complaint.decision_summary = "The force put up no signs."
        for name, value in fields.items():
            setattr(complaint, name, value)
        if decided:
            _decide(complaint)
        if status is Status.REVIEW_REQUESTED:
            _ask_for_review(complaint)
        complaint.due_on = complaint.next_due()
    db.session.flush()
    return complaint


def signer() -> User:
    """The senior who signs off the factory's decided cases (made once)."""
    signer = db.session.scalar(sa.select(User).where(User.email == SIGNER_EMAIL))
    return signer or make_user({Role.SENIOR_CASEWORKER}, SIGNER_EMAIL, "Sign-off Senior")


def _decide(complaint: Complaint) -> None:
    complaint.signed_off_at = complaint.signed_off_at or utcnow()
    complaint.decision_issued_at = complaint.decision_issued_at or utcnow()
    assert complaint.overall_outcome is not None
    complaint.decisions.append(
        Decision(
            number=len(complaint.decisions) + 1,
            overall_outcome=complaint.overall_outcome,
            summary=complaint.decision_summary or "",
            findings=[
                {"concern": f.concern.value, "finding": f.finding.value} for f in complaint.findings
            ],
            signed_off_by_id=complaint.signed_off_by_id,
            issued_by="test",
            issued_at=complaint.decision_issued_at,
        )
    )


def _ask_for_review(complaint: Complaint) -> None:
    complaint.review_requested_at = complaint.review_requested_at or utcnow()
    complaint.reviews.append(
        Review(
            decision=complaint.decisions[-1],
            reasons="Please look at my photos again.",
            requested_at=complaint.review_requested_at,
        )
    )


SIGNER_EMAIL = "signer@example.test"


PASSWORD = "correct horse battery staple"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def make_user(
    roles: set[Role],
    email: str = "staff@example.test",
    name: str = "Staff Member",
    password: str = PASSWORD,
    enrolled: bool = True,
    **overrides: Any,
) -> User:
    """Add a staff account (flushed, not committed); enrolled in TOTP unless told not."""
    user = User(
        email=email, name=name, password_hash=passwords.hash_password(password), **overrides
    )
    user.roles = roles
    if enrolled:
        user.totp_secret = TOTP_SECRET
        user.totp_confirmed_at = utcnow()
    db.session.add(user)
    db.session.flush()
    return user


DEPLOYMENT: dict[str, Any] = {
    "force": "south-wales",
    "technology": "lfr",
    "force_reference": None,
    "deployed_on": "2026-06-14",
    "start_time": "10:00",
    "end_time": "16:00",
    "location_name": "Principality Stadium, Westgate Street",
    "location_area": "Cardiff",
    "purpose": "Wanted persons at a football match",
    "authorising_rank": "Superintendent",
    "watchlist_size": "1,203",
    "faces_seen": "24,310",
    "alerts": "6",
    "true_alerts": "4",
    "false_alerts": "2",
    "engagements": "5",
    "arrests": "2",
    "source": "published_record",
}


def make_deployment(*, actor: str = "test", **overrides: Any) -> Any:
    """A deployment record saved through the service (raw values as a file has them)."""
    from oversight.deployments import records
    from oversight.deployments.records.enums import Via
    from oversight.deployments.records.services import save_deployment

    forces = records.ForceIndex()
    cleaned = records.clean_deployment({**DEPLOYMENT, **overrides}, forces)
    assert cleaned.ok, cleaned.errors
    saved = save_deployment(cleaned.values, actor=actor, via=Via.FORM, forces=forces)
    db.session.flush()
    return saved.record


USAGE_RETURN: dict[str, Any] = {
    "force": "south-wales",
    "technology": "rfr",
    "period_start": "2026-04-01",
    "period_end": "2026-06-30",
    "searches": "1,420",
    "possible_matches": "310",
    "source": "force_submission",
}


def make_usage_return(*, actor: str = "test", **overrides: Any) -> Any:
    from oversight.deployments import records
    from oversight.deployments.records.enums import Via
    from oversight.deployments.records.services import save_usage_return

    forces = records.ForceIndex()
    cleaned = records.clean_usage_return({**USAGE_RETURN, **overrides}, forces)
    assert cleaned.ok, cleaned.errors
    saved = save_usage_return(cleaned.values, actor=actor, via=Via.FORM, forces=forces)
    db.session.flush()
    return saved.record
