"""The information pages every public service has, the feedback form, and the staff page
that reads its answers.

The privacy notice draws its retention table from oversight.retention.schedule, the
cookies page from content.cookies (the one list a test checks against what the service
really sets), and every contact detail from configuration (content.contact).
"""

from __future__ import annotations

from urllib.parse import urlencode

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from oversight.access import public, roles_required
from oversight.auth.models import Role
from oversight.extensions import db
from oversight.pages import content, services
from oversight.pages.forms import FeedbackForm, MarkReadForm
from oversight.pages.models import Satisfaction
from oversight.retention.schedule import schedule
from oversight.web import paging

bp = Blueprint("pages", __name__)
feedback_readers = roles_required(Role.SENIOR_CASEWORKER, Role.ADMINISTRATOR)
PER_PAGE = 50
MAX_PAGE = 200


@bp.get("/privacy")
@public
def privacy() -> str:
    return render_template(
        "pages/privacy.html",
        contact=content.contact(current_app.config),
        rules=schedule(current_app.config),
        action_labels=content.ACTION_LABELS,
        updated=content.PRIVACY_UPDATED,
        ico_website=content.ICO_WEBSITE,
        ico_phone=content.ICO_PHONE,
        ico_address=content.ICO_ADDRESS,
    )


@bp.get("/accessibility")
@public
def accessibility() -> str:
    return render_template(
        "pages/accessibility.html",
        contact=content.contact(current_app.config),
        prepared=content.ACCESSIBILITY_PREPARED,
        tested=content.ACCESSIBILITY_TESTED,
        eass_website=content.EASS_WEBSITE,
        wcag=content.WCAG_22,
    )


@bp.get("/cookies")
@public
def cookies() -> str:
    return render_template(
        "pages/cookies.html",
        cookies=content.cookies(current_app.config),
        updated=content.COOKIES_UPDATED,
    )


@bp.get("/contact")
@public
def contact() -> str:
    return render_template(
        "pages/contact.html",
        contact=content.contact(current_app.config),
        relay_uk=content.RELAY_UK_WEBSITE,
        acknowledge_days=int(current_app.config["ACKNOWLEDGE_WORKING_DAYS"]),
    )


@bp.get("/easy-read")
@public
def easy_read() -> str:
    return render_template("pages/easy_read.html", contact=content.contact(current_app.config))


@bp.route("/feedback", methods=["GET", "POST"])
@public
def feedback() -> ResponseReturnValue:
    form = FeedbackForm()
    if not form.is_submitted():
        form.came_from.data = request.args.get("from", "")
    back = services.came_from(form.came_from.data)
    form.came_from.data = back.path if back else ""
    if form.validate_on_submit():
        services.record(Satisfaction(form.satisfaction.data), form.improve.data, back)
        db.session.commit()
        sent = url_for("pages.feedback_sent")
        return redirect(f"{sent}?{urlencode({'from': back.path}, safe='/')}" if back else sent)
    return render_template("pages/feedback.html", form=form, back=back), (
        400 if form.errors else 200
    )


@bp.get("/feedback/sent")
@public
def feedback_sent() -> str:
    back = services.came_from(request.args.get("from"))
    return render_template("pages/feedback_sent.html", back=back)


@bp.get("/staff/feedback")
@feedback_readers
def feedback_list() -> str:
    summary = services.summary()
    shown = paging.paging(summary.total, PER_PAGE, MAX_PAGE)
    answers = services.newest(shown.offset, PER_PAGE)
    services.viewed(current_user, shown.number)
    db.session.commit()
    return render_template(
        "pages/feedback_list.html",
        summary=summary,
        paging=shown,
        answers=answers,
        readers=services.readers(answers),
        mark_read_form=MarkReadForm(formdata=None),
    )


@bp.post("/staff/feedback/<int:feedback_id>/read")
@feedback_readers
def mark_feedback_read(feedback_id: int) -> ResponseReturnValue:
    form = MarkReadForm()
    if not form.validate_on_submit():
        abort(400)
    services.mark_read(feedback_id, current_user)
    db.session.commit()
    flash(_("You have marked the answer as read."))
    return redirect(url_for("pages.feedback_list"))
