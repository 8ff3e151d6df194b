"""Deadlines in working days: triage, the decision clock and its pauses, overdue cases.
Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from oversight.complaints.enums import Status
from tests.casework.cases import REFERENCE, act, at, case, log, page_of
from tests.factories import make_case, make_complaint
from tests.helpers import login_as

# ---------------------------------------------------------------- deadlines


def test_deadlines_count_working_days_past_christmas_bank_holidays_and_weekends(
    client, db, caseworker, monkeypatch
):
    # Received Wednesday 23 December 2026. Not working days: Christmas Day (Fri 25),
    # the weekend, Boxing Day's substitute (Mon 28), New Year's Day (Fri 1), the weekend.
    monkeypatch.setattr("oversight.casework.intake.views.utcnow", lambda: at("2026-12-23T16:30:00"))
    login_as(client, caseworker)
    response = log(client)
    assert response.status_code == 200
    reference = REFERENCE.search(response.get_data(as_text=True)).group(1)
    logged = case(db, reference)
    assert logged.acknowledge_by == date(2026, 12, 29)
    assert logged.triage_by == date(2027, 1, 11)
    assert logged.decision_by == date(2027, 3, 22)
    html = page_of(client, reference)
    assert "11 January 2027" in html
    assert "22 March 2027" in html


def test_a_web_complaint_gets_the_same_deadlines(db):
    complaint = make_complaint(received_at=at("2026-12-23T09:00:00"))
    assert (complaint.acknowledge_by, complaint.triage_by, complaint.decision_by) == (
        date(2026, 12, 29),
        date(2027, 1, 11),
        date(2027, 3, 22),
    )


def test_a_new_complaint_is_due_for_triage_from_the_start(db):
    complaint = make_complaint(received_at=at("2026-12-23T09:00:00"))
    assert complaint.due_on == date(2027, 1, 11)


def test_waiting_for_the_complainant_pauses_the_decision_clock(client, db, caseworker, monkeypatch):
    now = {"at": at("2026-12-23T11:00:00")}
    for module in ("changes", "workflow"):
        monkeypatch.setattr(f"oversight.casework.{module}.utcnow", lambda: now["at"])
    complaint = make_complaint(received_at=at("2026-12-23T09:00:00"))
    db.session.commit()
    login_as(client, caseworker)
    assert act(client, db, complaint.reference, "move", {"target": "in_triage"}).status_code == 302
    triage = {"in_remit": "yes", "priority": "standard", "concerns": ["no_notice"]}
    assert act(client, db, complaint.reference, "triage", triage).status_code == 302
    assert case(db, complaint.reference).due_on == date(2027, 3, 22)

    now["at"] = at("2026-12-24T10:00:00")  # Thursday, the last working day before Christmas
    answers = {"request_text": "Which entrance?"}
    assert act(client, db, complaint.reference, "request-information", answers).status_code == 302
    waiting = case(db, complaint.reference)
    assert waiting.status is Status.AWAITING_INFORMATION
    assert waiting.due_on is None
    assert waiting.awaiting_since == at("2026-12-24T10:00:00")
    assert "Paused while we wait for the complainant" in page_of(client, complaint.reference)

    # The reply comes Monday 4 January: 4 working days waited (29, 30, 31 Dec and 4 Jan).
    now["at"] = at("2027-01-04T15:00:00")
    assert (
        act(client, db, complaint.reference, "reply", {"reply_text": "North."}).status_code == 302
    )
    back = case(db, complaint.reference)
    assert back.status is Status.INVESTIGATING
    assert back.awaiting_since is None
    # 22 March 2027 plus 4 working days, passing Good Friday and Easter Monday.
    assert back.decision_by == date(2027, 3, 30)
    assert back.due_on == date(2027, 3, 30)
    assert back.triage_by == date(2027, 1, 11)


def test_a_case_past_its_due_date_shows_as_overdue(client, db, caseworker, monkeypatch):
    complaint = make_case(Status.INVESTIGATING)
    db.session.commit()
    login_as(client, caseworker)
    assert "Overdue" not in page_of(client, complaint.reference)
    day_after = complaint.decision_by + timedelta(days=1)
    monkeypatch.setattr(
        "oversight.casework.page.utcnow",
        lambda: datetime.combine(day_after, time(12), UTC),
    )
    assert "Overdue" in page_of(client, complaint.reference)
