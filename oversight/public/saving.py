"""Save and come back later: a link by email, or a draft code, to carry on elsewhere.

The pages: /complain/save (an email address, or none for a code), /complain/saved (the
link sent, or the code shown once), /complain/return (enter a draft code) and
/complain/return/<token> (the emailed link). Opening a draft binds it to this browser.
Every way back is rate limited like tracking, and audited without personal data.
"""

from __future__ import annotations

from flask import Blueprint, current_app, redirect, render_template, session, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext

from oversight import formatting
from oversight.access import public
from oversight.audit import services as audit
from oversight.complaints import services as complaints
from oversight.extensions import db, limiter
from oversight.models import utcnow
from oversight.notify import drafts as draft_messages
from oversight.notify import services as notify
from oversight.public import drafts, journey
from oversight.public.forms import ContinueForm, ReturnForm, SaveForm
from oversight.public.models import ComplaintDraft
from oversight.public.views import DRAFT_TOKEN, current_draft, draft_expired
from oversight.web.i18n import request_language

bp = Blueprint("saving", __name__)

SAVED = "saved_draft"  # what /complain/saved shows, once


def _rate_limit() -> str:
    return str(current_app.config["TRACK_RATE_LIMIT"])


def _save_rate_limit() -> str:
    return str(current_app.config["SUBMIT_RATE_LIMIT"])


@bp.app_template_global("draft_lifetime")
def lifetime_in_words() -> str:
    """How long answers are kept, as the start page and these pages say it: 24 hours."""
    hours = int(current_app.config["DRAFT_LIFETIME"].total_seconds() // 3600)
    if hours % 24 == 0 and hours > 48:
        return str(ngettext("%(num)d day", "%(num)d days", hours // 24))
    return str(ngettext("%(num)d hour", "%(num)d hours", hours))


def resume_url(draft: ComplaintDraft) -> str:
    """Where a person carries on: the first question not answered, else check answers."""
    pending = journey.first_unanswered(draft.answers)
    if pending is not None:
        return url_for("public.question", slug=pending.slug)
    return url_for("public.check_answers")


def _return_link_for(token: str) -> str:
    """The emailed link: on PUBLIC_BASE_URL when it is configured (a message should not
    take its host from the request), else on the address this request came to."""
    base = current_app.config.get("PUBLIC_BASE_URL")
    if base:
        return f"{str(base).rstrip('/')}{url_for('.return_link', token=token)}"
    return url_for(".return_link", token=token, _external=True)


def _no_draft_to_save() -> ResponseReturnValue | None:
    if draft_expired():
        return redirect(url_for("public.answers_deleted"))
    draft = current_draft()
    if draft is None:
        return redirect(url_for("public.question", slug="technology"))
    if draft.complaint_id is not None:
        return redirect(url_for("public.complaint_sent"))
    return None


@bp.route("/complain/save", methods=["GET", "POST"])
@public
@limiter.limit(_save_rate_limit, methods=["POST"])
def save() -> ResponseReturnValue:
    elsewhere = _no_draft_to_save()
    if elsewhere is not None:
        return elsewhere
    draft = current_draft()
    assert draft is not None
    form = SaveForm(data={"email": draft.answers.get("email") or ""})
    if form.validate_on_submit():
        email = form.email.data or ""
        secret = drafts.save_for_return(
            draft, current_app.config["SECRET_KEY"], utcnow(), by_email=bool(email)
        )
        audit.record(
            "draft.saved",
            actor=complaints.PUBLIC_ACTOR,
            object_type="draft",
            method="email" if email else "code",
        )
        if not email:
            db.session.commit()
            session[SAVED] = {"code": secret}
            return redirect(url_for(".saved"))
        link = _return_link_for(secret)
        message = draft_messages.queue_saved_draft(draft, email, link, request_language())
        db.session.commit()
        sent = notify.deliver(message, current_app.config)
        db.session.commit()  # sent, or the failure and its retry time
        session[SAVED] = {"email": email, "sent": sent}
        return redirect(url_for(".saved"))
    return render_template(
        "public/save.html",
        form=form,
        back_link=resume_url(draft),
        expires=formatting.date_at_time(draft.expires_at),
        lifetime=lifetime_in_words(),
    ), 400 if form.errors else 200


@bp.get("/complain/saved")
@public
def saved() -> ResponseReturnValue:
    shown = session.pop(SAVED, None)
    draft = current_draft()
    if draft is None or draft.complaint_id is not None:
        return redirect(url_for("public.start"))
    return render_template(
        "public/saved.html",
        code=shown.get("code") if shown else None,
        email=shown.get("email") if shown else None,
        sent=bool(shown.get("sent")) if shown else False,
        expires=formatting.date_at_time(draft.expires_at),
        continue_url=resume_url(draft),
    )


def _open_here(draft: ComplaintDraft, method: str) -> ResponseReturnValue:
    """Bind the saved draft to this browser and carry on where it was left."""
    token, moved = drafts.move(draft)
    audit.record(
        "draft.returned", actor=complaints.PUBLIC_ACTOR, object_type="draft", method=method
    )
    db.session.commit()
    session[DRAFT_TOKEN] = token
    return redirect(resume_url(moved))


def _failed(method: str) -> None:
    audit.record(
        "draft.return_failed",
        actor=complaints.PUBLIC_ACTOR,
        object_type="draft",
        outcome=audit.FAILURE,
        method=method,
    )
    db.session.commit()


@bp.route("/complain/return", methods=["GET", "POST"])
@public
@limiter.limit(_rate_limit, methods=["POST"])
def return_with_code() -> ResponseReturnValue:
    form = ReturnForm()
    if form.validate_on_submit():
        stored = drafts.code_hash(current_app.config["SECRET_KEY"], form.draft_code.data or "")
        draft = drafts.find_saved(stored, utcnow())
        if draft is not None:
            return _open_here(draft, "code")
        db.session.rollback()
        _failed("code")
        form.draft_code.errors = [
            _("The draft code is not recognised or has expired. Check it and try again")
        ]
    return render_template(
        "public/return.html", form=form, lifetime=lifetime_in_words()
    ), 400 if form.errors else 200


@bp.route("/complain/return/<token>", methods=["GET", "POST"])
@public
@limiter.limit(_rate_limit)
def return_link(token: str) -> ResponseReturnValue:
    stored = drafts.link_hash(current_app.config["SECRET_KEY"], token)
    draft = drafts.find_saved(stored, utcnow())
    if draft is None:
        db.session.rollback()
        _failed("link")
        return render_template("public/return_unknown.html", lifetime=lifetime_in_words()), 404
    form = ContinueForm()
    if form.validate_on_submit():
        return _open_here(draft, "link")
    db.session.rollback()
    return render_template(
        "public/return_link.html",
        form=form,
        expires=formatting.date_at_time(draft.expires_at),
    ), 400 if form.errors else 200
