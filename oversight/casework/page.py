"""The case page as a host: the public way for any package to add a section and actions
to a case's page without importing casework's views.

A package describes its section once, as a `CaseSection` (the template to include, what
it shows of the case, its blank forms), and create_app adds it with `add_section`. The
case page (templates/casework/case.html) places the sections it knows by name in its own
sections (the new reply under the summary, possible duplicates and deployments under
Links, the legal hold last) and any other after the messages, in the order added. Every
form on the page, a section's too, has its fields' ids led by its name
(case_page/ids.py), so a field name two forms share is never an id used twice.

Each action on a section (or on the case itself) is a view that calls `run_action`: it
finds the case or answers 404, refuses (an audited 403) a person who may not see it,
validates the form, then calls the change with the case and the valid form. The change
calls services, which raise the typed errors of oversight.problems; `run_action` turns a
`Problem` naming a field of the form into that field's error, any other `Problem` into a
message at the top of the page, `Changed` into a 409 (the form kept, and what was sent
listed, since it may no longer be on the page) and `NotPermitted` into an audited 403.
Otherwise it commits once, flashes `done` and goes back to the case page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from flask import Flask, abort, current_app, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from oversight import policy
from oversight.access import refuse, roles_required
from oversight.casework import correspondence_forms as words
from oversight.casework import decision_forms, decisions, forms, queries
from oversight.casework.case_page.ids import give_ids
from oversight.casework.case_page.next_action import next_action, state_of
from oversight.casework.case_page.timeline import lines_of
from oversight.casework.complaint_links import links_of
from oversight.casework.states import CLOSURE_LABELS, REFERRAL_LABELS, plain_moves_from
from oversight.complaints import services as complaints
from oversight.complaints.enums import Status
from oversight.complaints.models import Complaint
from oversight.extensions import db
from oversight.forms import Form
from oversight.models import utcnow
from oversight.notify import services as notify
from oversight.policy import CASE_ROLES
from oversight.problems import Changed, NotPermitted, Problem
from oversight.web.templating import error_list
from oversight.workdays import local_date

F = TypeVar("F", bound=Form)
# A change to a case: called with the case and the valid form; raises oversight.problems.
# What it returns (a service may return what it made) is not used.
Change = Callable[[Complaint, F], object]

# Every view of the case page and its actions is for these roles.
case_roles = roles_required(*CASE_ROLES)
CHANGED = "Someone else changed this case while you were working on it. Nothing was saved: check the case below, then make your change again."
SECTIONS = "case_page_sections"  # the key in app.extensions


def _no_forms(complaint: Complaint) -> Mapping[str, Form]:
    return {}


@dataclass(frozen=True)
class CaseSection:
    """One section of the case page, added by another package.

    `template` is included where sections go, with the case page's context (`complaint`,
    `can_change`, every form by name, …) and `section`: what `context(complaint)` gave.
    `forms(complaint)` gives the section's blank forms by name, at the case's version;
    when one of its actions fails, the page shows the form sent under the same name.
    """

    name: str
    template: str
    context: Callable[[Complaint], object]
    forms: Callable[[Complaint], Mapping[str, Form]] = field(default=_no_forms)


@dataclass(frozen=True)
class ShownSection:
    """A section as one case page shows it: its template and what it shows."""

    name: str
    template: str
    context: object


def add_section(app: Flask, section: CaseSection) -> None:
    """Add a section to every case page of `app` (call it from create_app)."""
    sections: dict[str, CaseSection] = app.extensions.setdefault(SECTIONS, {})
    if section.name in sections:
        raise ValueError(f"The case page already has a section named {section.name!r}")
    sections[section.name] = section


def sections() -> list[CaseSection]:
    """The sections added to this app's case page, in the order added."""
    return list(current_app.extensions.get(SECTIONS, {}).values())


def today() -> date:
    return local_date(utcnow())


def find_case(reference: str) -> Complaint:
    """The case with this reference, or a 404."""
    complaint = complaints.find_by_reference(reference)
    if complaint is None:
        abort(404)
    return complaint


def _case_forms(complaint: Complaint) -> dict[str, Form]:
    """Casework's own blank forms, at the case's current version."""
    version = {"version": complaint.version}
    assign = forms.AssignForm(data=version, formdata=None)
    # Taking the case off its assignee is a choice only when someone has it.
    nobody = [(assign.NOBODY, _("Nobody (unassign the case)"))] if complaint.assignee_id else []
    assign.assignee.choices = [("", _("Choose a person")), *nobody] + [
        (str(ident), name) for ident, name in queries.case_staff()
    ]
    if complaint.assignee_id:
        assign.assignee.data = str(complaint.assignee_id)
    move = words.MoveForm(data=version, formdata=None)
    move.target.choices = [("", _("Choose a status"))] + [
        (s.value, s.staff_label)
        for s in sorted(plain_moves_from(complaint.status), key=list(Status).index)
    ]
    triage = words.TriageForm(
        data={
            **version,
            "concerns": [c.concern.value for c in complaint.concerns],
            "priority": complaint.priority.value,
        },
        formdata=None,
    )
    findings = decision_forms.findings_form([c.concern for c in complaint.concerns], formdata=None)
    findings.version.data = complaint.version
    for finding in complaint.findings:
        answer = getattr(findings, f"finding_{finding.concern.value}", None)
        if answer is not None:
            answer.data = finding.finding.value
    if complaint.overall_outcome:
        findings.overall.data = complaint.overall_outcome.value
    findings.summary.data = complaint.decision_summary
    recommendation = words.RecommendationForm(formdata=None)
    if complaint.force:
        recommendation.force.data = complaint.force.slug
    return {
        "take_form": forms.TakeForm(data=version, formdata=None),
        "assign_form": assign,
        "move_form": move,
        "triage_form": triage,
        "note_form": words.NoteForm(formdata=None),
        "request_form": words.RequestInfoForm(data=version, formdata=None),
        "reply_form": words.ReplyForm(data=version, formdata=None),
        "findings_form": findings,
        "recommendation_form": recommendation,
        "response_form": forms.ResponseForm(formdata=None),
        "sign_off_form": decision_forms.SignOffForm(data=version, formdata=None),
        "issue_form": decision_forms.IssueForm(data=version, formdata=None),
        "review_form": decision_forms.ReviewOutcomeForm(data=version, formdata=None),
        "link_form": forms.LinkForm(data=version, formdata=None),
    }


