"""Plain factory functions for test data."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from oversight.auth import passwords
from oversight.auth.models import Role, User
from oversight.complaints import services
from oversight.complaints.enums import Finding, Status
from oversight.complaints.models import CaseFinding, Complaint
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
    carry that finding; `fields` set any other column (assignee_id, signed_off_by_id …)."""
    complaint = make_complaint()
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
    complaint.due_on = complaint.next_due()
    db.session.flush()
    return complaint


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
