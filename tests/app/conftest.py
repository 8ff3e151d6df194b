"""Fixtures for the app-wide tests."""

from __future__ import annotations

import io
from datetime import date, timedelta
from typing import Any

import pytest

from oversight.api.tokens import services as tokens
from oversight.auth.models import Role
from oversight.casework.queue.models import SavedView
from oversight.complaints.enums import Finding, Status
from oversight.complaints.evidence import evidence_store
from oversight.complaints.models import Evidence, Recommendation
from oversight.forces.models import force_by_slug
from oversight.links.enums import LinkState
from oversight.links.models import DeploymentLink
from oversight.models import utcnow
from oversight.notify import services as notify
from oversight.pages.models import Feedback, Satisfaction
from oversight.retention.models import LegalHold
from oversight.rights.models import (
    ReceivedVia,
    RequestCase,
    RequestKind,
    RequestStatus,
    RightsRequest,
)
from oversight.statistics import services as statistics
from oversight.statistics.calendar import CalendarEntry
from oversight.statistics.periods import quarter
from tests import files
from tests.factories import make_case, make_deployment, make_usage_return, make_user
from tests.statistics.calendar_data import (
    approve,
    approve_and_publish,
    in_the_calendar,
    working_day,
)


@pytest.fixture
def records(db) -> dict[str, Any]:
    """Real cases (one being assessed, with a stored evidence file and a recommendation;
    one waiting for a reply; one with findings; one signed off) and a staff account."""
    complaint = make_case(Status.IN_TRIAGE)
    stored = evidence_store().save(io.BytesIO(files.pdf()))
    evidence = Evidence(
        complaint=complaint,
        original_name="letter.pdf",
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        storage_key=stored.key,
        uploaded_by="public",
    )
    db.session.add(evidence)
    target = make_user({Role.CASEWORKER}, email="target@example.test", name="Target Person")
    recommendation = Recommendation(
        complaint=complaint,
        force=force_by_slug("south-wales"),
        text="Put up signs.",
        due_date=date(2027, 1, 29),
        created_by="user:0",
    )
    db.session.add(recommendation)
    awaiting = make_case(Status.AWAITING_INFORMATION, awaiting_since=utcnow())
    replied = make_case(Status.INVESTIGATING, replied_at=utcnow())
    with_findings = make_case(Status.INVESTIGATING, findings=Finding.UPHELD)
    force_token, _ = tokens.issue(force_by_slug("south-wales"), "Records system", "user:0")
    signer = make_user({Role.SENIOR_CASEWORKER}, email="records-signer@example.test", name="Signer")
    signed = make_case(
        Status.INVESTIGATING,
        findings=Finding.UPHELD,
        signed_off_by_id=signer.id,
        signed_off_at=utcnow(),
    )
    under_review = make_case(Status.REVIEW_REQUESTED)
    deployment = make_deployment()
    linked = make_deployment(location_name="Cardiff Central station")
    db.session.add(
        DeploymentLink(
            complaint_id=complaint.id,
            deployment_id=linked.id,
            state=LinkState.CONFIRMED,
            created_by="user:0",
        )
    )
    usage_return = make_usage_return()
    # Statistics releases of three quarters, prepared and approved by accounts of their own
    # (a draft, one approved for later, one published).
    preparer = make_user({Role.STATISTICIAN}, email="preparer@example.test", name="Preparer")
    approver = make_user({Role.PUBLISHER}, email="approver@example.test", name="Approver")
    draft_release = statistics.prepare(quarter(2026, 3), preparer)
    approved_release = statistics.prepare(quarter(2026, 2), preparer)
    # In the calendar for later than the published one's day, so it stays approved.
    in_the_calendar(quarter(2026, 2), preparer, working_day(30))
    approve(approved_release, approver, utcnow() + timedelta(days=30))
    published_release = statistics.prepare(quarter(2026, 1), preparer)
    approve_and_publish(published_release, approver)
    in_the_calendar(quarter(2026, 3), preparer)  # the draft may be approved
    # A release announced in the calendar (written straight in: no audit event of its own).
    announced = quarter(2025, 4)
    entry = CalendarEntry(
        slug=announced.slug,
        period_kind=announced.kind,
        period_start=announced.start,
        period_end=announced.end,
        release_date=working_day(20),
        announced_by_id=preparer.id,
        announced_at=utcnow(),
    )
    db.session.add(entry)
    # A rights request, its identity checked, with the first case chosen (written
    # straight in: no audit event of its own).
    rights_request = RightsRequest(
        kind=RequestKind.ACCESS,
        requester_name="Jo Bloggs",
        reply_to="jo@example.com",
        received_via=ReceivedVia.EMAIL,
        received_on=date(2026, 11, 30),
        due_on=date(2026, 12, 30),
        identity_method="Email matches",
        identity_checked_by_id=target.id,
        identity_checked_at=utcnow(),
        status=RequestStatus.IDENTITY_CHECKED,
        logged_by_id=target.id,
    )
    rights_request.cases = [RequestCase(complaint=complaint, chosen_by_id=target.id)]
    db.session.add(rights_request)
    # A closed case on legal hold (its release is a senior caseworker's).
    held = make_case(Status.CLOSED, closed_at=utcnow())
    db.session.add(LegalHold(complaint_id=held.id, reason="A claim.", set_by_id=signer.id))
    feedback = Feedback(submitted_at=utcnow(), satisfaction=Satisfaction.SATISFIED)
    db.session.add(feedback)
    # A saved view of the queue, shared with the team by the target account.
    saved_view = SavedView(
        owner_id=target.id, name="High priority", filters={"priority": "high"}, shared=True
    )
    db.session.add(saved_view)
    # A message kept with no email address: its letter is to be posted (issue 17).
    letter = notify.queue_acknowledgement(complaint)
    letter.recipient = None
    db.session.commit()
    return {
        "deployment_id": deployment.id,
        "linked_deployment_id": linked.id,
        "usage_return_id": usage_return.id,
        "reference": complaint.reference,
        "evidence_id": evidence.id,
        "user_id": target.id,
        "storage_key": stored.key,
        "recommendation_id": recommendation.id,
        "awaiting_reference": awaiting.reference,
        "replied_reference": replied.reference,
        "findings_reference": with_findings.reference,
        "signed_reference": signed.reference,
        "review_reference": under_review.reference,
        "draft_release_id": draft_release.id,
        "approved_release_id": approved_release.id,
        "published_release_id": published_release.id,
        "token_id": force_token.id,
        "calendar_entry_id": entry.id,
        "rights_request_id": rights_request.id,
        "held_reference": held.reference,
        "feedback_id": feedback.id,
        "saved_view_id": saved_view.id,
        "letter_id": letter.id,
    }
