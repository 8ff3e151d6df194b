"""Demo complaints for the embedded default, so a new install has something to show.

The three named demo complaints, then the rest of the demo queue (complaint_data.py):
every case is made and worked through the real services, so its timeline, audit events
and messages are what a caseworker would have left."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from oversight.auth.models import User
from oversight.casework import complaint_links, correspondence, decisions, workflow
from oversight.casework.states import ClosureReason, ReferralBody
from oversight.complaints import services as complaints
from oversight.complaints.answers import Answers
from oversight.complaints.enums import (
    Channel,
    Finding,
    LinkKind,
    Priority,
    ReviewOutcome,
    Status,
)
from oversight.complaints.models import Complaint
from oversight.demo import NotForProduction, decided
from oversight.demo.complaint_data import (
    DEMO,
    FINDINGS,
    PEOPLE,
    PLACES,
    PLAN,
    RECOMMENDATIONS,
    REVIEW_REASONS,
    STORIES,
    SUMMARIES,
)
from oversight.demo.staff import REVIEWER, demo_accounts
from oversight.models import utcnow
from oversight.notify import services as notify
from oversight.workdays import local_date


def _answers(number: int, story: int, force: str) -> Answers:
    technology, concerns, relation, what, outcome = STORIES[story].split(" | ")
    places = PLACES[force]
    name, contact = PEOPLE[number % len(PEOPLE)]
    answers: Answers = {
        "technology": technology,
        "force": force,
        "incident_date": "",
        "incident_date_approximate": number % 5 == 0,
        "place": places[number % len(places)],
        "what_happened": what,
        "concerns": concerns.split(),
        "relation": relation,
        "outcome_wanted": outcome,
        "wants_contact": "yes" if name else "no",
    }
    if name and contact:
        answers |= {
            "name": name,
            "email": f"{name.split()[0].lower()}@example.com" if contact == "email" else None,
            "phone": "07700 900 123" if contact == "phone" else None,
            "preferred_contact": contact,
            "consent_to_share": "yes" if number % 2 else "no",
        }
    return answers


def _make(
    number: int,
    days_ago: int,
    story: int,
    force: str,
    channel: str,
    targets: complaints.Targets,
    casey: User,
) -> tuple[Complaint, str]:
    received_at = utcnow() - timedelta(days=days_ago, hours=1 + number % 7)
    answers = _answers(number, story, force)
    answers["incident_date"] = (received_at - timedelta(days=number % 9)).date().isoformat()
    key = f"demo-{number}"
    if channel == "web":
        code = f"DEMO-TRAK-{number:04d}"
        complaint = complaints.create_complaint(
            answers,
            tracking_code=code,
            received_at=received_at,
            targets=targets,
            submission_key=key,
            actor="demo",
        )
    else:
        complaint, code = workflow.log_complaint(
            answers, Channel(channel), casey, received_at, targets
        )
        complaint.submission_key = key  # so a second seed finds it
    _acknowledge(complaint)
    return complaint, code


def _acknowledge(complaint: Complaint) -> None:
    """The acknowledgement, dated when the complaint was received, as the public form
    sends it: not when the demo was loaded, which would make every demo complaint look
    acknowledged days or months late (the statistics time acknowledgements from it)."""
    notify.queue_acknowledgement(complaint).created_at = complaint.received_at


def _work(complaint: Complaint, script: str, who: str, priority: str, staff: list[User]) -> None:
    """Take the case as far as its script says, through the casework services."""
    casey, sam, robin = staff
    if script == "received":
        return
    kind, _, detail = script.partition(":")
    if kind == "duplicate":
        other = complaints.find_by_submission(detail)
        if other is not None:
            complaint_links.link(
                complaint, other.reference, LinkKind.DUPLICATE_OF, casey, complaint.version
            )
        return
    if who == "assign":
        workflow.assign(complaint, casey, sam, complaint.version)
    elif who:
        workflow.take(complaint, casey if who == "casey" else sam, complaint.version)
    worker = sam if who == "sam" else casey
    workflow.move(complaint, Status.IN_TRIAGE, worker, complaint.version)
    if kind == "triage":
        return
    if kind == "asked_in_triage":
        correspondence.request_information(
            complaint,
            "Please tell us the date and time, and anything the officers said about the cameras.",
            worker,
            complaint.version,
        )
        return
    if kind == "vexatious":
        workflow.move(
            complaint,
            Status.CLOSED,
            worker,
            complaint.version,
            reason=ClosureReason.VEXATIOUS,
            note="The same complaint made many times a day.",
        )
        return
    level = Priority(priority) if priority else Priority.STANDARD
    decision = workflow.Triage(
        in_remit=kind not in ("referred", "out_of_remit"),
        priority=level,
        priority_reason={
            Priority.URGENT: "A child was involved",
            Priority.HIGH: "Several complaints about one deployment",
        }.get(level),
        concerns={c.concern for c in complaint.concerns},
        referred_to=ReferralBody(detail) if kind == "referred" else None,
        reason={"referred": ClosureReason.REFERRED, "out_of_remit": ClosureReason.OUT_OF_REMIT}.get(
            kind
        ),
        note="Referred: this is for another body to decide." if kind == "referred" else None,
    )
    workflow.triage(complaint, decision, worker, complaint.version)
    if kind in ("referred", "out_of_remit", "investigating"):
        if kind == "investigating" and complaint.id % 2:
            correspondence.add_note(
                complaint,
                "Asked the force for its deployment record and the watchlist size.",
                worker,
            )
        return
    if kind in ("asked", "replied", "withdrawn_waiting"):
        correspondence.request_information(
            complaint, "Do you have any photos or messages from the day?", worker, complaint.version
        )
        if kind == "replied":
            correspondence.log_reply(
                complaint, "I have sent two photos of the van by post.", worker, complaint.version
            )
        if kind == "withdrawn_waiting":
            workflow.move(
                complaint,
                Status.CLOSED,
                worker,
                complaint.version,
                reason=ClosureReason.WITHDRAWN,
                note="The complainant asked us to stop.",
            )
        return
    if kind == "withdrawn":
        workflow.move(
            complaint, Status.CLOSED, worker, complaint.version, reason=ClosureReason.WITHDRAWN
        )
        return
    signer = sam if worker is casey else robin
    _decide(complaint, worker, signer, first=True)
    if kind == "decided":
        return
    workflow.move(
        complaint, Status.CLOSED, worker, complaint.version, reason=ClosureReason.OUTCOME_ISSUED
    )
    if kind == "closed":
        return
    review = decided.ask_for_review(complaint, REVIEW_REASONS[complaint.id % len(REVIEW_REASONS)])
    if not detail:
        return
    # The review is decided by a senior caseworker who took no part in the decision.
    outcome = ReviewOutcome(detail)
    decided.decide_review(review, outcome, robin)
    if outcome is ReviewOutcome.UPHELD:
        _decide(complaint, worker, signer, first=False)
        workflow.move(
            complaint, Status.CLOSED, robin, complaint.version, reason=ClosureReason.OUTCOME_ISSUED
        )


def _decide(complaint: Complaint, worker: User, signer: User, *, first: bool) -> None:
    """Findings by the caseworker, signed off by a senior caseworker who is neither the
    assignee nor the findings' author, then issued and kept as a numbered Decision. A
    second decision (after a review that was upheld) finds afresh."""
    shift = 0 if first else 1
    findings = {
        c.concern: FINDINGS[(complaint.id + i + shift) % len(FINDINGS)]
        for i, c in enumerate(complaint.concerns)
    }
    overall = min(findings.values(), key=FINDINGS.index)
    decisions.record_findings(
        complaint, findings, overall, SUMMARIES[shift], worker, complaint.version
    )
    upheld = [c for c, f in findings.items() if f in (Finding.UPHELD, Finding.PARTLY_UPHELD)]
    if complaint.force is not None and upheld and first:
        decisions.add_recommendation(
            complaint,
            complaint.force,
            RECOMMENDATIONS.get(upheld[0], "Review the policy for this use and publish it."),
            local_date(utcnow()) + timedelta(days=90),
            worker,
        )
    decisions.sign_off(complaint, signer, complaint.version)
    decisions.issue_decision(complaint, worker, complaint.version)


def seed(config: Any) -> list[tuple[str, str]]:
    """Add the demo complaints not yet present; return their references and codes.

    The three named demo complaints come first; then a working queue of cases across
    forces, technologies and every status, allocated to the demo caseworkers.
    """
    if config["ENV_NAME"] == "production":
        raise NotForProduction("Demo data is not for production")
    made = []
    targets = complaints.Targets.from_config(config)
    for index, (key, code, answers) in enumerate(DEMO):
        if complaints.find_by_submission(key) is not None:
            continue
        complaint = complaints.create_complaint(
            answers,
            tracking_code=code,
            received_at=utcnow() - timedelta(days=3 - index),
            targets=targets,
            submission_key=key,
            actor="demo",
        )
        _acknowledge(complaint)
        made.append((complaint.reference, code))
    staff = demo_accounts(config, "caseworker", "senior_caseworker", REVIEWER)
    casey = staff[0]
    for number, (days_ago, story, force, channel, script, who, priority) in enumerate(
        PLAN, start=len(DEMO) + 1
    ):
        if complaints.find_by_submission(f"demo-{number}") is not None:
            continue
        complaint, code = _make(number, days_ago, story, force, channel, targets, casey)
        _work(complaint, script, who, priority, staff)
        made.append((complaint.reference, code))
    return made
