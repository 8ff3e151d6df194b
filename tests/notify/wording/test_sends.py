"""The register's actions send their own template: each triage outcome (and each body a
case is referred to), each decision by its overall outcome, each review outcome and a
withdrawal; every message records the version it used."""

from __future__ import annotations

from typing import Any

import pytest
import sqlalchemy as sa

from oversight.auth.models import Role, User
from oversight.casework import decisions, workflow
from oversight.complaints.enums import (
    ClosureReason,
    Concern,
    Finding,
    Priority,
    ReferralBody,
    ReviewOutcome,
    Status,
)
from oversight.complaints.models import Complaint
from oversight.extensions import db as _db
from oversight.notify.models import MessageKind, OutboxMessage
from oversight.notify.wording import referrals
from oversight.notify.wording.models import MessageTemplateVersion
from oversight.public.track import self_service
from tests.factories import make_case, make_user


def last_message(complaint: Complaint) -> tuple[OutboxMessage, str]:
    message = _db.session.scalars(
        sa.select(OutboxMessage)
        .where(OutboxMessage.complaint_id == complaint.id)
        .order_by(OutboxMessage.id.desc())
    ).first()
    assert message is not None and message.template_version_id is not None
    version = _db.session.get_one(MessageTemplateVersion, message.template_version_id)
    return message, version.key


def senior(db: Any) -> User:
    user = make_user({Role.SENIOR_CASEWORKER}, "wording-senior@example.test", "Sam Senior")
    db.session.commit()
    return user


def triage(db: Any, **decision: Any) -> Complaint:
    complaint = make_case(Status.IN_TRIAGE)
    db.session.commit()
    workflow.triage(
        complaint,
        workflow.Triage(
            priority=Priority.STANDARD,
            priority_reason=None,
            concerns={Concern.NO_NOTICE},
            **decision,
        ),
        senior(db),
        complaint.version,
    )
    db.session.flush()
    return complaint


def test_triage_in_remit_sends_the_in_remit_message_with_the_note_for_the_complainant(
    db: Any,
) -> None:
    complaint = triage(db, in_remit=True, note="We will ask the force.", note_for_complainant=True)
    message, key = last_message(complaint)
    assert (message.kind, key) == (MessageKind.STATUS_CHANGE, "triage_in_remit")
    assert "We will ask the force." in message.body


def test_an_internal_triage_note_never_reaches_the_message(db: Any) -> None:
    complaint = triage(db, in_remit=True, note="Staff only.", note_for_complainant=False)
    message, _ = last_message(complaint)
    assert "Staff only." not in message.body


@pytest.mark.parametrize("body", list(ReferralBody))
def test_a_referral_sends_that_bodys_message(db: Any, body: ReferralBody) -> None:
    complaint = triage(db, in_remit=False, reason=ClosureReason.REFERRED, referred_to=body)
    message, key = last_message(complaint)
    assert key == f"triage_referred_{body.value}"
    assert referrals.WHAT_THEY_DO[body][complaint.language] in message.body


def test_out_of_remit_sends_the_out_of_remit_message(db: Any) -> None:
    complaint = triage(db, in_remit=False, reason=ClosureReason.OUT_OF_REMIT)
    message, key = last_message(complaint)
    assert key == "triage_out_of_remit"
    assert "outside our remit" in message.subject


@pytest.mark.parametrize("outcome", list(Finding))
def test_a_decision_sends_the_template_of_its_overall_outcome(db: Any, outcome: Finding) -> None:
    worker = make_user({Role.CASEWORKER}, "wording-worker@example.test", "Casey Worker")
    boss = senior(db)
    complaint = make_case(Status.INVESTIGATING, assignee_id=worker.id)
    db.session.commit()
    findings = {Concern.NO_NOTICE: outcome, Concern.PROTEST_OR_EVENT: outcome}
    decisions.record_findings(
        complaint, findings, outcome, "What we found.", worker, complaint.version
    )
    decisions.sign_off(complaint, boss, complaint.version)
    decisions.issue_decision(complaint, worker, complaint.version)
    db.session.flush()
    message, key = last_message(complaint)
    assert (message.kind, key) == (MessageKind.OUTCOME, f"decision_{outcome.value}")
    assert "What we found." in message.body
    assert message.body.count(f": {outcome.label} – ") == 2


@pytest.mark.parametrize("outcome", list(ReviewOutcome))
def test_a_review_outcome_sends_its_own_template(db: Any, outcome: ReviewOutcome) -> None:
    complaint = make_case(Status.REVIEW_REQUESTED)
    db.session.commit()
    boss = make_user({Role.SENIOR_CASEWORKER}, "reviewer@example.test", "Rae Viewer")
    db.session.commit()
    decisions.decide_review(complaint, outcome, "We looked again.", boss, complaint.version)
    db.session.flush()
    message, key = last_message(complaint)
    assert key == f"review_outcome_{outcome.value}"
    assert "We looked again." in message.body


def test_a_withdrawal_sends_the_withdrawal_message(db: Any) -> None:
    complaint = make_case(Status.IN_TRIAGE)
    db.session.commit()
    self_service.withdraw(complaint, "", complaint.version)
    db.session.flush()
    message, key = last_message(complaint)
    assert key == "withdrawal"
    assert message.body.startswith(f"You have withdrawn your complaint {complaint.reference}.")
