"""Access control: the permission matrix pins every role on every staff endpoint, and
a refusal changes nothing and shows nothing."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.auth.models import User
from oversight.complaints.models import Complaint
from tests.app.endpoints import ENDPOINTS, SIGN_IN, case_states, refusals, send, sign_in_as
from tests.helpers import csrf_token, login_as

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
    ("intake.log_complaint",     SIGN_IN,  SIGN_IN,      200,       200,   403,         403,      403),
    # Nothing just logged: on to the cases.
    ("intake.logged",            SIGN_IN,  SIGN_IN,      302,       302,   403,         403,      403),
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
    ("new_reply.reply_read",       SIGN_IN,  SIGN_IN,      302,       302,   403,         403,      403),
    ("casework.decide_review",     SIGN_IN,  SIGN_IN,      403,       302,   403,         403,      403),
    ("casework.link",              SIGN_IN,  SIGN_IN,      302,       302,   403,         403,      403),
    ("duplicates.link_suggestion", SIGN_IN, SIGN_IN,      302,       302,   403,         403,      403),
    ("duplicates.dismiss_suggestion", SIGN_IN, SIGN_IN,   302,       302,   403,         403,      403),
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
    ("statistics_calendar_staff.entries", SIGN_IN, SIGN_IN, 403,      403,   200,         200,      403),
    ("statistics_calendar_staff.announce", SIGN_IN, SIGN_IN, 403,     403,   200,         200,      403),
    ("statistics_calendar_staff.change_date", SIGN_IN, SIGN_IN, 403,  403,   200,         200,      403),
    ("statistics_calendar_staff.cancel", SIGN_IN, SIGN_IN, 403,       403,   200,         200,      403),
    # Rights requests: refused to every role here (the information rights officer's: tests/rights).
    ("rights.request_list", SIGN_IN, SIGN_IN, 403, 403, 403, 403, 403),
    ("rights.log_request", SIGN_IN, SIGN_IN, 403, 403, 403, 403, 403),
    ("rights.request_detail", SIGN_IN, SIGN_IN, 403, 403, 403, 403, 403),
    ("rights.extend", SIGN_IN, SIGN_IN, 403, 403, 403, 403, 403),
    ("rights.check_identity", SIGN_IN, SIGN_IN, 403, 403, 403, 403, 403),
    ("rights.record_outcome", SIGN_IN, SIGN_IN, 403, 403, 403, 403, 403),
    ("rights.download_draft", SIGN_IN, SIGN_IN, 403, 403, 403, 403, 403),
    ("rights.letter", SIGN_IN, SIGN_IN, 403, 403, 403, 403, 403),
    ("rights.release", SIGN_IN, SIGN_IN, 403, 403, 403, 403, 403),
    ("rights_work.search_cases", SIGN_IN, SIGN_IN, 403, 403, 403, 403, 403),
    ("rights_work.choose", SIGN_IN, SIGN_IN, 403, 403, 403, 403, 403),
    ("rights_work.unchoose", SIGN_IN, SIGN_IN, 403, 403, 403, 403, 403),
    ("rights_work.redactions", SIGN_IN, SIGN_IN, 403, 403, 403, 403, 403),
    ("rights_work.remove_redaction", SIGN_IN, SIGN_IN, 403, 403, 403, 403, 403),
    ("rights_work.evidence", SIGN_IN, SIGN_IN, 403, 403, 403, 403, 403),
    ("rights_work.preview", SIGN_IN, SIGN_IN, 403, 403, 403, 403, 403),
    ("legal_holds.set_hold",       SIGN_IN,  SIGN_IN,      403,       302,   403,         403,      403),
    ("legal_holds.release_hold",   SIGN_IN,  SIGN_IN,      403,       302,   403,         403,      403),
    ("retention.overview",         SIGN_IN,  SIGN_IN,      403,       403,   403,         403,      200),
    ("message_templates.template_list", SIGN_IN, SIGN_IN, 403,      200,   403,         403,      403),
    ("message_templates.edit_template", SIGN_IN, SIGN_IN, 403,      200,   403,         403,      403),
    ("access_log.access_log",      SIGN_IN,  SIGN_IN,      403,       403,   403,         403,      200),
    ("pages.feedback_list",        SIGN_IN,  SIGN_IN,      403,       200,   403,         403,      200),
    ("pages.mark_feedback_read",   SIGN_IN,  SIGN_IN,      403,       302,   403,         403,      302),
    ("session.status",             SIGN_IN,  SIGN_IN,      200,       200,   200,         200,      200),
    ("session.stay_signed_in",     SIGN_IN,  SIGN_IN,      200,       200,   200,         200,      200),
    ("drafts.drafts",              SIGN_IN,  SIGN_IN,      200,       200,   200,         200,      200),
    # A draft of a case note: only for those who may send one (400 names no form of theirs).
    ("drafts.save",                SIGN_IN,  SIGN_IN,      200,       200,   400,         400,      400),
    ("drafts.discard",             SIGN_IN,  SIGN_IN,      200,       200,   200,         200,      200),
    # The queue's bulk action and CSV export are a senior caseworker's; a saved view is
    # anyone's in casework, and deleting one is its owner's alone (this one is another's).
    ("casework_queue.bulk_action", SIGN_IN,  SIGN_IN,      403,       200,   403,         403,      403),
    ("casework_queue.save_view",   SIGN_IN,  SIGN_IN,      302,       302,   403,         403,      403),
    ("casework_queue.delete_view", SIGN_IN,  SIGN_IN,      403,       403,   403,         403,      403),
    ("casework_queue.export_csv",  SIGN_IN,  SIGN_IN,      403,       200,   403,         403,      403),
    ("letters.download_letter",    SIGN_IN,  SIGN_IN,      200,       200,   403,         403,      403),
    ("letters.mark_posted",        SIGN_IN,  SIGN_IN,      302,       302,   403,         403,      403),
]
# fmt: on
CASES = [
    pytest.param(who, endpoint, expected, id=f"{who}-{endpoint}")
    for endpoint, *outcomes in MATRIX
    for who, expected in zip(WHO, outcomes, strict=True)
]


def test_the_permission_matrix_covers_every_staff_endpoint_once(app):
    assert [row[0] for row in MATRIX] == list(ENDPOINTS)


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
