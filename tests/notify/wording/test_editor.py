"""The editor: senior caseworkers only; the preview shows exactly the text that would be
sent for a real case; a save is a new version; unknown placeholders are refused with a
GOV.UK error."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from oversight.auth.models import User
from oversight.complaints.enums import Language, Status
from oversight.notify.wording import compose, store
from tests.factories import make_case
from tests.helpers import login_as

EDIT = "/staff/messages/acknowledgement/cy"


def csrf(client: FlaskClient, url: str) -> str:
    page = client.get(url).get_data(as_text=True)
    return page.split('name="csrf_token" value="')[1].split('"')[0]


def send(client: FlaskClient, action: str, **fields: str) -> Any:
    subject, body = store.shipped("acknowledgement", Language.WELSH)
    data = {"subject": subject, "body": body, "based_on": "1", "action": action, **fields}
    return client.post(EDIT, data={"csrf_token": csrf(client, EDIT), **data})


def test_a_caseworker_cannot_edit_message_wording(
    client: FlaskClient, db: Any, caseworker: User
) -> None:
    login_as(client, caseworker)
    assert client.get("/staff/messages").status_code == 403
    assert client.get(EDIT).status_code == 403


def test_a_senior_caseworker_sees_every_template_in_both_languages(
    client: FlaskClient, db: Any, senior_caseworker: User
) -> None:
    login_as(client, senior_caseworker)
    page = client.get("/staff/messages").get_data(as_text=True)
    assert "triage_referred_ico" in page and "decision_partly_upheld" in page
    assert "/staff/messages/withdrawal/cy" in page and "/staff/messages/withdrawal/en" in page


def test_the_preview_is_exactly_what_the_case_would_be_sent(
    client: FlaskClient, db: Any, senior_caseworker: User
) -> None:
    complaint = make_case(Status.IN_TRIAGE, language=Language.WELSH)
    db.session.commit()
    login_as(client, senior_caseworker)
    response = send(client, "preview", reference=complaint.reference.lower())
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    written = compose.compose(complaint, "acknowledgement", Language.WELSH, {})
    assert f"Mae eich cwyn {complaint.reference} wedi dod i law" in page
    body = page.split('id="preview-body">')[1].split("</pre>")[0]
    assert body.replace("&#39;", "'").replace("&amp;", "&") == written.body
    assert store.versions("acknowledgement", Language.WELSH)[0].version == 1


def test_a_preview_needs_a_case_that_exists(
    client: FlaskClient, db: Any, senior_caseworker: User
) -> None:
    login_as(client, senior_caseworker)
    response = send(client, "preview", reference="FRC-NOPE")
    assert response.status_code == 400
    assert "Enter the reference of a case to preview against" in response.get_data(as_text=True)


def test_an_unknown_placeholder_is_refused_with_a_govuk_error(
    client: FlaskClient, db: Any, senior_caseworker: User
) -> None:
    login_as(client, senior_caseworker)
    response = send(client, "save", body="Annwyl ((first_name)), ((reference))")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "govuk-error-summary" in page and "Remove ((first_name))" in page
    assert store.versions("acknowledgement", Language.WELSH) == []


def test_a_save_is_a_new_version_shown_with_who_saved_it(
    client: FlaskClient, db: Any, senior_caseworker: User
) -> None:
    login_as(client, senior_caseworker)
    response = send(client, "save", body="Diolch am eich cwyn ((reference)).")
    assert response.status_code == 302
    page = client.get(EDIT).get_data(as_text=True)
    assert "Version 2, saved by" in page and senior_caseworker.name in page
    [newest, first] = store.versions("acknowledgement", Language.WELSH)
    assert (newest.version, newest.created_by_id, first.created_by_id) == (
        2,
        senior_caseworker.id,
        None,
    )


def test_a_save_from_an_old_page_keeps_the_wording_typed_and_saves_nothing(
    client: FlaskClient, db: Any, senior_caseworker: User
) -> None:
    login_as(client, senior_caseworker)
    send(client, "save", body="Un ((reference))")
    response = send(client, "save", body="Dau ((reference))")
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Someone saved version 2" in page and "Dau ((reference))" in page
    assert [v.version for v in store.versions("acknowledgement", Language.WELSH)] == [2, 1]


def test_an_unknown_template_or_language_is_not_found(
    client: FlaskClient, db: Any, senior_caseworker: User
) -> None:
    login_as(client, senior_caseworker)
    assert client.get("/staff/messages/nope/en").status_code == 404
    assert client.get("/staff/messages/acknowledgement/fr").status_code == 404
