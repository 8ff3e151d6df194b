"""The security baseline: CSRF, response headers, cookies, rate limits, error pages, logs."""

from __future__ import annotations

import hashlib
import io
import json
import logging
import re
from collections.abc import Callable, Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade

from oversight import create_app, logs
from oversight.access import PENDING, PUBLIC, public, rule_for
from oversight.api import tokens
from oversight.auth.models import Role, User
from oversight.complaints.enums import Finding, Status
from oversight.complaints.models import Recommendation
from oversight.extensions import db as _db
from oversight.forces.models import force_by_slug
from oversight.links.enums import LinkState
from oversight.links.models import DeploymentLink
from oversight.models import utcnow
from oversight.public import journey
from oversight.public.models import ComplaintDraft
from oversight.statistics import services as statistics
from oversight.statistics.periods import quarter
from tests import files
from tests.factories import (
    PASSWORD,
    TOTP_SECRET,
    make_case,
    make_complaint,
    make_deployment,
    make_usage_return,
    make_user,
)
from tests.helpers import (
    answer_everything,
    csrf_token,
    current_code,
    login_as,
    post_page,
    reference_and_code,
    send_complaint,
)

TRACKING_CODE = "K7PM-29QX-4HTD"
NEW_PASSWORD = "a quiet lantern over the harbour"
COULD_NOT_SAVE = "Sorry, we could not save that"
TOO_MANY = "You have tried too many times"

# A valid answer for each question page (evidence has its own cases).
ANSWERS: dict[str, dict[str, Any]] = {
    "technology": {"technology": "rfr"},
    "force": {"force": "cumbria"},
    "when": {"incident_date-day": "3", "incident_date-month": "5", "incident_date-year": "2025"},
    "where": {"place": "Leeds railway station"},
    "what-happened": {"what_happened": "An officer photographed me on a phone."},
    "concerns": {"concerns": ["watchlist", "retention"]},
    "involvement": {"relation": "witness"},
    "outcome": {"outcome_wanted": "My images deleted."},
    "contact": {"wants_contact": "yes"},
    "contact-details": {
        "name": "Sam Jones",
        "email": "sam@example.com",
        "phone": "",
        "preferred_contact": "email",
    },
    "consent": {"consent_to_share": "no"},
    "deployment": {"deployment": "none"},
}


def token_for(client) -> str:
    """A good CSRF token for this client's session, from a public page with a form."""
    return csrf_token(client.get("/track").get_data(as_text=True))


def post_with_token(client, path: str, data: dict[str, Any], **kwargs: Any):
    return client.post(path, data={"csrf_token": token_for(client), **data}, **kwargs)


def sign_in_pending(client, user: User) -> None:
    """A correct password given, the second factor not yet."""
    with client.session_transaction() as session:
        session.clear()
        session["pending_user"] = user.get_id()
        session["pending_at"] = utcnow().timestamp()


def upload_evidence(client) -> str:
    """Upload one file into the client's draft; return its storage key."""
    response = post_with_token(
        client,
        "/complain/evidence",
        {"action": "upload", "files": [(io.BytesIO(files.png()), "photo.png")]},
    )
    assert response.status_code == 302
    _db.session.expire_all()
    draft = _db.session.scalar(sa.select(ComplaintDraft))
    [stored] = draft.answers["files"]
    return str(stored["key"])


def target_user(disabled: bool = False) -> User:
    user = make_user({Role.CASEWORKER}, email="target@example.org", name="Target Person")
    if disabled:
        user.disabled_at = utcnow()
    _db.session.commit()
    return user


def snapshot(app: Flask, client: Any) -> tuple[Any, ...]:
    """Every row of every table, every stored evidence file, and the client's session."""
    with _db.engine.connect() as connection:
        tables = {
            table.name: sorted(repr(tuple(row)) for row in connection.execute(table.select()))
            for table in _db.metadata.sorted_tables
        }
    root = Path(app.config["EVIDENCE_STORAGE_DIR"])
    stored = sorted(str(path) for path in root.rglob("*") if path.is_file())
    with client.session_transaction() as session:
        kept = dict(session)
    return tables, stored, kept


# ---------------------------------------------------------------- CSRF

# Each case prepares the client and returns the form's address and a fresh copy of its data.
Prepared = tuple[str, Callable[[], dict[str, Any]]]
CSRF_CASES: dict[str, Callable[[Any, Any], Prepared]] = {}


