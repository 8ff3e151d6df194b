"""Drafts of long text staff were typing: saved while they type, put back for them alone,
deleted when the form is sent successfully (kept when it is refused), capped in length,
refused (never a server error) for a key naming no staff form they may send, and purged
after 30 days. Saving changed text is activity; saving the same text is not."""

from __future__ import annotations

import logging
from datetime import timedelta

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.auth.models import Role
from oversight.drafts.models import Draft
from oversight.models import utcnow
from tests.factories import make_case, make_user
from tests.helpers import csrf_token, login_as

DRAFTS = "/staff/drafts"
DISCARD = "/staff/drafts/discard"
NOTE = "The complainant says the van was parked outside the mosque."


@pytest.fixture
def case(db):
    complaint = make_case()
    db.session.commit()
    return complaint.reference


@pytest.fixture
def writer(client, caseworker):
    login_as(client, caseworker)
    return caseworker


def note_key(reference: str) -> str:
    return f"/staff/cases/{reference}/notes#text"


def token(client) -> str:
    return csrf_token(client.get("/staff").get_data(as_text=True))


def save(client, key: str, text: str, **extra):
    return client.post(
        DRAFTS, data={"csrf_token": token(client), "key": key, "text": text, **extra}
    )


def kept(client, *keys: str) -> list[dict]:
    response = client.get(DRAFTS, query_string=[("key", key) for key in keys])
    assert response.status_code == 200
    return response.get_json()["drafts"]


def stored(db) -> list[tuple[int, str, str]]:
    db.session.expire_all()
    return [
        (draft.user_id, draft.key, draft.text)
        for draft in db.session.scalars(sa.select(Draft).order_by(Draft.id))
    ]


def test_a_draft_is_saved_and_put_back_with_when_it_was_kept(client, db, writer, case):
    assert save(client, note_key(case), NOTE).status_code == 200
    [draft] = kept(client, note_key(case), f"/staff/cases/{case}/move#note")
    assert draft["key"] == note_key(case)
    assert draft["text"] == NOTE
    assert draft["notice"].startswith("We kept the note you were writing on ")
    assert stored(db) == [(writer.id, note_key(case), NOTE)]


def test_saving_again_keeps_one_draft_with_the_newest_text(client, db, writer, case):
    save(client, note_key(case), "First words")
    save(client, note_key(case), "First words, then more")
    assert stored(db) == [(writer.id, note_key(case), "First words, then more")]


def test_clearing_the_field_deletes_its_draft(client, db, writer, case):
    save(client, note_key(case), NOTE)
    assert save(client, note_key(case), "  \n ").status_code == 200
    assert stored(db) == []


def test_a_draft_is_its_owners_alone(app, client, db, writer, case):
    save(client, note_key(case), NOTE)
    colleague = make_user({Role.CASEWORKER, Role.ADMINISTRATOR}, email="other@example.test")
    db.session.commit()
    other = app.test_client()
    login_as(other, colleague)
    assert kept(other, note_key(case)) == []
    # Their own draft of the same field is a draft of its own; neither overwrites the other.
    save(other, note_key(case), "Mine")
    assert kept(client, note_key(case))[0]["text"] == NOTE
    assert kept(other, note_key(case))[0]["text"] == "Mine"
    other.post(DISCARD, data={"csrf_token": token(other), "key": note_key(case)})
    assert kept(client, note_key(case))[0]["text"] == NOTE


def test_sending_the_form_successfully_deletes_its_draft(client, db, writer, case):
    save(client, note_key(case), NOTE)
    other = f"/staff/cases/{case}/move#note"
    save(client, other, "A reason for moving it")
    response = client.post(
        f"/staff/cases/{case}/notes",
        data={"csrf_token": token(client), "text": NOTE, "audience": "internal"},
    )
    assert response.status_code == 302
    assert stored(db) == [(writer.id, other, "A reason for moving it")]


def test_a_refused_form_keeps_its_draft(client, db, writer, case):
    save(client, note_key(case), NOTE)
    too_long = "x" * 5001
    response = client.post(
        f"/staff/cases/{case}/notes",
        data={"csrf_token": token(client), "text": too_long, "audience": "internal"},
    )
    assert response.status_code == 400
    response = client.post(f"/staff/cases/{case}/notes", data={"text": NOTE})  # no CSRF token
    assert response.status_code == 400
    assert stored(db) == [(writer.id, note_key(case), NOTE)]


def test_discarding_a_draft_deletes_it(client, db, writer, case):
    save(client, note_key(case), NOTE)
    response = client.post(DISCARD, data={"csrf_token": token(client), "key": note_key(case)})
    assert response.status_code == 200
    assert stored(db) == []
    assert kept(client, note_key(case)) == []


def test_the_text_may_be_as_long_as_a_long_field_takes_and_no_longer(client, db, writer, case):
    assert save(client, note_key(case), "a" * 20_000).status_code == 200
    response = save(client, note_key(case), "b" * 20_001)
    assert response.status_code == 400
    assert "20,000 characters or fewer" in response.get_json()["error"]
    assert stored(db)[0][2] == "a" * 20_000


