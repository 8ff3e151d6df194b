"""The rights request pages: who may use them, the journey, the identity gate and the
audit trail."""

from __future__ import annotations

import hashlib
import io
import zipfile

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.auth.models import Role, User
from oversight.rights.models import BundleRelease, RightsRequest
from tests.helpers import csrf_token, login_as

NEW = {
    "kind": "access",
    "requester_name": "Siân Ó Briain",
    "reply_to": "sian@example.com",
    "received_via": "email",
    "received_on-day": "30",
    "received_on-month": "11",
    "received_on-year": "2026",
}


def _post(client, url, data):
    token = csrf_token(client.get("/staff/rights").get_data(as_text=True))
    return client.post(url, data={"csrf_token": token, **data})


def _actions(db):
    db.session.expire_all()
    return [e.action for e in db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id))]


@pytest.mark.parametrize(
    "who", ["caseworker", "senior_caseworker", "administrator", "statistician"]
)
def test_other_staff_are_refused_the_rights_pages(client, db, request, who):
    login_as(client, request.getfixturevalue(who))
    assert client.get("/staff/rights").status_code == 403
    assert client.get("/staff/rights/new").status_code == 403


def test_the_information_rights_officer_logs_a_request_and_sees_its_clock(
    client, db, information_rights
):
    login_as(client, information_rights)
    response = _post(client, "/staff/rights/new", NEW)
    assert response.status_code == 302
    made = db.session.scalar(sa.select(RightsRequest))
    assert str(made.due_on) == "2026-12-30"
    page = client.get(response.location).get_data(as_text=True)
    assert "30 December 2026" in page and "Siân Ó Briain" in page
    listed = client.get("/staff/rights").get_data(as_text=True)
    assert "Rights requests" in listed and f"Request {made.id}" in listed
    assert _actions(db)[-2:] == ["rights.request_logged", "rights.request_viewed"]
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "rights.request_logged")
    )
    assert "Siân" not in str(event.details) and "sian@" not in str(event.details)


