"""The track pages: opening a complaint with its reference and tracking code, what it
shows, and what the complainant can do from it for 30 minutes (oversight.public.tracking):
ask for a review, reply to our request for information, add evidence."""

from __future__ import annotations

from flask import (
    Blueprint,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from oversight.access import public
from oversight.audit import services as audit
from oversight.casework import decisions
from oversight.casework.changes import CaseChanged, CaseProblem
from oversight.complaints import codes
from oversight.complaints import services as complaints
from oversight.complaints.enums import TimelineKind
from oversight.complaints.evidence import evidence_store
from oversight.complaints.models import Complaint
from oversight.extensions import db, limiter
from oversight.models import utcnow
from oversight.notify import services as notify
from oversight.public import forms, replies, tracking, uploads
from oversight.public.track.status import status_of
from oversight.public.track.yours import views as yours

bp = Blueprint("track", __name__)

# What the complainant just sent, for the track page to confirm once.
SENT = "track_sent"
# Storage keys (random, never a name) of photos whose location details were removed.
CLEANED = "track_cleaned"
CHANGED_WHILE_WRITING = _l(
    "Your complaint changed while you were writing. Check it, then send your reply again"
)


def track_limit() -> str:
    return str(current_app.config["TRACK_RATE_LIMIT"])


def render_status(
    complaint: Complaint, form: forms.ReviewForm | None = None
) -> ResponseReturnValue:
    """The complaint as it is now, what comes next and, while it is open, the review form."""
    review_form = form or forms.ReviewForm(formdata=None)
    cleaned_keys = set(session.pop(CLEANED, []))
    return render_template(
        "public/track_status.html",
        complaint=complaint,
        status=status_of(complaint, utcnow()),
        sent=session.pop(SENT, None),
        cleaned=[
            uploads.cleaned_message(evidence.original_name)
            for evidence in (complaint.evidence if cleaned_keys else ())
            if evidence.storage_key in cleaned_keys
        ],
        form=review_form,
    ), 400 if review_form.errors else 200


@bp.route("/track", methods=["GET", "POST"])
@public
@limiter.limit(track_limit, methods=["POST"])
def track() -> ResponseReturnValue:
    form = forms.TrackForm()
    if request.method == "POST" and form.validate():
        reference = codes.normalise_reference(form.reference.data or "")
        complaint = complaints.find_by_reference(reference)
        matched = codes.check_tracking_code(
            complaint.tracking_code_hash if complaint else None, form.tracking_code.data or ""
        )
        if complaint is not None and matched:
            audit.record(
                "complaint.tracked",
                actor=complaints.PUBLIC_ACTOR,
                object_type="complaint",
                object_id=complaint.reference,
                reference=complaint.reference,
            )
            db.session.commit()
            tracking.remember(complaint)
            return render_status(complaint)
        audit.record(
            "complaint.track_failed", actor=complaints.PUBLIC_ACTOR, object_type="complaint"
        )
        db.session.commit()
        form.reference.errors = [
            _("The reference or tracking code is not right. Check both and try again")
        ]
    return render_template("public/track.html", form=form), 400 if form.errors else 200


@bp.get("/track/your-complaint")
@public
def status() -> ResponseReturnValue:
    """The complaint opened in the last 30 minutes, as it is now."""
    complaint = tracking.tracked_complaint()
    if complaint is None:
        return redirect(url_for(".track"))
    return render_status(complaint)


@bp.post("/track/review")
@public
@limiter.limit(track_limit)
def request_review() -> ResponseReturnValue:
    complaint = tracking.tracked_complaint()
    if complaint is None:
        return render_template("public/review_refused.html", complaint=None), 403
    if not decisions.review_open(complaint, utcnow()):
        return render_template("public/review_refused.html", complaint=complaint), 400
    form = forms.ReviewForm()
    if not form.validate():
        return render_status(complaint, form)
    try:
        decisions.request_review(
            complaint,
            form.reasons.data or "",
            utcnow(),
            complaints.Targets.from_config(current_app.config),
        )
    except CaseChanged:
        # A caseworker changed the case at the same moment: show it as it is now.
        db.session.rollback()
        db.session.refresh(complaint)
        if not decisions.review_open(complaint, utcnow()):
            return render_template("public/review_refused.html", complaint=complaint), 400
        form.reasons.errors = [
            _(
                "Your complaint changed while you were writing. Check it, then send your reasons again"
            )
        ]
        return render_status(complaint, form)
    except CaseProblem:
        db.session.rollback()
        db.session.refresh(complaint)
        return render_template("public/review_refused.html", complaint=complaint), 400
    db.session.commit()
    return render_template("public/review_sent.html", complaint=complaint)


def _our_request(complaint: Complaint) -> str | None:
    """The words of our latest request for information, to show beside the reply."""
    asked = [e for e in complaint.timeline if e.kind is TimelineKind.CORRESPONDENCE_OUT]
    return asked[-1].body if asked and asked[-1].visible_to_complainant else None


def _not_tracked() -> ResponseReturnValue:
    return render_template("public/track_again.html"), 403


def _kept_uploads(field_name: str) -> uploads.Kept:
    """The files sent with the form, checked and stored; none is kept if one is refused."""
    store = evidence_store()
    chosen = uploads.chosen(request.files.getlist(field_name))
    kept = uploads.keep(chosen, current_app.config["EVIDENCE_MAX_FILES"], store)
    if kept.problems:
        uploads.discard(kept, store)
        kept.files = []
    return kept


def _undo(complaint: Complaint, kept: uploads.Kept) -> None:
    """A reply or file refused: nothing of it kept, the case read as it is now."""
    db.session.rollback()
    uploads.discard(kept, evidence_store())
    db.session.refresh(complaint)


@bp.route("/track/reply", methods=["GET", "POST"])
@public
@limiter.limit(track_limit, methods=["POST"])
def reply() -> ResponseReturnValue:
    complaint = tracking.tracked_complaint()
    if complaint is None:
        return _not_tracked()
    if not replies.can_reply(complaint):
        page = render_template("public/reply_refused.html", complaint=complaint)
        return page, 400 if request.method == "POST" else 200
    form = forms.ReplyForm()
    if request.method == "POST" and form.validate():
        kept = _kept_uploads(form.files.name)
        if kept.problems:
            form.files.errors = kept.problems
        else:
            try:
                message = replies.reply(complaint, form.reply.data or "", kept.files, utcnow())
            except CaseChanged:
                _undo(complaint, kept)
                if not replies.can_reply(complaint):
                    return render_template("public/reply_refused.html", complaint=complaint), 400
                form.reply.errors = [str(CHANGED_WHILE_WRITING)]
            except CaseProblem:
                _undo(complaint, kept)
                return render_template("public/reply_refused.html", complaint=complaint), 400
            else:
                db.session.commit()
                notify.deliver(message, current_app.config)
                db.session.commit()  # sent, or the failure and its retry time
                session[SENT] = "reply"
                session[CLEANED] = [file.stored.key for file in kept.files if file.stored.cleaned]
                return redirect(url_for(".status"))
    return render_template(
        "public/reply.html",
        form=form,
        complaint=complaint,
        request_text=_our_request(complaint),
        back_link=url_for(".status"),
    ), 400 if form.errors else 200


@bp.route("/track/add-evidence", methods=["GET", "POST"])
@public
@limiter.limit(track_limit, methods=["POST"])
def add_evidence() -> ResponseReturnValue:
    complaint = tracking.tracked_complaint()
    if complaint is None:
        return _not_tracked()
    if not replies.can_add_evidence(complaint):
        page = render_template("public/evidence_refused.html", complaint=complaint)
        return page, 400 if request.method == "POST" else 200
    form = forms.AddEvidenceForm()
    if request.method == "POST" and form.validate():
        kept = _kept_uploads(form.files.name)
        if kept.problems:
            form.files.errors = kept.problems
        elif not kept.files:
            form.files.errors = [_("Select a file to upload")]
        else:
            try:
                replies.add_evidence(complaint, kept.files, utcnow())
            except CaseProblem:
                _undo(complaint, kept)
                return render_template("public/evidence_refused.html", complaint=complaint), 400
            db.session.commit()
            session[SENT] = "evidence"
            session[CLEANED] = [file.stored.key for file in kept.files if file.stored.cleaned]
            return redirect(url_for(".status"))
    return render_template(
        "public/add_evidence.html", form=form, complaint=complaint, back_link=url_for(".status")
    ), 400 if form.errors else 200


# Your information: a copy of what was sent, withdrawing, removing contact details.
yours.register(bp)