def csrf_case(name: str) -> Callable[[Callable[[Any, Any], Prepared]], Any]:
    def register(prepare: Callable[[Any, Any], Prepared]) -> Any:
        CSRF_CASES[name] = prepare
        return prepare

    return register


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


@csrf_case("track review")
def _track_review(client: Any, request: Any) -> Prepared:
    complaint = make_complaint(tracking_code=TRACKING_CODE)
    complaint.status = Status.DECISION_ISSUED
    complaint.overall_outcome = Finding.NOT_UPHELD
    complaint.decision_issued_at = utcnow()
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


# Cases whose control request must change the database itself, not just the session.
CHANGES_RECORDS: set[str] = set()


def _case_action(
    action: str, status: Status, data: dict[str, Any], **fields: Any
) -> Callable[[Any, Any], Prepared]:
    """A senior caseworker's action on a case at `status`, with answers that succeed."""

    def prepare(client: Any, request: Any) -> Prepared:
        senior = request.getfixturevalue("senior_caseworker")
        login_as(client, senior)
        made = dict(fields)
        if made.pop("signed_off", False):
            made.update(signed_off_by_id=senior.id, signed_off_at=utcnow())
        complaint = make_case(status, **made)
        other = make_case(Status.RECEIVED)
        recommendation = Recommendation(
            complaint=complaint,
            force=force_by_slug("cumbria"),
            text="Put up signs.",
            due_date=date(2027, 1, 29),
            created_by="user:0",
        )
        _db.session.add(recommendation)
        _db.session.commit()
        values = {
            "version": str(complaint.version),
            "assignee": str(senior.id),
            "other": other.reference,
        }
        path = f"/staff/cases/{complaint.reference}/{action}".format(
            recommendation=recommendation.id
        )
        return path, lambda: {
            name: [v.format(**values) for v in value]
            if isinstance(value, list)
            else value.format(**values)
            for name, value in data.items()
        }

    return prepare


VERSION = {"version": "{version}"}
FINDINGS = {
    "finding_no_notice": "upheld",
    "finding_protest_or_event": "not_upheld",
    "overall": "partly_upheld",
    "summary": "Signs were missing.",
}
CASE_ACTIONS: dict[str, tuple[str, Status, dict[str, Any], dict[str, Any]]] = {
    "case take": ("take", Status.RECEIVED, VERSION, {}),
    "case assign": ("assign", Status.RECEIVED, {**VERSION, "assignee": "{assignee}"}, {}),
    "case triage": (
        "triage",
        Status.IN_TRIAGE,
        {**VERSION, "in_remit": "yes", "priority": "standard", "concerns": ["no_notice"]},
        {},
    ),
    "case move": ("move", Status.RECEIVED, {**VERSION, "target": "in_triage"}, {}),
    "case note": ("notes", Status.RECEIVED, {"text": "Called the force."}, {}),
    "case request information": (
        "request-information",
        Status.INVESTIGATING,
        {**VERSION, "request_text": "Which day was it?"},
        {},
    ),
    "case reply": (
        "reply",
        Status.AWAITING_INFORMATION,
        {**VERSION, "reply_text": "The 14th."},
        {},
    ),
    "case findings": ("findings", Status.INVESTIGATING, {**VERSION, **FINDINGS}, {}),
    "case recommendation": (
        "recommendations",
        Status.INVESTIGATING,
        {"force": "cumbria", "text": "Train officers.", "due_date": "2027-02-26"},
        {},
    ),
    "case recommendation response": (
        "recommendations/{recommendation}/response",
        Status.INVESTIGATING,
        {"response": "accepted"},
        {},
    ),
    "case sign-off": ("sign-off", Status.INVESTIGATING, VERSION, {"findings": Finding.UPHELD}),
    "case issue decision": (
        "issue-decision",
        Status.INVESTIGATING,
        VERSION,
        {"findings": Finding.UPHELD, "signed_off": True},
    ),
    "case link": (
        "links",
        Status.INVESTIGATING,
        {**VERSION, "other_reference": "{other}", "kind": "related_to"},
        {},
    ),
}
for _name, (_action, _status, _data, _fields) in CASE_ACTIONS.items():
    csrf_case(_name)(_case_action(_action, _status, _data, **_fields))
    CHANGES_RECORDS.add(_name)


