"""Every public form, sent hostile values field by field, and the journey sent on
("Send") with each hostile answer it kept: never a 5xx, no NUL stored, no markup sent back
unescaped. A NUL that a question page kept used to fail only at "Send", on PostgreSQL,
after every question had been answered."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from oversight.complaints.enums import Status
from oversight.extensions import limiter
from tests.app.hostile import TEXT_VALUES, Sent, assert_survived, walk_form
from tests.factories import make_case
from tests.helpers import answer_everything, csrf_token

Q = "oversight.public.questions"
C = "oversight.public.contact"


@dataclass(frozen=True)
class Walk:
    """A public page and the forms it sends; `before` is what the person did first:
    "journey" (answered every question), "tracking" (opened their complaint) or
    nothing."""

    page: str
    forms: tuple[str, ...]
    before: str = ""
    action: str = ""


WALKS: dict[str, Walk] = {
    "technology": Walk("/complain/technology", (f"{Q}.TechnologyForm",)),
    "force": Walk("/complain/force", (f"{Q}.ForceForm",)),
    "when": Walk("/complain/when", (f"{Q}.WhenForm",)),
    "where": Walk("/complain/where", (f"{Q}.WhereForm",)),
    "what-happened": Walk("/complain/what-happened", (f"{Q}.WhatHappenedForm",)),
    "concerns": Walk("/complain/concerns", (f"{Q}.ConcernsForm",)),
    "involvement": Walk("/complain/involvement", (f"{Q}.InvolvementForm",)),
    "outcome": Walk("/complain/outcome", (f"{Q}.OutcomeForm",)),
    "evidence": Walk("/complain/evidence", (f"{Q}.EvidenceForm",)),
    "contact": Walk("/complain/contact", (f"{C}.ContactForm",)),
    "contact-details": Walk("/complain/contact-details", (f"{C}.ContactDetailsForm",)),
    "consent": Walk("/complain/consent", (f"{C}.ConsentForm",), "journey"),
    "deployment": Walk("/complain/deployment", (f"{Q}.DeploymentForm",), "deployment"),
    "send": Walk("/complain/check-answers", (f"{Q}.SubmitForm",), "journey"),
    "save": Walk("/complain/save", ("oversight.public.forms.SaveForm",), "journey"),
    "return": Walk("/complain/return", ("oversight.public.forms.ReturnForm",)),
    "track": Walk("/track", ("oversight.public.forms.TrackForm",)),
    "reply": Walk("/track/reply", ("oversight.public.forms.ReplyForm",), "awaiting"),
    "add-evidence": Walk(
        "/track/add-evidence", ("oversight.public.forms.AddEvidenceForm",), "tracking"
    ),
    "review": Walk(
        "/track/your-complaint",
        ("oversight.public.forms.ReviewForm",),
        "decided",
        "/track/review",
    ),
    "withdraw": Walk("/track/withdraw", ("oversight.public.forms.WithdrawForm",), "tracking"),
    "remove-contact-details": Walk(
        "/track/remove-contact-details", ("oversight.public.forms.ConfirmForm",), "tracking"
    ),
    "feedback": Walk("/feedback", ("oversight.pages.forms.FeedbackForm",)),
}
# Forms of the journey that the walk reaches another way.
REACHED_OTHERWISE = {
    # The link in a saved draft's email: its page holds only a button (tested with the link).
    "oversight.public.forms.ContinueForm": "tests/public/test_save_and_return.py",
    # A button beside each uploaded file: files are another walk's (tests/public/test_evidence.py).
    f"{Q}.RemoveEvidenceForm": "tests/public/test_evidence.py",
}
TRACKING_CODE = "AAAA-BBBB-CCCC"  # the factories' own


@pytest.fixture
def unlimited(app):
    limiter.enabled = False
    yield
    limiter.enabled = True


def _open_complaint(client, db, status: Status) -> None:
    complaint = make_case(status)
    db.session.commit()
    page = client.get("/track").get_data(as_text=True)
    response = client.post(
        "/track",
        data={
            "csrf_token": csrf_token(page),
            "reference": complaint.reference,
            "tracking_code": TRACKING_CODE,
        },
    )
    assert response.status_code in (200, 302), response.get_data(as_text=True)[:500]


def _before(client, db, before: str) -> None:
    if before == "journey":
        answer_everything(client)
    elif before == "deployment":
        from tests.factories import make_deployment

        make_deployment()
        db.session.commit()
        answer_everything(client, when={"incident_date-day": "14", "incident_date-month": "6"})
    elif before == "tracking":
        _open_complaint(client, db, Status.INVESTIGATING)
    elif before == "awaiting":
        _open_complaint(client, db, Status.AWAITING_INFORMATION)
    elif before == "decided":
        _open_complaint(client, db, Status.DECISION_ISSUED)


@pytest.mark.parametrize("name", sorted(WALKS))
def test_every_field_of_a_public_form_survives_hostile_values(client, db, unlimited, name):
    walk = WALKS[name]
    _before(client, db, walk.before)
    sent = walk_form(client, walk.page, walk.action or None)
    assert_survived(db, sent)


# Each free-text answer of the journey, and the page that asks it.
TEXT_ANSWERS = {
    "where": "place",
    "what-happened": "what_happened",
    "outcome": "outcome_wanted",
    "contact-details": "name",
    "contact-details ": "email",
    "contact-details  ": "phone",
}


@pytest.mark.parametrize("slug, answer", sorted(TEXT_ANSWERS.items()))
def test_a_journey_sent_with_a_hostile_answer_is_never_a_server_error(
    client, db, unlimited, slug, answer
):
    sent: list[Sent] = []
    for value in TEXT_VALUES:
        with client.session_transaction() as session:
            session.clear()
        answer_everything(client)
        page = f"/complain/{slug.strip()}"
        html = client.get(page).get_data(as_text=True)
        data = {"csrf_token": csrf_token(html), answer: value}
        if slug.strip() == "contact-details":
            data = {"name": "Jo", "email": "jo@example.com", "preferred_contact": "email", **data}
        asked = client.post(page, data=data)
        sent.append(Sent(page, answer, value, asked.status_code, asked.get_data(as_text=True)))
        check = client.get("/complain/check-answers")
        sent.append(Sent("check answers", answer, value, check.status_code, check.get_data(True)))
        sending = client.post(
            "/complain/check-answers",
            data={"csrf_token": csrf_token(check.get_data(as_text=True))},
            follow_redirects=True,
        )
        sent.append(Sent("send", answer, value, sending.status_code, sending.get_data(True)))
        assert sending.status_code == 200, sending.get_data(as_text=True)[:500]
    assert_survived(db, sent)
