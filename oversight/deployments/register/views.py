"""The public register: deployments and usage returns across all forces and for each
force, their totals overall and per quarter, one deployment's figures, and CSV
downloads of exactly what the filters show.

No complaint appears here: not a reference, a place, a link or a count.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import joinedload

from oversight.access import public
from oversight.deployments.records import DEPLOYMENT_FIELDS, queries
from oversight.deployments.records.models import Deployment, UsageReturn
from oversight.deployments.register import downloads
from oversight.deployments.register.forms import RegisterFilterForm, filter_form
from oversight.extensions import db
from oversight.forces.models import Force, force_by_slug, forces_by_name
from oversight.web import paging as pages

bp = Blueprint("register", __name__, url_prefix="/register")

PER_PAGE = 50
# Paging stops here (50,000 deployments in); past it, narrow the filters or download.
MAX_PAGE = 1000
# Usage returns are few (a force sends one a quarter); the download has every one.
RETURNS_SHOWN = 100


@dataclass(frozen=True)
class Results:
    totals: queries.DeploymentTotals
    periods: list[queries.PeriodTotals]
    deployments: list[Deployment]
    paging: pages.Paging
    returns: list[UsageReturn]
    usage_totals: queries.UsageTotals
    csv_args: dict[str, str]


def _results(form: RegisterFilterForm, force: Force | None) -> Results:
    filters = form.filters(force)
    args = form.args()
    totals = queries.deployment_totals(filters)
    paging = pages.paging(totals.deployments, PER_PAGE, MAX_PAGE)
    deployments = db.session.scalars(
        queries.deployments_query(filters)
        .options(joinedload(Deployment.force))
        .limit(PER_PAGE)
        .offset(paging.offset)
    ).all()
    returns = db.session.scalars(
        queries.usage_returns_query(filters)
        .options(joinedload(UsageReturn.force))
        .limit(RETURNS_SHOWN)
    ).all()
    return Results(
        totals=totals,
        periods=queries.totals_by_quarter(filters),
        deployments=list(deployments),
        paging=paging,
        returns=list(returns),
        usage_totals=queries.usage_totals(filters),
        csv_args={**args, "force": force.slug} if force else args,
    )


def _register_page(force: Force | None) -> ResponseReturnValue:
    form = filter_form(request.args, None if force else forces_by_name())
    template = "register/force.html" if force else "register/register.html"
    if not form.validate():
        return render_template(template, form=form, force=force, results=None), 400
    return render_template(template, form=form, force=force, results=_results(form, force))


@bp.get("")
@public
def register() -> ResponseReturnValue:
    return _register_page(None)


@bp.get("/forces")
@public
def forces() -> str:
    return render_template("register/forces.html", forces=queries.forces_with_counts())


@bp.get("/forces/<slug>")
@public
def force(slug: str) -> ResponseReturnValue:
    found = force_by_slug(slug)
    if found is None:
        abort(404)
    return _register_page(found)


@bp.get("/deployments/<int:deployment_id>")
@public
def deployment(deployment_id: int) -> str:
    record = db.session.get(Deployment, deployment_id)
    if record is None:
        abort(404)
    return render_template("register/deployment.html", record=record, fields=DEPLOYMENT_FIELDS)


def _download(kind: str) -> ResponseReturnValue:
    """A CSV of every record the same filters show on the register's pages."""
    form = filter_form(request.args, forces_by_name())
    if not form.validate():
        return render_template("register/register.html", form=form, force=None, results=None), 400
    filters = form.filters()
    parts = [kind, form.force.data or "all-forces"]
    if filters.technology:
        parts.append(filters.technology.value)
    if filters.date_from:
        parts.append(f"from-{filters.date_from.isoformat()}")
    if filters.date_to:
        parts.append(f"to-{filters.date_to.isoformat()}")
    filename = "-".join(parts) + ".csv"
    if kind == "deployments":
        return downloads.deployments(filters, filename)
    return downloads.usage_returns(filters, filename)


@bp.get("/deployments.csv")
@public
def deployments_csv() -> ResponseReturnValue:
    return _download("deployments")


@bp.get("/usage-returns.csv")
@public
def usage_returns_csv() -> ResponseReturnValue:
    return _download("usage-returns")
