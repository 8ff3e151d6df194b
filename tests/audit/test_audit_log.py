"""The audit log for administrators: who may read it, its filters and pages, and
markup shown as text."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from oversight.audit import services as audit
from tests.audit.trail import AUDIT_LOG, events, record_some
from tests.helpers import login_as

# --- The audit log for administrators ----------------------------------------------------


@pytest.mark.parametrize("role", ["caseworker", "senior_caseworker", "statistician", "publisher"])
def test_only_administrators_may_read_the_audit_log(request, client, db, role):
    user = request.getfixturevalue(role)
    login_as(client, user)
    assert client.get(AUDIT_LOG).status_code == 403
    [refused] = events(db)
    assert (refused.action, refused.actor) == ("access.refused", f"user:{user.id}")
    assert events(db, "audit.viewed") == []


def test_the_audit_log_needs_a_signed_in_user(client, db):
    response = client.get(AUDIT_LOG)
    assert response.status_code == 302
    assert "/staff/sign-in" in response.location


ROW_NUMBER = re.compile(r'<tr class="govuk-table__row">\s*<td class="govuk-table__cell">(\d+)</td>')


def shown(html: str) -> list[int]:
    return [int(number) for number in ROW_NUMBER.findall(html)]


@pytest.fixture
def varied_events(db, monkeypatch) -> None:
    """Five events at known times (numbered 1 to 5 in order)."""
    rows = [
        ("case.viewed", "user:901", "ABC-1", "success", datetime(2026, 3, 1, 12, tzinfo=UTC)),
        ("case.queue_viewed", "user:902", None, "success", datetime(2026, 3, 2, 12, tzinfo=UTC)),
        ("auth.sign_in_failed", "public", "5", "failure", datetime(2026, 3, 3, 12, tzinfo=UTC)),
        ("access.refused", "user:902", "ABC-1", "denied", datetime(2026, 3, 4, 12, tzinfo=UTC)),
        (
            "complainant.viewed",
            "user:901",
            "ABC-2",
            "success",
            datetime(2026, 6, 30, 23, 30, tzinfo=UTC),
        ),
    ]
    details = {
        "case.viewed": {"reference": "ABC-1"},
        "case.queue_viewed": {"filters": {}, "count": 2},
        "auth.sign_in_failed": {"email": "x@example.test", "reason": "wrong_password"},
        "access.refused": {"endpoint": "casework.case_detail", "method": "GET"},
        "complainant.viewed": {"reference": "ABC-2"},
    }
    for action, actor, object_id, outcome, at in rows:
        monkeypatch.setattr(audit, "utcnow", lambda at=at: at)
        audit.record(
            action,
            actor=actor,
            object_type="case",
            object_id=object_id,
            outcome=outcome,
            **details[action],
        )
    monkeypatch.undo()
    db.session.commit()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({}, [5, 4, 3, 2, 1]),
        ({"action": "case."}, [2, 1]),
        ({"action": "auth"}, [3]),
        ({"actor": "user:901"}, [5, 1]),
        ({"object_id": "ABC-1"}, [4, 1]),
        ({"outcome": "denied"}, [4]),
        ({"outcome": "failure"}, [3]),
        ({"date_from": "2026-03-03"}, [5, 4, 3]),
        ({"date_to": "2026-03-02"}, [2, 1]),
        ({"date_from": "2026-03-02", "date_to": "2026-03-04"}, [4, 3, 2]),
        ({"date_to": "2026-06-30"}, [5, 4, 3, 2, 1]),
        ({"date_from": "2026-07-01"}, []),
        ({"date_from": "not a date"}, [5, 4, 3, 2, 1]),
        ({"date_to": "9999-12-31"}, [5, 4, 3, 2, 1]),
        ({"action": "%"}, []),
        ({"actor": "user:901\x00"}, [5, 1]),
        ({"actor": "user:902", "outcome": "success"}, [2]),
    ],
)
def test_the_audit_log_filters_by_action_actor_object_outcome_and_utc_dates(
    client, db, administrator, varied_events, query, expected
):
    login_as(client, administrator)
    response = client.get(AUDIT_LOG, query_string=query)
    assert response.status_code == 200
    assert shown(response.get_data(as_text=True)) == expected


def test_the_audit_log_pages_through_events_newest_first_keeping_the_filters(
    client, db, administrator
):
    record_some(db, 120)
    login_as(client, administrator)
    first = client.get(AUDIT_LOG, query_string={"action": "case."}).get_data(as_text=True)
    assert shown(first) == list(range(120, 70, -1))
    assert "120 events" in first
    assert 'href="/staff/audit?page=2&amp;action=case."' in first
    second = client.get(AUDIT_LOG, query_string={"action": "case.", "page": 2})
    assert shown(second.get_data(as_text=True)) == list(range(70, 20, -1))
    last = client.get(AUDIT_LOG, query_string={"action": "case.", "page": 3})
    last_html = last.get_data(as_text=True)
    assert shown(last_html) == list(range(20, 0, -1))
    assert "page=4" not in last_html
    assert 'href="/staff/audit?page=2&amp;action=case."' in last_html


def test_a_page_past_the_end_of_the_audit_log_shows_the_last_page(client, db, administrator):
    record_some(db, 60)
    login_as(client, administrator)
    response = client.get(AUDIT_LOG, query_string={"action": "case.", "page": 10**20})
    assert response.status_code == 200
    assert shown(response.get_data(as_text=True)) == list(range(10, 0, -1))


def test_reading_the_audit_log_is_itself_recorded_with_its_filters(client, db, administrator):
    login_as(client, administrator)
    response = client.get(AUDIT_LOG, query_string={"action": "auth.", "outcome": "failure"})
    [event] = events(db, "audit.viewed")
    assert event.actor == f"user:{administrator.id}"
    assert event.object_type == "audit_log"
    assert event.details == {"filters": {"action": "auth.", "outcome": "failure"}}
    assert event.request_id == response.headers["X-Request-ID"]
    assert audit.verify().intact


def test_markup_in_events_and_filters_is_shown_as_text(client, db, administrator):
    audit.record(
        "auth.sign_in_failed",
        actor="public",
        object_type="user",
        outcome="failure",
        email="<script>alert(1)</script>",
        reason="unknown_account",
    )
    db.session.commit()
    login_as(client, administrator)
    html = client.get(AUDIT_LOG, query_string={"actor": '"><script>alert(2)</script>'}).get_data(
        as_text=True
    )
    html += client.get(AUDIT_LOG).get_data(as_text=True)
    assert "<script>alert" not in html
    assert "alert(1)" in html
    assert "&#34;&gt;&lt;script&gt;alert(2)" in html or "&quot;&gt;&lt;script&gt;alert(2)" in html