@csrf_case("case log complaint")
def _log_complaint(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("caseworker"))
    return "/staff/cases/new", lambda: {
        "channel": "post",
        "technology": "rfr",
        "force": "cumbria",
        "incident_date": "2026-05-03",
        "place": "Carlisle market",
        "what_happened": "A letter about a camera van.",
        "concerns": ["no_notice"],
        "relation": "witness",
        "outcome_wanted": "Signs.",
    }


CHANGES_RECORDS.add("case log complaint")


def _deployment_action(action: str, linked: bool = False) -> Callable[[Any, Any], Prepared]:
    def prepare(client: Any, request: Any) -> Prepared:
        login_as(client, request.getfixturevalue("senior_caseworker"))
        complaint = make_case(Status.INVESTIGATING)
        deployment = make_deployment()
        if linked:
            _db.session.add(
                DeploymentLink(
                    complaint_id=complaint.id,
                    deployment_id=deployment.id,
                    state=LinkState.CONFIRMED,
                    created_by="user:0",
                )
            )
        _db.session.commit()
        reference, number, version = complaint.reference, deployment.id, str(complaint.version)
        if action == "link":
            return f"/staff/cases/{reference}/deployments/link", lambda: {
                "version": version,
                "deployment_id": str(number),
            }
        return f"/staff/cases/{reference}/deployments/{number}/{action}", lambda: {
            "version": version
        }

    return prepare


for _name, _prepare in {
    "case deployment confirm": _deployment_action("confirm"),
    "case deployment reject": _deployment_action("reject"),
    "case deployment unlink": _deployment_action("unlink", linked=True),
    "case deployment link by number": _deployment_action("link"),
}.items():
    csrf_case(_name)(_prepare)
    CHANGES_RECORDS.add(_name)

DEPLOYMENT_FORM = {
    "force": "cumbria",
    "technology": "lfr",
    "deployed_on": "03/05/2026",
    "start_time": "10:00",
    "end_time": "16:00",
    "location_name": "Carlisle market",
    "faces_seen": "4,210",
    "source": "published_record",
}
USAGE_RETURN_FORM = {
    "force": "cumbria",
    "technology": "rfr",
    "period_start": "01/04/2026",
    "period_end": "30/06/2026",
    "searches": "1,200",
    "source": "force_submission",
}


@csrf_case("deployment new")
def _deployment_new(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("caseworker"))
    return "/staff/deployments/new", lambda: dict(DEPLOYMENT_FORM)


@csrf_case("deployment correct")
def _deployment_correct(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("caseworker"))
    deployment = make_deployment(force="cumbria", location_name="Carlisle market")
    _db.session.commit()
    return f"/staff/deployments/{deployment.id}/correct", lambda: {
        **DEPLOYMENT_FORM,
        "version": "1",
        "note": "The force re-counted the faces seen.",
    }


@csrf_case("usage return new")
def _usage_return_new(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("caseworker"))
    return "/staff/deployments/usage-returns/new", lambda: dict(USAGE_RETURN_FORM)


@csrf_case("usage return correct")
def _usage_return_correct(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("caseworker"))
    usage = make_usage_return(force="cumbria", period_start="2026-04-01", period_end="2026-06-30")
    _db.session.commit()
    return f"/staff/deployments/usage-returns/{usage.id}/correct", lambda: {
        **USAGE_RETURN_FORM,
        "version": "1",
        "note": "Late figures from the force.",
    }


CHANGES_RECORDS.update(
    {"deployment new", "deployment correct", "usage return new", "usage return correct"}
)

IMPORT_CSV = b"Force,Date,Location\r\nessex,2025-08-01,Chelmsford\r\n"


@csrf_case("imports upload")
def _imports_upload(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("caseworker"))
    return "/staff/imports", lambda: {"file": (io.BytesIO(IMPORT_CSV), "records.csv"), "force": ""}


@csrf_case("imports import")
def _imports_import(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("caseworker"))
    post_with_token(client, "/staff/imports", {"file": (io.BytesIO(IMPORT_CSV), "records.csv")})
    return "/staff/imports/import", lambda: {"checked": hashlib.sha256(IMPORT_CSV).hexdigest()}


CHANGES_RECORDS.add("imports import")


@csrf_case("force token issue")
def _issue_force_token(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("administrator"))
    return "/staff/force-tokens/new", lambda: {"force": "south-wales", "name": "Records system"}


@csrf_case("force token revoke")
def _revoke_force_token(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("administrator"))
    token, _ = tokens.issue(force_by_slug("south-wales"), "Records system", "test")
    _db.session.commit()
    return f"/staff/force-tokens/{token.id}/revoke", dict


