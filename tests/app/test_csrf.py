"""CSRF: every form that accepts a POST refuses one without a good token and changes
nothing, and a refused form links back to a page that opens."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest

from oversight.auth.models import Role
from oversight.complaints import codes
from oversight.complaints.enums import Finding, Status
from oversight.extensions import db as _db
from oversight.public import journey
from tests import files
from tests.app import (
    csrf_cases_drafts,  # noqa: F401  (registers the drafts' and staying signed in's cases)
    csrf_cases_pages,  # noqa: F401  (registers the feedback form's cases)
    csrf_cases_queue,  # noqa: F401  (registers the queue's own forms' cases)
    csrf_letters,  # noqa: F401  (registers marking a letter posted)
    csrf_messages,  # noqa: F401  (registers the message-template editor's case)
    csrf_retention,  # noqa: F401  (registers its cases)
)
from tests.app.csrf_cases import CHANGES_RECORDS, CSRF_CASES, Prepared, csrf_case
from tests.app.security import (
    ANSWERS,
    COULD_NOT_SAVE,
    NEW_PASSWORD,
    TRACKING_CODE,
    post_with_token,
    sign_in_pending,
    snapshot,
    target_user,
    upload_evidence,
)
from tests.factories import PASSWORD, TOTP_SECRET, make_case, make_complaint, make_user
from tests.helpers import answer_everything, csrf_token, current_code, login_as
from tests.public import saving
from tests.rights import csrf_cases as _rights_cases  # noqa: F401  (registers the rights pages' cases)


def _question(slug: str) -> Callable[[Any, Any], Prepared]:
    def prepare(client: Any, request: Any) -> Prepared:
        return f"/complain/{slug}", lambda: dict(ANSWERS[slug])

    return prepare


for _step in journey.STEPS:
    if _step.slug != "evidence":
        csrf_case(f"question {_step.slug}")(_question(_step.slug))


@csrf_case("evidence upload")
def _evidence_upload(client: Any, request: Any) -> Prepared:
    return "/complain/evidence", lambda: {
        "action": "upload",
        "files": [(io.BytesIO(files.pdf()), "letter.pdf")],
    }


@csrf_case("evidence remove")
def _evidence_remove(client: Any, request: Any) -> Prepared:
    key = upload_evidence(client)
    return f"/complain/evidence/{key}/remove", dict


@csrf_case("check answers submit")
def _submit(client: Any, request: Any) -> Prepared:
    answer_everything(client)
    return "/complain/check-answers", dict


@csrf_case("save and come back later")
def _save(client: Any, request: Any) -> Prepared:
    saving.start_complaint(client)
    return "/complain/save", lambda: {"email": ""}


@csrf_case("return with a draft code")
def _return_with_code(client: Any, request: Any) -> Prepared:
    elsewhere = request.getfixturevalue("app").test_client()
    saving.start_complaint(elsewhere)
    code = saving.save_for_a_code(elsewhere)
    return "/complain/return", lambda: {"draft_code": code}


@csrf_case("return with a link")
def _return_with_link(client: Any, request: Any) -> Prepared:
    elsewhere = request.getfixturevalue("app").test_client()
    saving.start_complaint(elsewhere)
    return saving.emailed_link(elsewhere, request.getfixturevalue("db")), dict


@csrf_case("track review")
def _track_review(client: Any, request: Any) -> Prepared:
    complaint = make_case(
        Status.DECISION_ISSUED,
        Finding.NOT_UPHELD,
        tracking_code_hash=codes.hash_tracking_code(TRACKING_CODE),
    )
    _db.session.commit()
    tracked = {"reference": complaint.reference, "tracking_code": TRACKING_CODE}
    assert post_with_token(client, "/track", tracked).status_code == 200
    return "/track/review", lambda: {"reasons": "Please look at my photos again."}


@csrf_case("track")
def _track(client: Any, request: Any) -> Prepared:
    complaint = make_complaint(tracking_code=TRACKING_CODE)
    _db.session.commit()
    reference = complaint.reference
    return "/track", lambda: {"reference": reference, "tracking_code": TRACKING_CODE}


def _tracked(client: Any, status: Status) -> None:
    complaint = make_complaint(tracking_code=TRACKING_CODE)
    complaint.status = status
    _db.session.commit()
    tracked = {"reference": complaint.reference, "tracking_code": TRACKING_CODE}
    assert post_with_token(client, "/track", tracked).status_code == 200


@csrf_case("track reply")
def _track_reply(client: Any, request: Any) -> Prepared:
    _tracked(client, Status.AWAITING_INFORMATION)
    return "/track/reply", lambda: {"reply": "It was the 14th."}


@csrf_case("track add evidence")
def _track_add_evidence(client: Any, request: Any) -> Prepared:
    _tracked(client, Status.INVESTIGATING)
    return "/track/add-evidence", lambda: {"files": (io.BytesIO(b"A note."), "note.txt")}


@csrf_case("track withdraw")
def _track_withdraw(client: Any, request: Any) -> Prepared:
    _tracked(client, Status.INVESTIGATING)
    return "/track/withdraw", lambda: {"reason": "I have sorted it out."}


@csrf_case("track remove contact details")
def _track_remove_contact_details(client: Any, request: Any) -> Prepared:
    _tracked(client, Status.INVESTIGATING)
    return "/track/remove-contact-details", dict


@csrf_case("sign-in")
def _sign_in(client: Any, request: Any) -> Prepared:
    user = request.getfixturevalue("administrator")
    return "/staff/sign-in", lambda: {"email": user.email, "password": PASSWORD}


@csrf_case("security code")
def _security_code(client: Any, request: Any) -> Prepared:
    sign_in_pending(client, request.getfixturevalue("administrator"))
    return "/staff/security-code", lambda: {"code": current_code(TOTP_SECRET)}


@csrf_case("security code set-up")
def _set_up_code(client: Any, request: Any) -> Prepared:
    user = make_user({Role.CASEWORKER}, email="new@example.test", enrolled=False)
    _db.session.commit()
    sign_in_pending(client, user)
    assert client.get("/staff/security-code/set-up").status_code == 200
    return "/staff/security-code/set-up", lambda: {"code": "000000"}


@csrf_case("sign-out")
def _sign_out(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("administrator"))
    return "/staff/sign-out", dict


@csrf_case("change own password")
def _change_password(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("caseworker"))
    return "/staff/account/password", lambda: {
        "current_password": PASSWORD,
        "new_password": NEW_PASSWORD,
        "confirm_password": NEW_PASSWORD,
    }


@csrf_case("users new")
def _new_user(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("administrator"))
    return "/staff/users/new", lambda: {
        "name": "New Person",
        "email": "new.person@example.org",
        "roles": ["caseworker"],
        "password": NEW_PASSWORD,
    }


@csrf_case("users edit")
def _edit_user(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("administrator"))
    user = target_user()
    return f"/staff/users/{user.id}", lambda: {
        "name": "Renamed Person",
        "email": "target@example.org",
        "roles": ["caseworker", "statistician"],
    }


def _user_action(action: str, disabled: bool = False) -> Callable[[Any, Any], Prepared]:
    def prepare(client: Any, request: Any) -> Prepared:
        login_as(client, request.getfixturevalue("administrator"))
        user = target_user(disabled=disabled)
        data = (
            {"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}
            if action == "password"
            else {}
        )
        return f"/staff/users/{user.id}/{action}", lambda: dict(data)

    return prepare


csrf_case("users disable")(_user_action("disable"))
csrf_case("users enable")(_user_action("enable", disabled=True))
csrf_case("users reset security code")(_user_action("reset-security-code"))
csrf_case("users password")(_user_action("password"))


def test_csrf_protection_is_switched_on_in_the_test_configuration(app):
    assert app.config.get("WTF_CSRF_ENABLED", True) is True
    assert app.config.get("WTF_CSRF_CHECK_DEFAULT", True) is True


def test_every_form_that_accepts_post_has_a_csrf_case(app):
    """A new POST route fails here until it is added to the CSRF cases (above, or in
    tests/app/csrf_cases.py for the staff pages)."""
    covered = {
        "public.question": {name for name in CSRF_CASES if name.startswith("question ")},
        "public.remove_evidence": {"evidence remove"},
        "public.submit": {"check answers submit"},
        "track.track": {"track"},
        "track.request_review": {"track review"},
        "track.reply": {"track reply"},
        "track.add_evidence": {"track add evidence"},
        "track.withdraw": {"track withdraw"},
        "track.remove_contact_details": {"track remove contact details"},
        "new_reply.reply_read": {"case reply read"},
        "saving.save": {"save and come back later"},
        "saving.return_with_code": {"return with a draft code"},
        "saving.return_link": {"return with a link"},
        "auth.sign_in": {"sign-in"},
        "auth.verify_code": {"security code"},
        "auth.set_up_code": {"security code set-up"},
        "auth.sign_out": {"sign-out"},
        "auth.change_password": {"change own password"},
        "users.new_user": {"users new"},
        "users.edit_user": {"users edit"},
        "users.disable_user": {"users disable"},
        "users.enable_user": {"users enable"},
        "users.reset_mfa": {"users reset security code"},
        "users.reset_password": {"users password"},
        "casework.take": {"case take"},
        "casework.assign": {"case assign"},
        "casework.triage": {"case triage"},
        "casework.move": {"case move"},
        "casework.add_note": {"case note"},
        "casework.request_information": {"case request information"},
        "casework.log_reply": {"case reply"},
        "casework.record_findings": {"case findings"},
        "casework.add_recommendation": {"case recommendation"},
        "casework.record_response": {"case recommendation response"},
        "casework.sign_off": {"case sign-off"},
        "casework.issue_decision": {"case issue decision"},
        "casework.decide_review": {"case review outcome"},
        "casework.link": {"case link"},
        "intake.log_complaint": {"case log complaint"},
        "duplicates.link_suggestion": {"case suggestion link"},
        "duplicates.dismiss_suggestion": {"case suggestion dismiss"},
        "linking.confirm": {"case deployment confirm"},
        "linking.reject": {"case deployment reject"},
        "linking.unlink": {"case deployment unlink"},
        "linking.link_by_number": {"case deployment link by number"},
        "imports.upload": {"imports upload"},
        "imports.run_import": {"imports import"},
        "deployments.new_deployment": {"deployment new"},
        "deployments.correct_deployment": {"deployment correct"},
        "deployments.new_usage_return": {"usage return new"},
        "deployments.correct_usage_return": {"usage return correct"},
        "tokens.new_token": {"force token issue"},
        "tokens.revoke_token": {"force token revoke"},
        "statistics_staff.prepare_release": {"statistics prepare"},
        "statistics_staff.recompute_release": {"statistics recompute"},
        "statistics_staff.approve_release": {"statistics approve"},
        "statistics_staff.withdraw_approval": {"statistics withdraw approval"},
        "statistics_staff.prepare_revision": {"statistics revision"},
        "statistics_calendar_staff.announce": {"statistics calendar announce"},
        "statistics_calendar_staff.change_date": {"statistics calendar change date"},
        "statistics_calendar_staff.cancel": {"statistics calendar cancel"},
        "rights.log_request": {"rights log request"},
        "rights.extend": {"rights extend"},
        "rights.check_identity": {"rights identity"},
        "rights.record_outcome": {"rights outcome"},
        "rights.release": {"rights release"},
        "rights_work.choose": {"rights choose"},
        "rights_work.unchoose": {"rights unchoose"},
        "rights_work.redactions": {"rights redactions"},
        "rights_work.remove_redaction": {"rights remove redaction"},
        "rights_work.evidence": {"rights evidence box"},
        "legal_holds.set_hold": {"case legal hold set"},
        "legal_holds.release_hold": {"case legal hold release"},
        "pages.feedback": {"feedback"},
        "pages.mark_feedback_read": {"feedback mark read"},
        "session.stay_signed_in": {"stay signed in"},
        "drafts.save": {"draft save"},
        "drafts.discard": {"draft discard"},
        "casework_queue.bulk_action": {"queue bulk action"},
        "casework_queue.save_view": {"queue save view"},
        "casework_queue.delete_view": {"queue delete view"},
        "letters.mark_posted": {"case letter marked posted"},
        "message_templates.edit_template": {"message template save"},
    }
    # The force API takes a bearer token and no cookie, so it has no CSRF token to check
    # (tests/api/test_refusals.py: a staff session is no token).
    posting = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and not rule.endpoint.startswith("api.")
    }
    assert posting == set(covered)
    assert all(covered.values())
    questions = {step.slug for step in journey.STEPS} - {"evidence"}
    assert covered["public.question"] == {f"question {slug}" for slug in questions}


@pytest.mark.parametrize("case", list(CSRF_CASES))
def test_a_post_without_a_good_csrf_token_is_refused_and_changes_nothing(
    app, client, db, request, case
):
    path, data = CSRF_CASES[case](client, request)
    another_session = csrf_token(app.test_client().get("/track").get_data(as_text=True))
    before = snapshot(app, client)
    for token in (None, "", "not-a-token", another_session):
        payload = data()
        if token is not None:
            payload["csrf_token"] = token
        response = client.post(path, data=payload)
        assert response.status_code == 400, token
        assert COULD_NOT_SAVE in response.get_data(as_text=True)
        assert snapshot(app, client) == before, token
    # The same request with the page's own token does change something.
    response = post_with_token(client, path, data())
    assert response.status_code in (200, 302, 400), response.get_data(as_text=True)[-3000:]
    after = snapshot(app, client)
    assert after != before, response.status_code
    if case in CHANGES_RECORDS:
        assert response.status_code in (200, 302), response.get_data(as_text=True)[-3000:]
        assert after[0] != before[0], "the control request changed no record"


def test_signing_out_without_a_token_leaves_you_signed_in(client, administrator):
    login_as(client, administrator)
    assert client.post("/staff/sign-out").status_code == 400
    assert client.get("/staff").status_code == 200


def test_signing_in_without_a_token_does_not_start_a_sign_in(client, administrator):
    response = client.post(
        "/staff/sign-in", data={"email": administrator.email, "password": PASSWORD}
    )
    assert response.status_code == 400
    with client.session_transaction() as session:
        assert "pending_user" not in session
    assert client.get("/staff/security-code").status_code == 302


@pytest.mark.parametrize(
    ("path", "referrer", "link"),
    [
        ("/complain/where", None, "/complain/where"),
        ("/complain/evidence/" + "0" * 32 + "/remove", "/complain/evidence", "/complain/evidence"),
        ("/staff/sign-out", "/staff/users", "/staff/users"),
        ("/staff/sign-out", None, "/"),
        ("/staff/sign-out", "https://elsewhere.example/phish", "/"),
    ],
)
def test_a_refused_form_links_back_to_a_page_that_opens(client, path, referrer, link):
    headers = {}
    if referrer:
        headers["Referer"] = f"http://localhost{referrer}" if referrer[0] == "/" else referrer
    response = client.post(path, data={}, headers=headers)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert f'<a class="govuk-link" href="{link}">Go back to the page and try again</a>' in html
