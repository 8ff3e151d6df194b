"""Save and come back later: a link by email, or a draft code, opens the same draft in
another browser within its time; nothing else does, and only a hash is kept."""

from __future__ import annotations

import io
import re
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa

from oversight.complaints.models import Complaint, Evidence
from oversight.models import utcnow
from oversight.public import drafts
from oversight.public.models import ComplaintDraft
from tests import files
from tests.helpers import answer_everything, csrf_token, post_page, send_complaint
from tests.public.questions import page_of, saved_answers
from tests.public.saving import (
    LINK,
    NOT_RECOGNISED,
    audit_actions,
    enter_code,
    save,
    save_for_a_code,
    saved_draft_messages,
    start_complaint,
    the_draft,
)

# Every question page offers it.


def test_each_question_page_has_a_save_and_come_back_later_button(client):
    for slug in ("technology", "where", "contact-details", "evidence"):
        html = client.get(f"/complain/{slug}").get_data(as_text=True)
        assert re.search(
            r'<button type="submit" value="save" name="action"[^>]*>\s*Save and come back later',
            html,
        ), slug


def test_the_button_keeps_the_pages_answer_then_offers_the_ways_back(app, client):
    post_page(client, "/complain/technology", {"technology": "rfr"})

    response = post_page(client, "/complain/force", {"force": "cumbria", "action": "save"})

    assert response.location == "/complain/save"
    assert saved_answers(app, client)["force"] == "cumbria"


def test_the_start_page_says_how_long_answers_are_kept_and_how_to_keep_them(client):
    html = client.get("/").get_data(as_text=True)
    assert "We keep your answers for 24 hours from when you answer the first question" in html
    assert "If you close your browser, you lose your answers unless you choose" in html
    assert "Save and come back later" in html
    assert 'href="/complain/return"' in html


# By email.


def test_a_link_by_email_opens_the_same_draft_in_another_browser_to_send(app, db, client):
    answer_everything(client)
    upload = {
        "csrf_token": csrf_token(client.get("/complain/evidence").get_data(as_text=True)),
        "action": "upload",
        "files": [(io.BytesIO(files.png()), "van.png")],
    }
    client.post("/complain/evidence", data=upload, content_type="multipart/form-data")
    assert page_of(client.get("/complain/save")).values["email"] == ["jo@example.com"]

    assert save(client, "jo@example.com").location == "/complain/saved"
    shown = client.get("/complain/saved").get_data(as_text=True)

    assert "We could not send the email with a link to your answers to jo@example.com yet" in shown
    [message] = saved_draft_messages(db)
    draft = the_draft(db)
    assert (message.draft_id, message.complaint_id) == (draft.id, None)
    assert message.recipient == "jo@example.com"
    link = LINK.search(message.body)
    assert link, message.body
    other = app.test_client()
    landing = other.get(link.group(1))
    assert landing.status_code == 200
    assert "Continue your saved complaint" in landing.get_data(as_text=True)
    assert post_page(other, link.group(1), {}).location == "/complain/check-answers"
    answers = other.get("/complain/check-answers").get_data(as_text=True)
    assert "Cardiff city centre" in answers
    assert "van.png" in answers
    assert client.get("/complain/check-answers").location == "/complain/answers-deleted"
    assert "Complaint sent" in send_complaint(other).get_data(as_text=True)
    complaint = db.session.scalars(sa.select(Complaint)).one()
    assert complaint.place == "Cardiff city centre"
    assert [e.original_name for e in db.session.scalars(sa.select(Evidence))] == ["van.png"]
    assert saved_draft_messages(db) == []  # unsent, its link dead: gone with the draft
    assert other.get(link.group(1)).status_code == 404


def test_the_email_address_must_look_like_one(db, client):
    start_complaint(client)

    response = save(client, "not an address")

    assert response.status_code == 400
    page = page_of(response)
    assert page.summary == [
        ("#email", "Enter an email address in the correct format, like name@example.com")
    ]
    assert the_draft(db).return_code_hash is None


