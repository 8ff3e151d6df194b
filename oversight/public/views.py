"""The public pages: the start page and the complaint questions (tracking a complaint
is oversight.public.track)."""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy.exc import IntegrityError

from oversight.access import public
from oversight.complaints import codes
from oversight.complaints import services as complaints
from oversight.complaints.answers import Answers
from oversight.complaints.evidence import evidence_store
from oversight.complaints.models import Complaint
from oversight.extensions import db, limiter
from oversight.models import utcnow
from oversight.notify import services as notify
from oversight.public import drafts, journey, questions
from oversight.public.fields import character_count
from oversight.public.models import ComplaintDraft
from oversight.public.uploads import chosen, keep
from oversight.web.i18n import request_language

bp = Blueprint("public", __name__)
bp.add_app_template_global(character_count)

DRAFT_TOKEN = "draft_token"  # noqa: S105  (a session key name, not a secret)
LAST_REFERENCE = "last_reference"
SAVE_ACTION = "save"  # the question pages' "Save and come back later" button


def current_draft() -> ComplaintDraft | None:
    return drafts.find(session.get(DRAFT_TOKEN), utcnow())


def draft_for_saving() -> ComplaintDraft:
    """The live draft, or a new one if there is none yet (or the old one expired)."""
    draft = current_draft()
    if draft is None:
        token, draft = drafts.start(utcnow(), current_app.config["DRAFT_LIFETIME"])
        session[DRAFT_TOKEN] = token
    return draft


def draft_expired() -> bool:
    return DRAFT_TOKEN in session and current_draft() is None


@bp.get("/")
@public
def start() -> str:
    return render_template("public/start.html")


@bp.get("/complain/answers-deleted")
@public
def answers_deleted() -> str:
    session.pop(DRAFT_TOKEN, None)
    return render_template("public/answers_deleted.html")


def _after(step: journey.Step, answers: Answers, changing: bool) -> str:
    if changing:
        pending = journey.first_unanswered(answers)
        return (
            url_for(".question", slug=pending.slug, change=1)
            if pending
            else url_for(".check_answers")
        )
    following = journey.next_step(step, answers)
    return url_for(".question", slug=following.slug) if following else url_for(".check_answers")


def _back_link(step: journey.Step, answers: Answers, changing: bool) -> str:
    if changing:
        return url_for(".check_answers")
    before = journey.previous_step(step, answers)
    return url_for(".question", slug=before.slug) if before else url_for(".start")


@bp.route("/complain/<slug>", methods=["GET", "POST"])
@public
def question(slug: str) -> ResponseReturnValue:
    step = journey.step_named(slug)
    if step is None:
        abort(404)
    if step.slug == "evidence":
        return evidence()
    if draft_expired():
        return redirect(url_for(".answers_deleted"))
    draft = current_draft()
    answers: Answers = draft.answers if draft else {}
    changing = request.args.get("change") == "1"
    form_class = step.form
    if request.method == "GET":
        form = form_class(data=form_class.from_answers(answers))
    else:
        form = form_class()
    if isinstance(form, questions.DeploymentForm):
        offered = journey.offered_deployments(answers)
        if request.method == "GET" and not offered:
            # Nothing to pick from for these answers: the question is not asked.
            return redirect(_after(step, answers, changing))
        form.offer(offered, answers)
    if request.method == "POST" and form.validate():
        draft = draft_for_saving()
        drafts.save_answers(draft, form.answers())
        db.session.commit()
        if request.form.get("action") == SAVE_ACTION:
            return redirect(url_for("saving.save"))
        return redirect(_after(step, draft.answers, changing))
    return render_template(
        f"public/questions/{step.slug}.html",
        form=form,
        step=step,
        back_link=_back_link(step, answers, changing),
        changing=changing,
    ), 400 if form.errors else 200


def evidence() -> ResponseReturnValue:
    if draft_expired():
        return redirect(url_for(".answers_deleted"))
    step = journey.BY_SLUG["evidence"]
    changing = request.args.get("change") == "1"
    form = questions.EvidenceForm()
    problems: list[str] = []
    if request.method == "POST" and form.validate():
        draft = draft_for_saving()
        uploads = chosen(request.files.getlist(form.files.name))
        room = current_app.config["EVIDENCE_MAX_FILES"] - len(drafts.files(draft))
        store = evidence_store()
        kept = keep(uploads, room, store)
        for file in kept.files:
            if not drafts.add_file(draft, file.name, file.stored):
                store.delete(file.stored.key)  # sent again: its first answer was lost
        problems = kept.problems
        db.session.commit()
        if not uploads and request.form.get("action") == "upload":
            problems.append(_("Select a file to upload"))
        if not problems:
            if request.form.get("action") == "upload":
                return redirect(
                    url_for(".question", slug="evidence", change=1 if changing else None)
                )
            if request.form.get("action") == SAVE_ACTION:
                return redirect(url_for("saving.save"))
            return redirect(_after(step, draft.answers, changing))
    elif request.method == "POST":
        problems = [str(error) for error in form.errors.get("csrf_token", [])]
    shown = current_draft()
    answers: Answers = shown.answers if shown else {}
    return render_template(
        "public/questions/evidence.html",
        form=form,
        step=step,
        files=drafts.files(shown) if shown else [],
        problems=problems,
        max_files=current_app.config["EVIDENCE_MAX_FILES"],
        back_link=_back_link(step, answers, changing),
        changing=changing,
    ), 400 if problems else 200


