"""A rights request's acknowledgement and outcome as letters to post: the template's
text in English, Welsh or both, addressed to the requester, each download audited, and
staff's note of the outcome never in the letter."""

from __future__ import annotations

import io
from datetime import date

import pytest
import sqlalchemy as sa
from pypdf import PdfReader

from oversight.audit.models import AuditEvent
from oversight.rights import services as rights
from oversight.rights.models import ReceivedVia, RequestKind, RequestStatus
from tests.helpers import login_as

ADDRESS = "Siân Prydderch\n2 Heol y Frenhines\nAberystwyth\nSY23 1AA"
NOTE = "Bundle sent by recorded post; checked by the DPO."


def text_of(pdf: bytes) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(pdf)).pages)


@pytest.fixture
def request_by_post(db, information_rights):
    made = rights.log_request(
        RequestKind.ACCESS,
        "Siân Prydderch",
        ADDRESS,
        ReceivedVia.POST,
        date(2026, 11, 30),
        information_rights,
        date(2026, 12, 7),
    )
    db.session.commit()
    return made


def letter(client, request_id: int, key: str, language: str):
    return client.get(f"/staff/rights/{request_id}/letters/{key}-{language}.pdf")


def test_the_acknowledgement_letter_in_welsh_is_welsh_and_addressed_to_the_requester(
    client,
    db,
    information_rights,
    request_by_post,
):
    login_as(client, information_rights)
    response = letter(client, request_by_post.id, "rights_acknowledgement", "cy")
    assert response.status_code == 200
    assert response.mimetype == "application/pdf"
    assert response.headers["Cache-Control"] == "no-store"
    text = text_of(response.data)
    assert "Ein cyfeirnod" in text and f"RR-{request_by_post.id}" in text
    assert "Heol y Frenhines" in text and "SY23 1AA" in text
    assert "Our reference" not in text
    english = text_of(letter(client, request_by_post.id, "rights_acknowledgement", "en").data)
    assert "Our reference" in english and "Ein cyfeirnod" not in english
    both = text_of(letter(client, request_by_post.id, "rights_acknowledgement", "both").data)
    assert "Ein cyfeirnod / Our reference" in both


def test_the_outcome_letter_never_carries_staffs_note_of_the_outcome(
    client,
    db,
    information_rights,
    request_by_post,
):
    rights.record_outcome(request_by_post, RequestStatus.REFUSED, NOTE, information_rights)
    db.session.commit()
    login_as(client, information_rights)
    page = client.get(f"/staff/rights/{request_by_post.id}").get_data(as_text=True)
    assert "rights_outcome-cy.pdf" in page
    for language in ("en", "cy", "both"):
        text = text_of(letter(client, request_by_post.id, "rights_outcome", language).data)
        assert "Siân Prydderch" in text
        assert "recorded post" not in text and "DPO" not in text


def test_each_download_is_audited_and_an_unknown_letter_is_not_found(
    client,
    db,
    information_rights,
    request_by_post,
):
    login_as(client, information_rights)
    letter(client, request_by_post.id, "rights_acknowledgement", "en")
    events = db.session.scalars(
        sa.select(AuditEvent).filter_by(action="rights.letter_downloaded")
    ).all()
    assert [(e.details["letter"], e.details["language"]) for e in events] == [
        ("rights_acknowledgement", "en")
    ]
    assert letter(client, request_by_post.id, "acknowledgement", "en").status_code == 404
    assert letter(client, request_by_post.id, "rights_outcome", "fr").status_code == 404
    assert letter(client, 999999, "rights_outcome", "en").status_code == 404


def test_an_email_address_is_not_put_on_the_envelope(
    client,
    db,
    information_rights,
):
    made = rights.log_request(
        RequestKind.ERASURE,
        "Jo Bloggs",
        "jo@example.com",
        ReceivedVia.EMAIL,
        date(2026, 12, 1),
        information_rights,
        date(2026, 12, 7),
    )
    db.session.commit()
    login_as(client, information_rights)
    text = text_of(letter(client, made.id, "rights_acknowledgement", "en").data)
    assert "Jo Bloggs" in text
    assert "jo@example.com" not in text.split("Our reference")[0].split("Jo Bloggs")[1]
