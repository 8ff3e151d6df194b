"""The complainant's side of casework: the messages we sent, and asking for a review."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.complaints import codes
from oversight.complaints.enums import Finding, Status, TimelineKind
from oversight.complaints.models import Complaint, TimelineEntry
from oversight.models import utcnow
from oversight.notify.models import MessageKind, OutboxMessage
from oversight.public.tracking import TRACKED
from tests.factories import make_case, make_complaint
from tests.helpers import csrf_token, login_as, post_page

CODE = "K7PM-29QX-4HTD"
REASONS = "You did not look at the signage photos I sent.\nPlease look again."
ENTER_REASONS = "Enter why you want us to review our decision"
TOO_LONG = "Your reasons must be 5,000 characters or fewer"
NOT_TRACKED = "first open your complaint with your reference and tracking code"
OUT_OF_TIME = "You can only ask for a review within 28 days of our decision"
ALREADY = "You have already asked us to review our decision"


def decided(db, days_ago: float = 3, status: Status = Status.DECISION_ISSUED, **overrides):
    """A complaint whose decision was sent `days_ago` days ago (committed)."""
    code = overrides.pop("tracking_code", CODE)
    closed = {"closed_at": utcnow(), "closure_reason": "outcome_issued"}
    complaint = make_case(
        status,
        Finding.NOT_UPHELD,
        decision_issued_at=utcnow() - timedelta(days=days_ago),
        tracking_code_hash=codes.hash_tracking_code(code),
        **(closed if status is Status.CLOSED else {}),
        **overrides,
    )
    db.session.commit()
    return complaint


def message(db, complaint, subject: str, body: str, minutes_ago: int, **fields):
    db.session.add(
        OutboxMessage(
            complaint_id=complaint.id,
            kind=fields.pop("kind", MessageKind.STATUS_CHANGE),
            language="en",
            subject=subject,
            body=body,
            created_at=utcnow() - timedelta(minutes=minutes_ago),
            **fields,
        )
    )
    db.session.commit()


def track(client, complaint, code: str = CODE):
    response = post_page(
        client, "/track", {"reference": complaint.reference, "tracking_code": code}
    )
    assert response.status_code == 200, response.status_code
    return response


def ask_for_review(client, page, reasons: str = REASONS):
    token = csrf_token(page.get_data(as_text=True))
    return client.post("/track/review", data={"csrf_token": token, "reasons": reasons})


def reload(db, complaint) -> Complaint:
    db.session.expire_all()
    return db.session.get(Complaint, complaint.id)


# ---------------------------------------------------------------- messages


def test_the_track_page_shows_every_message_sent_newest_first(client, db):
    complaint = make_complaint(tracking_code=CODE)
    db.session.commit()
    message(
        db,
        complaint,
        "We have received your complaint",
        "Thank you.",
        minutes_ago=60,
        kind=MessageKind.ACKNOWLEDGEMENT,
        recipient="jo@example.com",
        sent_at=utcnow(),
    )
    message(
        db,
        complaint,
        "We need more information",
        "Which day was it?\nWas there a sign?",
        minutes_ago=5,
        kind=MessageKind.REQUEST_FOR_INFORMATION,
    )
    html = track(client, complaint).get_data(as_text=True)
    newer = html.index("We need more information")
    older = html.index("We have received your complaint")
    assert newer < older
    assert "Which day was it?\nWas there a sign?" in html
    assert "Thank you." in html


def test_messages_kept_but_never_mailed_are_shown_to_an_anonymous_complainant(client, db):
    complaint = make_complaint(tracking_code=CODE, wants_contact="no", name=None, email=None)
    db.session.commit()
    message(db, complaint, "We need more information", "Which force was it?", minutes_ago=1)
    html = track(client, complaint).get_data(as_text=True)
    assert "Which force was it?" in html


def test_messages_are_shown_as_text_not_markup(client, db):
    complaint = make_complaint(tracking_code=CODE)
    db.session.commit()
    message(db, complaint, "<b>Subject</b>", '<script>alert("x")</script> & more', minutes_ago=1)
    html = track(client, complaint).get_data(as_text=True)
    assert "&lt;b&gt;Subject&lt;/b&gt;" in html
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; &amp; more" in html
    assert "<b>Subject</b>" not in html
    assert '<script>alert("x")' not in html


def test_another_complaints_messages_are_not_shown(client, db):
    complaint = make_complaint(tracking_code=CODE)
    other = make_complaint(tracking_code="ZZZZ-YYYY-XXXX")
    db.session.commit()
    message(db, other, "About someone else", "Not for you.", minutes_ago=1)
    html = track(client, complaint).get_data(as_text=True)
    assert "Not for you." not in html
    assert "We have not sent you any messages yet." in html


# ---------------------------------------------------------------- the review form


def test_no_review_form_before_a_decision(client, db):
    complaint = make_complaint(tracking_code=CODE)
    db.session.commit()
    html = track(client, complaint).get_data(as_text=True)
    assert "Ask for a review" not in html
    assert 'action="/track/review"' not in html


@pytest.mark.parametrize("status", [Status.DECISION_ISSUED, Status.CLOSED])
def test_the_review_form_is_offered_within_28_days_of_the_decision(client, db, status):
    complaint = decided(db, days_ago=27, status=status)
    html = track(client, complaint).get_data(as_text=True)
    assert 'action="/track/review"' in html
    assert "Why do you want us to review our decision?" in html
    assert "You can only ask once." in html


def test_after_28_days_the_page_says_the_time_has_passed(client, db):
    complaint = decided(db, days_ago=29)
    html = track(client, complaint).get_data(as_text=True)
    assert 'action="/track/review"' not in html
    assert "That time has passed." in html


# ---------------------------------------------------------------- asking for a review


@pytest.mark.parametrize("status", [Status.DECISION_ISSUED, Status.CLOSED])
def test_a_review_inside_28_days_reopens_the_case_as_review_requested(
    app, client, db, caseworker, status
):
    complaint = decided(db, days_ago=27, status=status)
    untouched = decided(db, days_ago=2, tracking_code="ZZZZ-YYYY-XXXX")
    response = ask_for_review(client, track(client, complaint))
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Review requested" in html
    assert complaint.reference in html

    reopened = reload(db, complaint)
    assert reopened.status is Status.REVIEW_REQUESTED
    assert reopened.review_requested_at is not None
    assert reload(db, untouched).status is Status.DECISION_ISSUED
    entry = db.session.scalar(
        sa.select(TimelineEntry)
        .where(
            TimelineEntry.complaint_id == complaint.id,
            TimelineEntry.to_status == Status.REVIEW_REQUESTED,
        )
        .order_by(TimelineEntry.id.desc())
    )
    assert entry is not None
    assert entry.kind is TimelineKind.STATUS_CHANGE
    assert entry.body == REASONS
    actions = list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.id)))
    assert actions[-1] == "case.review_requested"

    staff = app.test_client()
    login_as(staff, caseworker)
    queue = staff.get("/staff/cases?status=review_requested").get_data(as_text=True)
    assert complaint.reference in queue
    assert untouched.reference not in queue


def test_the_reasons_are_shown_back_as_text_on_the_track_page(client, db):
    complaint = decided(db)
    ask_for_review(client, track(client, complaint), "<i>look again</i>")
    html = track(client, complaint).get_data(as_text=True)
    assert "&lt;i&gt;look again&lt;/i&gt;" in html
    assert "Review requested" in html
    assert "You asked us to review our decision on" in html
    assert 'action="/track/review"' not in html


def test_a_review_after_28_days_is_refused(client, db):
    complaint = decided(db, days_ago=27)
    page = track(client, complaint)
    complaint.decisions[0].issued_at = utcnow() - timedelta(days=28, minutes=1)
    db.session.commit()
    response = ask_for_review(client, page)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert OUT_OF_TIME in html
    assert reload(db, complaint).status is Status.DECISION_ISSUED


def test_a_second_review_request_is_refused(client, db):
    complaint = decided(db)
    page = track(client, complaint)
    assert ask_for_review(client, page).status_code == 200
    again = ask_for_review(client, page, "And another thing.")
    assert again.status_code == 400
    assert ALREADY in again.get_data(as_text=True)
    db.session.expire_all()
    requests = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(AuditEvent)
        .where(AuditEvent.action == "case.review_requested")
    )
    assert requests == 1
    assert reload(db, complaint).status is Status.REVIEW_REQUESTED


def test_a_case_without_a_decision_cannot_be_reviewed(client, db):
    complaint = make_complaint(tracking_code=CODE)
    db.session.commit()
    track(client, complaint)
    response = ask_for_review(client, client.get("/track"))
    assert response.status_code == 400
    assert "We have not sent a decision on complaint" in response.get_data(as_text=True)
    assert reload(db, complaint).status is Status.RECEIVED


def test_a_review_sent_while_a_caseworker_changes_the_case_keeps_the_reasons(
    client, db, monkeypatch
):
    from oversight.casework import decisions
    from oversight.casework.changes import CaseChanged

    def changed(*args, **kwargs):
        raise CaseChanged

    complaint = decided(db)
    page = track(client, complaint)
    monkeypatch.setattr(decisions, "request_review", changed)
    response = ask_for_review(client, page)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Your complaint changed while you were writing" in html
    assert REASONS in html
    assert reload(db, complaint).status is Status.DECISION_ISSUED


def test_asking_without_tracking_the_complaint_first_is_refused(client, db):
    complaint = decided(db)
    response = ask_for_review(client, client.get("/track"))
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    assert NOT_TRACKED in html
    assert 'href="/track"' in html
    assert reload(db, complaint).status is Status.DECISION_ISSUED


@pytest.mark.parametrize(("minutes", "status"), [(29, 200), (31, 403)])
def test_the_tracked_session_lasts_30_minutes(client, db, minutes, status):
    complaint = decided(db)
    page = track(client, complaint)
    with client.session_transaction() as session:
        session[TRACKED] = {**session[TRACKED], "at": utcnow().timestamp() - minutes * 60}
    response = ask_for_review(client, page)
    assert response.status_code == status
    expected = Status.REVIEW_REQUESTED if status == 200 else Status.DECISION_ISSUED
    assert reload(db, complaint).status is expected
    if status == 403:
        assert NOT_TRACKED in response.get_data(as_text=True)


def test_the_review_goes_to_the_complaint_last_tracked(client, db):
    first = decided(db)
    second = decided(db, tracking_code="ZZZZ-YYYY-XXXX")
    track(client, first)
    page = track(client, second, "ZZZZ-YYYY-XXXX")
    assert ask_for_review(client, page).status_code == 200
    assert reload(db, first).status is Status.DECISION_ISSUED
    assert reload(db, second).status is Status.REVIEW_REQUESTED


@pytest.mark.parametrize("token", [None, "", "not-a-token"])
def test_asking_for_a_review_needs_the_pages_csrf_token(client, db, token):
    complaint = decided(db)
    track(client, complaint)
    data = {"reasons": REASONS}
    if token is not None:
        data["csrf_token"] = token
    response = client.post("/track/review", data=data)
    assert response.status_code == 400
    assert "Sorry, we could not save that" in response.get_data(as_text=True)
    assert reload(db, complaint).status is Status.DECISION_ISSUED


@pytest.mark.parametrize(
    ("reasons", "error"),
    [("", ENTER_REASONS), ("   \r\n  ", ENTER_REASONS), ("x" * 5001, TOO_LONG)],
)
def test_the_reasons_are_required_and_at_most_5000_characters(client, db, reasons, error):
    complaint = decided(db)
    response = ask_for_review(client, track(client, complaint), reasons)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "<title>Error:" in html
    assert 'class="govuk-error-summary' in html
    assert f'<a href="#reasons">{error}</a>' in html
    assert 'id="reasons-error"' in html
    assert reasons.strip() in html  # what they typed is kept
    assert complaint.reference in html
    assert reload(db, complaint).status is Status.DECISION_ISSUED


def test_5000_characters_with_line_breaks_counted_once_are_accepted(client, db):
    complaint = decided(db)
    reasons = ("x" * 99 + "\r\n") * 50  # 5,000 characters once CR LF counts as one
    response = ask_for_review(client, track(client, complaint), reasons)
    assert response.status_code == 200
    assert reload(db, complaint).status is Status.REVIEW_REQUESTED


def test_review_requests_are_rate_limited(app, client, db):
    complaint = decided(db)
    page = track(client, complaint)
    saved = app.config["TRACK_RATE_LIMIT"]
    app.config["TRACK_RATE_LIMIT"] = "2 per minute"
    try:
        statuses = [ask_for_review(client, page, "").status_code for _ in range(3)]
    finally:
        app.config["TRACK_RATE_LIMIT"] = saved
    assert statuses == [400, 400, 429]
    assert reload(db, complaint).status is Status.DECISION_ISSUED
