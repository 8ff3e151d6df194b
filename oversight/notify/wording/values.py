"""What each placeholder says for a real case (or rights request), in a language.

The same values serve the message queued and the editor's preview, so the preview is the
text that would be sent. Labels (concerns, findings) and dates come in the language asked
for; text staff wrote (the summary, a note, questions) is as they wrote it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta

from flask import current_app
from flask_babel import force_locale

from oversight import formatting
from oversight.complaints.enums import LOCALES, Finding, Language, TimelineKind
from oversight.complaints.models import Complaint
from oversight.models import utcnow
from oversight.notify.wording import referrals
from oversight.rights.models import RequestKind, RequestStatus, RightsRequest

REVIEW_WINDOW = timedelta(days=28)
E, W = Language.ENGLISH, Language.WELSH

_PLAIN = {
    Finding.UPHELD: {
        E: "we agree with your complaint about this",
        W: "rydym yn cytuno â’ch cwyn am hyn",
    },
    Finding.PARTLY_UPHELD: {
        E: "we agree with part of your complaint about this",
        W: "rydym yn cytuno â rhan o’ch cwyn am hyn",
    },
    Finding.NOT_UPHELD: {
        E: "we do not agree with your complaint about this",
        W: "nid ydym yn cytuno â’ch cwyn am hyn",
    },
    Finding.UNABLE_TO_DETERMINE: {
        E: "we could not find enough evidence to decide",
        W: "ni allem ddod o hyd i ddigon o dystiolaeth i benderfynu",
    },
}
_NO_RECOMMENDATIONS = {
    E: "We have not made any recommendations to the police about your complaint.",
    W: "Nid ydym wedi gwneud unrhyw argymhellion i’r heddlu am eich cwyn.",
}
_NO_FINDINGS = {
    E: "We did not record a finding on any concern.",
    W: "Ni wnaethom gofnodi canfyddiad ar unrhyw bryder.",
}
_KINDS = {
    RequestKind.ACCESS: {E: "a copy of your personal data", W: "copi o’ch data personol"},
    RequestKind.RECTIFICATION: {
        E: "to correct your personal data",
        W: "cywiro eich data personol",
    },
    RequestKind.ERASURE: {E: "to delete your personal data", W: "dileu eich data personol"},
    RequestKind.RESTRICTION: {
        E: "to limit how we use your personal data",
        W: "cyfyngu ar sut rydym yn defnyddio eich data personol",
    },
    RequestKind.OBJECTION: {
        E: "an objection to how we use your personal data",
        W: "gwrthwynebiad i sut rydym yn defnyddio eich data personol",
    },
}
_OUTCOMES = {
    RequestStatus.COMPLETED: {
        E: "We have done what you asked.",
        W: "Rydym wedi gwneud yr hyn a ofynnoch.",
    },
    RequestStatus.REFUSED: {
        E: "We have refused your request.",
        W: "Rydym wedi gwrthod eich cais.",
    },
    RequestStatus.WITHDRAWN: {
        E: "You withdrew your request, so we have closed it.",
        W: "Fe wnaethoch dynnu eich cais yn ôl, felly rydym wedi’i gau.",
    },
}


def _urls() -> dict[str, str]:
    base = current_app.config["PUBLIC_BASE_URL"]
    return {"tracking_url": base + "/track", "new_complaint_url": base + "/"}


def for_complaint(
    complaint: Complaint, language: Language, context: Mapping[str, object] | None = None
) -> dict[str, str]:
    """Every placeholder a case's templates use, in `language`. `context` gives what
    the sending code knows (the questions asked, the triage note for the complainant,
    the decision, the review); otherwise the case's own latest record of it."""
    context = context or {}
    with force_locale(LOCALES[language]):
        values = {
            "reference": complaint.reference,
            **_urls(),
            "triage_date": formatting.long_date(complaint.triage_by),
            "decision_date": formatting.long_date(complaint.decision_by),
            "questions": _text(context.get("request"), _latest_request(complaint)),
            "note": _text(context.get("note"), ""),
            **_decision(complaint, language, context),
            **_review(complaint, context),
        }
        if complaint.referred_to is not None:
            values["referral_body"] = referrals.NAMES[complaint.referred_to][language]
            values["what_they_do"] = referrals.WHAT_THEY_DO[complaint.referred_to][language]
    return values


def for_rights_request(request: RightsRequest, language: Language) -> dict[str, str]:
    with force_locale(LOCALES[language]):
        # The outcome in the register's words only: the note of the outcome is staff's
        # record ("what was sent or done"), never chosen as text for the requester.
        outcome = _OUTCOMES.get(request.status, {}).get(language, "")
        return {
            "requester_name": request.requester_name,
            "request_kind": _KINDS[request.kind][language],
            "received_date": formatting.long_date(request.received_on),
            "due_date": formatting.long_date(request.extended_due_on or request.due_on),
            "outcome": outcome,
        }


def _text(given: object, fallback: str) -> str:
    return str(given) if given else fallback


def _latest_request(complaint: Complaint) -> str:
    asked = [
        entry.body or ""
        for entry in complaint.timeline
        if entry.kind is TimelineKind.CORRESPONDENCE_OUT and entry.visible_to_complainant
    ]
    return asked[-1] if asked else ""


def _decision(
    complaint: Complaint, language: Language, context: Mapping[str, object]
) -> dict[str, str]:
    decision = context.get("decision") or (complaint.decisions[-1] if complaint.decisions else None)
    issued = getattr(decision, "issued_at", None) or utcnow()
    findings = [
        f"- {f.concern.label}: {f.finding.label} – {_PLAIN[f.finding][language]}."
        for f in complaint.findings
    ]
    recommendations = [
        f"- {r.force.name}: {r.text}" for r in complaint.recommendations if r.visible_to_complainant
    ]
    outcome = complaint.overall_outcome
    return {
        "findings": "\n".join(findings) or _NO_FINDINGS[language],
        "overall_outcome": outcome.label if outcome else "",
        "summary": str(getattr(decision, "summary", None) or complaint.decision_summary or ""),
        "recommendations": "\n".join(recommendations) or _NO_RECOMMENDATIONS[language],
        "review_deadline": formatting.long_date(issued + REVIEW_WINDOW),
        "decision_number": str(getattr(decision, "number", None) or len(complaint.decisions) + 1),
    }


def _review(complaint: Complaint, context: Mapping[str, object]) -> dict[str, str]:
    review = context.get("review") or (complaint.reviews[-1] if complaint.reviews else None)
    return {"explanation": str(getattr(review, "explanation", None) or "")}
