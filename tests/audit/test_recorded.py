"""The events written for sign-in, accounts, cases, evidence and refusals, none of them
carrying a complainant's personal data."""

from __future__ import annotations

import hashlib
import io
import json
from typing import Any

import pytest
import sqlalchemy as sa

from oversight.auth.models import Role, User
from oversight.complaints.models import Complaint, Evidence
from oversight.models import utcnow
from tests import files
from tests.audit.trail import COMPLAINANT, events
from tests.factories import PASSWORD, TOTP_SECRET, make_complaint, make_user
from tests.helpers import (
    answer_everything,
    csrf_token,
    current_code,
    login_as,
    post_page,
    send_complaint,
)

# --- Events written for sign-in, accounts, cases, evidence and refusals ----------------


def sign_in_with_password(client, email: str, password: str) -> Any:
    return post_page(client, "/staff/sign-in", {"email": email, "password": password})


def test_signing_in_through_the_forms_records_a_successful_sign_in(client, db, caseworker):
    assert sign_in_with_password(client, caseworker.email, PASSWORD).status_code == 302
    response = post_page(client, "/staff/security-code", {"code": current_code(TOTP_SECRET)})
    assert response.status_code == 302
    [event] = events(db, "auth.sign_in")
    assert event.actor == f"user:{caseworker.id}"
    assert (event.object_type, event.object_id, event.outcome) == (
        "user",
        str(caseworker.id),
        "success",
    )
    assert event.request_id == response.headers["X-Request-ID"]
    assert events(db, "auth.sign_in_failed") == []


@pytest.mark.parametrize(
    ("email", "password", "reason"),
    [
        ("caseworker@example.test", "not the right password", "wrong_password"),
        ("nobody@example.test", PASSWORD, "unknown_account"),
    ],
)
def test_a_failed_sign_in_through_the_form_is_recorded_with_its_reason(
    client, db, caseworker, email, password, reason
):
    response = sign_in_with_password(client, email, password)
    assert response.status_code == 400
    [event] = events(db, "auth.sign_in_failed")
    assert (event.actor, event.outcome) == ("public", "failure")
    assert event.details == {"email": email, "reason": reason}
    assert event.object_id == (str(caseworker.id) if reason == "wrong_password" else None)
    assert events(db, "auth.sign_in") == []


def test_a_wrong_security_code_is_recorded_as_a_failure(client, db, caseworker):
    sign_in_with_password(client, caseworker.email, PASSWORD)
    response = post_page(client, "/staff/security-code", {"code": "000000"})
    assert response.status_code == 400
    [event] = events(db, "auth.mfa_failed")
    assert (event.actor, event.outcome) == (f"user:{caseworker.id}", "failure")
    assert events(db, "auth.sign_in") == []


def test_setting_up_a_security_code_records_the_enrolment(client, db):
    user = make_user({Role.CASEWORKER}, enrolled=False)
    db.session.commit()
    assert sign_in_with_password(client, user.email, PASSWORD).location.endswith(
        "/staff/security-code/set-up"
    )
    client.get("/staff/security-code/set-up")
    db.session.expire_all()
    secret = db.session.get(User, user.id).totp_secret
    response = post_page(client, "/staff/security-code/set-up", {"code": current_code(secret)})
    assert response.status_code == 302
    [enrolled] = events(db, "auth.mfa_enrolled")
    assert (enrolled.actor, enrolled.object_id) == (f"user:{user.id}", str(user.id))
    assert len(events(db, "auth.sign_in")) == 1


@pytest.mark.parametrize(
    ("path", "data", "action"),
    [
        ("/new", None, "user.created"),
        (
            "",
            {"name": "Sam Other", "email": "sam@example.com", "roles": "publisher"},
            "user.changed",
        ),
        ("/disable", {}, "user.disabled"),
        ("/reset-security-code", {}, "user.mfa_reset"),
        (
            "/password",
            {
                "new_password": "a fresh long passphrase",
                "confirm_password": "a fresh long passphrase",
            },
            "user.password_reset",
        ),
    ],
)
def test_each_account_change_in_the_admin_pages_is_recorded(
    client, db, administrator, statistician, path, data, action
):
    login_as(client, administrator)
    if data is None:
        url = "/staff/users/new"
        data = {
            "name": "New Person",
            "email": "new@example.com",
            "roles": "caseworker",
            "password": "a long enough passphrase",
        }
    else:
        url = f"/staff/users/{statistician.id}{path}"
    token = csrf_token(client.get(f"/staff/users/{statistician.id}").get_data(as_text=True))
    response = client.post(url, data={"csrf_token": token, **data})
    assert response.status_code == 302
    [event] = events(db, action)
    assert (event.actor, event.object_type, event.outcome) == (
        f"user:{administrator.id}",
        "user",
        "success",
    )
    assert event.object_id is not None
    assert event.request_id == response.headers["X-Request-ID"]


