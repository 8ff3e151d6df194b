"""Staff pages for deployment records and usage returns: list, add, correct, history.

Both kinds of record go through the same steps, each kind described once by
records.kinds, to which a `Kind` here adds its forms and messages: the form collects
text, the kind's validator (records.clean_*) reads it and its errors go back on the
form's fields, and services.save records the change, its revision and its audit
event; the view commits once and redirects. A correction carries the version
the page showed, so one made from an out-of-date page is refused with the input kept.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Generic

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from oversight.access import actor, roles_required
from oversight.deployments import records
from oversight.deployments.records import history, kinds, services
from oversight.deployments.records.enums import Via
from oversight.deployments.records.kinds import R, Record, RecordKind
from oversight.deployments.records.models import Deployment, UsageReturn
from oversight.deployments.records.queries import (
    deployments_query,
    usage_returns_query,
)
from oversight.deployments.staff import forms
from oversight.extensions import db
from oversight.forces.models import forces_by_name
from oversight.links.suggestions import links_for_deployment
from oversight.policy import RECORD_ROLES
from oversight.web import paging as pages

bp = Blueprint("deployments", __name__, url_prefix="/staff/deployments")
# Caseworkers add and correct the records they work from; administrators keep them.
record_roles = roles_required(*RECORD_ROLES)
PER_PAGE = 50
MAX_PAGE = 2000


@dataclass(frozen=True)
class Kind(Generic[R]):
    """What these pages add to a kind of record (records.kinds): its forms and what the
    pages say. The messages are lazy strings (flask_babel's, untyped here), shown by str()."""

    record: RecordKind[R]
    listed: Callable[[forms.FilterForm], sa.Select[tuple[R]]]  # the list's query
    form: type[forms.RecordForm]
    correct_form: type[forms.Correction]
    # A clash with another record is shown on the record kind's clash_field.
    clash: object
    changed: object
    added: object
    corrected: object

    @property
    def name(self) -> str:  # the templates' prefix and the detail page's endpoint
        return self.record.name


def _word_filter(query: sa.Select[tuple[Deployment]], words: str) -> sa.Select[tuple[Deployment]]:
    """Every word must be in the location, its area or the force's reference."""
    for word in words.lower().split()[:10]:
        query = query.where(
            sa.or_(
                *(
                    sa.func.lower(sa.func.coalesce(column, "")).contains(word, autoescape=True)
                    for column in (
                        Deployment.location_name,
                        Deployment.location_area,
                        Deployment.force_reference,
                    )
                )
            )
        )
    return query


def _deployments_listed(form: forms.FilterForm) -> sa.Select[tuple[Deployment]]:
    return _word_filter(deployments_query(form.filters()), form.q.data or "")


def _usage_returns_listed(form: forms.FilterForm) -> sa.Select[tuple[UsageReturn]]:
    return usage_returns_query(form.filters())


DEPLOYMENTS = Kind(
    record=kinds.DEPLOYMENTS,
    listed=_deployments_listed,
    form=forms.DeploymentForm,
    correct_form=forms.CorrectDeploymentForm,
    clash=_l(
        "This force already has a deployment record with this reference, or with this "
        "date, start time and location. Change the reference, or correct that record"
    ),
    changed=_l(
        "Someone else corrected this record while you were editing it, so your correction "
        "was not saved. Check what they changed, then send your correction again"
    ),
    added=_l("Deployment record added."),
    corrected=_l("Deployment record corrected."),
)
USAGE_RETURNS = Kind(
    record=kinds.USAGE_RETURNS,
    listed=_usage_returns_listed,
    form=forms.UsageReturnForm,
    correct_form=forms.CorrectUsageReturnForm,
    clash=_l(
        "This force already has a usage return for this technology and period. "
        "Change the period, or correct that return"
    ),
    changed=_l(
        "Someone else corrected this return while you were editing it, so your correction "
        "was not saved. Check what they changed, then send your correction again"
    ),
    added=_l("Usage return added."),
    corrected=_l("Usage return corrected."),
)


# Lists ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Page(Generic[R]):
    records: list[R]
    paging: pages.Paging


def _page(query: sa.Select[tuple[R]], model: type[R]) -> Page[R]:
    pages.requested_page(MAX_PAGE)  # a page that cannot be is refused before counting
    count = db.session.scalar(
        sa.select(sa.func.count()).select_from(query.order_by(None).subquery())
    )
    paging = pages.paging(count or 0, PER_PAGE, MAX_PAGE)
    found = db.session.scalars(
        query.options(joinedload(model.force)).limit(PER_PAGE).offset(paging.offset)
    )
    return Page(list(found), paging)


def _list(kind: Kind[R]) -> ResponseReturnValue:
    forces = forces_by_name()
    form = forms.filter_form(
        request.args, forces, kind.record.technologies, words=kind is DEPLOYMENTS
    )
    template = f"deployments/{kind.name}_list.html"
    if not form.validate():
        return render_template(template, form=form, page=None), 400
    page = _page(kind.listed(form), kind.record.model)
    return render_template(template, form=form, page=page)


@bp.get("")
@record_roles
def deployment_list() -> ResponseReturnValue:
    return _list(DEPLOYMENTS)


@bp.get("/usage-returns")
@record_roles
def usage_return_list() -> ResponseReturnValue:
    return _list(USAGE_RETURNS)


# Adding and correcting -------------------------------------------------------------------


def _show_errors(form: forms.RecordForm, errors: Mapping[str, str]) -> None:
    for name, message in errors.items():
        field = form[name]
        field.errors = [*field.errors, message]


def _render_form(
    kind: Kind[R],
    form: forms.RecordForm,
    record: R | None = None,
    status: int = 200,
    **extra: object,
) -> ResponseReturnValue:
    template = f"deployments/{kind.name}_form.html"
    return render_template(template, form=form, record=record, **extra), status


def _checked(
    kind: Kind[R], form: forms.RecordForm
) -> tuple[records.Cleaned, records.ForceIndex, bool]:
    """Check the form and the record it holds, every error at once, each on its field."""
    valid = form.validate()
    forces = records.ForceIndex()
    cleaned = kind.record.clean(form.raw(), forces)
    _show_errors(form, cleaned.errors)
    return cleaned, forces, valid and cleaned.ok


def _clash(kind: Kind[R], form: forms.RecordForm) -> None:
    _show_errors(form, {kind.record.clash_field: str(kind.clash)})


def _add(kind: Kind[R]) -> ResponseReturnValue:
    form = kind.form()
    form.offer(forces_by_name())
    if not form.is_submitted():
        return _render_form(kind, form)
    cleaned, forces, ok = _checked(kind, form)
    if not ok:
        return _render_form(kind, form, status=400)
    existing = services.find(kind.record, cleaned.values)
    if existing is None:
        try:
            saved = services.save(
                kind.record, cleaned.values, actor=actor(), via=Via.FORM, forces=forces
            )
            db.session.commit()
        except IntegrityError:
            db.session.rollback()
            existing = services.find(kind.record, cleaned.values)
        else:
            flash(str(kind.added))
            return redirect(_detail_url(saved.record))
    _clash(kind, form)
    return _render_form(kind, form, status=400, existing=existing)


def _detail_url(record: Record) -> str:
    if isinstance(record, Deployment):
        return url_for("deployments.deployment_detail", deployment_id=record.id)
    return url_for("deployments.usage_return_detail", usage_return_id=record.id)


def _record(kind: Kind[R], record_id: int) -> R:
    record = db.session.get(kind.record.model, record_id)
    if record is None:
        abort(404)
    return record


def _correct(kind: Kind[R], record_id: int) -> ResponseReturnValue:
    record = _record(kind, record_id)
    # A correction starts from the record as it stands; once sent, only what was sent counts.
    shown = None if request.method == "POST" else forms.typed_values(record, kind.record.fields)
    form = kind.correct_form(data=shown)
    form.offer(forces_by_name())
    if not form.is_submitted():
        form.showing(record.version)
        return _render_form(kind, form, record)
    cleaned, forces, ok = _checked(kind, form)
    if not ok:
        return _render_form(kind, form, record, 400)
    sent = form.version.data
    try:
        saved = services.save(
            kind.record,
            cleaned.values,
            actor=actor(),
            via=Via.FORM,
            forces=forces,
            record=record,
            note=form.note.data,
            expected_version=sent,
        )
        db.session.commit()
    except (services.RecordProblem, IntegrityError) as problem:
        db.session.rollback()
        stale = getattr(problem, "field", None) == "version" or record.version != sent
        if not stale:
            _clash(kind, form)
            existing = services.find(kind.record, cleaned.values)
            return _render_form(kind, form, record, 400, existing=existing)
        fields = kind.record.fields
        changes = history.changed_since(record.revisions, sent, fields)
        form.take_theirs(record, sent, records.values_snapshot(cleaned.values, fields, forces))
        return _render_form(
            kind, form, record, 409, problem=str(kind.changed), changed_since=changes
        )
    if saved.change == "unchanged":
        flash(_("You did not change anything, so nothing was saved."))
    else:
        flash(str(kind.corrected))
    return redirect(_detail_url(record))


@bp.route("/new", methods=["GET", "POST"])
@record_roles
def new_deployment() -> ResponseReturnValue:
    return _add(DEPLOYMENTS)


@bp.route("/<int:deployment_id>/correct", methods=["GET", "POST"])
@record_roles
def correct_deployment(deployment_id: int) -> ResponseReturnValue:
    return _correct(DEPLOYMENTS, deployment_id)


@bp.route("/usage-returns/new", methods=["GET", "POST"])
@record_roles
def new_usage_return() -> ResponseReturnValue:
    return _add(USAGE_RETURNS)


@bp.route("/usage-returns/<int:usage_return_id>/correct", methods=["GET", "POST"])
@record_roles
def correct_usage_return(usage_return_id: int) -> ResponseReturnValue:
    return _correct(USAGE_RETURNS, usage_return_id)


# A record and its history ------------------------------------------------------------------


def _detail(kind: Kind[R], record: R, **extra: object) -> str:
    fields = kind.record.fields
    data = records.snapshot(record, fields)
    names = history.actor_names({record.created_by, record.updated_by})
    return render_template(
        f"deployments/{kind.name}_detail.html",
        record=record,
        shown=history.fields_shown(data, fields),
        revisions=history.revisions(record.revisions, fields),
        created_by=names[record.created_by],
        updated_by=names[record.updated_by],
        **extra,
    )


@bp.get("/<int:deployment_id>")
@record_roles
def deployment_detail(deployment_id: int) -> str:
    deployment = _record(DEPLOYMENTS, deployment_id)
    cases = [(link.complaint.reference, link.state) for link in links_for_deployment(deployment.id)]
    return _detail(DEPLOYMENTS, deployment, cases=cases)


@bp.get("/usage-returns/<int:usage_return_id>")
@record_roles
def usage_return_detail(usage_return_id: int) -> str:
    return _detail(USAGE_RETURNS, _record(USAGE_RETURNS, usage_return_id))
