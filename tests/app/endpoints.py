"""Access control, pinned: the whole public allow-list, the force API's token writes,
the pages a password alone reaches, and every staff endpoint with how to reach it; and
how the access tests sign in, send a request and read back refusals and cases."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.auth.models import User
from oversight.complaints.models import Complaint
from oversight.models import utcnow
from tests.helpers import csrf_token, login_as

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
    "track.track",
    "track.status",
    "track.request_review",
    "track.reply",
    "track.add_evidence",
    # Your information: a copy of what was sent, withdrawing, removing contact details.
    "track.download_copy",
    "track.withdraw",
    "track.remove_contact_details",
    # Save and come back later.
    "saving.save",
    "saving.saved",
    "saving.return_with_code",
    "saving.return_link",
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
    "statistics_trends.trends_page",
    "statistics_downloads.csv",
    "statistics_downloads.json",
    "statistics_downloads.xlsx",
    "api_statistics.releases",
    "api_statistics.release",
    # The release calendar: its page, its feed and the API's copy of it.
    "statistics_calendar.page",
    "statistics_calendar.feed",
    "api_statistics.release_calendar",
    # The information pages every public service has, and the feedback form.
    "pages.privacy",
    "pages.accessibility",
    "pages.cookies",
    "pages.contact",
    "pages.easy_read",
    "pages.feedback",
    "pages.feedback_sent",
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
    "intake.log_complaint": Endpoint("GET", "/staff/cases/new"),
    "intake.logged": Endpoint("GET", "/staff/cases/logged"),
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
    "new_reply.reply_read": Endpoint(
        "POST", "/staff/cases/{reference}/reply-read", (("version", "1"),)
    ),
    "casework.decide_review": Endpoint(
        "POST",
        "/staff/cases/{review_reference}/review-outcome",
        (("version", "1"), ("outcome", "not_upheld"), ("explanation", "The decision stands.")),
    ),
    "casework.link": Endpoint(
        "POST",
        "/staff/cases/{reference}/links",
        (("version", "1"), ("other_reference", "{awaiting_reference}"), ("kind", "related_to")),
    ),
    "duplicates.link_suggestion": Endpoint(
        "POST",
        "/staff/cases/{reference}/suggestions/{awaiting_reference}/link",
        (("version", "1"), ("kind", "related_to")),
    ),
    "duplicates.dismiss_suggestion": Endpoint(
        "POST",
        "/staff/cases/{reference}/suggestions/{awaiting_reference}/dismiss",
        (("version", "1"),),
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
    "statistics_calendar_staff.entries": Endpoint("GET", "/staff/statistics/calendar"),
    "statistics_calendar_staff.announce": Endpoint("GET", "/staff/statistics/calendar/new"),
    "statistics_calendar_staff.change_date": Endpoint(
        "GET", "/staff/statistics/calendar/{calendar_entry_id}/change"
    ),
    "statistics_calendar_staff.cancel": Endpoint(
        "GET", "/staff/statistics/calendar/{calendar_entry_id}/cancel"
    ),
    # Rights requests: the information rights officer's alone (tests/rights/test_access.py).
    "rights.request_list": Endpoint("GET", "/staff/rights"),
    "rights.log_request": Endpoint("GET", "/staff/rights/new"),
    "rights.request_detail": Endpoint("GET", "/staff/rights/{rights_request_id}"),
    "rights.extend": Endpoint("GET", "/staff/rights/{rights_request_id}/extend"),
    "rights.check_identity": Endpoint("GET", "/staff/rights/{rights_request_id}/identity"),
    "rights.record_outcome": Endpoint("GET", "/staff/rights/{rights_request_id}/outcome"),
    "rights.download_draft": Endpoint("GET", "/staff/rights/{rights_request_id}/bundle.zip"),
    "rights.letter": Endpoint(
        "GET", "/staff/rights/{rights_request_id}/letters/rights_acknowledgement-cy.pdf"
    ),
    "rights.release": Endpoint("POST", "/staff/rights/{rights_request_id}/release"),
    "rights_work.search_cases": Endpoint(
        "GET", "/staff/rights/{rights_request_id}/search?email=jo@example.com"
    ),
    "rights_work.choose": Endpoint(
        "POST", "/staff/rights/{rights_request_id}/choose", (("cases", "{awaiting_reference}"),)
    ),
    "rights_work.unchoose": Endpoint(
        "POST", "/staff/rights/{rights_request_id}/cases/{reference}/remove"
    ),
    "rights_work.redactions": Endpoint("GET", "/staff/rights/{rights_request_id}/redactions"),
    "rights_work.remove_redaction": Endpoint(
        "POST", "/staff/rights/{rights_request_id}/redactions/1/remove"
    ),
    "rights_work.evidence": Endpoint(
        "GET", "/staff/rights/{rights_request_id}/evidence/{evidence_id}"
    ),
    "rights_work.preview": Endpoint(
        "GET", "/staff/rights/{rights_request_id}/evidence/{evidence_id}/pages/1.png"
    ),
    "legal_holds.set_hold": Endpoint(
        "POST", "/staff/cases/{reference}/legal-hold", (("reason", "A claim in court."),)
    ),
    "legal_holds.release_hold": Endpoint(
        "POST",
        "/staff/cases/{held_reference}/legal-hold/release",
        (("release_reason", "The claim was settled."),),
    ),
    "retention.overview": Endpoint("GET", "/staff/retention"),
    "message_templates.template_list": Endpoint("GET", "/staff/messages"),
    "message_templates.edit_template": Endpoint("GET", "/staff/messages/acknowledgement/cy"),
    "access_log.access_log": Endpoint("GET", "/staff/access-log"),
    "pages.feedback_list": Endpoint("GET", "/staff/feedback"),
    "pages.mark_feedback_read": Endpoint("POST", "/staff/feedback/{feedback_id}/read"),
    # The timeout warning and the drafts of long fields (tests/auth/test_timeout_warning.py,
    # tests/drafts).
    "session.status": Endpoint("GET", "/staff/session"),
    "session.stay_signed_in": Endpoint("POST", "/staff/session/stay-signed-in"),
    "drafts.drafts": Endpoint("GET", "/staff/drafts?key=/staff/cases/{reference}/notes%23text"),
    "drafts.save": Endpoint(
        "POST",
        "/staff/drafts",
        (("key", "/staff/cases/{reference}/notes#text"), ("text", "Called the force.")),
    ),
    "drafts.discard": Endpoint(
        "POST", "/staff/drafts/discard", (("key", "/staff/cases/{reference}/notes#text"),)
    ),
    # The queue's own actions (issue 16): a bulk action, saved views, the CSV export.
    "casework_queue.bulk_action": Endpoint(
        "POST",
        "/staff/cases/queue/bulk",
        (
            ("cases", "{reference}:1"),
            ("action", "priority"),
            ("new_priority", "high"),
            ("priority_reason", "An arrest followed."),
        ),
    ),
    "casework_queue.save_view": Endpoint(
        "POST", "/staff/cases/queue/views", (("name", "Waiting for a reply"),)
    ),
    "casework_queue.delete_view": Endpoint(
        "POST", "/staff/cases/queue/views/{saved_view_id}/delete"
    ),
    "casework_queue.export_csv": Endpoint("GET", "/staff/cases/export.csv"),
    # Letters by post (issue 17): a letter's PDF, and marking it posted.
    "letters.download_letter": Endpoint("GET", "/staff/cases/{reference}/letters/{letter_id}.pdf"),
    "letters.mark_posted": Endpoint("POST", "/staff/cases/{reference}/letters/{letter_id}/posted"),
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
        db.session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.action == "access.refused")
            .order_by(AuditEvent.id)
        )
    )


def case_states(db) -> list[tuple[Any, ...]]:
    db.session.expire_all()
    return [
        (c.reference, c.version, c.status, c.assignee_id, len(c.timeline))
        for c in db.session.scalars(sa.select(Complaint).order_by(Complaint.id))
    ]