def _response_forms(complaint: Complaint, sent: Form | None) -> dict[int, Form]:
    """A response form for each recommendation still waiting for one, each with ids of
    its own ("response-12"); the one sent, errors and all, under its recommendation."""
    shown: dict[int, Form] = {
        r.id: forms.ResponseForm(formdata=None) for r in complaint.recommendations if not r.response
    }
    sent_for = getattr(sent, "recommendation_id", None)
    if sent is not None and sent_for in shown:
        shown[sent_for] = sent
    for recommendation_id, form in shown.items():
        form.response.id = form.response.label.field_id = f"response-{recommendation_id}"
    return shown


def _unsaved(form: Form) -> list[tuple[str, str]]:
    """What was sent and not saved, as (question, answer), to show again in full: after
    someone else's change the form it came from may no longer be on the page."""
    shown = []
    for answer in form:
        if answer.name in ("csrf_token", "version") or answer.data in (None, "", []):
            continue
        choices = {
            str(value): str(label) for value, label in getattr(answer, "choices", None) or []
        }
        values = answer.data if isinstance(answer.data, list) else [answer.data]
        shown.append(
            (str(answer.label.text), ", ".join(choices.get(str(v), str(v)) for v in values))
        )
    return shown


def render_case(
    complaint: Complaint, status: int = 200, problem: str | None = None, **submitted: Form
) -> tuple[str, int]:
    """The case page; `submitted` replaces a blank form with the one just sent, errors and all.
    After a conflict (409) it also lists what was sent, since that form may be gone."""
    page_forms = _case_forms(complaint)
    shown = []
    for section in sections():
        section_forms = section.forms(complaint)
        clash = page_forms.keys() & section_forms.keys()
        if clash:
            raise ValueError(f"Section {section.name!r} reuses form names: {sorted(clash)}")
        page_forms.update(section_forms)
        shown.append(ShownSection(section.name, section.template, section.context(complaint)))
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
    for name, form in page_forms.items():
        give_ids(name, form)
    responses = _response_forms(complaint, submitted.get("response_form"))
    errors = error_list(*submitted.values())
    review = decisions.open_review(complaint)
    if problem:
        errors.insert(0, {"text": problem, "href": "#case-summary"})
    return render_template(
        "casework/case.html",
        complaint=complaint,
        links=links_of(complaint),
        sections=shown,
        sections_by_name={section.name: section for section in shown},
        next_action=next_action(state_of(complaint)),
        timeline=lines_of(complaint.timeline),
        response_forms=responses,
        messages=notify.messages_to(complaint),
        today=today(),
        can_change=policy.can_change_case(current_user, complaint),
        can_take=policy.can_take_case(current_user, complaint),
        can_assign=policy.can_assign_case(current_user, complaint),
        can_sign_off=policy.can_sign_off(current_user, complaint),
        open_review=review,
        can_decide_review=review is not None
        and policy.can_decide_review(current_user, review.decision),
        can_see_complainant=policy.can_view_complainant(current_user, complaint),
        can_see_evidence=policy.can_view_evidence(current_user, complaint),
        closure_labels=CLOSURE_LABELS,
        referral_labels=REFERRAL_LABELS,
        errors=errors,
        unsaved=unsaved,
        **page_forms,
    ), status


def run_action(
    reference: str, form: F, form_name: str, change: Change[F], done: str
) -> ResponseReturnValue:
    """Run one action on a case: validate, change, commit once, or show what went wrong.

    `form_name` is the name the case page knows the form by (a casework form's, or one
    of a section's `forms`), so an error shows on the form that was sent."""
    complaint = find_case(reference)
    if not policy.can_view_case(current_user, complaint):
        refuse("case", reference)
    if not form.validate_on_submit():
        return render_case(complaint, 400, **{form_name: form})
    try:
        change(complaint, form)
    except NotPermitted:
        refuse("case", reference)
    except Changed:
        db.session.rollback()
        db.session.refresh(complaint)
        return render_case(complaint, 409, _(CHANGED), **{form_name: form})
    except Problem as problem:
        db.session.rollback()
        db.session.refresh(complaint)
        return render_case(complaint, 400, form.show_problem(problem), **{form_name: form})
    db.session.commit()
    flash(done)
    return redirect(url_for("casework.case_detail", reference=complaint.reference))
