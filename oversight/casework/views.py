"""Staff casework: the queue, the case page and every action on a case.

Views validate a form, call a service with plain values, commit once, and redirect.
Every view of a case, of a complainant's details and every download is audited.
"""

from __future__ import annotations

from datetime import date
from typing import Any

import sqlalchemy as sa
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user

from oversight import policy
from oversight.access import actor, refuse, roles_required
from oversight.audit import services as audit
from oversight.auth.models import User
from oversight.casework import forms, queries, services
from oversight.casework.states import (
    CLOSURE_LABELS,
    REFERRAL_LABELS,
    InvalidTransition,
    allowed_from,
)
from oversight.complaints import services as complaints
from oversight.complaints.enums import (
    Channel,
    Concern,
    Finding,
    ForceResponse,
    LinkKind,
    Priority,
    Status,
    Technology,
)
from oversight.complaints.evidence import evidence_store
from oversight.complaints.models import Complaint, Evidence, Recommendation
from oversight.deployments import case_page as deployment_links
from oversight.extensions import db
from oversight.forces.models import Force, forces_by_name
from oversight.forms import clean_line
from oversight.models import utcnow
from oversight.notify import services as notify
from oversight.policy import CASE_ROLES
from oversight.templating import error_list
from oversight.workdays import local_date

bp = Blueprint("casework", __name__, url_prefix="/staff/cases")
case_roles = roles_required(*CASE_ROLES)
CHANGED = "Someone else changed this case while you were working on it. Nothing was saved: check the case below, then make your change again."


def today() -> date:
    return local_date(utcnow())


def _case(reference: str) -> Complaint:
    complaint = complaints.find_by_reference(reference)
    if complaint is None:
        abort(404)
    return complaint


def _filters() -> queries.QueueFilters:
    # Typed text as a form cleans it: PostgreSQL refuses a NUL in a string parameter.
    args = {name: clean_line(value) for name, value in request.args.items()}
    return queries.QueueFilters(
        status=args.get("status", "")[:40],
        force=args.get("force", "")[:60],
        technology=args.get("technology", "")[:40],
        concern=args.get("concern", "")[:40],
        priority=args.get("priority", "")[:40],
        assignee=args.get("assignee", "")[:20],
        overdue=args.get("overdue") == "1",
        q=args.get("q", "")[:100],
        sort=args.get("sort", "received")[:20],
        after=args.get("after", "")[:200],
    )


@bp.get("")
@case_roles
def case_list() -> str:
    if not policy.can_list_cases(current_user):
        refuse("case")
    filters = _filters()
    page = queries.queue_page(filters, current_user.id, today())
    counts = queries.queue_counts(today())
    # Render before the commit: committing expires the loaded cases, and the template
    # would then load each one again (a query per row).
    html = render_template(
        "casework/queue.html",
        page=page,
        counts=counts,
        filters=filters,
        today=today(),
        forces=forces_by_name(),
        statuses=list(Status),
        technologies=list(Technology),
        concerns=list(Concern),
        priorities=list(Priority),
    )
    audit.record(
        "case.queue_viewed",
        actor=actor(),
        object_type="case",
        filters=filters.as_args(),
        count=len(page.cases),
    )
    db.session.commit()
    return html


