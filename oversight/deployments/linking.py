"""Linking a case to the deployments it concerns: confirm or reject a suggestion, find
a deployment and link it by hand, unlink.

Every action is a case action (oversight.casework.views._act): it validates the form,
calls a service in oversight.deployments.links, commits once and returns to the case
page, or shows the case page again with what went wrong.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, abort, render_template, request
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from oversight import policy
from oversight.access import refuse
from oversight.auth.models import User
from oversight.casework.views import _act, _case, case_roles
from oversight.complaints.models import Complaint
from oversight.deployments import links, suggestions
from oversight.deployments.case_page import (
    DeploymentDecisionForm,
    FindDeploymentForm,
    LinkDeploymentForm,
)
from oversight.deployments.models import Deployment, DeploymentLink
from oversight.deployments.queries import RegisterFilters, deployments_query
from oversight.extensions import db
from oversight.forces.models import Force, forces_by_name

bp = Blueprint("linking", __name__, url_prefix="/staff/cases")

MOST_FOUND = 50
Change = Callable[[Complaint, Deployment, User, int], DeploymentLink]


def _decide(reference: str, deployment_id: int, change: Change, done: str) -> Any:
    def act(complaint: Complaint, form: DeploymentDecisionForm) -> None:
        deployment = suggestions.find(deployment_id)
        if deployment is None:
            abort(404)
        change(complaint, deployment, current_user, form.version.data)

    return _act(reference, DeploymentDecisionForm(), "deployment_decision_form", act, done)


@bp.post("/<reference>/deployments/<int:deployment_id>/confirm")
@case_roles
def confirm(reference: str, deployment_id: int) -> Any:
    return _decide(reference, deployment_id, links.confirm, _("Deployment linked to the case."))


@bp.post("/<reference>/deployments/<int:deployment_id>/reject")
@case_roles
def reject(reference: str, deployment_id: int) -> Any:
    return _decide(
        reference,
        deployment_id,
        links.reject,
        _("Deployment rejected. It will not be suggested for this case again."),
    )


@bp.post("/<reference>/deployments/<int:deployment_id>/unlink")
@case_roles
def unlink(reference: str, deployment_id: int) -> Any:
    return _decide(reference, deployment_id, links.unlink, _("Deployment unlinked from the case."))


@bp.post("/<reference>/deployments/link")
@case_roles
def link_by_number(reference: str) -> Any:
    return _act(
        reference,
        LinkDeploymentForm(),
        "deployment_link_form",
        lambda c, f: links.link_by_number(
            c, int(f.deployment_id.data), current_user, f.version.data
        ),
        _("Deployment linked to the case."),
    )


def _search(form: FindDeploymentForm, forces: dict[str, Force]) -> list[Deployment] | None:
    """The deployments that match a valid search, or None (and an error) without one."""
    force = forces.get(form.force.data or "")
    reference = form.force_reference.data
    if force is None and form.day is None and not reference:
        form.force.errors = [
            _("Choose a police force, or enter a date or the force’s own reference")
        ]
        return None
    query = deployments_query(
        RegisterFilters(force_id=force.id if force else None, date_from=form.day, date_to=form.day)
    )
    if reference:
        query = query.where(sa.func.lower(Deployment.force_reference) == reference.lower())
    return list(db.session.scalars(query.limit(MOST_FOUND + 1)))


def _when(complaint: Complaint) -> str:
    when = complaint.incident_date
    if when is None:
        return _("Not known")
    if complaint.incident_date_approximate:
        return _("%(month)s (exact day not known)", month=format_date(when, "MMMM yyyy"))
    return format_date(when, "d MMMM yyyy")


@bp.get("/<reference>/deployments")
@case_roles
def find_deployment(reference: str) -> Any:
    """Search the register by force, date and the force's reference, to link by hand.
    Opened without a search, it searches the case's force on the day it gives."""
    complaint = _case(reference)
    if not policy.can_view_case(current_user, complaint):
        refuse("case", reference)
    if request.args:
        form = FindDeploymentForm(formdata=request.args)
    else:
        exact = complaint.incident_date and not complaint.incident_date_approximate
        form = FindDeploymentForm(
            formdata=None,
            data={
                "force": complaint.force.slug if complaint.force else "",
                "deployed_on": f"{complaint.incident_date:%d/%m/%Y}" if exact else "",
            },
        )
    forces = {force.slug: force for force in forces_by_name()}
    form.force.choices = [("", _("Any force"))] + [(slug, f.name) for slug, f in forces.items()]
    asked = bool(request.args) or bool(form.force.data or form.deployed_on.data)
    found = _search(form, forces) if asked and form.validate() else None
    states = {
        link.deployment_id: link.state
        for link in db.session.scalars(
            sa.select(DeploymentLink).where(DeploymentLink.complaint_id == complaint.id)
        )
    }
    return render_template(
        "casework/find_deployment.html",
        complaint=complaint,
        form=form,
        found=found[:MOST_FOUND] if found is not None else None,
        more=found is not None and len(found) > MOST_FOUND,
        states=states,
        when=_when(complaint),
        times=suggestions.times_of,
        can_change=policy.can_change_case(current_user, complaint),
        decision_form=DeploymentDecisionForm(data={"version": complaint.version}, formdata=None),
    ), 400 if form.errors else 200
