"""Writing a message from a template: which template a case's message uses, in which
languages, and its text filled in for the case. The preview uses the same path."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from oversight.complaints.enums import ClosureReason, Finding, Language, ReviewOutcome, Status
from oversight.complaints.models import Complaint
from oversight.notify.models import MessageKind
from oversight.notify.wording import keys, render, store, values
from oversight.notify.wording.models import MessageTemplateVersion
from oversight.rights.models import RightsRequest

# A message in both languages: the Welsh, then the English, between them this line.
BETWEEN_LANGUAGES = "\n----------\n\n"


@dataclass(frozen=True)
class Written:
    subject: str
    body: str
    version: MessageTemplateVersion | None  # None: a preview of wording not yet saved


def languages_for(complaint: Complaint) -> list[Language]:
    """Welsh then English for a complainant who asked for both; else the complaint's."""
    if complaint.complainant is not None and complaint.complainant.both_languages:
        return [Language.WELSH, Language.ENGLISH]
    return [complaint.language]


def triage_key(complaint: Complaint) -> str:
    """The triage outcome's template, from where triage left the case."""
    if complaint.closure_reason is ClosureReason.REFERRED and complaint.referred_to:
        return keys.triage_referred(complaint.referred_to)
    if complaint.closure_reason is ClosureReason.OUT_OF_REMIT:
        return "triage_out_of_remit"
    return "triage_in_remit"


def key_for(complaint: Complaint, kind: MessageKind, context: Mapping[str, object]) -> str:
    """The template a kind of message uses when the sender names none."""
    if kind is MessageKind.OUTCOME:
        decision = context.get("decision")
        outcome = getattr(decision, "overall_outcome", None) or complaint.overall_outcome
        return keys.decision(Finding(outcome or Finding.UNABLE_TO_DETERMINE))
    if kind is MessageKind.REVIEW_OUTCOME:
        review = context.get("review")
        outcome = getattr(review, "outcome", None) or ReviewOutcome.NOT_UPHELD
        return keys.review_outcome(ReviewOutcome(outcome))
    if kind is MessageKind.STATUS_CHANGE:
        if complaint.closure_reason is ClosureReason.WITHDRAWN:
            return "withdrawal"
        if complaint.status in (Status.INVESTIGATING, Status.CLOSED):
            return triage_key(complaint)
    return kind.value


def write(subject: str, body: str, filled_with: Mapping[str, str]) -> tuple[str, str]:
    return render.fill_subject(subject, filled_with), render.fill(body, filled_with)


def compose(
    complaint: Complaint, key: str, language: Language, context: Mapping[str, object]
) -> Written:
    """The message the case's complainant gets from the template's current version."""
    version = store.current(key, language)
    subject, body = write(
        version.subject, version.body, values.for_complaint(complaint, language, context)
    )
    return Written(subject, body, version)


def preview(
    key: str,
    language: Language,
    subject: str,
    body: str,
    complaint: Complaint | None = None,
    request: RightsRequest | None = None,
) -> tuple[str, str]:
    """Wording (saved or not) filled in for a real case or rights request: exactly what
    it would send."""
    if request is not None:
        return write(subject, body, values.for_rights_request(request, language))
    assert complaint is not None
    return write(subject, body, values.for_complaint(complaint, language))


def for_rights_request(request: RightsRequest, key: str, language: Language) -> Written:
    """A rights request's letter text (acknowledgement or outcome): the outbox holds only
    a case's messages, so these are for letters and for staff to send themselves."""
    version = store.current(key, language)
    subject, body = write(
        version.subject, version.body, values.for_rights_request(request, language)
    )
    return Written(subject, body, version)


def join(written: list[Written]) -> tuple[str, str]:
    """One message from one or two languages' texts (Welsh first)."""
    subject = " / ".join(w.subject for w in written)[: store.SUBJECT_MAX]
    body = BETWEEN_LANGUAGES.join(w.body for w in written)
    return subject, body
