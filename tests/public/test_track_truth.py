"""The track page tells the truth: only the next target still ahead, the decision per
concern, only the recommendations meant for the complainant, "emailed" only when it was,
and a request for information shown once."""

from __future__ import annotations

from datetime import date, timedelta

import sqlalchemy as sa

from oversight.auth.models import Role, User
from oversight.casework.changes import add_timeline_entry
from oversight.complaints.enums import Finding, Status, TimelineKind
from oversight.complaints.models import Recommendation
from oversight.forces.models import Force
from oversight.models import utcnow
from oversight.notify import services as notify
from oversight.notify.models import MessageKind
from tests.factories import SIGNER_EMAIL, make_case, make_complaint, make_user
from tests.helpers import post_page

CODE = "AAAA-BBBB-CCCC"  # make_case's tracking code
ACKNOWLEDGE = "We aim to acknowledge your complaint by"
TRIAGE = "We aim to decide whether to investigate by"
DECISION = "We aim to send our decision by"


def track(client, complaint) -> str:
    response = post_page(
        client, "/track", {"reference": complaint.reference, "tracking_code": CODE}
    )
    assert response.status_code == 200
    return response.get_data(as_text=True)


def decided(findings: Finding = Finding.UPHELD):
    """make_case at "decision sent". Its sign-off senior is made first: make_case makes
    one with a flush while the status is already set, which the database's CHECK refuses
    (see the report on tests/factories.make_case)."""
    from oversight.extensions import db as _db

    if _db.session.scalar(sa.select(User).where(User.email == SIGNER_EMAIL)) is None:
        make_user({Role.SENIOR_CASEWORKER}, SIGNER_EMAIL, "Sign-off Senior")
    with _db.session.no_autoflush:
        return make_case(Status.DECISION_ISSUED, findings)


def test_before_acknowledgement_only_the_acknowledgement_target_shows(client, db):
    complaint = make_case(Status.RECEIVED)
    db.session.commit()
    html = track(client, complaint)
    assert ACKNOWLEDGE in html and TRIAGE not in html and DECISION not in html


def test_once_acknowledged_the_triage_target_is_next(client, db):
    complaint = make_case(Status.RECEIVED)
    notify.queue_acknowledgement(complaint)
    db.session.commit()
    html = track(client, complaint)
    assert ACKNOWLEDGE not in html and TRIAGE in html and DECISION not in html


def test_under_investigation_only_the_decision_target_shows(client, db):
    complaint = make_case(Status.INVESTIGATING)
    db.session.commit()
    html = track(client, complaint)
    assert DECISION in html and TRIAGE not in html and ACKNOWLEDGE not in html
    assert "We are investigating your complaint." in html


def test_a_target_that_has_passed_is_not_shown(client, db):
    complaint = make_case(Status.INVESTIGATING, decision_by=date.today() - timedelta(days=3))
    db.session.commit()
    assert DECISION not in track(client, complaint)


def test_a_decided_case_shows_no_targets_and_the_finding_on_each_concern(client, db):
    complaint = decided(Finding.PARTLY_UPHELD)
    db.session.commit()
    html = track(client, complaint)
    for target in (ACKNOWLEDGE, TRIAGE, DECISION):
        assert target not in html
    assert "Our decision" in html
    assert "There was no notice or signage" in html
    assert "Use at a protest or public event" in html
    assert html.count("Partly upheld") >= 3  # two concerns and the overall outcome
    assert "The force put up no signs." in html
    assert "If you disagree with our decision, you can ask us to review it." in html


def test_only_recommendations_meant_for_the_complainant_are_shown(client, db):
    complaint = decided()
    force = db.session.scalar(sa.select(Force).where(Force.slug == "south-wales"))
    for text, visible in (
        ("Put up signs before deployments.", True),
        ("Discipline PC 123.", False),
    ):
        db.session.add(
            Recommendation(
                complaint_id=complaint.id,
                force_id=force.id,
                text=text,
                due_date=date(2027, 3, 1),
                created_by="test",
                visible_to_complainant=visible,
            )
        )
    db.session.commit()
    html = track(client, complaint)
    assert "Put up signs before deployments." in html
    assert force.name in html
    assert "Discipline PC 123." not in html


def test_a_message_still_in_the_outbox_is_not_said_to_be_emailed(client, db):
    complaint = make_complaint()
    notify.queue_acknowledgement(complaint)
    db.session.commit()
    html = track(client, complaint)
    assert "We will email this to you." in html
    assert "We emailed this to you" not in html


def test_a_message_sent_says_when_it_was_emailed(client, db):
    complaint = make_complaint()
    message = notify.queue_acknowledgement(complaint)
    message.sent_at = utcnow()
    db.session.commit()
    html = track(client, complaint)
    assert "We emailed this to you on" in html
    assert "We will email this to you." not in html


def test_an_anonymous_complainants_messages_say_nothing_about_email(client, db):
    complaint = make_complaint(wants_contact="no")
    notify.queue_acknowledgement(complaint)
    db.session.commit()
    html = track(client, complaint)
    assert "We emailed this to you" not in html
    assert "We will email this to you." not in html


def test_a_request_for_information_shows_once(client, db):
    complaint = make_case(Status.AWAITING_INFORMATION)
    asked = "Which exit of the station were you at?"
    add_timeline_entry(
        complaint,
        TimelineKind.CORRESPONDENCE_OUT,
        "user:1",
        body=asked,
        visible_to_complainant=True,
    )
    notify.queue_message(complaint, MessageKind.REQUEST_FOR_INFORMATION, request=asked)
    db.session.commit()
    html = track(client, complaint)
    assert html.count(asked) == 1
    assert "We asked you for more information" in html
    assert "/track/reply" in html


def test_internal_timeline_entries_are_not_shown(client, db):
    complaint = make_case(Status.INVESTIGATING)
    add_timeline_entry(complaint, TimelineKind.NOTE, "user:1", body="Force is stalling.")
    db.session.commit()
    assert "Force is stalling." not in track(client, complaint)