def _case_forms(complaint: Complaint) -> dict[str, Any]:
    version = {"version": complaint.version}
    caseworkers = db.session.scalars(
        sa.select(User).where(User.disabled_at.is_(None)).order_by(User.name)
    )
    assign = forms.AssignForm(data=version, formdata=None)
    assign.assignee.choices = [("", _("Nobody"))] + [
        (str(u.id), u.name) for u in caseworkers if u.has_any(CASE_ROLES)
    ]
    if complaint.assignee_id:
        assign.assignee.data = str(complaint.assignee_id)
    move = forms.MoveForm(data=version, formdata=None)
    move.target.choices = [("", _("Choose a status"))] + [
        (s.value, s.label) for s in sorted(allowed_from(complaint.status), key=list(Status).index)
    ]
    triage = forms.TriageForm(
        data={
            **version,
            "concerns": [c.concern.value for c in complaint.concerns],
            "priority": complaint.priority.value,
        },
        formdata=None,
    )
    findings = forms.findings_form([c.concern for c in complaint.concerns], formdata=None)
    findings.version.data = complaint.version
    for finding in complaint.findings:
        field = getattr(findings, f"finding_{finding.concern.value}", None)
        if field is not None:
            field.data = finding.finding.value
    if complaint.overall_outcome:
        findings.overall.data = complaint.overall_outcome.value
    findings.summary.data = complaint.decision_summary
    recommendation = forms.RecommendationForm(formdata=None)
    if complaint.force:
        recommendation.force.data = complaint.force.slug
    return {
        "take_form": forms.TakeForm(data=version, formdata=None),
        "assign_form": assign,
        "move_form": move,
        "triage_form": triage,
        "note_form": forms.NoteForm(formdata=None),
        "request_form": forms.RequestInfoForm(data=version, formdata=None),
        "reply_form": forms.ReplyForm(data=version, formdata=None),
        "findings_form": findings,
        "recommendation_form": recommendation,
        "response_form": forms.ResponseForm(formdata=None),
        "sign_off_form": forms.SignOffForm(data=version, formdata=None),
        "issue_form": forms.IssueForm(data=version, formdata=None),
        "link_form": forms.LinkForm(data=version, formdata=None),
    }


def _unsaved(form: Any) -> list[tuple[str, str]]:
    """What was sent and not saved, as (question, answer), to show again in full: after
    someone else's change the form it came from may no longer be on the page."""
    shown = []
    for field in form:
        if field.name in ("csrf_token", "version") or field.data in (None, "", []):
            continue
        choices = {str(value): str(label) for value, label in getattr(field, "choices", None) or []}
        values = field.data if isinstance(field.data, list) else [field.data]
        shown.append(
            (str(field.label.text), ", ".join(choices.get(str(v), str(v)) for v in values))
        )
    return shown


def render_case(
    complaint: Complaint, status: int = 200, problem: str | None = None, **submitted: Any
) -> Any:
    """The case page; `submitted` replaces a blank form with the one just sent, errors and all.
    After a conflict (409) it also lists what was sent, since that form may be gone."""
    page_forms = {**_case_forms(complaint), **deployment_links.forms(complaint)}
    unsaved = (
        [row for form in submitted.values() for row in _unsaved(form)] if status == 409 else []
    )
    for name, form in submitted.items():
        fresh = page_forms[name]
        for choice_field in ("assignee", "target", "force"):
            if choice_field in form and choice_field in fresh:
                form[choice_field].choices = fresh[choice_field].choices
        if status == 409 and "version" in form:
            form.version.data = complaint.version
        page_forms[name] = form
    errors = error_list(*submitted.values())
    if problem:
        errors.insert(0, {"text": problem, "href": "#case-summary"})
    return render_template(
        "casework/case.html",
        complaint=complaint,
        links=services.links_of(complaint),
        deployments=deployment_links.section(complaint),
        messages=notify.messages_to(complaint),
        today=today(),
        can_change=policy.can_change_case(current_user, complaint),
        can_take=policy.can_take_case(current_user, complaint),
        can_assign=policy.can_assign_case(current_user, complaint),
        can_sign_off=policy.can_sign_off(current_user, complaint),
        can_see_complainant=policy.can_view_complainant(current_user, complaint),
        closure_labels=CLOSURE_LABELS,
        referral_labels=REFERRAL_LABELS,
        errors=errors,
        unsaved=unsaved,
        **page_forms,
    ), status


@bp.get("/<reference>")
@case_roles
def case_detail(reference: str) -> Any:
    complaint = _case(reference)
    if not policy.can_view_case(current_user, complaint):
        refuse("case", reference)
    audit.record(
        "case.viewed", actor=actor(), object_type="case", object_id=reference, reference=reference
    )
    db.session.commit()
    return render_case(complaint)