CHANGES_RECORDS.update({"force token issue", "force token revoke"})


def statistics_release(state: str) -> tuple[int, int]:
    """A release prepared and approved by accounts of its own: a draft, approved for
    later, or published. Returns its id and version."""
    preparer = make_user({Role.STATISTICIAN}, email="preparer@example.test", name="Preparer")
    approver = make_user({Role.PUBLISHER}, email="approver@example.test", name="Approver")
    release = statistics.prepare(quarter(2026, 2), preparer)
    if state == "approved":
        statistics.approve(release, approver, utcnow() + timedelta(days=30))
    if state == "published":
        statistics.approve(release, approver, utcnow())
        statistics.publish_due()
    _db.session.commit()
    return release.id, release.version


@csrf_case("statistics prepare")
def _statistics_prepare(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("statistician"))
    return "/staff/statistics/new", lambda: {
        "period_kind": "quarter",
        "quarter_year": "2026",
        "quarter": "2",
    }


@csrf_case("statistics recompute")
def _statistics_recompute(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("statistician"))
    number, version = statistics_release("draft")
    return f"/staff/statistics/{number}/recompute", lambda: {"version": str(version)}


@csrf_case("statistics approve")
def _statistics_approve(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("publisher"))
    number, version = statistics_release("draft")
    return f"/staff/statistics/{number}/approve", lambda: {"version": str(version), "when": "now"}


@csrf_case("statistics withdraw approval")
def _statistics_withdraw(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("publisher"))
    number, version = statistics_release("approved")
    return f"/staff/statistics/{number}/withdraw-approval", lambda: {"version": str(version)}


@csrf_case("statistics revision")
def _statistics_revision(client: Any, request: Any) -> Prepared:
    login_as(client, request.getfixturevalue("statistician"))
    number, version = statistics_release("published")
    return f"/staff/statistics/{number}/revise", lambda: {
        "version": str(version),
        "revision_note": "Complaints logged late are now counted.",
    }


CHANGES_RECORDS.update(
    {
        "statistics prepare",
        "statistics recompute",
        "statistics approve",
        "statistics withdraw approval",
        "statistics revision",
    }
)


def test_csrf_protection_is_switched_on_in_the_test_configuration(app):
    assert app.config.get("WTF_CSRF_ENABLED", True) is True
    assert app.config.get("WTF_CSRF_CHECK_DEFAULT", True) is True


def test_every_form_that_accepts_post_has_a_csrf_case(app):
    """A new POST route fails here until it is added to the CSRF cases below."""
    covered = {
        "public.question": {name for name in CSRF_CASES if name.startswith("question ")},
        "public.remove_evidence": {"evidence remove"},
        "public.submit": {"check answers submit"},
        "public.track": {"track"},
        "public.request_review": {"track review"},
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
        "casework.link": {"case link"},
        "casework.log_complaint": {"case log complaint"},
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
    }
    # The force API takes a bearer token and no cookie, so it has no CSRF token to check
    # (tests/test_api.py: a staff session is no token).
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


# ---------------------------------------------------------------- pages to check

# Each page kind: how to reach it (given a query string to add) and its status.
Reach = Callable[[Any, Any, str], Any]
PAGES: dict[str, tuple[Reach, int]] = {}


def page(name: str, status: int) -> Callable[[Reach], Reach]:
    def register(reach: Reach) -> Reach:
        PAGES[name] = (reach, status)
        return reach

    return register


@page("start page", 200)
def _start(client: Any, request: Any, query: str) -> Any:
    return client.get("/" + query)


@page("question page", 200)
def _question_page(client: Any, request: Any, query: str) -> Any:
    return client.get("/complain/what-happened" + query)


@page("evidence page", 200)
def _evidence_page(client: Any, request: Any, query: str) -> Any:
    return client.get("/complain/evidence" + query)


@page("check answers page", 200)
def _check_answers_page(client: Any, request: Any, query: str) -> Any:
    answer_everything(client)
    return client.get("/complain/check-answers" + query)


@page("complaint sent page", 200)
def _complaint_sent_page(client: Any, request: Any, query: str) -> Any:
    answer_everything(client)
    post_page(client, "/complain/check-answers", {})
    return client.get("/complain/complaint-sent" + query)


@page("track page", 200)
def _track_page(client: Any, request: Any, query: str) -> Any:
    return client.get("/track" + query)


