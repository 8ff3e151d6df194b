"""Every template, for a case of its outcome, renders whole in English and in Welsh: no
placeholder left, the case's reference (and findings, recommendations, referral body)
in it, and the Welsh in Welsh."""

from __future__ import annotations

from typing import Any

import pytest

from oversight.complaints.enums import Finding, Language, ReferralBody, ReviewOutcome, Status
from oversight.complaints.models import Complaint
from oversight.notify.wording import compose, keys, referrals, store
from oversight.notify.wording.keys import KEYS
from oversight.rights.models import RequestStatus
from tests.factories import make_case
from tests.notify.wording import cases

LANGUAGES = [Language.ENGLISH, Language.WELSH]
SIGN_OFF = {
    Language.ENGLISH: "Facial Recognition Oversight Register",
    Language.WELSH: "Cofrestr Goruchwylio Adnabod Wynebau",
}
# Words any Welsh message has and no English one does.
WELSH_WORDS = ("eich", "Rydym", "Mae", "Annwyl", "ein")


def case_for(key: str, language: Language) -> Complaint:
    for body in ReferralBody:
        if key == keys.triage_referred(body):
            return cases.referred(body, language)
    for outcome in Finding:
        if key == keys.decision(outcome):
            return cases.decided(outcome, language)
    for review in ReviewOutcome:
        if key == keys.review_outcome(review):
            return cases.reviewed(review, language)
    if key == "triage_out_of_remit":
        return cases.out_of_remit(language)
    if key == "triage_in_remit":
        return make_case(Status.INVESTIGATING, language=language)
    return make_case(Status.IN_TRIAGE, language=language)


COMPLAINT_KEYS = [key for key, spec in KEYS.items() if spec.against == "complaint"]
RIGHTS_KEYS = [key for key, spec in KEYS.items() if spec.against == "rights"]


def test_there_is_a_template_for_each_referral_body_and_each_decision_outcome() -> None:
    assert {keys.triage_referred(body) for body in ReferralBody} <= set(KEYS)
    assert {keys.decision(outcome) for outcome in Finding} <= set(KEYS)
    assert {
        "acknowledgement",
        "request_for_information",
        "reply_received",
        "triage_in_remit",
        "triage_out_of_remit",
        "review_outcome_upheld",
        "review_outcome_not_upheld",
        "withdrawal",
        "rights_acknowledgement",
        "rights_outcome",
    } <= set(KEYS)


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_shipped_wording_uses_only_its_own_placeholders(language: Language) -> None:
    for key in KEYS:
        subject, body = store.shipped(key, language)
        store.check_wording(key, subject, body)


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("key", COMPLAINT_KEYS)
def test_every_case_template_renders_whole_for_a_case_of_its_outcome(
    db: Any, key: str, language: Language
) -> None:
    complaint = case_for(key, language)
    written = compose.compose(
        complaint, key, language, {"request": "Which day was it?", "note": "A note for you."}
    )
    for text in (written.subject, written.body):
        assert "((" not in text and "))" not in text
    assert complaint.reference in written.subject + written.body
    assert SIGN_OFF[language] in written.body
    other = LANGUAGES[1 - LANGUAGES.index(language)]
    assert SIGN_OFF[other] not in written.body
    if language is Language.WELSH:
        assert any(word in written.body for word in WELSH_WORDS)
    if key.startswith("decision_"):
        assert cases.SUMMARY in written.body
        assert cases.RECOMMENDATION in written.body
        for finding in complaint.findings:
            assert finding.concern.label not in ("",)
        assert written.body.count("\n- ") >= len(complaint.findings)
    if key.startswith("triage_referred_"):
        assert complaint.referred_to is not None
        assert referrals.NAMES[complaint.referred_to][language] in written.body
        assert referrals.WHAT_THEY_DO[complaint.referred_to][language] in written.body
    if key.startswith("review_outcome_"):
        assert cases.EXPLANATION in written.body
    if key == "request_for_information":
        assert "Which day was it?" in written.body


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("status", [RequestStatus.COMPLETED, RequestStatus.REFUSED])
@pytest.mark.parametrize("key", RIGHTS_KEYS)
def test_every_rights_template_renders_whole_for_a_request(
    db: Any, key: str, language: Language, status: RequestStatus
) -> None:
    written = compose.for_rights_request(cases.rights_request(status), key, language)
    assert "((" not in written.subject + written.body
    assert "Jo Bloggs" in written.body
    assert SIGN_OFF[language] in written.body
    # Staff's note of the outcome is their record, never text for the requester.
    assert "We sent you the bundle by email." not in written.body


def test_a_decision_lists_each_concern_with_its_finding_in_welsh(db: Any) -> None:
    complaint = cases.decided(Finding.PARTLY_UPHELD, Language.WELSH)
    body = compose.compose(complaint, keys.decision(Finding.PARTLY_UPHELD), Language.WELSH, {}).body
    assert "wedi’i chadarnhau’n rhannol" in body
    assert "rydym yn cytuno â rhan o’ch cwyn am hyn" in body
    assert "Beth a ganfuom ar bob un o’ch pryderon:" in body