@bp.post("/complain/evidence/<key>/remove")
@public
def remove_evidence(key: str) -> ResponseReturnValue:
    form = questions.RemoveEvidenceForm()
    draft = current_draft()
    if draft is None:
        return redirect(url_for(".answers_deleted"))
    if not form.validate():
        abort(400)
    drafts.remove_file(draft, key, evidence_store())
    db.session.commit()
    changing = request.args.get("change") == "1"
    return redirect(url_for(".question", slug="evidence", change=1 if changing else None))


@bp.get("/complain/check-answers")
@public
def check_answers() -> ResponseReturnValue:
    if draft_expired():
        return redirect(url_for(".answers_deleted"))
    draft = current_draft()
    if draft is not None and draft.complaint_id is not None:
        return redirect(url_for(".complaint_sent"))
    answers: Answers = draft.answers if draft else {}
    pending = journey.first_unanswered(answers)
    if pending is not None:
        return redirect(url_for(".question", slug=pending.slug))
    return render_template(
        "public/check_answers.html", rows=journey.summary(answers), form=questions.SubmitForm()
    )


@bp.post("/complain/check-answers")
@public
@limiter.limit(lambda: current_app.config["SUBMIT_RATE_LIMIT"])
def submit() -> ResponseReturnValue:
    form = questions.SubmitForm()
    if not form.validate():
        abort(400)
    token: str = session.get(DRAFT_TOKEN, "")
    draft = drafts.find(token, utcnow())
    if draft is None:
        if not token and session.get(LAST_REFERENCE):
            # Sent, and its confirmation shown: sending again shows it again.
            return redirect(url_for(".complaint_sent"))
        return redirect(url_for(".answers_deleted"))
    db.session.refresh(draft, with_for_update=True)
    if draft.complaint_id is not None:
        return redirect(url_for(".complaint_sent"))
    pending = journey.first_unanswered(draft.answers)
    if pending is not None:
        return redirect(url_for(".question", slug=pending.slug))
    config = current_app.config
    submission_key = draft.id
    try:
        complaint = complaints.create_complaint(
            draft.answers,
            tracking_code=codes.tracking_code_for(config["SECRET_KEY"], token),
            received_at=utcnow(),
            targets=complaints.Targets.from_config(config),
            submission_key=submission_key,
            # The language the complaint was made in is the one it is answered in.
            language=request_language(),
        )
        message = notify.queue_acknowledgement(complaint)
        draft.complaint_id = complaint.id
        draft.answers = {}
        drafts.forget_return(draft)
        db.session.commit()
    except complaints.IncompleteDraft as incomplete:
        db.session.rollback()
        return redirect(url_for(".question", slug=incomplete.step))
    except IntegrityError:
        # The same draft was submitted at the same moment from elsewhere.
        db.session.rollback()
        if complaints.find_by_submission(submission_key) is None:
            raise
        return redirect(url_for(".complaint_sent"))
    notify.deliver(message, config)
    db.session.commit()  # sent, or the failure and its retry time
    return redirect(url_for(".complaint_sent"))


@bp.get("/complain/complaint-sent")
@public
def complaint_sent() -> ResponseReturnValue:
    token: str = session.get(DRAFT_TOKEN, "")
    draft = drafts.find(token, utcnow())
    if draft is not None and draft.complaint_id is not None:
        complaint = db.session.get(Complaint, draft.complaint_id)
        if complaint is not None:
            tracking_code = codes.tracking_code_for(current_app.config["SECRET_KEY"], token)
            session.pop(DRAFT_TOKEN, None)
            session[LAST_REFERENCE] = complaint.reference
            return render_template(
                "public/complaint_sent.html", complaint=complaint, tracking_code=tracking_code
            )
    reference = session.get(LAST_REFERENCE)
    if reference is None:
        return redirect(url_for(".start"))
    complaint = complaints.find_by_reference(reference)
    return render_template("public/complaint_sent.html", complaint=complaint, tracking_code=None)
