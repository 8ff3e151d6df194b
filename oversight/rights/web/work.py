"""A request's work: searching every case for the person, choosing what is theirs, and
the redactions (phrases in the records' text, boxes on evidence files' pages)."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from markupsafe import Markup, escape

from oversight.complaints.enums import EvidenceType
from oversight.complaints.evidence import evidence_store
from oversight.extensions import db
from oversight.problems import NotFound, Problem
from oversight.rights import forms, records, search, services
from oversight.rights.models import RedactionReason
from oversight.rights.redaction import RedactionFailed, page_count, phrase_spans, preview_png
from oversight.rights.web.common import find, rights_roles, run_form

bp = Blueprint("rights_work", __name__, url_prefix="/staff/rights")
PAGED = (EvidenceType.PDF, EvidenceType.JPEG, EvidenceType.PNG)


@bp.get("/<int:request_id>/search")
@rights_roles
def search_cases(request_id: int) -> ResponseReturnValue:
    rights_request = find(request_id)
    form = forms.SearchForm(request.args)
    results = None
    searched = any(
        request.args.get(name) for name in ("email", "phone", "name", "address", "reference")
    )
    if searched and form.validate():
        query = search.Query(**{name: form[name].data or "" for name in search.FIELDS})
        results = search.search(query)
        services.record_search(rights_request, query.fields(), len(results.found), current_user)
        db.session.commit()
    elif not searched:
        form = forms.SearchForm(formdata=None)
    chosen = {c.complaint_id for c in rights_request.cases}
    return render_template(
        "rights/search.html",
        rights_request=rights_request,
        form=form,
        results=results,
        chosen=chosen,
        choose_form=forms.ChooseForm(formdata=None),
    ), 400 if form.errors else 200


@bp.post("/<int:request_id>/choose")
@rights_roles
def choose(request_id: int) -> ResponseReturnValue:
    rights_request = find(request_id)
    form = forms.ChooseForm()
    if form.validate_on_submit():
        try:
            added = services.choose_cases(rights_request, form.cases.data or [], current_user)
        except Problem as refused:
            db.session.rollback()
            flash(refused.message)
        else:
            db.session.commit()
            flash(_("%(count)s cases chosen as the requester's", count=added))
    else:
        flash(_("Select the cases that are the requester's"))
    return redirect(url_for("rights.request_detail", request_id=request_id))


@bp.post("/<int:request_id>/cases/<reference>/remove")
@rights_roles
def unchoose(request_id: int, reference: str) -> ResponseReturnValue:
    rights_request = find(request_id)
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    try:
        services.unchoose_case(rights_request, reference, current_user)
    except NotFound:
        abort(404)
    except Problem as refused:
        db.session.rollback()
        flash(refused.message)
        return redirect(url_for("rights.request_detail", request_id=request_id))
    db.session.commit()
    flash(_("The case is no longer chosen"))
    return redirect(url_for("rights.request_detail", request_id=request_id))


def highlight(text: object, phrases: list[str]) -> Markup:
    """Text with every phrase marked (<mark>) exactly where redact_text will replace it
    (redaction.phrase_spans: any case, however its spaces run, look-alike letters)."""
    shown = "" if text is None else str(text)
    out, last = [], 0
    for start, end in phrase_spans(shown, phrases):
        out.append(escape(shown[last:start]))
        out.append(Markup("<mark>%s</mark>") % shown[start:end])
        last = end
    out.append(escape(shown[last:]))
    return Markup("").join(out)


@bp.route("/<int:request_id>/redactions", methods=["GET", "POST"])
@rights_roles
def redactions(request_id: int) -> ResponseReturnValue:
    rights_request = find(request_id)
    form = forms.PhraseForm()
    phrases = [r.phrase for r in rights_request.redactions if r.phrase]
    if request.method == "GET":
        services.record_records_view(rights_request, "text", current_user)
        db.session.commit()
    return run_form(
        rights_request,
        form,
        "rights/redactions.html",
        lambda: services.add_phrase(
            rights_request,
            form.phrase.data,
            RedactionReason(form.reason.data),
            form.note.data,
            current_user,
        ),
        _("The words will be redacted"),
        url_for(".redactions", request_id=request_id),
        cases=records.all_records([c.complaint for c in rights_request.cases]),
        sections=records.SECTIONS,
        highlight=lambda text: highlight(text, phrases),
        remove_form=forms.ActionForm(formdata=None),
    )


@bp.post("/<int:request_id>/redactions/<int:redaction_id>/remove")
@rights_roles
def remove_redaction(request_id: int, redaction_id: int) -> ResponseReturnValue:
    rights_request = find(request_id)
    if not forms.ActionForm().validate_on_submit():
        abort(400)
    back = request.form.get("back") == "evidence"
    try:
        evidence_id = next(
            (r.evidence_id for r in rights_request.redactions if r.id == redaction_id), None
        )
        services.remove_redaction(rights_request, redaction_id, current_user)
    except NotFound:
        abort(404)
    except Problem as refused:
        db.session.rollback()
        flash(refused.message)
        return redirect(url_for("rights.request_detail", request_id=request_id))
    db.session.commit()
    flash(_("The redaction was removed"))
    if back and evidence_id is not None:
        return redirect(url_for(".evidence", request_id=request_id, evidence_id=evidence_id))
    return redirect(url_for(".redactions", request_id=request_id))


def _pages(data: bytes) -> int:
    try:
        return page_count(data)
    except RedactionFailed:
        return 0


@bp.route("/<int:request_id>/evidence/<int:evidence_id>", methods=["GET", "POST"])
@rights_roles
def evidence(request_id: int, evidence_id: int) -> ResponseReturnValue:
    rights_request = find(request_id)
    try:
        file = services.evidence_of(rights_request, evidence_id)
    except NotFound:
        abort(404)
    if file.content_type not in PAGED:
        abort(404)
    path = evidence_store().path(file.storage_key)
    pages = _pages(path.read_bytes()) if path.is_file() else 0
    form = forms.BoxForm()
    if request.method == "GET":
        services.record_records_view(rights_request, f"evidence:{file.id}", current_user)
        db.session.commit()

    def add() -> None:
        page = form.page_index(pages)
        if page is None:
            raise services.RightsProblem(
                _("Page number must be a number from 1 to %(pages)s", pages=pages), "page"
            )
        services.add_box(
            rights_request,
            file,
            page,
            form.box(),
            RedactionReason(form.reason.data),
            form.note.data,
            current_user,
        )

    response = run_form(
        rights_request,
        form,
        "rights/evidence.html",
        add,
        _("The box will be redacted"),
        url_for(".evidence", request_id=request_id, evidence_id=evidence_id),
        evidence=file,
        pages=pages,
        boxes=[r for r in rights_request.redactions if r.evidence_id == file.id],
        remove_form=forms.ActionForm(formdata=None),
    )
    return response


@bp.get("/<int:request_id>/evidence/<int:evidence_id>/pages/<int:page>.png")
@rights_roles
def preview(request_id: int, evidence_id: int, page: int) -> ResponseReturnValue:
    """A PNG of one page of an evidence file, for staff to place boxes on."""
    rights_request = find(request_id)
    try:
        file = services.evidence_of(rights_request, evidence_id)
    except NotFound:
        abort(404)
    path = evidence_store().path(file.storage_key)
    if file.content_type not in PAGED or not path.is_file():
        abort(404)
    data = path.read_bytes()
    if not 1 <= page <= _pages(data):
        abort(404)
    try:
        png = preview_png(data, page - 1)
    except RedactionFailed:
        abort(404)
    return Response(png, mimetype="image/png", headers={"Cache-Control": "no-store"})
