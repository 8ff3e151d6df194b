"""Every staff form, sent hostile values field by field (NUL, a megabyte, 20 digits,
markup, a formula, choices never offered) with the other fields as its page offers
them: never a 5xx, no NUL stored, no markup sent back unescaped. Runs on SQLite and,
with TEST_DATABASE_URL, on PostgreSQL. The public forms are in test_hostile_public.py;
test_hostile_coverage.py fails when a form is added that no walk sends."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from oversight.auth.models import Role
from oversight.extensions import limiter
from oversight.models import utcnow
from tests.app.hostile import assert_survived, walk_form
from tests.factories import make_user
from tests.helpers import login_as


@dataclass(frozen=True)
class Walk:
    """Where a form is shown and sent (paths filled in with the `records` fixture's
    case references and ids), who sends it, the answers that make the rest of it valid,
    and the form classes it is."""

    page: str
    action: str = ""
    forms: tuple[str, ...] = ()
    valid: tuple[tuple[str, str], ...] = ()
    who: str = "staff"  # every staff role; or "anonymous", or "pending" (password only)
    shown_as: str = ""  # the form's action on the page, where a button's formaction differs


CASE = "/staff/cases/{reference}"
CW = "oversight.casework"
DEP = "oversight.deployments"
RIGHTS = "oversight.rights.forms"
RIGHTS_REQUEST = "/staff/rights/{rights_request_id}"

WALKS: dict[str, Walk] = {
    "casework.take": Walk(CASE, CASE + "/take", (f"{CW}.forms.TakeForm",)),
    "casework.assign": Walk(CASE, CASE + "/assign", (f"{CW}.forms.AssignForm",)),
    "casework.triage": Walk(
        CASE,
        CASE + "/triage",
        (f"{CW}.correspondence_forms.TriageForm",),
        (("in_remit", "yes"), ("priority", "standard"), ("concerns", "no_notice")),
    ),
    "casework.move": Walk(CASE, CASE + "/move", (f"{CW}.correspondence_forms.MoveForm",)),
    "casework.add_note": Walk(
        CASE, CASE + "/notes", (f"{CW}.correspondence_forms.NoteForm",), (("text", "Rang."),)
    ),
    "casework.request_information": Walk(
        CASE,
        CASE + "/request-information",
        (f"{CW}.correspondence_forms.RequestInfoForm",),
        (("request_text", "Which day?"),),
    ),
    "casework.log_reply": Walk(
        "/staff/cases/{awaiting_reference}",
        "/staff/cases/{awaiting_reference}/reply",
        (f"{CW}.correspondence_forms.ReplyForm",),
        (("reply_text", "The 14th."),),
    ),
    "casework.record_findings": Walk(
        "/staff/cases/{findings_reference}",
        "/staff/cases/{findings_reference}/findings",
        (f"{CW}.decision_forms.findings_form.<locals>.FindingsForm",),
        (("summary", "Signs were missing."),),
    ),
    "casework.add_recommendation": Walk(
        CASE,
        CASE + "/recommendations",
        (f"{CW}.correspondence_forms.RecommendationForm",),
        (("force", "south-wales"), ("text", "Put up signs."), ("due_date", "29/1/2027")),
    ),
    "casework.record_response": Walk(
        CASE,
        CASE + "/recommendations/{recommendation_id}/response",
        (f"{CW}.forms.ResponseForm",),
    ),
    "casework.sign_off": Walk(
        "/staff/cases/{findings_reference}",
        "/staff/cases/{findings_reference}/sign-off",
        (f"{CW}.decision_forms.SignOffForm",),
    ),
    "casework.issue_decision": Walk(
        "/staff/cases/{signed_reference}",
        "/staff/cases/{signed_reference}/issue-decision",
        (f"{CW}.decision_forms.IssueForm",),
    ),
    "casework.decide_review": Walk(
        "/staff/cases/{review_reference}",
        "/staff/cases/{review_reference}/review-outcome",
        (f"{CW}.decision_forms.ReviewOutcomeForm",),
        (("explanation", "The decision stands."),),
    ),
    "casework.link": Walk(
        CASE,
        CASE + "/links",
        (f"{CW}.forms.LinkForm",),
        (("other_reference", "{awaiting_reference}"),),
    ),
    "duplicates.link_suggestion": Walk(
        CASE,
        CASE + "/suggestions/{awaiting_reference}/link",
        (f"{CW}.duplicates.views.SuggestionLinkForm",),
    ),
    "duplicates.dismiss_suggestion": Walk(
        CASE,
        CASE + "/suggestions/{awaiting_reference}/dismiss",
        (f"{CW}.duplicates.views.SuggestionDismissForm",),
        shown_as=CASE + "/suggestions/{awaiting_reference}/link",
    ),
    "replies.reply_read": Walk(
        "/staff/cases/{replied_reference}",
        "/staff/cases/{replied_reference}/reply-read",
        (f"{CW}.replies.views.MarkReadForm",),
    ),
    "linking.confirm": Walk(
        CASE,
        CASE + "/deployments/{deployment_id}/confirm",
        ("oversight.links.case_page.DeploymentDecisionForm",),
    ),
    "linking.link_by_number": Walk(
        CASE,
        CASE + "/deployments/link",
        ("oversight.links.case_page.LinkDeploymentForm",),
        (("deployment_id", "{deployment_id}"),),
    ),
    "intake.log_complaint": Walk(
        "/staff/cases/new",
        forms=(f"{CW}.intake.forms.LogComplaintForm",),
        valid=(
            ("channel", "email"),
            ("technology", "lfr"),
            ("force", "south-wales"),
            ("incident_date-day", "14"),
            ("incident_date-month", "6"),
            ("incident_date-year", "2026"),
            ("place", "Cardiff"),
            ("what_happened", "A van scanned faces."),
            ("concerns", "no_notice"),
            ("relation", "passer_by"),
            ("outcome_wanted", "An answer."),
            ("name", "Jo Bloggs"),
            ("email", "jo@example.com"),
        ),
    ),
    "deployments.new_deployment": Walk(
        "/staff/deployments/new",
        forms=(f"{DEP}.staff.forms.DeploymentForm",),
        valid=(
            ("force", "south-wales"),
            ("technology", "lfr"),
            ("deployed_on", "14/06/2026"),
            ("start_time", "10:00"),
            ("end_time", "16:00"),
            ("location_name", "Principality Stadium"),
            ("source", "published_record"),
        ),
    ),
    "deployments.correct_deployment": Walk(
        "/staff/deployments/{deployment_id}/correct",
        forms=(f"{DEP}.staff.forms.CorrectDeploymentForm",),
        valid=(("note", "Typo."),),
    ),
    "deployments.new_usage_return": Walk(
        "/staff/deployments/usage-returns/new",
        forms=(f"{DEP}.staff.forms.UsageReturnForm",),
        valid=(
            ("force", "south-wales"),
            ("technology", "rfr"),
            ("period_start", "1/4/2026"),
            ("period_end", "30/6/2026"),
            ("searches", "1420"),
            ("source", "force_submission"),
        ),
    ),
    "deployments.correct_usage_return": Walk(
        "/staff/deployments/usage-returns/{usage_return_id}/correct",
        forms=(f"{DEP}.staff.forms.CorrectUsageReturnForm",),
        valid=(("note", "Typo."),),
    ),
    "users.new_user": Walk(
        "/staff/users/new",
        forms=("oversight.auth.forms.NewUserForm",),
        valid=(
            ("name", "Robin"),
            ("email", "robin@example.com"),
            ("roles", "caseworker"),
            ("password", "violet kettle stairs"),
        ),
    ),
    "users.edit_user": Walk("/staff/users/{user_id}", forms=("oversight.auth.forms.UserForm",)),
    "users.reset_password": Walk(
        "/staff/users/{user_id}",
        "/staff/users/{user_id}/password",
        ("oversight.auth.forms.NewPasswordFields",),
    ),
    "users.disable_user": Walk(
        "/staff/users/{user_id}",
        "/staff/users/{user_id}/disable",
        ("oversight.auth.forms.ConfirmForm",),
    ),
    "auth.change_password": Walk(
        "/staff/account/password", forms=("oversight.auth.forms.ChangePasswordForm",)
    ),
    "auth.sign_in": Walk(
        "/staff/sign-in", forms=("oversight.auth.forms.SignInForm",), who="anonymous"
    ),
    "auth.verify_code": Walk(
        "/staff/security-code", forms=("oversight.auth.forms.CodeForm",), who="pending"
    ),
    "tokens.new_token": Walk(
        "/staff/force-tokens/new",
        forms=("oversight.api.tokens.forms.IssueTokenForm",),
        valid=(("force", "south-wales"), ("name", "Records system")),
    ),
    "tokens.revoke_token": Walk(
        "/staff/force-tokens/{token_id}/revoke", forms=("oversight.auth.forms.ConfirmForm",)
    ),
    "statistics_staff.prepare_release": Walk(
        "/staff/statistics/new", forms=("oversight.statistics.web.forms.PrepareForm",)
    ),
    "statistics_staff.recompute_release": Walk(
        "/staff/statistics/{draft_release_id}",
        "/staff/statistics/{draft_release_id}/recompute",
        ("oversight.statistics.web.forms.VersionForm",),
    ),
    "statistics_staff.approve_release": Walk(
        "/staff/statistics/{draft_release_id}",
        "/staff/statistics/{draft_release_id}/approve",
        ("oversight.statistics.web.forms.ApproveForm",),
        (("when", "later"),),
    ),
    "statistics_calendar_staff.announce": Walk(
        "/staff/statistics/calendar/new",
        forms=("oversight.statistics.web.calendar_staff.AnnounceForm",),
        valid=(("period_code", "2025-Q4"),),
    ),
    "statistics_calendar_staff.change_date": Walk(
        "/staff/statistics/calendar/{calendar_entry_id}/change",
        forms=("oversight.statistics.web.calendar_staff.ChangeDateForm",),
        valid=(("reason", "Late returns."),),
    ),
    "statistics_calendar_staff.cancel": Walk(
        "/staff/statistics/calendar/{calendar_entry_id}/cancel",
        forms=("oversight.statistics.web.calendar_staff.CancelForm",),
        valid=(("reason", "The figures cannot be checked in time."),),
    ),
    "statistics_staff.prepare_revision": Walk(
        "/staff/statistics/{published_release_id}/revise",
        forms=("oversight.statistics.web.forms.RevisionForm",),
        valid=(("revision_note", "A correction."),),
    ),
    "rights.log_request": Walk(
        "/staff/rights/new",
        forms=(f"{RIGHTS}.LogRequestForm",),
        valid=(
            ("kind", "access"),
            ("requester_name", "Jo Bloggs"),
            ("reply_to", "jo@example.com"),
            ("received_via", "email"),
            ("received_on-day", "2"),
            ("received_on-month", "11"),
            ("received_on-year", "2026"),
        ),
    ),
    "rights.extend": Walk(
        RIGHTS_REQUEST + "/extend",
        forms=(f"{RIGHTS}.ExtendForm",),
        valid=(("months", "2"), ("reason", "Many records.")),
    ),
    "rights.check_identity": Walk(
        RIGHTS_REQUEST + "/identity",
        forms=(f"{RIGHTS}.IdentityForm",),
        valid=(("method", "Passport seen"),),
    ),
    "rights.record_outcome": Walk(
        RIGHTS_REQUEST + "/outcome",
        forms=(f"{RIGHTS}.OutcomeForm",),
        valid=(("status", "withdrawn"), ("note", "By phone.")),
    ),
    "rights.release": Walk(RIGHTS_REQUEST, RIGHTS_REQUEST + "/release", (f"{RIGHTS}.ActionForm",)),
    "rights_work.choose": Walk(
        RIGHTS_REQUEST + "/search?reference={awaiting_reference}",
        RIGHTS_REQUEST + "/choose",
        (f"{RIGHTS}.ChooseForm",),
    ),
    "rights_work.redactions": Walk(
        RIGHTS_REQUEST + "/redactions",
        forms=(f"{RIGHTS}.PhraseForm",),
        valid=(("phrase", "Jo Bloggs"), ("reason", "third_party")),
    ),
    "rights_work.evidence": Walk(
        RIGHTS_REQUEST + "/evidence/{evidence_id}",
        forms=(f"{RIGHTS}.BoxForm",),
        valid=(
            ("page", "1"),
            ("left", "10"),
            ("top", "10"),
            ("right", "50"),
            ("bottom", "50"),
            ("reason", "third_party"),
        ),
    ),
    "legal_holds.set_hold": Walk(
        CASE, CASE + "/legal-hold", ("oversight.retention.hold_views.SetHoldForm",)
    ),
    "legal_holds.release_hold": Walk(
        "/staff/cases/{held_reference}",
        "/staff/cases/{held_reference}/legal-hold/release",
        ("oversight.retention.hold_views.ReleaseHoldForm",),
    ),
    "message_templates.edit_template": Walk(
        "/staff/messages/withdrawal/en",
        forms=("oversight.notify.wording.views.WordingForm",),
        valid=(
            ("subject", "You have withdrawn your complaint ((reference))"),
            ("body", "You have withdrawn it."),
            ("based_on", "1"),
            ("action", "preview"),
        ),
    ),
    "pages.mark_feedback_read": Walk(
        "/staff/feedback",
        "/staff/feedback/{feedback_id}/read",
        ("oversight.pages.forms.MarkReadForm",),
    ),
    # The queue's own forms (issue 16); deleting a view, which asks for nothing but the
    # CSRF token, is walked in tests/casework/test_queue_saved_views.py.
    "casework_queue.bulk_action": Walk(
        "/staff/cases",
        "/staff/cases/queue/bulk",
        (f"{CW}.queue.forms.BulkForm",),
        (("action", "priority"), ("new_priority", "high"), ("priority_reason", "An arrest.")),
    ),
    "casework_queue.save_view": Walk(
        "/staff/cases",
        "/staff/cases/queue/views",
        (f"{CW}.queue.forms.SaveViewForm",),
        (("name", "Urgent cases"),),
    ),
    # Letters by post (issue 17): only the CSRF token.
    "letters.mark_posted": Walk(
        CASE, CASE + "/letters/{letter_id}/posted", ("oversight.letters.views.MarkPostedForm",)
    ),
}


@pytest.fixture
def unlimited(app):
    """The walk sends hundreds of requests: rate limits are tested elsewhere."""
    limiter.enabled = False
    yield
    limiter.enabled = True


def _sign_in(client, db, who: str) -> None:
    if who == "anonymous":
        return
    user = make_user(set(Role), email="every-role@example.test", name="Every Role")
    db.session.commit()
    if who == "pending":
        with client.session_transaction() as session:
            session["pending_user"] = user.get_id()
            session["pending_at"] = utcnow().timestamp()
        return
    login_as(client, user)


@pytest.mark.parametrize("endpoint", sorted(WALKS))
def test_every_field_of_a_staff_form_survives_hostile_values(
    client, db, records, unlimited, endpoint
):
    walk = WALKS[endpoint]
    _sign_in(client, db, walk.who)
    page = walk.page.format(**records)
    action = walk.action.format(**records) if walk.action else page
    valid = {name: value.format(**records) for name, value in walk.valid}
    shown_as = walk.shown_as.format(**records)
    sent = walk_form(client, page, action, valid, shown_as=shown_as)
    assert_survived(db, sent)