@page("tracked status page", 200)
def _tracked_status(client: Any, request: Any, query: str) -> Any:
    complaint = make_complaint(tracking_code=TRACKING_CODE)
    _db.session.commit()
    return post_with_token(
        client, "/track" + query, {"reference": complaint.reference, "tracking_code": TRACKING_CODE}
    )


@page("sign-in page", 200)
def _sign_in_page(client: Any, request: Any, query: str) -> Any:
    return client.get("/staff/sign-in" + query)


@page("security code page", 200)
def _security_code_page(client: Any, request: Any, query: str) -> Any:
    sign_in_pending(client, request.getfixturevalue("administrator"))
    return client.get("/staff/security-code" + query)


@page("staff home", 200)
def _staff_home(client: Any, request: Any, query: str) -> Any:
    login_as(client, request.getfixturevalue("administrator"))
    return client.get("/staff" + query)


@page("case page", 200)
def _case_page(client: Any, request: Any, query: str) -> Any:
    complaint = make_complaint()
    _db.session.commit()
    login_as(client, request.getfixturevalue("caseworker"))
    return client.get(f"/staff/cases/{complaint.reference}/complainant" + query)


@page("staff accounts", 200)
def _users_page(client: Any, request: Any, query: str) -> Any:
    login_as(client, request.getfixturevalue("administrator"))
    return client.get("/staff/users" + query)


@page("audit log", 200)
def _audit_page(client: Any, request: Any, query: str) -> Any:
    login_as(client, request.getfixturevalue("administrator"))
    return client.get("/staff/audit" + query)


@page("statistics releases", 200)
def _statistics_releases(client: Any, request: Any, query: str) -> Any:
    statistics_release("published")
    login_as(client, request.getfixturevalue("publisher"))
    return client.get("/staff/statistics" + query)


@page("statistics release page", 200)
def _statistics_release_page(client: Any, request: Any, query: str) -> Any:
    number, _ = statistics_release("draft")
    login_as(client, request.getfixturevalue("publisher"))
    return client.get(f"/staff/statistics/{number}" + query)


@page("public statistics releases", 200)
def _public_statistics_releases(client: Any, request: Any, query: str) -> Any:
    statistics_release("published")
    return client.get("/statistics" + query)


@page("public statistics release", 200)
def _public_statistics_release(client: Any, request: Any, query: str) -> Any:
    statistics_release("published")
    return client.get("/statistics/2026-q2" + query)


@page("redirect to sign in", 302)
def _redirect(client: Any, request: Any, query: str) -> Any:
    return client.get("/staff/cases" + query)


@page("bad request", 400)
def _bad_request(client: Any, request: Any, query: str) -> Any:
    return client.post("/track" + query, data={"reference": "FR-AAAA-BBBB"})


@page("forbidden", 403)
def _forbidden(client: Any, request: Any, query: str) -> Any:
    login_as(client, request.getfixturevalue("caseworker"))
    return client.get("/staff/users" + query)


@page("not found", 404)
def _not_found(client: Any, request: Any, query: str) -> Any:
    return client.get("/nope" + query)


@page("method not allowed", 405)
def _method_not_allowed(client: Any, request: Any, query: str) -> Any:
    return client.get("/staff/sign-out" + query)


@page("too large", 413)
def _too_large(client: Any, request: Any, query: str) -> Any:
    monkeypatch = request.getfixturevalue("monkeypatch")
    monkeypatch.setitem(request.getfixturevalue("app").config, "MAX_CONTENT_LENGTH", 1024)
    return client.post(
        "/complain/evidence" + query,
        data={"action": "upload", "files": [(io.BytesIO(b"x" * 4096), "big.txt")]},
    )


@page("too many requests", 429)
def _too_many(client: Any, request: Any, query: str) -> Any:
    monkeypatch = request.getfixturevalue("monkeypatch")
    monkeypatch.setitem(request.getfixturevalue("app").config, "TRACK_RATE_LIMIT", "1 per day")
    data = {"reference": "FR-AAAA-BBBB", "tracking_code": "AAAA-BBBB-CCCC"}
    post_with_token(client, "/track" + query, data)
    return post_with_token(client, "/track" + query, data)


@public
def _broken() -> str:
    _db.session.execute(
        sa.text("SELECT secret_column FROM no_such_table WHERE email = :email"),
        {"email": "jo@example.com"},
    )
    return "unreachable"