# By draft code.


def test_a_draft_code_is_shown_once_and_opens_the_draft_in_another_browser(app, db, client):
    start_complaint(client)

    code = save_for_a_code(client)

    assert re.fullmatch(r"[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}", code)
    again = client.get("/complain/saved").get_data(as_text=True)
    assert code not in again
    assert "was shown once" in again
    assert saved_draft_messages(db) == []
    other = app.test_client()
    typed = code.lower().replace("-", " ")
    assert enter_code(other, f"  {typed} ").location == "/complain/when"
    assert saved_answers(app, other) == {"technology": "rfr", "force": "cumbria"}
    assert post_page(other, "/complain/where", {"place": "Penrith"}).status_code == 302
    assert saved_answers(app, other)["place"] == "Penrith"
    assert saved_answers(app, client) == {}


def test_the_same_code_works_again_until_the_complaint_is_sent(app, db, client):
    start_complaint(client)
    code = save_for_a_code(client)
    phone, laptop = app.test_client(), app.test_client()

    assert enter_code(phone, code).status_code == 302
    assert enter_code(laptop, code).status_code == 302

    assert saved_answers(app, laptop)["force"] == "cumbria"
    assert saved_answers(app, phone) == {}
    assert db.session.scalar(sa.select(sa.func.count(ComplaintDraft.id))) == 1


def test_saving_again_replaces_the_earlier_link_and_code(app, db, client):
    start_complaint(client)
    first_code = save_for_a_code(client)
    save(client, "jo@example.com")
    first_link = LINK.search(saved_draft_messages(db)[0].body)
    assert first_link

    second_code = save_for_a_code(client)

    assert saved_draft_messages(db) == []  # the unsent message's link no longer works
    other = app.test_client()
    assert enter_code(other, first_code).status_code == 400
    assert other.get(first_link.group(1)).status_code == 404
    assert enter_code(other, second_code).status_code == 302


def test_a_wrong_code_gets_a_govuk_error_and_is_audited(app, db, client):
    start_complaint(client)
    save_for_a_code(client)
    other = app.test_client()

    response = enter_code(other, "AAAA-BBBB-CCCC")

    assert response.status_code == 400
    page = page_of(response)
    assert page.title.startswith("Error:")
    assert page.summary == [("#draft_code", NOT_RECOGNISED)]
    assert page.inline_errors == [NOT_RECOGNISED]
    assert audit_actions(db)[-1] == ("draft.return_failed", {"method": "code"}, "failure")


def test_an_empty_code_is_asked_for(client):
    response = enter_code(client, " ")

    assert response.status_code == 400
    assert page_of(response).summary == [("#draft_code", "Enter your draft code")]


def expire(db: Any) -> None:
    draft = the_draft(db)
    draft.expires_at = utcnow() - timedelta(minutes=1)
    db.session.commit()


def test_an_expired_drafts_code_says_so_plainly(app, db, client):
    start_complaint(client)
    code = save_for_a_code(client)
    expire(db)

    response = enter_code(app.test_client(), code)

    assert response.status_code == 400
    assert page_of(response).inline_errors == [NOT_RECOGNISED]


def test_an_expired_drafts_link_says_so_plainly(app, db, client):
    start_complaint(client)
    save(client, "jo@example.com")
    link = LINK.search(saved_draft_messages(db)[0].body)
    assert link
    expire(db)

    response = app.test_client().get(link.group(1))

    assert response.status_code == 404
    html = response.get_data(as_text=True)
    assert "This link is not recognised or has expired" in html
    assert "Continue your saved complaint" not in html


def test_a_sent_complaints_code_opens_nothing(app, db, client):
    answer_everything(client)
    code = save_for_a_code(client)
    send_complaint(client)

    response = enter_code(app.test_client(), code)

    assert response.status_code == 400
    assert page_of(response).inline_errors == [NOT_RECOGNISED]
    assert the_draft(db).return_code_hash is None


