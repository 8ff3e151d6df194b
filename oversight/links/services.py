"""A caseworker's changes to a case's links to deployments: confirm, reject, unlink.

These follow the case actions in oversight.casework.changes: each refuses a change
sent from an older page of the case (CaseChanged), asks oversight.policy whether the
user may change the case (NotPermitted), refuses what cannot be done with a CaseProblem
naming the field at fault, bumps the case's version, and writes a timeline entry and the
audit event "case.deployment_link_changed" in the caller's transaction. Nothing commits.

A link's state moves between confirmed and rejected as the caseworker decides; a link
the complainant named stays "named by the complainant" until a caseworker confirms or
rejects it. Unlinking keeps the row as rejected, so the deployment is not suggested
again and the case's history of it stays; it may be confirmed again later.
"""

from __future__ import annotations

from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

from oversight import policy
from oversight.auth.models import User
from oversight.casework.changes import CaseProblem, NotPermitted, actor_of, claim, expect_version
from oversight.complaints.models import Complaint
from oversight.deployments.records.models import Deployment
from oversight.extensions import db
from oversight.links.enums import LinkState
from oversight.links.models import DeploymentLink
from oversight.links.suggestions import describe, existing_link, find, record_link_change
from oversight.models import utcnow

FIELD = "deployment_id"


def _may_change(complaint: Complaint, by: User, version: int) -> None:
    expect_version(complaint, version)
    if not policy.can_change_case(by, complaint):
        raise NotPermitted


def _decide(
    complaint: Complaint,
    deployment: Deployment,
    state: LinkState,
    link: DeploymentLink | None,
    by: User,
) -> DeploymentLink:
    actor = actor_of(by)
    if link is None:
        link = DeploymentLink(
            complaint_id=complaint.id, deployment_id=deployment.id, state=state, created_by=actor
        )
        db.session.add(link)
    link.state = state
    link.decided_by = actor
    link.decided_at = utcnow()
    return link


def confirm(complaint: Complaint, deployment: Deployment, by: User, version: int) -> DeploymentLink:
    """Link the case to the deployment: a suggestion, one the complainant named, one
    rejected before, or any deployment found by hand."""
    _may_change(complaint, by, version)
    link = existing_link(complaint, deployment)
    if link is not None and link.state is LinkState.CONFIRMED:
        raise CaseProblem(FIELD, _l("This deployment is already linked to the case"))
    claim(complaint, version)
    link = _decide(complaint, deployment, LinkState.CONFIRMED, link, by)
    body = _("Deployment linked: %(deployment)s", deployment=describe(deployment))
    record_link_change(complaint, deployment, LinkState.CONFIRMED.value, actor_of(by), body)
    return link


def reject(complaint: Complaint, deployment: Deployment, by: User, version: int) -> DeploymentLink:
    """Not this one: a suggestion, or the deployment the complainant named."""
    _may_change(complaint, by, version)
    link = existing_link(complaint, deployment)
    if link is not None and link.state is LinkState.REJECTED:
        raise CaseProblem(FIELD, _l("This deployment has already been rejected"))
    if link is not None and link.state is LinkState.CONFIRMED:
        raise CaseProblem(FIELD, _l("This deployment is linked to the case: unlink it instead"))
    claim(complaint, version)
    link = _decide(complaint, deployment, LinkState.REJECTED, link, by)
    body = _("Deployment rejected: %(deployment)s", deployment=describe(deployment))
    record_link_change(complaint, deployment, LinkState.REJECTED.value, actor_of(by), body)
    return link


def unlink(complaint: Complaint, deployment: Deployment, by: User, version: int) -> DeploymentLink:
    """Undo a confirmed link (kept as rejected: see the module's notes)."""
    _may_change(complaint, by, version)
    link = existing_link(complaint, deployment)
    if link is None or link.state is not LinkState.CONFIRMED:
        raise CaseProblem(FIELD, _l("This deployment is not linked to the case"))
    claim(complaint, version)
    link = _decide(complaint, deployment, LinkState.REJECTED, link, by)
    body = _("Deployment unlinked: %(deployment)s", deployment=describe(deployment))
    record_link_change(complaint, deployment, LinkState.REJECTED.value, actor_of(by), body)
    return link


def link_by_number(
    complaint: Complaint, deployment_id: int, by: User, version: int
) -> DeploymentLink:
    """Link any deployment by its register number, as a caseworker typed it."""
    _may_change(complaint, by, version)
    deployment = find(deployment_id)
    if deployment is None:
        raise CaseProblem(FIELD, _l("There is no deployment with that register number"))
    return confirm(complaint, deployment, by, version)