@page("server error", 500)
def _server_error(client: Any, request: Any, query: str) -> Any:
    monkeypatch = request.getfixturevalue("monkeypatch")
    app = request.getfixturevalue("app")
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    monkeypatch.setitem(app.view_functions, "public.start", _broken)
    return client.get("/" + query)


@page("static file", 200)
def _static(client: Any, request: Any, query: str) -> Any:
    return client.get("/static/app.css" + query)


STAFF_PAGES = {
    "security code page",
    "staff home",
    "case page",
    "staff accounts",
    "audit log",
    "statistics releases",
    "statistics release page",
}
ERRORS = [name for name, (_, status) in PAGES.items() if status >= 400]
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)([^>]*)>", re.IGNORECASE)


def directives(csp: str) -> dict[str, str]:
    parts = (part.strip().split(" ", 1) for part in csp.split(";") if part.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


def test_every_status_the_app_answers_with_is_checked():
    assert {status for _, status in PAGES.values()} == {200, 302, 400, 403, 404, 405, 413, 429, 500}


@pytest.mark.parametrize("kind", list(PAGES))
def test_every_page_carries_the_security_headers(client, db, request, kind):
    reach, status = PAGES[kind]
    response = reach(client, request, "")
    assert response.status_code == status
    headers = response.headers
    csp = headers["Content-Security-Policy"]
    policy = directives(csp)
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert policy["frame-ancestors"] == "'none'"
    assert policy["default-src"] == "'self'"
    assert policy["object-src"] == "'none'"
    nonce = re.fullmatch(r"'self' 'nonce-([A-Za-z0-9_-]{16,})'", policy["script-src"])
    assert nonce, policy["script-src"]
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert headers["X-Frame-Options"] == "DENY"
    assert "Strict-Transport-Security" not in headers
    if kind == "static file":
        assert "no-store" not in headers.get("Cache-Control", "")
        return
    assert headers["Cache-Control"] == "no-store"
    if status == 302:
        return
    html = response.get_data(as_text=True)
    scripts = INLINE_SCRIPT.findall(html)
    assert scripts, "GOV.UK Frontend's inline script is missing"
    for attributes in scripts:
        assert f'nonce="{nonce.group(1)}"' in attributes
    # Inline styles and event handlers would need 'unsafe-inline' too.
    assert not re.search(r"<[^>]+\s(style|on[a-z]+)=", html, re.IGNORECASE)
    assert "javascript:" not in html.lower()


def test_each_page_gets_a_new_nonce(client):
    nonces = set()
    for _ in range(3):
        response = client.get("/track")
        nonces.add(directives(response.headers["Content-Security-Policy"])["script-src"])
        assert re.search(r'<script nonce="([^"]+)"', response.get_data(as_text=True))
    assert len(nonces) == 3


@pytest.mark.parametrize("kind", sorted(STAFF_PAGES))
def test_staff_pages_are_never_cached(client, db, request, kind):
    reach, _ = PAGES[kind]
    assert reach(client, request, "").headers["Cache-Control"] == "no-store"


@pytest.mark.parametrize("kind", ERRORS)
def test_error_pages_reveal_no_stack_trace_version_or_query(client, db, request, kind):
    reach, status = PAGES[kind]
    response = reach(client, request, "?secret=abc123&email=jo%40example.com")
    html = response.get_data(as_text=True)
    assert response.status_code == status
    assert response.mimetype == "text/html"
    assert '<h1 class="govuk-heading-l">' in html
    for leak in (
        "abc123",
        "jo@example.com",
        "jo%40example.com",
        "Werkzeug",
        "Python",
        "Traceback",
        'File "',
        "SELECT",
        "no_such_table",
        "secret_column",
        "sqlalchemy",
        "OperationalError",
    ):
        assert leak not in html, leak
    for name, value in response.headers.items():
        assert "abc123" not in value, name
        assert "Werkzeug" not in value, name


def test_a_wrong_method_says_which_methods_the_address_accepts(client):
    response = client.get("/staff/sign-out")
    assert response.status_code == 405
    assert set(response.headers["Allow"].split(", ")) == {"OPTIONS", "POST"}


# ---------------------------------------------------------------- other configurations


@pytest.fixture
def app_named(tmp_path, monkeypatch) -> Iterator[Callable[[str], Flask]]:
    """A migrated app of the named configuration, on its own SQLite file."""
    made: list[Flask] = []
    monkeypatch.setenv("SECRET_KEY", "a-long-random-secret-from-the-environment-0123456789")
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delenv("EVIDENCE_STORAGE_DIR", raising=False)
    handlers = list(logging.getLogger("oversight").handlers)

    def make(name: str) -> Flask:
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / name}.db")
        app = create_app(name)
        with app.app_context():
            upgrade()
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            _db.engine.dispose()
    oversight_logger = logging.getLogger("oversight")
    for handler in list(oversight_logger.handlers):
        if handler not in handlers:
            oversight_logger.removeHandler(handler)


