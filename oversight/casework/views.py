"""Staff casework: the queue, the case page and every action on a case.

Views validate a form, call a service with plain values, commit once, and redirect: each
action goes through oversight.casework.page.run_action, as other packages' actions on
the case page do. Every view of a case, of a complainant's details and every download is
audited.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    render_template,
    request,
    send_file,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from oversight import policy
from oversight.access import actor, refuse
from oversight.audit import services as audit
from oversight.auth.models import User
from oversight.casework import (
    complaint_links,
    correspondence,
    decision_forms,
    decisions,
    forms,
    queries,
    workflow,
)
from oversight.casework import correspondence_forms as words
from oversight.casework.changes import CaseProblem
from oversight.casework.correspondence_forms import audience_of
from oversight.casework.page import case_roles, find_case, render_case, run_action
from oversight.casework.queue.page import show_queue
from oversight.complaints.enums import (
    Concern,
    Finding,
    ForceResponse,
    LinkKind,
    Priority,
    ReviewOutcome,
    Status,
)
from oversight.complaints.evidence import evidence_store
from oversight.complaints.models import Complaint, Evidence, Recommendation
from oversight.extensions import db
from oversight.forces.models import Force
from oversight.forms import Form

bp = Blueprint("casework", __name__, url_prefix="/staff/cases")


def _filters() -> queries.QueueFilters:
    # Read as the form kit reads typed text: PostgreSQL refuses a NUL in a parameter, and
    # a choice not offered is ignored with a notice (it would match no enum value).
    return queries.QueueFilters.from_args(request.args)


@bp.get("")
@case_roles
def case_list() -> ResponseReturnValue:
    if not policy.can_list_cases(current_user):
        refuse("case")
    filters = _filters()
    # The queue's page (its bulk actions and saved views too) is the queue package's.
    shown = show_queue(filters)
    audit.record(
        "case.queue_viewed",
        actor=actor(),
        object_type="case",
        filters=filters.as_args(),
        count=shown.count,
    )
    db.session.commit()
    return shown.response


@bp.get("/<reference>")
@case_roles
def case_detail(reference: str) -> ResponseReturnValue:
    complaint = find_case(reference)
    if not policy.can_view_case(current_user, complaint):
        refuse("case", reference)
    audit.record(
        "case.viewed", actor=actor(), object_type="case", object_id=reference, reference=reference
    )
    db.session.commit()
    return render_case(complaint)


@bp.post("/<reference>/take")
@case_roles
def take(reference: str) -> ResponseReturnValue:
    return run_action(
        reference,
        forms.TakeForm(),
        "take_form",
        lambda c, f: workflow.take(c, current_user, f.version.data),
        _("You have taken this case."),
    )


@bp.post("/<reference>/assign")
@case_roles
def assign(reference: str) -> ResponseReturnValue:
    form = forms.AssignForm()
    form.assignee.choices = [("", ""), (form.NOBODY, "")] + [
        (str(u.id), u.name)
        for u in db.session.scalars(sa.select(User).where(User.disabled_at.is_(None)))
    ]

    def change(complaint: Complaint, f: forms.AssignForm) -> None:
        chosen = f.assignee.data
        assignee = None if chosen == f.NOBODY else db.session.get(User, int(chosen or 0))
        workflow.assign(complaint, assignee, current_user, f.version.data)

    done = _("Case unassigned.") if form.assignee.data == form.NOBODY else _("Case assigned.")
    return run_action(reference, form, "assign_form", change, done)


@bp.post("/<reference>/triage")
@case_roles
def triage(reference: str) -> ResponseReturnValue:
    def change(complaint: Complaint, f: words.TriageForm) -> None:
        decision = workflow.Triage(
            in_remit=f.in_remit.data == "yes",
            priority=Priority(f.priority.data),
            priority_reason=f.priority_reason.data or None,
            concerns={Concern(c) for c in f.concerns.data},
            referred_to=forms.referral_body(f.referred_to.data),
            reason=forms.closure_reason(f.reason.data),
            note=f.note.data or None,
            note_for_complainant=audience_of(f.note_audience).for_complainant,
        )
        workflow.triage(complaint, decision, current_user, f.version.data)

    return run_action(reference, words.TriageForm(), "triage_form", change, _("Triage recorded."))


@bp.post("/<reference>/move")
@case_roles
def move(reference: str) -> ResponseReturnValue:
    form = words.MoveForm()
    # Every status, so that a move the page does not offer is refused with its reason.
    form.target.choices = [(s.value, s.label) for s in Status]

    def change(complaint: Complaint, f: words.MoveForm) -> None:
        workflow.move(
            complaint,
            Status(f.target.data),
            current_user,
            f.version.data,
            reason=forms.closure_reason(f.reason.data),
            referred_to=forms.referral_body(f.referred_to.data),
            note=f.note.data or None,
            note_visible=audience_of(f.note_audience).for_complainant,
        )

    return run_action(reference, form, "move_form", change, _("Status changed."))


@bp.post("/<reference>/notes")
@case_roles
def add_note(reference: str) -> ResponseReturnValue:
    return run_action(
        reference,
        words.NoteForm(),
        "note_form",
        lambda c, f: correspondence.add_note(c, f.text.data, current_user, audience_of(f.audience)),
        _("Note added."),
    )


@bp.post("/<reference>/request-information")
@case_roles
def request_information(reference: str) -> ResponseReturnValue:
    return run_action(
        reference,
        words.RequestInfoForm(),
        "request_form",
        lambda c, f: correspondence.request_information(
            c, f.request_text.data, current_user, f.version.data
        ),
        _("Request sent. The case is waiting for the complainant’s reply."),
    )


@bp.post("/<reference>/reply")
@case_roles
def log_reply(reference: str) -> ResponseReturnValue:
    return run_action(
        reference,
        words.ReplyForm(),
        "reply_form",
        lambda c, f: correspondence.log_reply(c, f.reply_text.data, current_user, f.version.data),
        _("Reply recorded. The case is back in work."),
    )


@bp.post("/<reference>/findings")
@case_roles
def record_findings(reference: str) -> ResponseReturnValue:
    complaint = find_case(reference)
    concerns = [c.concern for c in complaint.concerns]

    def change(c: Complaint, f: Form) -> None:
        findings = {concern: Finding(f[f"finding_{concern.value}"].data) for concern in concerns}
        decisions.record_findings(
            c, findings, Finding(f.overall.data), f.summary.data, current_user, f.version.data
        )

    return run_action(
        reference,
        decision_forms.findings_form(concerns),
        "findings_form",
        change,
        _("Findings recorded."),
    )


@bp.post("/<reference>/recommendations")
@case_roles
def add_recommendation(reference: str) -> ResponseReturnValue:
    form = words.RecommendationForm()

    def change(c: Complaint, f: words.RecommendationForm) -> None:
        force = db.session.scalar(sa.select(Force).where(Force.slug == f.force.data))
        if force is None:
            raise CaseProblem("force", _("Select the force"))
        correspondence.add_recommendation(
            c, force, f.text.data, f.due_date.data, current_user, audience_of(f.audience)
        )

    return run_action(reference, form, "recommendation_form", change, _("Recommendation added."))


@bp.post("/<reference>/recommendations/<int:recommendation_id>/response")
@case_roles
def record_response(reference: str, recommendation_id: int) -> ResponseReturnValue:
    def change(c: Complaint, f: forms.ResponseForm) -> None:
        recommendation = db.session.get(Recommendation, recommendation_id)
        if recommendation is None or recommendation.complaint_id != c.id:
            abort(404)
        decisions.record_response(recommendation, ForceResponse(f.response.data), current_user)

    form = forms.ResponseForm()
    form.recommendation_id = recommendation_id
    return run_action(reference, form, "response_form", change, _("Response recorded."))


@bp.post("/<reference>/sign-off")
@case_roles
def sign_off(reference: str) -> ResponseReturnValue:
    return run_action(
        reference,
        decision_forms.SignOffForm(),
        "sign_off_form",
        lambda c, f: decisions.sign_off(c, current_user, f.version.data),
        _("Findings signed off. The decision can now be issued."),
    )


@bp.post("/<reference>/issue-decision")
@case_roles
def issue_decision(reference: str) -> ResponseReturnValue:
    return run_action(
        reference,
        decision_forms.IssueForm(),
        "issue_form",
        lambda c, f: decisions.issue_decision(c, current_user, f.version.data),
        _("Decision issued and sent to the complainant."),
    )


@bp.post("/<reference>/review-outcome")
@case_roles
def decide_review(reference: str) -> ResponseReturnValue:
    return run_action(
        reference,
        decision_forms.ReviewOutcomeForm(),
        "review_form",
        lambda c, f: decisions.decide_review(
            c, ReviewOutcome(f.outcome.data), f.explanation.data, current_user, f.version.data
        ),
        _("Review outcome recorded and sent to the complainant."),
    )


@bp.post("/<reference>/links")
@case_roles
def link(reference: str) -> ResponseReturnValue:
    return run_action(
        reference,
        forms.LinkForm(),
        "link_form",
        lambda c, f: complaint_links.link(
            c, f.other_reference.data, LinkKind(f.kind.data), current_user, f.version.data
        ),
        _("Complaints linked."),
    )


@bp.get("/<reference>/complainant")
@case_roles
def complainant(reference: str) -> str:
    complaint = find_case(reference)
    if not policy.can_view_complainant(current_user, complaint):
        refuse("complainant", reference)
    audit.record(
        "complainant.viewed",
        actor=actor(),
        object_type="case",
        object_id=reference,
        reference=reference,
    )
    db.session.commit()
    return render_template("casework/complainant.html", complaint=complaint)


@bp.get("/<reference>/evidence/<int:evidence_id>")
@case_roles
def download_evidence(reference: str, evidence_id: int) -> ResponseReturnValue:
    complaint = find_case(reference)
    evidence = db.session.get(Evidence, evidence_id)
    if evidence is None or evidence.complaint_id != complaint.id:
        abort(404)
    if not policy.can_download_evidence(current_user, evidence):
        refuse("evidence", str(evidence_id))
    path = evidence_store().path(evidence.storage_key)
    if not path.is_file():
        abort(404)
    audit.record(
        "evidence.downloaded",
        actor=actor(),
        object_type="evidence",
        object_id=str(evidence.id),
        reference=reference,
        evidence_id=evidence.id,
    )
    db.session.commit()
    return send_file(
        path,
        mimetype=evidence.content_type,
        as_attachment=True,
        download_name=evidence.original_name,
        max_age=0,
    )
