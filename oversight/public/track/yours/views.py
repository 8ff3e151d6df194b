"""The complainant's own information, from the track page ("Your information"): a copy
of what they sent, withdrawing the complaint, and removing their contact details.

Only for the complaint opened on the track page in the last 30 minutes
(oversight.public.tracking), never for one named by its reference. The views are added
to the track blueprint by `register`, which views.py calls.
"""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request, send_file, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from oversight.access import public
from oversight.audit import services as audit
from oversight.casework.changes import CaseChanged, CaseProblem
from oversight.complaints.models import Complaint
from oversight.complaints.services import PUBLIC_ACTOR
from oversight.extensions import db, limiter
from oversight.notify import services as notify
from oversight.public import forms, tracking
from oversight.public.track import self_service, their_copy


def _limit() -> str:
    return str(current_app.config["TRACK_RATE_LIMIT"])


def _not_tracked() -> ResponseReturnValue:
    return render_template("public/track_again.html"), 403


def _refused(complaint: Complaint) -> ResponseReturnValue:
    page = render_template("public/yours/withdraw_refused.html", complaint=complaint)
    return page, 400 if request.method == "POST" else 200


def download_copy() -> ResponseReturnValue:
    """A ZIP of what they sent: the document and their files, kept by nobody on the way."""
    complaint = tracking.tracked_complaint()
    if complaint is None:
        return _not_tracked()
    copy = their_copy.build(complaint)
    audit.record(
        "complaint.copy_downloaded",
        actor=PUBLIC_ACTOR,
        object_type="complaint",
        object_id=complaint.reference,
        reference=complaint.reference,
        files=copy.files,
    )
    db.session.commit()
    response = send_file(
        copy.file,
        mimetype="application/zip",
        as_attachment=True,
        download_name=copy.download_name,
        max_age=0,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


def withdraw() -> ResponseReturnValue:
    complaint = tracking.tracked_complaint()
    if complaint is None:
        return _not_tracked()
    if not self_service.can_withdraw(complaint):
        return _refused(complaint)
    form = forms.WithdrawForm()
    if request.method == "POST" and form.validate():
        try:
            message = self_service.withdraw(complaint, form.reason.data or "", complaint.version)
        except CaseChanged:
            # A caseworker changed the case at the same moment: look again as it is now.
            db.session.rollback()
            db.session.refresh(complaint)
            if not self_service.can_withdraw(complaint):
                return _refused(complaint)
            form.reason.errors = [
                _("Your complaint changed while you were on this page. Check it, then try again")
            ]
        except CaseProblem:
            db.session.rollback()
            db.session.refresh(complaint)
            return _refused(complaint)
        else:
            db.session.commit()
            notify.deliver(message, current_app.config)
            db.session.commit()  # sent, or the failure and its retry time
            return render_template(
                "public/yours/withdrawn.html", complaint=complaint, message=message
            )
    return render_template(
        "public/yours/withdraw.html",
        form=form,
        complaint=complaint,
        max_length=forms.WITHDRAW_REASON_MAX,
        back_link=tracking_page(),
    ), 400 if form.errors else 200


def remove_contact_details() -> ResponseReturnValue:
    complaint = tracking.tracked_complaint()
    if complaint is None:
        return _not_tracked()
    if complaint.anonymous:
        page = render_template(
            "public/yours/contact_details_none.html", complaint=complaint, back_link=tracking_page()
        )
        return page, 400 if request.method == "POST" else 200
    form = forms.ConfirmForm()
    problem = None
    if request.method == "POST" and form.validate():
        try:
            self_service.remove_contact_details(complaint)
        except CaseChanged:
            db.session.rollback()
            db.session.refresh(complaint)
            problem = _(
                "Your complaint changed while you were on this page. Nothing was removed. Try again"
            )
        else:
            db.session.commit()
            return render_template("public/yours/contact_details_removed.html", complaint=complaint)
    return render_template(
        "public/yours/remove_contact_details.html",
        form=form,
        complaint=complaint,
        problem=problem,
        back_link=tracking_page(),
    ), 409 if problem else (400 if form.errors else 200)


def tracking_page() -> str:
    return url_for("track.status")


def register(bp: Blueprint) -> None:
    """Add these pages to the track blueprint, under their own endpoint names."""
    limited = limiter.limit(_limit, methods=["POST"])
    bp.add_url_rule("/track/your-complaint/copy", view_func=public(download_copy), methods=["GET"])
    bp.add_url_rule("/track/withdraw", view_func=public(limited(withdraw)), methods=["GET", "POST"])
    bp.add_url_rule(
        "/track/remove-contact-details",
        view_func=public(limited(remove_contact_details)),
        methods=["GET", "POST"],
    )
