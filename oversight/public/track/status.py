"""What the track page tells a complainant, and only what is true: where the complaint is
now and what comes next, the next target still ahead (never one met or passed), the
latest decision per concern with the recommendations meant for them, the review and its
outcome, each message and whether it was really emailed, and the timeline entries meant
for them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from oversight.casework import correspondence, decisions
from oversight.complaints.enums import Concern, Finding, Status
from oversight.complaints.models import Complaint, Decision, Review, TimelineEntry
from oversight.notify import services as notify
from oversight.notify.models import MessageKind, OutboxMessage
from oversight.public import replies
from oversight.public.track import self_service
from oversight.workdays import local_date

NOW = {
    Status.RECEIVED: _l("Your complaint has arrived. A caseworker has not looked at it yet."),
    Status.IN_TRIAGE: _l(
        "We are assessing your complaint to decide whether we can investigate it."
    ),
    Status.AWAITING_INFORMATION: _l(
        "We have asked you for more information and are waiting for your reply."
    ),
    Status.INVESTIGATING: _l("We are investigating your complaint."),
    Status.DECISION_ISSUED: _l("We have sent you our decision."),
    Status.CLOSED: _l("Your complaint is closed."),
    Status.REVIEW_REQUESTED: _l("You asked us to review our decision. We are looking at it again."),
}
NEXT = {
    Status.RECEIVED: _l(
        "A caseworker will look at your complaint and decide whether we can investigate it."
    ),
    Status.IN_TRIAGE: _l(
        "We will tell you whether we can investigate, or who can help if we cannot."
    ),
    Status.AWAITING_INFORMATION: _l(
        "Reply to us online. The time we take to decide is paused until you reply."
    ),
    Status.INVESTIGATING: _l(
        "We will give a finding on each of your concerns. A senior caseworker checks the findings before we send you our decision."
    ),
    Status.REVIEW_REQUESTED: _l("We will tell you the outcome of the review."),
}
REVIEW_NEXT = _l("If you disagree with our decision, you can ask us to review it.")
ACKNOWLEDGE_BY = _l("We aim to acknowledge your complaint by")
TRIAGE_BY = _l("We aim to decide whether to investigate by")
DECISION_BY = _l("We aim to send our decision by")


@dataclass(frozen=True)
class Target:
    label: str
    on: date


@dataclass(frozen=True)
class ShownFinding:
    concern: str
    finding: str


@dataclass(frozen=True)
class ShownRecommendation:
    force: str
    text: str
    response: str | None


@dataclass(frozen=True)
class ShownDecision:
    issued_at: datetime
    outcome: str
    summary: str
    findings: list[ShownFinding]
    recommendations: list[ShownRecommendation]


@dataclass(frozen=True)
class ShownMessage:
    message: OutboxMessage
    # Mailed (it has a recipient and a time it was sent), or still to be mailed.
    emailed: bool
    to_be_emailed: bool


@dataclass(frozen=True)
class TrackStatus:
    complaint: Complaint
    now: str
    next: str | None
    target: Target | None
    decision: ShownDecision | None
    review: Review | None
    review_open: bool
    review_until: datetime | None
    messages: list[ShownMessage]
    timeline: list[TimelineEntry]
    can_reply: bool
    can_add_evidence: bool
    can_withdraw: bool


def status_of(complaint: Complaint, now: datetime) -> TrackStatus:
    messages = notify.messages_to(complaint)
    review_open = decisions.review_open(complaint, now)
    decided = complaint.decision_issued_at
    return TrackStatus(
        complaint=complaint,
        now=str(NOW[complaint.status]),
        next=str(REVIEW_NEXT) if review_open else _next(complaint.status),
        target=next_target(complaint, messages, local_date(now)),
        decision=latest_decision(complaint),
        review=complaint.reviews[-1] if complaint.reviews else None,
        review_open=review_open,
        review_until=decided + decisions.REVIEW_WINDOW if decided else None,
        messages=[_shown(message) for message in messages],
        timeline=correspondence.public_timeline(complaint),
        can_reply=replies.can_reply(complaint),
        can_add_evidence=replies.can_add_evidence(complaint),
        can_withdraw=self_service.can_withdraw(complaint),
    )


def _next(status: Status) -> str | None:
    text = NEXT.get(status)
    return str(text) if text else None


def next_target(complaint: Complaint, messages: list[OutboxMessage], today: date) -> Target | None:
    """The one target still ahead for where the case is: none once met, passed, paused
    (waiting for the complainant) or decided."""
    status = complaint.status
    acknowledged = any(m.kind is MessageKind.ACKNOWLEDGEMENT for m in messages)
    targets: list[Target] = []
    if status is Status.RECEIVED and not acknowledged:
        targets.append(Target(str(ACKNOWLEDGE_BY), complaint.acknowledge_by))
    if status in (Status.RECEIVED, Status.IN_TRIAGE):
        targets.append(Target(str(TRIAGE_BY), complaint.triage_by))
    if status in (Status.INVESTIGATING, Status.REVIEW_REQUESTED):
        targets.append(Target(str(DECISION_BY), complaint.decision_by))
    ahead = [target for target in targets if target.on >= today]
    return ahead[0] if ahead else None


def latest_decision(complaint: Complaint) -> ShownDecision | None:
    if not complaint.decisions:
        return None
    decision: Decision = complaint.decisions[-1]
    return ShownDecision(
        issued_at=decision.issued_at,
        outcome=Finding(decision.overall_outcome).label,
        summary=decision.summary,
        findings=_findings(decision),
        recommendations=[
            ShownRecommendation(
                force=recommendation.force.name,
                text=recommendation.text,
                response=recommendation.response.label if recommendation.response else None,
            )
            for recommendation in correspondence.public_recommendations(complaint)
        ],
    )


def _findings(decision: Decision) -> list[ShownFinding]:
    """Each concern's finding as the decision was sent, in plain words."""
    shown = []
    for item in decision.findings if isinstance(decision.findings, list) else []:
        if not isinstance(item, dict):
            continue
        try:
            concern = Concern(str(item.get("concern")))
            finding = Finding(str(item.get("finding")))
        except ValueError:
            continue
        shown.append(ShownFinding(concern.label, finding.label))
    return shown


def _shown(message: OutboxMessage) -> ShownMessage:
    emailed = bool(message.recipient) and message.sent_at is not None
    pending = (
        bool(message.recipient)
        and message.sent_at is None
        and message.attempts < notify.MAX_ATTEMPTS
    )
    return ShownMessage(message, emailed=emailed, to_be_emailed=pending)