def test_enabling_an_account_in_the_admin_pages_is_recorded(client, db, administrator):
    user = make_user({Role.CASEWORKER}, disabled_at=utcnow())
    db.session.commit()
    login_as(client, administrator)
    token = csrf_token(client.get(f"/staff/users/{user.id}").get_data(as_text=True))
    response = client.post(f"/staff/users/{user.id}/enable", data={"csrf_token": token})
    assert response.status_code == 302
    [event] = events(db, "user.enabled")
    assert (event.actor, event.object_id) == (f"user:{administrator.id}", str(user.id))


def test_viewing_a_case_and_its_complainant_is_recorded(client, db, caseworker):
    complaint = make_complaint(**COMPLAINANT)
    db.session.commit()
    login_as(client, caseworker)
    assert client.get(f"/staff/cases/{complaint.reference}").status_code == 200
    page = client.get(f"/staff/cases/{complaint.reference}/complainant")
    assert page.status_code == 200
    assert COMPLAINANT["name"] in page.get_data(as_text=True)
    [viewed, contact] = [e for e in events(db) if e.action.startswith(("case.", "complainant."))]
    assert (viewed.action, viewed.object_id) == ("case.viewed", complaint.reference)
    assert (contact.action, contact.object_id) == ("complainant.viewed", complaint.reference)
    assert contact.actor == f"user:{caseworker.id}"
    assert contact.details == {"reference": complaint.reference}


def send_complaint_with_a_photo(app: Any) -> None:
    public = app.test_client()
    answer_everything(public, **{"contact-details": {"phone": COMPLAINANT["phone"]}})
    token = csrf_token(public.get("/complain/evidence").get_data(as_text=True))
    upload = public.post(
        "/complain/evidence",
        data={
            "csrf_token": token,
            "action": "upload",
            "files": [(io.BytesIO(files.png()), "camera van.png")],
        },
        content_type="multipart/form-data",
    )
    assert upload.status_code == 302
    assert send_complaint(public).status_code == 200


def test_a_caseworker_downloads_public_evidence_as_an_attachment_and_it_is_recorded(
    app, client, db, caseworker
):
    send_complaint_with_a_photo(app)
    evidence = db.session.scalar(sa.select(Evidence))
    reference = evidence.complaint.reference
    login_as(client, caseworker)
    response = client.get(f"/staff/cases/{reference}/evidence/{evidence.id}")
    assert response.status_code == 200
    assert hashlib.sha256(response.data).hexdigest() == evidence.sha256
    assert response.mimetype == "image/png"
    assert response.headers["Content-Disposition"].startswith("attachment;")
    assert "camera" in response.headers["Content-Disposition"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    [event] = events(db, "evidence.downloaded")
    assert event.actor == f"user:{caseworker.id}"
    assert (event.object_type, event.object_id) == ("evidence", str(evidence.id))
    assert event.details == {"reference": reference, "evidence_id": evidence.id}
    assert event.request_id == response.headers["X-Request-ID"]


def test_a_statistician_opening_a_case_is_refused_and_the_refusal_recorded(
    client, db, statistician
):
    complaint = make_complaint()
    db.session.commit()
    login_as(client, statistician)
    response = client.get(f"/staff/cases/{complaint.reference}")
    assert response.status_code == 403
    [event] = events(db, "access.refused")
    assert (event.actor, event.outcome) == (f"user:{statistician.id}", "denied")
    assert event.details == {"endpoint": "casework.case_detail", "method": "GET"}
    assert event.request_id == response.headers["X-Request-ID"]
    assert events(db, "case.viewed") == []


def test_no_event_carries_a_complainants_personal_data(app, client, db, caseworker):
    send_complaint_with_a_photo(app)
    complaint = db.session.scalar(sa.select(Complaint))
    [evidence] = complaint.evidence
    login_as(client, caseworker)
    for path in (
        "/staff/cases",
        f"/staff/cases/{complaint.reference}",
        f"/staff/cases/{complaint.reference}/complainant",
        f"/staff/cases/{complaint.reference}/evidence/{evidence.id}",
    ):
        assert client.get(path).status_code == 200
    recorded = events(db)
    assert {event.action for event in recorded} >= {
        "complaint.submitted",
        "case.queue_viewed",
        "case.viewed",
        "complainant.viewed",
        "evidence.downloaded",
    }
    everything = json.dumps(
        [[e.actor, e.object_id, e.details] for e in recorded], ensure_ascii=False
    ).lower()
    for value in (*COMPLAINANT.values(), "07700900123", "bloggs"):
        assert value.lower() not in everything