def _act(reference: str, form: Any, form_name: str, change: Any, done: str) -> Any:
    """Run one action on a case: validate, change, commit once, or show what went wrong."""
    complaint = _case(reference)
    if not policy.can_view_case(current_user, complaint):
        refuse("case", reference)
    if not form.validate_on_submit():
        return render_case(complaint, 400, **{form_name: form})
    try:
        change(complaint, form)
    except services.NotPermitted:
        refuse("case", reference)
    except services.CaseChanged:
        db.session.rollback()
        db.session.refresh(complaint)
        return render_case(complaint, 409, _(CHANGED), **{form_name: form})
    except (InvalidTransition, services.CaseProblem) as problem:
        db.session.rollback()
        db.session.refresh(complaint)
        field = getattr(problem, "field", None)
        target = getattr(form, field, None) if field else None
        if target is not None:
            target.errors = [*target.errors, str(problem)]
            return render_case(complaint, 400, **{form_name: form})
        return render_case(complaint, 400, str(problem), **{form_name: form})
    db.session.commit()
    flash(done)
    return redirect(url_for("casework.case_detail", reference=complaint.reference))


@bp.post("/<reference>/take")
@case_roles
def take(reference: str) -> Any:
    return _act(
        reference,
        forms.TakeForm(),
        "take_form",
        lambda c, f: services.take(c, current_user, f.version.data),
        _("You have taken this case."),
    )


@bp.post("/<reference>/assign")
@case_roles
def assign(reference: str) -> Any:
    form = forms.AssignForm()
    form.assignee.choices = [("", "")] + [
        (str(u.id), u.name)
        for u in db.session.scalars(sa.select(User).where(User.disabled_at.is_(None)))
    ]

    def change(complaint: Complaint, f: Any) -> None:
        assignee = db.session.get(User, int(f.assignee.data)) if f.assignee.data else None
        services.assign(complaint, assignee, current_user, f.version.data)

    return _act(reference, form, "assign_form", change, _("Case assigned."))


@bp.post("/<reference>/triage")
@case_roles
def triage(reference: str) -> Any:
    def change(complaint: Complaint, f: Any) -> None:
        decision = services.Triage(
            in_remit=f.in_remit.data == "yes",
            priority=Priority(f.priority.data),
            priority_reason=f.priority_reason.data or None,
            concerns={Concern(c) for c in f.concerns.data},
            referred_to=forms.referral_body(f.referred_to.data),
            reason=forms.closure_reason(f.reason.data),
            note=f.note.data or None,
        )
        services.triage(complaint, decision, current_user, f.version.data)

    return _act(reference, forms.TriageForm(), "triage_form", change, _("Triage recorded."))


@bp.post("/<reference>/move")
@case_roles
def move(reference: str) -> Any:
    form = forms.MoveForm()
    form.target.choices = [(s.value, s.label) for s in Status]

    def change(complaint: Complaint, f: Any) -> None:
        services.move(
            complaint,
            Status(f.target.data),
            current_user,
            f.version.data,
            reason=forms.closure_reason(f.reason.data),
            referred_to=forms.referral_body(f.referred_to.data),
            note=f.note.data or None,
        )

    return _act(reference, form, "move_form", change, _("Status changed."))


@bp.post("/<reference>/notes")
@case_roles
def add_note(reference: str) -> Any:
    return _act(
        reference,
        forms.NoteForm(),
        "note_form",
        lambda c, f: services.add_note(c, f.text.data, current_user),
        _("Note added."),
    )


@bp.post("/<reference>/request-information")
@case_roles
def request_information(reference: str) -> Any:
    return _act(
        reference,
        forms.RequestInfoForm(),
        "request_form",
        lambda c, f: services.request_information(
            c, f.request_text.data, current_user, f.version.data
        ),
        _("Request sent. The case is waiting for the complainant’s reply."),
    )