def test_a_request_with_mistakes_keeps_what_was_typed_and_says_what_to_do(
    client, db, information_rights
):
    login_as(client, information_rights)
    response = _post(
        client,
        "/staff/rights/new",
        {**NEW, "kind": "", "received_on-day": "31", "received_on-month": "2"},
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Select what the request is for" in html
    assert "Date received must be a real date" in html
    assert 'value="Siân Ó Briain"' in html and 'value="31"' in html
    assert db.session.scalar(sa.select(RightsRequest)) is None


def test_the_journey_search_choose_redact_and_release_after_the_identity_check(
    client, db, information_rights, person
):
    login_as(client, information_rights)
    detail = _post(client, "/staff/rights/new", NEW).location
    request_id = int(detail.rsplit("/", 1)[1])
    found = client.get(f"/staff/rights/{request_id}/search?email=SIAN.OBRIAIN@example.com")
    html = found.get_data(as_text=True)
    assert person["mine"] in html and person["other"] not in html and "Matched by email" in html
    assert (
        _post(client, f"/staff/rights/{request_id}/choose", {"cases": person["mine"]}).status_code
        == 302
    )
    added = _post(
        client,
        f"/staff/rights/{request_id}/redactions",
        {"phrase": "Alex Smith", "reason": "third_party"},
    )
    assert added.status_code == 302
    page = client.get(f"/staff/rights/{request_id}/redactions").get_data(as_text=True)
    assert "<mark>" in page
    # Before the identity check nothing is released.
    refused = _post(client, f"/staff/rights/{request_id}/release", {})
    assert refused.status_code == 400
    assert "Check the requester&#39;s identity before releasing" in refused.get_data(as_text=True)
    assert db.session.scalar(sa.select(BundleRelease)) is None
    assert (
        _post(
            client, f"/staff/rights/{request_id}/identity", {"method": "Email matches"}
        ).status_code
        == 302
    )
    released = _post(client, f"/staff/rights/{request_id}/release", {})
    assert released.status_code == 200
    assert released.headers["Content-Disposition"].startswith("attachment")
    assert released.headers["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(released.data))
    assert {"records.html", "records.pdf", "records.json"} <= set(archive.namelist())
    release = db.session.scalar(sa.select(BundleRelease))
    assert release.sha256 == hashlib.sha256(released.data).hexdigest()
    assert release.counts == {"cases": 1, "evidence": 3, "redactions": 1}
    draft = client.get(f"/staff/rights/{request_id}/bundle.zip")
    assert draft.status_code == 200 and draft.headers["Cache-Control"] == "no-store"
    outcome = _post(
        client,
        f"/staff/rights/{request_id}/outcome",
        {"status": "completed", "note": "Sent by email"},
    )
    assert outcome.status_code == 302
    actions = set(_actions(db))
    assert {
        "rights.request_logged",
        "rights.searched",
        "rights.case_chosen",
        "rights.redaction_added",
        "rights.identity_checked",
        "rights.bundle_released",
        "rights.bundle_exported",
        "rights.outcome_recorded",
    } <= actions


def test_boxes_are_added_and_removed_on_an_evidence_page(client, db, information_rights, person):
    login_as(client, information_rights)
    detail = _post(client, "/staff/rights/new", NEW).location
    request_id = int(detail.rsplit("/", 1)[1])
    _post(client, f"/staff/rights/{request_id}/choose", {"cases": person["mine"]})
    made = db.session.get(RightsRequest, request_id)
    letter = next(e for e in made.cases[0].complaint.evidence if e.original_name == "letter.pdf")
    url = f"/staff/rights/{request_id}/evidence/{letter.id}"
    page = client.get(url)
    assert page.status_code == 200 and "Page 1" in page.get_data(as_text=True)
    preview = client.get(f"{url}/pages/1.png")
    assert preview.status_code == 200 and preview.data.startswith(b"\x89PNG")
    bad = _post(
        client,
        url,
        {"page": "9", "left": "10", "top": "10", "right": "5", "bottom": "x", "reason": "other"},
    )
    html = bad.get_data(as_text=True)
    assert bad.status_code == 400 and "must be a number from 0 to 100" in html
    assert 'value="9"' in html and 'value="x"' in html
    no_page = _post(
        client,
        url,
        {"page": "9", "left": "10", "top": "10", "right": "60", "bottom": "30", "reason": "other"},
    )
    html = no_page.get_data(as_text=True)
    assert no_page.status_code == 400
    assert "Page number must be a number from 1 to 1" in html
    upside_down = _post(
        client,
        url,
        {
            "page": "1",
            "left": "60",
            "top": "10",
            "right": "10",
            "bottom": "30",
            "reason": "third_party",
        },
    )
    assert "The left edge must be less than the right edge" in upside_down.get_data(as_text=True)
    unexplained = _post(
        client,
        url,
        {"page": "1", "left": "10", "top": "10", "right": "60", "bottom": "30", "reason": "other"},
    )
    assert "Enter why this is redacted" in unexplained.get_data(as_text=True)
    good = _post(
        client,
        url,
        {
            "page": "1",
            "left": "10",
            "top": "10",
            "right": "60",
            "bottom": "30",
            "reason": "third_party",
        },
    )
    assert good.status_code == 302
    db.session.expire_all()
    (box,) = db.session.get(RightsRequest, request_id).redactions
    assert (box.page, box.box_right) == (0, 0.6)
    removed = _post(
        client, f"/staff/rights/{request_id}/redactions/{box.id}/remove", {"back": "evidence"}
    )
    assert removed.status_code == 302
    assert "rights.redaction_removed" in _actions(db)


def test_evidence_of_a_case_not_chosen_is_not_found(client, db, information_rights, person):
    login_as(client, information_rights)
    detail = _post(client, "/staff/rights/new", NEW).location
    request_id = int(detail.rsplit("/", 1)[1])
    from oversight.complaints import services as complaints

    other = complaints.find_by_reference(person["other"])
    assert (
        client.get(f"/staff/rights/{request_id}/evidence/{other.evidence[0].id}").status_code == 404
    )


def test_an_administrator_gives_the_information_rights_role_and_the_officer_sees_the_menu(
    client, db, administrator
):
    from tests.auth.users import GOOD, NEW
    from tests.helpers import post_page

    login_as(client, administrator)
    response = post_page(client, NEW, {**GOOD, "roles": ["information_rights"]})
    assert response.status_code == 302
    made = db.session.scalar(sa.select(User).where(User.email == "robin.newcomer@example.com"))
    assert made.roles == {Role.INFORMATION_RIGHTS}
    assert "Information rights officer" in client.get(NEW).get_data(as_text=True)
    made.totp_secret, made.totp_confirmed_at = "JBSWY3DPEHPK3PXP", made.created_at
    db.session.commit()
    login_as(client, made)
    home = client.get("/staff").get_data(as_text=True)
    assert 'href="/staff/rights"' in home and 'href="/staff/cases"' not in home


def test_the_demo_has_an_information_rights_officer():
    from oversight.demo.staff import STAFF

    assert ("rights@demo.example.com", "Ira Rights", "information_rights") in STAFF
