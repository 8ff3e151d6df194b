"""State changes are POST-only: the pinned list of them, and a GET that changes
nothing."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from oversight.auth.models import User
from oversight.complaints.models import Complaint
from tests.app.endpoints import case_states, sign_in_as
from tests.helpers import answer_everything, login_as

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
    "casework.decide_review": "/staff/cases/{review_reference}/review-outcome",
    "casework.link": "/staff/cases/{reference}/links",
    "duplicates.link_suggestion": "/staff/cases/{reference}/suggestions/{awaiting_reference}/link",
    "duplicates.dismiss_suggestion": (
        "/staff/cases/{reference}/suggestions/{awaiting_reference}/dismiss"
    ),
    "linking.confirm": "/staff/cases/{reference}/deployments/{deployment_id}/confirm",
    "linking.reject": "/staff/cases/{reference}/deployments/{deployment_id}/reject",
    "linking.unlink": "/staff/cases/{reference}/deployments/{linked_deployment_id}/unlink",
    "linking.link_by_number": "/staff/cases/{reference}/deployments/link",
    "imports.run_import": "/staff/imports/import",
    "public.remove_evidence": "/complain/evidence/{storage_key}/remove",
    "track.request_review": "/track/review",
    "new_reply.reply_read": "/staff/cases/{reference}/reply-read",
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
    "rights.release": "/staff/rights/{rights_request_id}/release",
    "rights_work.choose": "/staff/rights/{rights_request_id}/choose",
    "rights_work.unchoose": "/staff/rights/{rights_request_id}/cases/{reference}/remove",
    "rights_work.remove_redaction": "/staff/rights/{rights_request_id}/redactions/1/remove",
    "legal_holds.set_hold": "/staff/cases/{reference}/legal-hold",
    "legal_holds.release_hold": "/staff/cases/{held_reference}/legal-hold/release",
    "pages.mark_feedback_read": "/staff/feedback/{feedback_id}/read",
    "session.stay_signed_in": "/staff/session/stay-signed-in",
    "drafts.discard": "/staff/drafts/discard",
    # Shares its address with the drafts' reading (a GET that changes nothing).
    "drafts.save": "/staff/drafts",
    "casework_queue.bulk_action": "/staff/cases/queue/bulk",
    "casework_queue.save_view": "/staff/cases/queue/views",
    "casework_queue.delete_view": "/staff/cases/queue/views/{saved_view_id}/delete",
    "letters.mark_posted": "/staff/cases/{reference}/letters/{letter_id}/posted",
}


def test_the_post_only_endpoints_are_exactly_the_pinned_state_changes(app):
    post_only = {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "POST" in rule.methods and "GET" not in rule.methods
    }
    assert post_only == set(POST_ONLY)


SHARED_WITH_A_GET = {"public.submit", "api.create_deployment", "api.create_usage_return"}
SHARED_WITH_A_GET |= {"drafts.save"}


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


def test_getting_the_check_answers_page_never_sends_the_complaint(client, db):
    answer_everything(client)
    response = client.get(POST_ONLY["public.submit"])
    assert response.status_code == 200
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Complaint)) == 0


def test_signing_out_with_get_leaves_you_signed_in(client, administrator):
    login_as(client, administrator)
    assert client.get("/staff/sign-out").status_code == 405
    assert client.get("/staff").status_code == 200