@bp.post("/<reference>/reply")
@case_roles
def log_reply(reference: str) -> Any:
    return _act(
        reference,
        forms.ReplyForm(),
        "reply_form",
        lambda c, f: services.log_reply(c, f.reply_text.data, current_user, f.version.data),
        _("Reply recorded. The case is back in work."),
    )


@bp.post("/<reference>/findings")
@case_roles
def record_findings(reference: str) -> Any:
    complaint = _case(reference)
    concerns = [c.concern for c in complaint.concerns]

    def change(c: Complaint, f: Any) -> None:
        findings = {concern: Finding(f[f"finding_{concern.value}"].data) for concern in concerns}
        services.record_findings(
            c, findings, Finding(f.overall.data), f.summary.data, current_user, f.version.data
        )

    return _act(
        reference, forms.findings_form(concerns), "findings_form", change, _("Findings recorded.")
    )


@bp.post("/<reference>/recommendations")
@case_roles
def add_recommendation(reference: str) -> Any:
    form = forms.RecommendationForm()

    def change(c: Complaint, f: Any) -> None:
        force = db.session.scalar(sa.select(Force).where(Force.slug == f.force.data))
        if force is None:
            raise services.CaseProblem("force", _("Select the force"))
        services.add_recommendation(c, force, f.text.data, f.due_date.data, current_user)

    return _act(reference, form, "recommendation_form", change, _("Recommendation added."))


@bp.post("/<reference>/recommendations/<int:recommendation_id>/response")
@case_roles
def record_response(reference: str, recommendation_id: int) -> Any:
    def change(c: Complaint, f: Any) -> None:
        recommendation = db.session.get(Recommendation, recommendation_id)
        if recommendation is None or recommendation.complaint_id != c.id:
            abort(404)
        services.record_response(recommendation, ForceResponse(f.response.data), current_user)

    return _act(reference, forms.ResponseForm(), "response_form", change, _("Response recorded."))


@bp.post("/<reference>/sign-off")
@case_roles
def sign_off(reference: str) -> Any:
    return _act(
        reference,
        forms.SignOffForm(),
        "sign_off_form",
        lambda c, f: services.sign_off(c, current_user, f.version.data),
        _("Findings signed off. The decision can now be issued."),
    )


@bp.post("/<reference>/issue-decision")
@case_roles
def issue_decision(reference: str) -> Any:
    return _act(
        reference,
        forms.IssueForm(),
        "issue_form",
        lambda c, f: services.issue_decision(c, current_user, f.version.data),
        _("Decision issued and sent to the complainant."),
    )


@bp.post("/<reference>/links")
@case_roles
def link(reference: str) -> Any:
    return _act(
        reference,
        forms.LinkForm(),
        "link_form",
        lambda c, f: services.link(
            c, f.other_reference.data, LinkKind(f.kind.data), current_user, f.version.data
        ),
        _("Complaints linked."),
    )


@bp.get("/<reference>/complainant")
@case_roles
def complainant(reference: str) -> str:
    complaint = _case(reference)
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
def download_evidence(reference: str, evidence_id: int) -> Any:
    complaint = _case(reference)
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


@bp.route("/new", methods=["GET", "POST"])
@case_roles
def log_complaint() -> Any:
    form = forms.LogComplaintForm()
    if form.validate_on_submit():
        config = current_app.config
        try:
            complaint, code = services.log_complaint(
                form.answers(),
                Channel(form.channel.data),
                current_user,
                utcnow(),
                complaints.Targets.from_config(config),
            )
        except services.CaseProblem as problem:
            db.session.rollback()
            form.channel.errors = [problem.message]
        else:
            db.session.commit()
            return render_template("casework/logged.html", complaint=complaint, tracking_code=code)
    return render_template("casework/log_complaint.html", form=form), 400 if form.errors else 200
