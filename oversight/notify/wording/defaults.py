"""The wording the register ships with, in English (Welsh: defaults_cy.py): version 1 of
every template. Placeholders are ((name)), as GOV.UK Notify writes them; a line holding
only a placeholder with nothing to say (no note, say) is left out."""

from __future__ import annotations

from oversight.complaints.enums import Finding, ReferralBody, ReviewOutcome
from oversight.notify.wording import keys

SIGN_OFF = "Facial Recognition Oversight Register"
TRACK = (
    "You can see your complaint online at ((tracking_url)) with your reference and tracking code."
)


def _referred() -> tuple[str, str]:
    return (
        "Your complaint ((reference)): who can help",
        "We have assessed your complaint ((reference)). It is not something we can"
        " investigate ourselves, but ((referral_body)) can look into it.\n\n"
        "((what_they_do))\n\n"
        "((note))\n\n"
        "We have closed your complaint with us. If you contact them, tell them what"
        " happened; you can quote our reference ((reference)).\n\n" + SIGN_OFF,
    )


_OVERALL = {
    Finding.UPHELD: "We have upheld your complaint.",
    Finding.PARTLY_UPHELD: "We have partly upheld your complaint: we agree with some of"
    " what you complained about, but not all of it.",
    Finding.NOT_UPHELD: "We have not upheld your complaint: we did not find that the police"
    " got this wrong.",
    Finding.UNABLE_TO_DETERMINE: "We are unable to determine your complaint: we could not"
    " find enough evidence to say whether things happened as you described.",
}


def _decision(outcome: Finding) -> tuple[str, str]:
    return (
        "Our decision on your complaint ((reference))",
        "We have made a decision on your complaint ((reference)).\n\n"
        + _OVERALL[outcome]
        + "\n\nWhat we found on each of your concerns:\n((findings))\n\n"
        "((summary))\n\n"
        "What we have recommended to the police:\n((recommendations))\n\n"
        "If you disagree with our decision, you can ask for a review by ((review_deadline))."
        " You can ask once about each decision. Ask online at ((tracking_url)) with your"
        " reference and tracking code.\n\n" + SIGN_OFF,
    )


ENGLISH: dict[str, tuple[str, str]] = {
    "acknowledgement": (
        "We have received your complaint ((reference))",
        "We have received your complaint about police use of facial recognition.\n\n"
        "Your reference is ((reference)).\n\n"
        "A caseworker will look at your complaint and decide whether we can investigate."
        " We aim to do this by ((triage_date)). We may contact you to ask for more"
        " information.\n\n"
        "We aim to send you our decision by ((decision_date)).\n\n"
        "You can track your complaint, answer our questions and add evidence online at"
        " ((tracking_url)) with your reference and the tracking code you were shown when"
        " you sent it.\n\n" + SIGN_OFF,
    ),
    "request_for_information": (
        "We need more information about your complaint ((reference))",
        "We need more information about your complaint ((reference)).\n\n"
        "((questions))\n\n"
        "Reply online at ((tracking_url)) with your reference and tracking code. We have"
        " paused the time we take to decide until we hear from you.\n\n" + SIGN_OFF,
    ),
    "reply_received": (
        "We have received your reply about your complaint ((reference))",
        "We have received your reply about your complaint ((reference)).\n\n"
        "Your caseworker will read it. The time we take to decide has started again.\n\n"
        "You can see what you sent, and add evidence while your complaint is open, online"
        " at ((tracking_url)) with your reference and tracking code.\n\n" + SIGN_OFF,
    ),
    "triage_in_remit": (
        "We will investigate your complaint ((reference))",
        "We have assessed your complaint ((reference)). It is about something we oversee,"
        " so we will investigate it.\n\n"
        "((note))\n\n"
        "A caseworker will look at what happened and at the evidence. They may contact the"
        " police force, and ask you for more information. We aim to send you our decision"
        " by ((decision_date)).\n\n"
        "You can track your complaint and add evidence online at ((tracking_url)) with"
        " your reference and tracking code.\n\n" + SIGN_OFF,
    ),
    **{keys.triage_referred(body): _referred() for body in ReferralBody},
    "triage_out_of_remit": (
        "Your complaint ((reference)) is outside our remit",
        "We have assessed your complaint ((reference)). We cannot investigate it: we oversee"
        " police use of facial recognition and similar biometric technology, and your"
        " complaint is about something else.\n\n"
        "((note))\n\n"
        "We have closed your complaint. If you want to complain about something else the"
        " police did, you can contact the police force or, in England and Wales, the"
        " Independent Office for Police Conduct (IOPC) at www.policeconduct.gov.uk.\n\n"
        "If you think we have misunderstood your complaint, you can make a new complaint"
        " at ((new_complaint_url)) and tell us more.\n\n" + SIGN_OFF,
    ),
    **{keys.decision(outcome): _decision(outcome) for outcome in Finding},
    keys.review_outcome(ReviewOutcome.UPHELD): (
        "Our review of the decision on your complaint ((reference))",
        "We have reviewed our decision on your complaint ((reference)), as you asked.\n\n"
        "We agree that our decision should be looked at again. We will look at the"
        " findings again and aim to send you a new decision by ((decision_date)).\n\n"
        "((explanation))\n\n" + SIGN_OFF,
    ),
    keys.review_outcome(ReviewOutcome.NOT_UPHELD): (
        "Our review of the decision on your complaint ((reference))",
        "We have reviewed our decision on your complaint ((reference)), as you asked.\n\n"
        "We have found no reason to change our decision. Our decision stands and your"
        " complaint is now closed.\n\n"
        "((explanation))\n\n" + SIGN_OFF,
    ),
    "withdrawal": (
        "You have withdrawn your complaint ((reference))",
        "You have withdrawn your complaint ((reference)).\n\n"
        "We have stopped working on it and closed it as withdrawn.\n\n"
        "If you change your mind, you can make a new complaint at any time at"
        " ((new_complaint_url)).\n\n" + TRACK + "\n\n" + SIGN_OFF,
    ),
    "rights_acknowledgement": (
        "We have received your request about your personal data",
        "Dear ((requester_name)),\n\n"
        "We have received your request: ((request_kind)). It reached us on"
        " ((received_date)).\n\n"
        "We will check who you are before we act on it, and may ask you for proof of your"
        " identity. We will reply by ((due_date)). If your request is complex we can take"
        " up to two more months; we would tell you why before then.\n\n" + SIGN_OFF,
    ),
    "rights_outcome": (
        "Our reply to your request about your personal data",
        "Dear ((requester_name)),\n\n"
        "We have finished dealing with your request: ((request_kind)), which reached us on"
        " ((received_date)).\n\n"
        "((outcome))\n\n"
        "If you are unhappy with how we dealt with your request, you can complain to the"
        " Information Commissioner’s Office (ICO) at ico.org.uk/make-a-complaint or on"
        " 0303 123 1113.\n\n" + SIGN_OFF,
    ),
}
