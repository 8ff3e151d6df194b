"""Findings, sign-off, the decision and recommendations. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from oversight.casework import decisions
from oversight.casework.changes import CaseProblem
from oversight.complaints.enums import Concern, Finding, Status
from oversight.complaints.models import Recommendation
from oversight.forces.models import force_by_slug
from oversight.notify.models import MessageKind, OutboxMessage
from tests.casework.cases import FINDINGS, act, at, case, events, page_of, snapshot
from tests.factories import make_case
from tests.helpers import login_as

# ---------------------------------------------------------------- findings and the decision


def test_findings_need_a_finding_for_every_concern(client, db, caseworker):
    complaint = make_case(Status.INVESTIGATING)
    db.session.commit()
    login_as(client, caseworker)
    before = snapshot(db, complaint.reference)
    partial = {k: v for k, v in FINDINGS.items() if k != "finding_protest_or_event"}
    response = act(client, db, complaint.reference, "findings", partial)
    assert response.status_code == 400
    assert "Select a finding for this concern" in response.get_data(as_text=True)
    assert snapshot(db, complaint.reference) == before
    assert act(client, db, complaint.reference, "findings", FINDINGS).status_code == 302
    recorded = case(db, complaint.reference)
    assert [(f.concern, f.finding) for f in recorded.findings] == [
        (Concern.NO_NOTICE, Finding.UPHELD),
        (Concern.PROTEST_OR_EVENT, Finding.NOT_UPHELD),
    ]
    assert (recorded.overall_outcome, recorded.decision_summary) == (
        Finding.PARTLY_UPHELD,
        "Signs were missing.",
    )
    [event] = events(db, "case.findings_recorded")
    assert event.details["overall"] == "partly_upheld"


def test_the_service_refuses_findings_that_leave_a_concern_out(db, caseworker):
    complaint = make_case(Status.INVESTIGATING)
    db.session.commit()
    with pytest.raises(CaseProblem, match="Give a finding for every concern"):
        decisions.record_findings(
            complaint,
            {Concern.NO_NOTICE: Finding.UPHELD},
            Finding.UPHELD,
            "Summary",
            caseworker,
            complaint.version,
        )


def test_findings_are_recorded_only_during_the_investigation(client, db, caseworker):
    complaint = make_case(Status.IN_TRIAGE)
    db.session.commit()
    login_as(client, caseworker)
    response = act(client, db, complaint.reference, "findings", FINDINGS)
    assert response.status_code == 400
    assert "Findings are recorded while a case is being investigated" in response.get_data(
        as_text=True
    )
    assert case(db, complaint.reference).findings == []


def test_changing_the_findings_after_sign_off_needs_a_new_sign_off(
    client, db, caseworker, senior_caseworker
):
    complaint = make_case(
        Status.INVESTIGATING,
        findings=Finding.UPHELD,
        signed_off_by_id=senior_caseworker.id,
        signed_off_at=at("2026-07-01T10:00:00"),
    )
    db.session.commit()
    login_as(client, caseworker)
    assert act(client, db, complaint.reference, "findings", FINDINGS).status_code == 302
    assert case(db, complaint.reference).signed_off_by_id is None
    response = act(client, db, complaint.reference, "issue-decision")
    assert response.status_code == 400
    assert "A senior caseworker must sign off the findings first" in response.get_data(as_text=True)


def test_sign_off_needs_findings(client, db, senior_caseworker):
    complaint = make_case(Status.INVESTIGATING)
    db.session.commit()
    login_as(client, senior_caseworker)
    response = act(client, db, complaint.reference, "sign-off")
    assert response.status_code == 400
    assert "Record the findings before signing off" in response.get_data(as_text=True)
    assert case(db, complaint.reference).signed_off_by_id is None


def test_issuing_the_decision_needs_sign_off_and_sends_the_outcome(
    client, db, caseworker, senior_caseworker
):
    complaint = make_case(Status.INVESTIGATING, findings=Finding.PARTLY_UPHELD)
    db.session.commit()
    login_as(client, caseworker)
    before = snapshot(db, complaint.reference)
    response = act(client, db, complaint.reference, "issue-decision")
    assert response.status_code == 400
    assert "A senior caseworker must sign off the findings first" in response.get_data(as_text=True)
    assert snapshot(db, complaint.reference) == before

    login_as(client, senior_caseworker)
    assert act(client, db, complaint.reference, "sign-off").status_code == 302
    login_as(client, caseworker)
    assert act(client, db, complaint.reference, "issue-decision").status_code == 302
    decided = case(db, complaint.reference)
    assert decided.status is Status.DECISION_ISSUED
    assert decided.decision_issued_at is not None
    assert decided.due_on is None
    [message] = db.session.scalars(sa.select(OutboxMessage))
    assert message.kind is MessageKind.OUTCOME
    assert message.recipient == "jo@example.com"
    assert "Partly upheld" in message.body
    assert "The force put up no signs." in message.body
    [event] = events(db, "case.decision_issued")
    assert event.details == {"reference": complaint.reference, "finding": "partly_upheld"}


def test_a_recommendation_and_the_forces_response_are_recorded(client, db, caseworker):
    complaint = make_case(Status.INVESTIGATING)
    db.session.commit()
    login_as(client, caseworker)
    answers = {"force": "south-wales", "text": "Put up signs.", "due_date": "2027-02-26"}
    assert act(client, db, complaint.reference, "recommendations", answers).status_code == 302
    [recommendation] = case(db, complaint.reference).recommendations
    assert (recommendation.force.slug, recommendation.due_date, recommendation.response) == (
        "south-wales",
        date(2027, 2, 26),
        None,
    )
    path = f"recommendations/{recommendation.id}/response"
    assert (
        act(client, db, complaint.reference, path, {"response": "implemented"}).status_code == 302
    )
    [answered] = case(db, complaint.reference).recommendations
    assert answered.response.value == "implemented"
    assert answered.responded_at is not None
    assert "Response: Implemented" in page_of(client, complaint.reference)


def test_a_response_to_another_cases_recommendation_is_not_found(client, db, caseworker):
    mine = make_case(Status.INVESTIGATING)
    theirs = make_case(Status.INVESTIGATING)
    recommendation = Recommendation(
        complaint=theirs,
        force=force_by_slug("south-wales"),
        text="Train officers.",
        due_date=date(2027, 1, 29),
        created_by="user:0",
    )
    db.session.add(recommendation)
    db.session.commit()
    login_as(client, caseworker)
    path = f"recommendations/{recommendation.id}/response"
    assert act(client, db, mine.reference, path, {"response": "accepted"}).status_code == 404
    assert case(db, theirs.reference).recommendations[0].response is None
