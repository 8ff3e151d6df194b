"""Building the small register of tests/statistics/data.py in the database, and reading
its published tables back."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask

from oversight.auth.models import Role, User
from oversight.complaints.enums import Channel, Finding, ReviewOutcome, Status, TimelineKind
from oversight.complaints.models import CaseFinding, Complaint, Decision, Review, TimelineEntry
from oversight.extensions import db
from oversight.notify.models import MessageKind, OutboxMessage
from oversight.statistics.periods import parse_period
from oversight.statistics.services import compute
from oversight.workdays import LONDON, add_working_days
from tests.factories import make_complaint, make_deployment, make_user
from tests.statistics.data import (
    ANONYMOUS,
    CASES,
    DEPLOYMENTS,
    Case,
    at,
)


def add_case(case: Case) -> Complaint:
    """Put one case in the register, its columns as the casework would have left them."""
    staff = case_staff()  # first: the changes below must not be flushed half made
    complaint = make_complaint(
        received_at=at(case.received),
        force=case.force,
        technology=case.technology,
        relation=case.relation,
        concerns=list(case.concerns),
    )
    complaint.channel = Channel(case.channel)
    status = Status.RECEIVED
    for move in case.moves:
        when, target, reason, body = (*move, None, None)[:4]
        moment, to_status = at(str(when)), Status(str(target))
        complaint.timeline.append(
            TimelineEntry(
                kind=TimelineKind.STATUS_CHANGE,
                at=moment,
                actor="test",
                from_status=status,
                to_status=to_status,
                reason=reason,
            )
        )
        if to_status is Status.DECISION_ISSUED:
            complaint.decision_issued_at = moment
        if to_status is Status.CLOSED:
            complaint.closed_at, complaint.closure_reason = moment, reason
            complaint.referred_to = body
        if to_status is Status.REVIEW_REQUESTED:
            complaint.review_requested_at = moment
        status = to_status
    if case.finding:
        complaint.overall_outcome = Finding(case.finding)
        decide(complaint, case, *staff)
    complaint.status = status
    if case.paused:
        received = complaint.received_at.astimezone(LONDON).date()
        complaint.decision_by = add_working_days(received, 60 + case.paused)
    for sent in case.acknowledged:
        anonymous = sent == ANONYMOUS
        db.session.add(
            OutboxMessage(
                complaint_id=complaint.id,
                kind=MessageKind.ACKNOWLEDGEMENT,
                language="en",
                recipient=None if anonymous else "jo@example.com",
                subject="We have your complaint",
                body="Thank you.",
                created_at=complaint.received_at + timedelta(minutes=1),
                sent_at=None if anonymous else at(sent),
            )
        )
    complaint.due_on = complaint.next_due()
    return complaint


WORKER, SENIOR = "stats-caseworker@example.test", "stats-senior@example.test"


def case_staff() -> tuple[User, User]:
    """The caseworker who records the findings and the senior who signs them off."""
    return (
        _staff(WORKER, "Stats Caseworker", Role.CASEWORKER),
        _staff(SENIOR, "Stats Senior", Role.SENIOR_CASEWORKER),
    )


def _staff(email: str, name: str, role: Role) -> User:
    found = db.session.scalar(sa.select(User).where(User.email == email))
    return found or make_user({role}, email, name)


def decide(complaint: Complaint, case: Case, worker: User, senior: User) -> None:
    """The findings, their sign-off, a Decision for each move to decision_issued and a
    Review for each review asked for after one."""
    finding = Finding(str(case.finding))
    complaint.findings = [
        CaseFinding(concern=c.concern, finding=finding, recorded_by_id=worker.id)
        for c in complaint.concerns
    ]
    complaint.findings_by_id = worker.id
    moves = [(at(str(move[0])), Status(str(move[1]))) for move in case.moves]
    for index, (moment, to_status) in enumerate(moves):
        if to_status is Status.DECISION_ISSUED:
            complaint.signed_off_by_id = senior.id
            complaint.signed_off_at = moment - timedelta(hours=1)
            complaint.decisions.append(
                Decision(
                    number=len(complaint.decisions) + 1,
                    overall_outcome=finding,
                    summary="We looked at the force's records.",
                    findings=[
                        {"concern": c, "finding": finding.value} for c in sorted(case.concerns)
                    ],
                    signed_off_by_id=senior.id,
                    issued_by=f"user:{worker.id}",
                    issued_at=moment,
                )
            )
        if to_status is Status.REVIEW_REQUESTED and complaint.decisions:
            after = moves[index + 1] if index + 1 < len(moves) else None
            upheld = after is not None and after[1] is Status.INVESTIGATING
            complaint.reviews.append(
                Review(
                    decision=complaint.decisions[-1],
                    reasons="You did not look at what I sent.",
                    requested_at=moment,
                    outcome=ReviewOutcome.UPHELD if upheld else None,
                    decided_by_id=senior.id if upheld else None,
                    decided_at=after[0] if upheld and after else None,
                )
            )


def add_deployment(number: int, row: tuple[str, ...]) -> Any:
    force, technology, day, faces, alerts, true_alerts, false_alerts = row
    return make_deployment(
        force=force,
        technology=technology,
        force_reference=f"STATS-{number}",
        deployed_on=day,
        faces_seen=faces,
        alerts=alerts,
        true_alerts=true_alerts,
        false_alerts=false_alerts,
    )


def build_register() -> None:
    """Every case and deployment above, committed."""
    for case in CASES:
        add_case(case)
    for number, row in enumerate(DEPLOYMENTS, start=1):
        add_deployment(number, row)
    db.session.commit()


def shown(table: dict[str, Any]) -> list[tuple[Any, ...]]:
    """A table as it reads: each row's id, label, then each cell's value or symbol."""
    return [
        (row["id"], row["label"], *[cell["symbol"] or cell["value"] for cell in row["cells"]])
        for row in table["rows"]
    ]


def columns(table: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    return [(c["id"], c["label"], c["format"], c["period"]) for c in table["columns"]]


@pytest.fixture(scope="session", name="release")
def release_fixture(app: Flask) -> dict[str, Any]:
    """The content computed for April to June 2026 from the register above (made once:
    the tables are emptied again after the first test that asks for it)."""
    with app.app_context():
        build_register()
        body = compute(parse_period("2026-Q2"))
        db.session.remove()
    return body


def by_id(body: dict[str, Any], table_id: str) -> dict[str, Any]:
    return next(table for table in body["tables"] if table["id"] == table_id)
