"""Every template the register sends or prints, each with the placeholders it may use.

A template is a key (acknowledgement, decision_upheld …) in a language. Its wording is
staff-editable (store.py); which placeholders it may use is fixed here, so a save that
names any other is refused.
"""

from __future__ import annotations

from dataclasses import dataclass

from oversight.complaints.enums import Finding, ReferralBody, ReviewOutcome

SIGNATURE = frozenset({"reference", "tracking_url"})


@dataclass(frozen=True)
class TemplateKey:
    key: str
    label: str  # what staff pages call it (English only)
    placeholders: frozenset[str]
    # "complaint": rendered against a case and put in the outbox; "rights": against a
    # rights request, for letters and preview (the outbox holds only a case's messages).
    against: str = "complaint"


def _complaint(key: str, label: str, *extra: str) -> TemplateKey:
    return TemplateKey(key, label, SIGNATURE | frozenset(extra))


def triage_referred(body: ReferralBody) -> str:
    return f"triage_referred_{body.value}"


def decision(outcome: Finding) -> str:
    return f"decision_{outcome.value}"


def review_outcome(outcome: ReviewOutcome) -> str:
    return f"review_outcome_{outcome.value}"


RIGHTS_PLACEHOLDERS = frozenset(
    {"requester_name", "request_kind", "received_date", "due_date", "outcome"}
)
DECISION_PLACEHOLDERS = (
    "findings",
    "overall_outcome",
    "summary",
    "recommendations",
    "review_deadline",
    "decision_number",
)
_BODY_NAMES = {
    ReferralBody.IOPC: "IOPC",
    ReferralBody.ICO: "ICO",
    ReferralBody.FORCE_PROFESSIONAL_STANDARDS: "force professional standards",
    ReferralBody.INVESTIGATORY_POWERS_TRIBUNAL: "Investigatory Powers Tribunal",
    ReferralBody.PIRC: "PIRC",
    ReferralBody.POLICE_OMBUDSMAN_NI: "Police Ombudsman NI",
}
_OUTCOME_NAMES = {
    Finding.UPHELD: "upheld",
    Finding.PARTLY_UPHELD: "partly upheld",
    Finding.NOT_UPHELD: "not upheld",
    Finding.UNABLE_TO_DETERMINE: "unable to determine",
}

KEYS: dict[str, TemplateKey] = {
    spec.key: spec
    for spec in [
        _complaint(
            "acknowledgement", "Acknowledgement of a complaint", "triage_date", "decision_date"
        ),
        _complaint("request_for_information", "Request for information", "questions"),
        _complaint("reply_received", "Reply received"),
        _complaint("triage_in_remit", "Triage: in remit", "decision_date", "note"),
        *(
            _complaint(
                triage_referred(body),
                f"Triage: referred to {_BODY_NAMES[body]}",
                "referral_body",
                "what_they_do",
                "note",
            )
            for body in ReferralBody
        ),
        _complaint("triage_out_of_remit", "Triage: out of remit", "note", "new_complaint_url"),
        *(
            _complaint(
                decision(outcome), f"Decision: {_OUTCOME_NAMES[outcome]}", *DECISION_PLACEHOLDERS
            )
            for outcome in Finding
        ),
        _complaint(
            review_outcome(ReviewOutcome.UPHELD),
            "Review outcome: upheld (a new decision follows)",
            "explanation",
            "decision_date",
        ),
        _complaint(
            review_outcome(ReviewOutcome.NOT_UPHELD),
            "Review outcome: not upheld (the decision stands)",
            "explanation",
        ),
        _complaint("withdrawal", "Withdrawal", "new_complaint_url"),
        TemplateKey(
            "rights_acknowledgement",
            "Rights request: acknowledgement",
            RIGHTS_PLACEHOLDERS - {"outcome"},
            "rights",
        ),
        TemplateKey("rights_outcome", "Rights request: outcome", RIGHTS_PLACEHOLDERS, "rights"),
    ]
}