def session_cookie(response) -> list[str]:
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    return [attribute.strip() for attribute in cookie.split(";")]


def test_production_sends_hsts_of_a_year_and_secure_cookies(app_named):
    production = app_named("production")
    response = production.test_client().get("/track", base_url="https://localhost")
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    attributes = session_cookie(response)
    assert "Secure" in attributes
    assert "HttpOnly" in attributes
    assert "SameSite=Lax" in attributes


def test_production_error_pages_carry_hsts_too(app_named):
    production = app_named("production")
    response = production.test_client().get("/nope", base_url="https://localhost")
    assert response.status_code == 404
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_development_sends_no_hsts(app_named):
    development = app_named("development")
    response = development.test_client().get("/track")
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response.headers
    assert "Secure" not in session_cookie(response)


def test_the_session_cookie_is_http_only_and_same_site_lax(client):
    response = client.get("/track")
    attributes = session_cookie(response)
    assert "HttpOnly" in attributes
    assert "SameSite=Lax" in attributes
    assert "Strict-Transport-Security" not in response.headers


# ---------------------------------------------------------------- rate limits

# Each anonymous POST: its endpoint, the setting that limits it, and how to send it
# (the n-th time).
Send = Callable[[Any, int], Any]
RATE_LIMITS: dict[str, tuple[str, str, Send]] = {
    "question page": (
        "public.question",
        "ANONYMOUS_POST_RATE_LIMIT",
        lambda client, n: post_with_token(client, "/complain/where", {"place": "Leeds"}),
    ),
    "evidence upload": (
        "public.question",
        "ANONYMOUS_POST_RATE_LIMIT",
        lambda client, n: post_with_token(client, "/complain/evidence", {"action": "continue"}),
    ),
    "evidence remove": (
        "public.remove_evidence",
        "ANONYMOUS_POST_RATE_LIMIT",
        lambda client, n: post_with_token(client, f"/complain/evidence/{'0' * 32}/remove", {}),
    ),
    "check answers submit": (
        "public.submit",
        "SUBMIT_RATE_LIMIT",
        lambda client, n: post_with_token(client, "/complain/check-answers", {}),
    ),
    "track review": (
        "public.request_review",
        "TRACK_RATE_LIMIT",
        lambda client, n: post_with_token(client, "/track/review", {"reasons": "Look again."}),
    ),
    "track": (
        "public.track",
        "TRACK_RATE_LIMIT",
        lambda client, n: post_with_token(
            client, "/track", {"reference": "FR-AAAA-BBBB", "tracking_code": "AAAA-BBBB-CCCC"}
        ),
    ),
    "sign-in from one address": (
        "auth.sign_in",
        "SIGN_IN_RATE_LIMIT",
        lambda client, n: post_with_token(
            client, "/staff/sign-in", {"email": f"guess{n}@example.test", "password": "wrong"}
        ),
    ),
    "sign-in to one account": (
        "auth.sign_in",
        "SIGN_IN_ACCOUNT_RATE_LIMIT",
        lambda client, n: post_with_token(
            client,
            "/staff/sign-in",
            {"email": "someone@example.test", "password": "wrong"},
            environ_base={"REMOTE_ADDR": f"198.51.100.{n + 1}"},
        ),
    ),
    "security code": (
        "auth.verify_code",
        "SIGN_IN_RATE_LIMIT",
        lambda client, n: post_with_token(client, "/staff/security-code", {"code": "000000"}),
    ),
    "security code set-up": (
        "auth.set_up_code",
        "SIGN_IN_RATE_LIMIT",
        lambda client, n: post_with_token(
            client, "/staff/security-code/set-up", {"code": "000000"}
        ),
    ),
}


def test_every_anonymous_post_has_a_rate_limit_case(app):
    anonymous_posts = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and rule_for(app, rule.endpoint) in (PUBLIC, PENDING)
    }
    assert anonymous_posts == {endpoint for endpoint, _, _ in RATE_LIMITS.values()}


