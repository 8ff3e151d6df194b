"""Senior caseworkers edit the wording of each message in the browser: the list of
templates, and per template and language an editor with a preview against a real case
(or rights request) that shows exactly the text it would send. Each save is a new
version, with who and when, audited. Staff pages: English only."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from govuk_frontend_wtf.wtforms_widgets import GovTextArea, GovTextInput
from wtforms import HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import InputRequired, Length, Optional

from oversight import policy
from oversight.access import roles_required
from oversight.audit import services as audit
from oversight.auth.models import Role
from oversight.complaints.enums import Language
from oversight.complaints.models import Complaint
from oversight.extensions import db
from oversight.forms import Form
from oversight.notify.wording import compose, store
from oversight.notify.wording.keys import KEYS, TemplateKey
from oversight.problems import Changed, Problem
from oversight.rights.models import RightsRequest

bp = Blueprint("message_templates", __name__, url_prefix="/staff/messages")
senior_only = roles_required(Role.SENIOR_CASEWORKER)


class WordingForm(Form):
    subject = StringField(
        _l("Subject"),
        validators=[
            InputRequired(_l("Enter the subject")),
            Length(
                max=store.SUBJECT_MAX, message=_l("The subject must be 255 characters or fewer")
            ),
        ],
        widget=GovTextInput(),
    )
    body = TextAreaField(
        _l("Message"),
        description=_l(
            "Put a placeholder in double brackets, such as ((reference)). A line holding only"
            " a placeholder with nothing to fill it is left out."
        ),
        validators=[
            InputRequired(_l("Enter the message")),
            Length(
                max=store.BODY_MAX, message=_l("The message must be 20,000 characters or fewer")
            ),
        ],
        widget=GovTextArea(),
    )
    reference = StringField(
        _l("Preview against the case with this reference"),
        description=_l("For example, FRC-2026-ABCD"),
        validators=[Optional(), Length(max=40, message=_l("Enter a case reference"))],
        widget=GovTextInput(),
    )
    request_number = IntegerField(
        _l("Preview against the rights request with this number"),
        validators=[Optional()],
        widget=GovTextInput(),
    )
    based_on = HiddenField()
    action = HiddenField()


def _language(value: str) -> Language:
    try:
        return Language(value)
    except ValueError:
        abort(404)


def _spec(key: str) -> TemplateKey:
    if key not in KEYS:
        abort(404)
    return KEYS[key]


@bp.get("")
@senior_only
def template_list() -> ResponseReturnValue:
    rows = [
        (spec, [(language, store.latest(spec.key, language)) for language in store.SHIPPED])
        for spec in KEYS.values()
    ]
    return render_template("notify/wording/list.html", rows=rows, names=store.LANGUAGE_NAMES)


@bp.route("/<key>/<language>", methods=["GET", "POST"])
@senior_only
def edit_template(key: str, language: str) -> ResponseReturnValue:
    spec, lang = _spec(key), _language(language)
    shown = store.latest(key, lang)
    form = WordingForm()
    if not form.is_submitted():
        subject, body = (shown.subject, shown.body) if shown else store.shipped(key, lang)
        form.subject.data, form.body.data = subject, body
        form.based_on.data = str(shown.version if shown else 1)
    preview: tuple[str, str] | None = None
    problem: str | None = None
    if form.validate_on_submit():
        subject, body = form.subject.data or "", form.body.data or ""
        try:
            if form.action.data == "save":
                saved = store.save(key, lang, subject, body, current_user, _based_on(form))
                db.session.commit()
                flash(
                    _(
                        "Version %(version)s of “%(label)s” (%(language)s) saved.",
                        version=saved.version,
                        label=spec.label,
                        language=store.LANGUAGE_NAMES[lang],
                    )
                )
                return redirect(url_for(".edit_template", key=key, language=lang.value))
            store.check_wording(key, subject, body)
            preview = _preview(spec, lang, subject, body, form)
            db.session.commit()
        except Changed as changed:
            db.session.rollback()
            problem = changed.message
        except Problem as refused:
            db.session.rollback()
            problem = form.show_problem(refused)
    return render_template(
        "notify/wording/edit.html",
        spec=spec,
        language=lang,
        names=store.LANGUAGE_NAMES,
        form=form,
        shown=shown,
        versions=store.versions(key, lang),
        preview=preview,
        problem=problem,
        placeholders=sorted(spec.placeholders),
    ), 400 if form.errors or problem else 200


def _based_on(form: WordingForm) -> int:
    try:
        return int(form.based_on.data or "1")
    except ValueError:
        return 0  # never a version: refused as changed meanwhile


def _preview(
    spec: TemplateKey, language: Language, subject: str, body: str, form: WordingForm
) -> tuple[str, str]:
    """The wording filled in for the case (or rights request) asked for; audited, as it
    shows that case's details."""
    if spec.against == "rights":
        if Role.INFORMATION_RIGHTS not in current_user.roles:
            raise store.WordingProblem(
                "Only information rights staff can preview against a rights request",
                field="request_number",
            )
        number = form.request_number.data
        request = db.session.get(RightsRequest, number) if number else None
        if request is None:
            raise store.WordingProblem(
                "Enter the number of a rights request to preview against", field="request_number"
            )
        target = f"rights request {request.id}"
        filled = compose.preview(spec.key, language, subject, body, request=request)
    else:
        reference = (form.reference.data or "").strip().upper()
        complaint = (
            db.session.scalar(sa.select(Complaint).where(Complaint.reference == reference))
            if reference
            else None
        )
        if complaint is None or not policy.can_view_case(current_user, complaint):
            raise store.WordingProblem(
                "Enter the reference of a case to preview against", field="reference"
            )
        target = complaint.reference
        filled = compose.preview(spec.key, language, subject, body, complaint=complaint)
    audit.record(
        "message_template.previewed",
        actor=f"user:{current_user.id}",
        object_type="message_template",
        object_id=f"{spec.key}/{language.value}",
        key=spec.key,
        language=language.value,
        reference=target,
    )
    return filled
