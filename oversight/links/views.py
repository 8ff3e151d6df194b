"""Linking a case to the deployments it concerns: confirm or reject a suggestion, find
a deployment and link it by hand, unlink.

Every action is a case action (oversight.casework.page.run_action): it validates the
form, calls a service in oversight.links.services, commits once and returns to the case
page, or shows the case page again with what went wrong.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from flask import Blueprint, abort, render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user

from oversight import formatting, policy
from oversight.access import refuse
from oversight.auth.models import User
from oversight.casework.page import case_roles, find_case, run_action
from oversight.complaints.models import Complaint
from oversight.deployments.records.models import Deployment
from oversight.deployments.records.queries import RegisterFilters, deployments_query
from oversight.extensions import db
from oversight.forces.models import Force, forces_by_name
from oversight.links import services, suggestions
from oversight.links.case_page import DeploymentDecisionForm, FindDeploymentForm, LinkDeploymentForm
from oversight.links.models import DeploymentLink

bp = Blueprint("linking", __name__, url_prefix="/staff/cases")

MOST_FOUND = 50
Change = Callable[[Complaint, Deployment, User, int], DeploymentLink]


def _decide(reference: str, deployment_id: int, change: Change, done: str) -> ResponseReturnValue:
    def act(complaint: Complaint, form: DeploymentDecisionForm) -> None:
        deployment = suggestions.find(deployment_id)
        if deployment is None:
            abort(404)
        change(complaint, deployment, current_user, form.version.data)

    return run_action(reference, DeploymentDecisionForm(), "deployment_decision_form", act, done)


@bp.post("/<reference>/deployments/<int:deployment_id>/confirm")
@case_roles
def confirm(reference: str, deployment_id: int) -> ResponseReturnValue:
    return _decide(reference, deployment_id, services.confirm, _("Deployment linked to the case."))


@bp.post("/<reference>/deployments/<int:deployment_id>/reject")
@case_roles
def reject(reference: str, deployment_id: int) -> ResponseReturnValue:
    return _decide(
        reference,
        deployment_id,
        services.reject,
        _("Deployment rejected. It will not be suggested for this case again."),
    )


@bp.post("/<reference>/deployments/<int:deployment_id>/unlink")
@case_roles
def unlink(reference: str, deployment_id: int) -> ResponseReturnValue:
    return _decide(
        reference, deployment_id, services.unlink, _("Deployment unlinked from the case.")
    )


@bp.post("/<reference>/deployments/link")
@case_roles
def link_by_number(reference: str) -> ResponseReturnValue:
    return run_action(
        reference,
        LinkDeploymentForm(),
        "deployment_link_form",
        lambda c, f: services.link_by_number(
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
    """When the case says it happened: the day, or the month when the day is not known."""
    if complaint.incident_date is None:
        return str(_("Not known"))
    return formatting.day_or_month(complaint.incident_date, complaint.incident_date_approximate)


@bp.get("/<reference>/deployments")
@case_roles
def find_deployment(reference: str) -> ResponseReturnValue:
    """Search the register by force, date and the force's reference, to link by hand.
    Opened without a search, it searches the case's force on the day it gives."""
    complaint = find_case(reference)
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
    form.force.offer(forces.values())
    asked = bool(request.args) or bool(form.force.data or form.deployed_on.data)
    found = _search(form, forces) if asked and form.validate() else None
    states = {
        link.deployment_id: link.state
        for link in db.session.scalars(
            sa.select(DeploymentLink).where(DeploymentLink.complaint_id == complaint.id)
        )
    }
    return render_template(
        "links/find_deployment.html",
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