def test_control_characters_are_taken_out_of_the_text_as_a_form_does(client, db, writer, case):
    assert save(client, note_key(case), "Line one\x00\x07\r\nLine\ttwo").status_code == 200
    assert stored(db)[0][2] == "Line one\r\nLine\ttwo"


@pytest.mark.parametrize(
    "key",
    [
        "",
        "no-field-name",
        "/staff/cases/{case}/notes#",
        "/staff/cases/{case}/notes#te xt",
        "/staff/cases/{case}/notes#text\x00",
        "/staff/cases/{case}\x00/notes#text",
        "/staff/nowhere#text",
        "/complain/what-happened#what_happened",
        "https://elsewhere.example/staff/cases/{case}/notes#text",
        "/staff/drafts#text",
        "/staff/session/stay-signed-in#text",
        "/staff/sign-out#text",
        "/staff/cases/{case}#text",  # a page, not a form that posts
        "/staff/users/1/disable#reason",  # a form a caseworker may not send
        "/staff/" + "a" * 400 + "#text",
        "/staff/cases/%00/notes#text",
    ],
)
def test_a_key_naming_no_staff_form_you_may_send_is_refused(client, db, writer, case, key):
    response = save(client, key.format(case=case), NOTE)
    assert response.status_code == 400
    assert response.is_json
    assert stored(db) == []


@pytest.mark.parametrize("key", ["/staff/cases/X\x00/notes#text", "\x00", "a" * 5000])
def test_reading_or_discarding_an_odd_key_is_no_server_error(client, writer, key):
    assert kept(client, key) == []
    response = client.post(DISCARD, data={"csrf_token": token(client), "key": key})
    assert response.status_code == 400


@pytest.mark.parametrize(
    "data",
    [
        {"key": ["a", "b"], "text": ["x", "y"]},
        {"text": NOTE},
    ],
)
def test_odd_bodies_are_refused_or_saved_never_a_server_error(client, writer, case, data):
    response = client.post(DRAFTS, data={"csrf_token": token(client), **data})
    assert response.status_code in (200, 400)


def test_a_body_that_is_not_utf8_is_no_server_error(client, writer, case):
    body = f"csrf_token={token(client)}&key=%2Fstaff%2Fcases%2F{case}%2Fnotes%23text&text=%FF%FE"
    response = client.post(
        DRAFTS, data=body, content_type="application/x-www-form-urlencoded; charset=utf-8"
    )
    assert response.status_code in (200, 400)


def test_nobody_signed_in_can_save_or_read_a_draft(client, db, case):
    page = client.get("/track").get_data(as_text=True)
    response = client.post(
        DRAFTS, data={"csrf_token": csrf_token(page), "key": note_key(case), "text": NOTE}
    )
    assert response.status_code == 302
    assert response.location.startswith("/staff/sign-in")
    assert client.get(DRAFTS, query_string={"key": note_key(case)}).status_code == 302
    assert stored(db) == []


def test_saving_needs_the_csrf_token(client, db, writer, case):
    for data in ({}, {"csrf_token": "not-a-token"}):
        response = client.post(DRAFTS, data={"key": note_key(case), "text": NOTE, **data})
        assert response.status_code == 400
    assert stored(db) == []


def last_seen(client) -> float:
    with client.session_transaction() as session:
        return float(session["last_seen"])


def idle_for(client, minutes: int) -> float:
    with client.session_transaction() as session:
        session["last_seen"] = (utcnow() - timedelta(minutes=minutes)).timestamp()
        return float(session["last_seen"])


def test_typing_is_activity_but_saving_the_same_text_or_reading_is_not(client, writer, case):
    value = token(client)

    def send(text: str):
        return client.post(DRAFTS, data={"csrf_token": value, "key": note_key(case), "text": text})

    before = idle_for(client, 20)
    assert send(NOTE).status_code == 200
    assert last_seen(client) > before + 60
    before = idle_for(client, 20)
    assert send(NOTE).status_code == 200  # the same text: leaving the page, say
    assert last_seen(client) == before
    client.get(DRAFTS, query_string={"key": note_key(case)})
    assert last_seen(client) == before


def test_nothing_about_a_draft_is_audited_or_logged(client, db, writer, case, caplog):
    db.session.expire_all()
    events = db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent))
    with caplog.at_level(logging.DEBUG):
        save(client, note_key(case), NOTE)
        kept(client, note_key(case))
    assert NOTE not in caplog.text
    actions = list(db.session.scalars(sa.select(AuditEvent.action).order_by(AuditEvent.seq)))
    assert [a for a in actions[events:] if a.startswith("draft")] == []


def test_drafts_older_than_30_days_are_purged_and_never_put_back(client, db, runner, writer, case):
    save(client, note_key(case), NOTE)
    other = f"/staff/cases/{case}/move#note"
    save(client, other, "Recent")
    db.session.execute(
        sa.update(Draft)
        .where(Draft.key == note_key(case))
        .values(updated_at=utcnow() - timedelta(days=31))
    )
    db.session.commit()
    assert kept(client, note_key(case)) == []
    result = runner.invoke(args=["drafts", "purge"])
    assert result.exit_code == 0, result.output
    assert "1 draft(s) deleted." in result.output
    assert [key for _user, key, _text in stored(db)] == [other]
    [event] = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "drafts.purged"))
    assert event.details == {"count": 1, "older_than_days": 30}