@pytest.mark.parametrize("kind", list(RATE_LIMITS))
def test_every_anonymous_post_is_rate_limited_with_a_clear_page(app, client, db, request, kind):
    _, setting, send = RATE_LIMITS[kind]
    if kind.startswith("security code"):
        user = request.getfixturevalue("administrator")
        if kind.endswith("set-up"):
            user.totp_confirmed_at = None
            db.session.commit()
        sign_in_pending(client, user)
    saved = app.config[setting]
    app.config[setting] = "2 per day"
    try:
        first, second, third = (send(client, n) for n in range(3))
    finally:
        app.config[setting] = saved
    assert first.status_code != 429
    assert second.status_code != 429
    assert third.status_code == 429
    assert TOO_MANY in third.get_data(as_text=True)
    assert int(third.headers["Retry-After"]) > 0
    # The limit is read on each request: with the usual limit back, it answers again.
    assert send(client, 3).status_code != 429


def test_signed_in_staff_posts_are_not_held_to_the_anonymous_limit(app, client, db, administrator):
    login_as(client, administrator)
    saved = app.config["ANONYMOUS_POST_RATE_LIMIT"]
    app.config["ANONYMOUS_POST_RATE_LIMIT"] = "1 per day"
    try:
        staff = [
            post_with_token(client, "/staff/users/new", {"name": ""}).status_code for _ in range(3)
        ]
        anonymous = app.test_client()
        strangers = [
            post_with_token(anonymous, "/staff/users/new", {"name": ""}).status_code
            for _ in range(2)
        ]
    finally:
        app.config["ANONYMOUS_POST_RATE_LIMIT"] = saved
    assert staff == [400, 400, 400]
    assert strangers == [302, 429]


# ---------------------------------------------------------------- logs


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """Everything logged anywhere, as the JSON handler writes it."""
    stream = io.StringIO()
    handler = logs.handler(stream=stream)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def test_each_log_record_is_one_json_object_on_one_line():
    stream = io.StringIO()
    handler = logs.handler(stream=stream)
    logger = logging.getLogger("oversight.test")
    logger.addHandler(handler)
    try:
        forged = 'ok\n{"level": "INFO", "logger": "oversight.auth", "message": "signed in"}'
        logger.warning("reference %s", forged)
        try:
            raise ValueError("bad\nvalue")
        except ValueError:
            logger.exception("failed on %s", "line one\r\nline two")
    finally:
        logger.removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["message"] == f"reference {forged}"
    assert first["level"] == "WARNING"
    assert first["logger"] == "oversight.test"
    assert second["message"] == "failed on line one\r\nline two"
    assert "Traceback" in second["exc_info"]


def test_a_log_line_carries_the_request_id_of_its_request(client, db, request, json_log):
    response = _server_error(client, request, "")
    assert response.status_code == 500
    records = [json.loads(line) for line in json_log.getvalue().splitlines()]
    [error] = [record for record in records if record["logger"] == "oversight.errors"]
    assert error["request_id"] == response.headers["X-Request-ID"]
    assert error["level"] == "ERROR"


PERSONAL = {
    "contact-details": {
        "name": "Zebedee Quartermaine",
        "email": "zebedee.quartermaine@example.org",
        "phone": "07700 900461",
        "preferred_contact": "email",
    },
    "where": {"place": "Quarrington Hill bus station"},
    "what-happened": {"what_happened": "Zebedee was stopped by PC Ulverstone near the kiosk."},
    "outcome": {"outcome_wanted": "Delete the Quartermaine images."},
}
PERSONAL_WORDS = [
    "Zebedee",
    "Quartermaine",
    "zebedee.quartermaine",
    "07700",
    "900461",
    "Quarrington",
    "Ulverstone",
]


def test_sending_a_complaint_logs_none_of_its_personal_data(
    client, db, caplog, json_log, caseworker
):
    caplog.set_level(logging.INFO)
    answer_everything(client, **PERSONAL)
    reference, tracking_code = reference_and_code(send_complaint(client).get_data(as_text=True))
    assert tracking_code
    login_as(client, caseworker)
    assert client.get(f"/staff/cases/{reference}/complainant").status_code == 200
    assert any(record.name.startswith("oversight") for record in caplog.records), "nothing logged"
    written = json_log.getvalue()
    assert written
    for word in [*PERSONAL_WORDS, tracking_code]:
        assert word not in caplog.text, word
        assert word not in written, word


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
