"""Access control: deny by default, a short public allow-list, and who gets what.

The route guard fails for any endpoint without a declared rule and for any change
to the public allow-list; the permission matrix pins every role on every staff
endpoint; state changes are POST-only.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from oversight.access import FORCE_TOKEN, PENDING, PUBLIC, rule_for
from oversight.api import tokens
from oversight.audit.models import AuditEvent
from oversight.auth.models import Role, User
from oversight.complaints.enums import Finding, Status
from oversight.complaints.evidence import evidence_store
from oversight.complaints.models import Complaint, Evidence, Recommendation
from oversight.forces.models import force_by_slug
from oversight.links.enums import LinkState
from oversight.links.models import DeploymentLink
from oversight.models import utcnow
from oversight.statistics import services as statistics
from oversight.statistics.periods import quarter
from tests import files
from tests.factories import make_case, make_deployment, make_usage_return, make_user
from tests.helpers import answer_everything, csrf_token, login_as

# The whole public allow-list. Adding a public route means adding it here, on purpose.
PUBLIC_ENDPOINTS = {
    "static",
    "public.start",
    "public.question",
    "public.remove_evidence",
    "public.check_answers",
    "public.submit",
    "public.complaint_sent",
    "public.answers_deleted",
    "public.track",
    "public.request_review",
    "auth.sign_in",
    "register.register",
    "register.forces",
    "register.force",
    "register.deployment",
    "register.deployments_csv",
    "register.usage_returns_csv",
    # The open register in JSON, and the API's own description.
    "api.openapi_document",
    "api.forces",
    "api.deployments",
    "api.deployment",
    "api.usage_returns",
    "api.usage_return",
    # Published statistics releases, their downloads and the API's copy of them.
    "statistics.releases",
    "statistics.release",
    "statistics.revision",
    "statistics.download_csv",
    "statistics.download_json",
    "statistics.download_spreadsheet",
    "api.statistics_releases",
    "api.statistics_release",
}
# A force system's own writes, authenticated by its API token (never by a staff session).
FORCE_TOKEN_ENDPOINTS = {
    "api.create_deployment",
    "api.replace_deployment",
    "api.update_deployment",
    "api.create_usage_return",
    "api.replace_usage_return",
    "api.update_usage_return",
}
# Reached with a correct password and no second factor yet: only the code pages.
PENDING_ENDPOINTS = {"auth.set_up_code", "auth.verify_code"}

SIGN_IN = "sign-in"  # a 302 to the staff sign-in page
NEW_PASSWORD = "a quiet lantern over the harbour"


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    data: tuple[tuple[str, str], ...] = ()


# Paths are filled in with a real case, evidence file and staff account.
ENDPOINTS = {
    "auth.home": Endpoint("GET", "/staff"),
    "auth.change_password": Endpoint("GET", "/staff/account/password"),
    "auth.sign_out": Endpoint("POST", "/staff/sign-out"),
    "casework.case_list": Endpoint("GET", "/staff/cases"),
    "casework.case_detail": Endpoint("GET", "/staff/cases/{reference}"),
    "casework.complainant": Endpoint("GET", "/staff/cases/{reference}/complainant"),
    "casework.download_evidence": Endpoint(
        "GET", "/staff/cases/{reference}/evidence/{evidence_id}"
    ),
    "casework.log_complaint": Endpoint("GET", "/staff/cases/new"),
    # Each action is sent to a case in a state where it succeeds for a role allowed it.
    "casework.take": Endpoint("POST", "/staff/cases/{reference}/take", (("version", "1"),)),
    "casework.assign": Endpoint(
        "POST",
        "/staff/cases/{reference}/assign",
        (("version", "1"), ("assignee", "{user_id}")),
    ),
    "casework.triage": Endpoint(
        "POST",
        "/staff/cases/{reference}/triage",
        (
            ("version", "1"),
            ("in_remit", "yes"),
            ("priority", "standard"),
            ("concerns", "no_notice"),
        ),
    ),
    "casework.move": Endpoint(
        "POST",
        "/staff/cases/{reference}/move",
        (("version", "1"), ("target", "closed"), ("reason", "withdrawn")),
    ),
    "casework.add_note": Endpoint(
        "POST", "/staff/cases/{reference}/notes", (("text", "Called the force."),)
    ),
    "casework.request_information": Endpoint(
        "POST",
        "/staff/cases/{reference}/request-information",
        (("version", "1"), ("request_text", "Which day was it?")),
    ),
    "casework.log_reply": Endpoint(
        "POST",
        "/staff/cases/{awaiting_reference}/reply",
        (("version", "1"), ("reply_text", "The 14th.")),
    ),
    "casework.record_findings": Endpoint(
        "POST",
        "/staff/cases/{findings_reference}/findings",
        (
            ("version", "1"),
            ("finding_no_notice", "upheld"),
            ("finding_protest_or_event", "not_upheld"),
            ("overall", "partly_upheld"),
            ("summary", "Signs were missing."),
        ),
    ),
    "casework.add_recommendation": Endpoint(
        "POST",
        "/staff/cases/{reference}/recommendations",
        (("force", "south-wales"), ("text", "Put up signs."), ("due_date", "2027-01-29")),
    ),
    "casework.record_response": Endpoint(
        "POST",
        "/staff/cases/{reference}/recommendations/{recommendation_id}/response",
        (("response", "accepted"),),
    ),
    "casework.sign_off": Endpoint(
        "POST", "/staff/cases/{findings_reference}/sign-off", (("version", "1"),)
    ),
    "casework.issue_decision": Endpoint(
        "POST", "/staff/cases/{signed_reference}/issue-decision", (("version", "1"),)
    ),
    "casework.link": Endpoint(
        "POST",
        "/staff/cases/{reference}/links",
        (("version", "1"), ("other_reference", "{awaiting_reference}"), ("kind", "related_to")),
    ),
    "linking.find_deployment": Endpoint("GET", "/staff/cases/{reference}/deployments"),
    "linking.confirm": Endpoint(
        "POST", "/staff/cases/{reference}/deployments/{deployment_id}/confirm", (("version", "1"),)
    ),
    "linking.reject": Endpoint(
        "POST", "/staff/cases/{reference}/deployments/{deployment_id}/reject", (("version", "1"),)
    ),
    "linking.unlink": Endpoint(
        "POST",
        "/staff/cases/{reference}/deployments/{linked_deployment_id}/unlink",
        (("version", "1"),),
    ),
    "linking.link_by_number": Endpoint(
        "POST",
        "/staff/cases/{reference}/deployments/link",
        (("version", "1"), ("deployment_id", "{deployment_id}")),
    ),
    "deployments.deployment_list": Endpoint("GET", "/staff/deployments"),
    "deployments.new_deployment": Endpoint("GET", "/staff/deployments/new"),
    "deployments.deployment_detail": Endpoint("GET", "/staff/deployments/{deployment_id}"),
    "deployments.correct_deployment": Endpoint("GET", "/staff/deployments/{deployment_id}/correct"),
    "deployments.usage_return_list": Endpoint("GET", "/staff/deployments/usage-returns"),
    "deployments.new_usage_return": Endpoint("GET", "/staff/deployments/usage-returns/new"),
    "deployments.usage_return_detail": Endpoint(
        "GET", "/staff/deployments/usage-returns/{usage_return_id}"
    ),
    "deployments.correct_usage_return": Endpoint(
        "GET", "/staff/deployments/usage-returns/{usage_return_id}/correct"
    ),
    "imports.upload": Endpoint("GET", "/staff/imports"),
    "imports.run_import": Endpoint("POST", "/staff/imports/import"),
    "users.user_list": Endpoint("GET", "/staff/users"),
    "users.new_user": Endpoint("GET", "/staff/users/new"),
    "users.edit_user": Endpoint("GET", "/staff/users/{user_id}"),
    "users.disable_user": Endpoint("POST", "/staff/users/{user_id}/disable"),
    "users.enable_user": Endpoint("POST", "/staff/users/{user_id}/enable"),
    "users.reset_mfa": Endpoint("POST", "/staff/users/{user_id}/reset-security-code"),
    "users.reset_password": Endpoint(
        "POST",
        "/staff/users/{user_id}/password",
        (("new_password", NEW_PASSWORD), ("confirm_password", NEW_PASSWORD)),
    ),
    "audit.audit_log": Endpoint("GET", "/staff/audit"),
    "tokens.token_list": Endpoint("GET", "/staff/force-tokens"),
    "tokens.new_token": Endpoint("GET", "/staff/force-tokens/new"),
    "tokens.token_issued": Endpoint("GET", "/staff/force-tokens/issued"),
    "tokens.revoke_token": Endpoint("POST", "/staff/force-tokens/{token_id}/revoke"),
    "statistics_staff.release_list": Endpoint("GET", "/staff/statistics"),
    "statistics_staff.prepare_release": Endpoint("GET", "/staff/statistics/new"),
    "statistics_staff.release_detail": Endpoint("GET", "/staff/statistics/{draft_release_id}"),
    "statistics_staff.recompute_release": Endpoint(
        "POST", "/staff/statistics/{draft_release_id}/recompute", (("version", "1"),)
    ),
    "statistics_staff.approve_release": Endpoint(
        "POST", "/staff/statistics/{draft_release_id}/approve", (("version", "1"), ("when", "now"))
    ),
    "statistics_staff.withdraw_approval": Endpoint(
        "POST", "/staff/statistics/{approved_release_id}/withdraw-approval", (("version", "2"),)
    ),
    "statistics_staff.prepare_revision": Endpoint(
        "GET", "/staff/statistics/{published_release_id}/revise"
    ),
}

WHO = (
    "anonymous",
    "password_only",
    "caseworker",
    "senior_caseworker",
    "statistician",
    "publisher",
    "administrator",
)
# fmt: off
MATRIX = [
    # endpoint                     anonymous password_only caseworker senior statistician publisher administrator
    ("auth.home",                  SIGN_IN,  SIGN_IN,      200,       200,   200,         200,      200),
    ("auth.change_password",       SIGN_IN,  SIGN_IN,      200,       200,   200,         200,      200),
    ("auth.sign_out",              SIGN_IN,  SIGN_IN,      302,       302,   302,         302,      302),
    ("casework.case_list",         SIGN_IN,  SIGN_IN,      200,       200,   403,         403,      403),
    ("casework.case_detail",       SIGN_IN,  SIGN_IN,      200,       200,   403,         403,      403),
    ("casework.complainant",       SIGN_IN,  SIGN_IN,      200,       200,   403,         403,      403),
    ("casework.download_evidence", SIGN_IN,  SIGN_IN,      200,       200,   403,         403,      403),
    ("casework.log_complaint",     SIGN_IN,  SIGN_IN,      200,       200,   403,         403,      403),
    ("casework.take",              SIGN_IN,  SIGN_IN,      302,       302,   403,         403,      403),
    ("casework.assign",            SIGN_IN,  SIGN_IN,      403,       302,   403,         403,      403),
    ("casework.triage",            SIGN_IN,  SIGN_IN,      302,       302,   403,         403,      403),
    ("casework.move",              SIGN_IN,  SIGN_IN,      302,       302,   403,         403,      403),
    ("casework.add_note",          SIGN_IN,  SIGN_IN,      302,       302,   403,         403,      403),
    ("casework.request_information", SIGN_IN, SIGN_IN,     302,       302,   403,         403,      403),
    ("casework.log_reply",         SIGN_IN,  SIGN_IN,      302,       302,   403,         403,      403),
    ("casework.record_findings",   SIGN_IN,  SIGN_IN,      302,       302,   403,         403,      403),
    ("casework.add_recommendation", SIGN_IN, SIGN_IN,      302,       302,   403,         403,      403),
    ("casework.record_response",   SIGN_IN,  SIGN_IN,      302,       302,   403,         403,      403),
    ("casework.sign_off",          SIGN_IN,  SIGN_IN,      403,       302,   403,         403,      403),
    ("casework.issue_decision",    SIGN_IN,  SIGN_IN,      302,       302,   403,         403,      403),
    ("casework.link",              SIGN_IN,  SIGN_IN,      302,       302,   403,         403,      403),
    ("linking.find_deployment",    SIGN_IN,  SIGN_IN,      200,       200,   403,         403,      403),
    ("linking.confirm",            SIGN_IN,  SIGN_IN,      302,       302,   403,         403,      403),
    ("linking.reject",             SIGN_IN,  SIGN_IN,      302,       302,   403,         403,      403),
    ("linking.unlink",             SIGN_IN,  SIGN_IN,      302,       302,   403,         403,      403),
    ("linking.link_by_number",     SIGN_IN,  SIGN_IN,      302,       302,   403,         403,      403),
    ("deployments.deployment_list", SIGN_IN, SIGN_IN,      200,       200,   403,         403,      200),
    ("deployments.new_deployment", SIGN_IN,  SIGN_IN,      200,       200,   403,         403,      200),
    ("deployments.deployment_detail", SIGN_IN, SIGN_IN,    200,       200,   403,         403,      200),
    ("deployments.correct_deployment", SIGN_IN, SIGN_IN,   200,       200,   403,         403,      200),
    ("deployments.usage_return_list", SIGN_IN, SIGN_IN,    200,       200,   403,         403,      200),
    ("deployments.new_usage_return", SIGN_IN, SIGN_IN,     200,       200,   403,         403,      200),
    ("deployments.usage_return_detail", SIGN_IN, SIGN_IN,  200,       200,   403,         403,      200),
    ("deployments.correct_usage_return", SIGN_IN, SIGN_IN, 200,       200,   403,         403,      200),
    ("imports.upload",             SIGN_IN,  SIGN_IN,      200,       200,   403,         403,      200),
    # Nothing checked yet: back to the upload page.
    ("imports.run_import",         SIGN_IN,  SIGN_IN,      302,       302,   403,         403,      302),
    ("users.user_list",            SIGN_IN,  SIGN_IN,      403,       403,   403,         403,      200),
    ("users.new_user",             SIGN_IN,  SIGN_IN,      403,       403,   403,         403,      200),
    ("users.edit_user",            SIGN_IN,  SIGN_IN,      403,       403,   403,         403,      200),
    ("users.disable_user",         SIGN_IN,  SIGN_IN,      403,       403,   403,         403,      302),
    ("users.enable_user",          SIGN_IN,  SIGN_IN,      403,       403,   403,         403,      302),
    ("users.reset_mfa",            SIGN_IN,  SIGN_IN,      403,       403,   403,         403,      302),
    ("users.reset_password",       SIGN_IN,  SIGN_IN,      403,       403,   403,         403,      302),
    ("audit.audit_log",            SIGN_IN,  SIGN_IN,      403,       403,   403,         403,      200),
    ("tokens.token_list",          SIGN_IN,  SIGN_IN,      403,       403,   403,         403,      200),
    ("tokens.new_token",           SIGN_IN,  SIGN_IN,      403,       403,   403,         403,      200),
    ("tokens.token_issued",        SIGN_IN,  SIGN_IN,      403,       403,   403,         403,      302),
    ("tokens.revoke_token",        SIGN_IN,  SIGN_IN,      403,       403,   403,         403,      302),
    ("statistics_staff.release_list", SIGN_IN, SIGN_IN,    403,       403,   200,         200,      403),
    ("statistics_staff.prepare_release", SIGN_IN, SIGN_IN, 403,       403,   200,         403,      403),
    ("statistics_staff.release_detail", SIGN_IN, SIGN_IN,  403,       403,   200,         200,      403),
    ("statistics_staff.recompute_release", SIGN_IN, SIGN_IN, 403,     403,   302,         403,      403),
    ("statistics_staff.approve_release", SIGN_IN, SIGN_IN, 403,       403,   403,         302,      403),
    ("statistics_staff.withdraw_approval", SIGN_IN, SIGN_IN, 403,     403,   403,         302,      403),
    ("statistics_staff.prepare_revision", SIGN_IN, SIGN_IN, 403,      403,   200,         403,      403),
]
# fmt: on
CASES = [
    pytest.param(who, endpoint, expected, id=f"{who}-{endpoint}")
    for endpoint, *outcomes in MATRIX
    for who, expected in zip(WHO, outcomes, strict=True)
]

# Endpoints that change something accept nothing but POST.
POST_ONLY = {
    "auth.sign_out": "/staff/sign-out",
    "users.disable_user": "/staff/users/{user_id}/disable",
    "users.enable_user": "/staff/users/{user_id}/enable",
    "users.reset_mfa": "/staff/users/{user_id}/reset-security-code",
    "users.reset_password": "/staff/users/{user_id}/password",
    "casework.take": "/staff/cases/{reference}/take",
    "casework.assign": "/staff/cases/{reference}/assign",
    "casework.triage": "/staff/cases/{reference}/triage",
    "casework.move": "/staff/cases/{reference}/move",
    "casework.add_note": "/staff/cases/{reference}/notes",
    "casework.request_information": "/staff/cases/{reference}/request-information",
    "casework.log_reply": "/staff/cases/{awaiting_reference}/reply",
    "casework.record_findings": "/staff/cases/{findings_reference}/findings",
    "casework.add_recommendation": "/staff/cases/{reference}/recommendations",
    "casework.record_response": (
        "/staff/cases/{reference}/recommendations/{recommendation_id}/response"
    ),
    "casework.sign_off": "/staff/cases/{findings_reference}/sign-off",
    "casework.issue_decision": "/staff/cases/{signed_reference}/issue-decision",
    "casework.link": "/staff/cases/{reference}/links",
    "linking.confirm": "/staff/cases/{reference}/deployments/{deployment_id}/confirm",
    "linking.reject": "/staff/cases/{reference}/deployments/{deployment_id}/reject",
    "linking.unlink": "/staff/cases/{reference}/deployments/{linked_deployment_id}/unlink",
    "linking.link_by_number": "/staff/cases/{reference}/deployments/link",
    "imports.run_import": "/staff/imports/import",
    "public.remove_evidence": "/complain/evidence/{storage_key}/remove",
    "public.request_review": "/track/review",
    # Shares its address with the check-answers page (a GET that changes nothing).
    "public.submit": "/complain/check-answers",
    # Share their addresses with the open register's lists (GETs that change nothing).
    "api.create_deployment": "/api/v1/deployments",
    "api.create_usage_return": "/api/v1/usage-returns",
    "statistics_staff.recompute_release": "/staff/statistics/{draft_release_id}/recompute",
    "statistics_staff.approve_release": "/staff/statistics/{draft_release_id}/approve",
    "statistics_staff.withdraw_approval": (
        "/staff/statistics/{approved_release_id}/withdraw-approval"
    ),
}


@pytest.fixture
def records(db) -> dict[str, Any]:
    """Real cases (one being assessed, with a stored evidence file and a recommendation;
    one waiting for a reply; one with findings; one signed off) and a staff account."""
    complaint = make_case(Status.IN_TRIAGE)
    stored = evidence_store().save(io.BytesIO(files.pdf()))
    evidence = Evidence(
        complaint=complaint,
        original_name="letter.pdf",
        content_type=stored.content_type,
        size=stored.size,
        sha256=stored.sha256,
        storage_key=stored.key,
        uploaded_by="public",
    )
    db.session.add(evidence)
    target = make_user({Role.CASEWORKER}, email="target@example.test", name="Target Person")
    recommendation = Recommendation(
        complaint=complaint,
        force=force_by_slug("south-wales"),
        text="Put up signs.",
        due_date=date(2027, 1, 29),
        created_by="user:0",
    )
    db.session.add(recommendation)
    awaiting = make_case(Status.AWAITING_INFORMATION, awaiting_since=utcnow())
    with_findings = make_case(Status.INVESTIGATING, findings=Finding.UPHELD)
    force_token, _ = tokens.issue(force_by_slug("south-wales"), "Records system", "user:0")
    signed = make_case(
        Status.INVESTIGATING,
        findings=Finding.UPHELD,
        signed_off_by_id=target.id,
        signed_off_at=utcnow(),
    )
    deployment = make_deployment()
    linked = make_deployment(location_name="Cardiff Central station")
    db.session.add(
        DeploymentLink(
            complaint_id=complaint.id,
            deployment_id=linked.id,
            state=LinkState.CONFIRMED,
            created_by="user:0",
        )
    )
    usage_return = make_usage_return()
    # Statistics releases of three quarters, prepared and approved by accounts of their own
    # (a draft, one approved for later, one published).
    preparer = make_user({Role.STATISTICIAN}, email="preparer@example.test", name="Preparer")
    approver = make_user({Role.PUBLISHER}, email="approver@example.test", name="Approver")
    draft_release = statistics.prepare(quarter(2026, 3), preparer)
    approved_release = statistics.prepare(quarter(2026, 2), preparer)
    statistics.approve(approved_release, approver, utcnow() + timedelta(days=30))
    published_release = statistics.prepare(quarter(2026, 1), preparer)
    statistics.approve(published_release, approver, utcnow())
    statistics.publish_due()
    db.session.commit()
    return {
        "deployment_id": deployment.id,
        "linked_deployment_id": linked.id,
        "usage_return_id": usage_return.id,
        "reference": complaint.reference,
        "evidence_id": evidence.id,
        "user_id": target.id,
        "storage_key": stored.key,
        "recommendation_id": recommendation.id,
        "awaiting_reference": awaiting.reference,
        "findings_reference": with_findings.reference,
        "signed_reference": signed.reference,
        "draft_release_id": draft_release.id,
        "approved_release_id": approved_release.id,
        "published_release_id": published_release.id,
        "token_id": force_token.id,
    }


def sign_in_as(client, request, who: str) -> User | None:
    """Give the client the session of `who`: nobody, a password alone, or a role."""
    if who == "anonymous":
        return None
    if who == "password_only":
        user = request.getfixturevalue("administrator")
        with client.session_transaction() as session:
            session["pending_user"] = user.get_id()
            session["pending_at"] = utcnow().timestamp()
        return user
    user = request.getfixturevalue(who)
    login_as(client, user)
    return user


def send(client, endpoint: Endpoint, records: dict[str, Any]):
    path = endpoint.path.format(**records)
    if endpoint.method == "GET":
        return client.get(path)
    token = csrf_token(client.get("/track").get_data(as_text=True))
    data = {name: value.format(**records) for name, value in endpoint.data}
    return client.post(path, data={"csrf_token": token, **data})


def refusals(db) -> list[AuditEvent]:
    db.session.expire_all()
    return list(
        db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "access.refused"))
    )


def test_every_endpoint_declares_an_access_rule(app):
    undeclared = sorted(
        rule.endpoint for rule in app.url_map.iter_rules() if rule_for(app, rule.endpoint) is None
    )
    assert undeclared == []


def test_the_public_allow_list_is_exactly_the_pinned_short_list(app):
    public = {
        rule.endpoint for rule in app.url_map.iter_rules() if rule_for(app, rule.endpoint) == PUBLIC
    }
    assert public == PUBLIC_ENDPOINTS


def test_only_the_force_api_writes_take_a_force_token(app):
    by_token = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule_for(app, rule.endpoint) == FORCE_TOKEN
    }
    assert by_token == FORCE_TOKEN_ENDPOINTS


def test_only_the_security_code_pages_accept_a_password_alone(app):
    pending = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule_for(app, rule.endpoint) == PENDING
    }
    assert pending == PENDING_ENDPOINTS


def test_every_other_endpoint_names_the_roles_that_may_use_it(app):
    staff = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if isinstance(rule_for(app, rule.endpoint), frozenset)
    }
    assert staff == set(ENDPOINTS)
    assert all(rule_for(app, endpoint) for endpoint in staff), "a rule naming no role"


def test_the_permission_matrix_covers_every_staff_endpoint_once(app):
    assert [row[0] for row in MATRIX] == list(ENDPOINTS)


def test_a_view_that_declares_no_rule_is_refused_to_everyone(
    app, client, db, administrator, monkeypatch
):
    def undeclared() -> str:
        return "should never be seen"

    monkeypatch.setitem(app.view_functions, "auth.home", undeclared)
    assert client.get("/staff").status_code == 403
    login_as(client, administrator)
    response = client.get("/staff")
    assert response.status_code == 403
    assert "should never be seen" not in response.get_data(as_text=True)
    assert [event.actor for event in refusals(db)] == ["public", f"user:{administrator.id}"]


@pytest.mark.parametrize(("who", "endpoint", "expected"), CASES)
def test_permission_matrix(app, client, db, records, request, who, endpoint, expected):
    user = sign_in_as(client, request, who)
    cases = case_states(db)
    response = send(client, ENDPOINTS[endpoint], records)
    if expected in (SIGN_IN, 403):
        assert case_states(db) == cases, "a refused request changed a case"
    if expected == SIGN_IN:
        assert response.status_code == 302
        assert urlsplit(response.location).path == "/staff/sign-in"
        assert refusals(db) == []
    elif expected == 403:
        assert response.status_code == 403
        assert "You do not have permission to see this page" in response.get_data(as_text=True)
        [refused] = refusals(db)
        assert refused.outcome == "denied"
        assert refused.actor == f"user:{user.id}"
        assert refused.details == {
            "endpoint": endpoint,
            "method": ENDPOINTS[endpoint].method,
        }
    else:
        assert response.status_code == expected
        assert refusals(db) == []


def test_a_refused_account_change_changes_nothing(client, db, records, caseworker):
    login_as(client, caseworker)
    target = db.session.get(User, records["user_id"])
    before = (target.disabled_at, target.totp_secret, target.password_hash)
    for action in ("disable", "reset-security-code"):
        token = csrf_token(client.get("/track").get_data(as_text=True))
        response = client.post(f"/staff/users/{target.id}/{action}", data={"csrf_token": token})
        assert response.status_code == 403
    db.session.refresh(target)
    assert (target.disabled_at, target.totp_secret, target.password_hash) == before


def test_a_case_of_another_role_is_refused_before_anything_about_it_is_shown(
    client, db, records, statistician
):
    login_as(client, statistician)
    response = client.get(f"/staff/cases/{records['reference']}/complainant")
    html = response.get_data(as_text=True)
    assert response.status_code == 403
    complaint = db.session.scalar(
        sa.select(Complaint).where(Complaint.reference == records["reference"])
    )
    assert complaint.complainant.name not in html
    assert complaint.complainant.email not in html
    others = {value for name, value in records.items() if name.endswith("_reference")}
    actions = [
        event.action
        for event in db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id))
        if event.object_id not in others
        and event.object_type
        not in ("deployment", "usage_return", "force_token", "statistics_release")
    ]
    assert actions == ["complaint.submitted", "access.refused"]


def test_the_security_code_pages_send_anyone_without_a_password_to_sign_in(client):
    for path in ("/staff/security-code", "/staff/security-code/set-up"):
        response = client.get(path)
        assert response.status_code == 302
        assert urlsplit(response.location).path == "/staff/sign-in"


def test_signing_in_brings_you_back_to_the_page_you_asked_for(client):
    response = client.get("/staff/audit?actor=public")
    assert response.status_code == 302
    assert response.location == "/staff/sign-in?next=/staff/audit?actor%3Dpublic"


def test_the_post_only_endpoints_are_exactly_the_pinned_state_changes(app):
    post_only = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and "GET" not in rule.methods
    }
    assert post_only == set(POST_ONLY)


SHARED_WITH_A_GET = {"public.submit", "api.create_deployment", "api.create_usage_return"}


@pytest.mark.parametrize("who", ["anonymous", "administrator"])
@pytest.mark.parametrize("endpoint", sorted(set(POST_ONLY) - SHARED_WITH_A_GET))
def test_a_state_change_cannot_be_made_with_get(client, db, records, request, who, endpoint):
    sign_in_as(client, request, who)
    target = db.session.get(User, records["user_id"])
    version = target.session_version
    cases = case_states(db)
    response = client.get(POST_ONLY[endpoint].format(**records))
    assert response.status_code == 405
    assert "POST" in response.headers["Allow"]
    db.session.refresh(target)
    assert (target.active, target.mfa_enrolled, target.session_version) == (True, True, version)
    assert case_states(db) == cases


def case_states(db) -> list[tuple[Any, ...]]:
    db.session.expire_all()
    return [
        (c.reference, c.version, c.status, c.assignee_id, len(c.timeline))
        for c in db.session.scalars(sa.select(Complaint).order_by(Complaint.id))
    ]


def test_getting_the_check_answers_page_never_sends_the_complaint(client, db):
    answer_everything(client)
    response = client.get(POST_ONLY["public.submit"])
    assert response.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Complaint)) == 0


def test_signing_out_with_get_leaves_you_signed_in(client, administrator):
    login_as(client, administrator)
    assert client.get("/staff/sign-out").status_code == 405
    assert client.get("/staff").status_code == 200