def test_the_code_and_the_link_are_kept_only_as_keyed_hashes(app, db, client):
    start_complaint(client)
    code = save_for_a_code(client)
    stored = the_draft(db).return_code_hash

    assert stored == drafts.code_hash(app.config["SECRET_KEY"], code)
    assert stored != drafts.code_hash("another key", code)
    assert code.replace("-", "") not in stored.upper()
    save(client, "jo@example.com")
    link = LINK.search(saved_draft_messages(db)[0].body)
    assert link
    token = link.group(1).rsplit("/", 1)[-1]
    draft = the_draft(db)
    assert draft.return_code_hash == drafts.link_hash(app.config["SECRET_KEY"], token)
    assert token not in (draft.id, draft.return_code_hash)
    # A code typed into the link's address opens nothing: the two are hashed apart.
    code = save_for_a_code(client)
    assert app.test_client().get(f"/complain/return/{code}").status_code == 404


def test_saving_and_returning_are_audited_without_personal_data(app, db, client):
    start_complaint(client)
    save(client, "jo@example.com")
    token = LINK.search(saved_draft_messages(db)[0].body)
    assert token
    post_page(app.test_client(), token.group(1), {})

    assert audit_actions(db) == [
        ("draft.saved", {"method": "email"}, "success"),
        ("draft.returned", {"method": "link"}, "success"),
    ]


# Abuse.


def test_returning_is_rate_limited_and_says_so_kindly(app, client):
    limit = app.config["TRACK_RATE_LIMIT"]
    app.config["TRACK_RATE_LIMIT"] = "3 per minute"
    try:
        statuses = [enter_code(client, "AAAA-AAAA-AAAA").status_code for _ in range(4)]
        links = [client.get("/complain/return/made-up-link") for _ in range(4)]
    finally:
        app.config["TRACK_RATE_LIMIT"] = limit

    assert statuses == [400, 400, 400, 429]
    assert [link.status_code for link in links] == [404, 404, 404, 429]
    assert "You have tried too many times" in links[-1].get_data(as_text=True)


@pytest.mark.parametrize("token", [None, "", "not-a-token"])
def test_saving_needs_the_pages_csrf_token(db, client, token):
    start_complaint(client)
    data = {"email": ""} if token is None else {"email": "", "csrf_token": token}

    response = client.post("/complain/save", data=data)

    assert response.status_code == 400
    assert the_draft(db).return_code_hash is None


def test_entering_a_code_needs_the_pages_csrf_token(app, db, client):
    start_complaint(client)
    code = save_for_a_code(client)
    other = app.test_client()
    other.get("/complain/return")

    response = other.post("/complain/return", data={"draft_code": code})

    assert response.status_code == 400
    assert saved_answers(app, other) == {}
    assert saved_answers(app, client)["force"] == "cumbria"


def test_opening_a_link_needs_the_pages_csrf_token(app, db, client):
    start_complaint(client)
    save(client, "jo@example.com")
    link = LINK.search(saved_draft_messages(db)[0].body)
    assert link
    other = app.test_client()
    other.get(link.group(1))

    response = other.post(link.group(1), data={"csrf_token": "forged"})

    assert response.status_code == 400
    assert saved_answers(app, client)["force"] == "cumbria"  # a mail scanner moves nothing


# Expiry.


def test_expired_saved_drafts_are_purged_with_their_messages(app, db, client, runner):
    start_complaint(client)
    save(client, "jo@example.com")
    other = app.test_client()
    start_complaint(other)
    save(other, "sam@example.org")
    expire_only = the_drafts = list(db.session.scalars(sa.select(ComplaintDraft)))
    assert len(the_drafts) == 2
    expire_only[0].expires_at = utcnow() - timedelta(seconds=1)
    kept = expire_only[1].id
    db.session.commit()

    result = runner.invoke(args=["purge-drafts"])

    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert list(db.session.scalars(sa.select(ComplaintDraft.id))) == [kept]
    assert [m.draft_id for m in saved_draft_messages(db)] == [kept]
