"""Staff pages for statistics releases: the list, preparing, recomputing, approving,
withdrawing an approval, and preparing a revision.

Statisticians prepare and recompute; publishers approve, and never a release they
prepared themselves (the service refuses it and the database would too). Every page
first publishes whatever has come due, so each release shows its status as it is now.
Each action carries the version of the release the page showed: one taken from an
out-of-date page is refused, the page shown again as it now is, and nothing typed lost.
The views read the form, call a service with plain values, commit once and redirect.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import defer, joinedload
from werkzeug.routing import BuildError
from werkzeug.wrappers import Response

from oversight import formatting
from oversight.access import refuse, roles_required
from oversight.auth.models import Role, User
from oversight.extensions import db
from oversight.statistics import calendar, checks, periods, services
from oversight.statistics.enums import ReleaseStatus
from oversight.statistics.models import StatisticsRelease
from oversight.statistics.periods import Period
from oversight.statistics.web import forms

# /staff/statistics: preparing, recomputing, approving and revising.
bp = Blueprint("statistics_staff", __name__, url_prefix="/staff/statistics")

STATISTICS_ROLES = (Role.STATISTICIAN, Role.PUBLISHER)
statistics_roles = roles_required(*STATISTICS_ROLES)


def stale_message() -> str:
    return str(
        _(
            "Someone else changed this release while you had it open, so nothing was done. "
            "Check it as it is now, then try again."
        )
    )


@bp.context_processor
def _helpers() -> dict[str, Callable[[datetime | None], str]]:
    return {"uk_time": uk_time}


def uk_time(moment: datetime | None) -> str:
    """A moment as the clocks in the UK show it."""
    return formatting.date_at_time(moment)


# What the signed-in person may do to a release ------------------------------------------------


@dataclass(frozen=True)
class Actions:
    """The actions a release page offers; the services enforce the same rules."""

    recompute: bool
    approve: bool
    own_draft: bool  # a publisher looking at a draft they prepared: someone else approves
    staff_only: bool  # a release for given dates: for staff analysis, never approved
    withdraw: bool
    revise: bool
    newer: StatisticsRelease | None  # a later revision of the same period, if any


def actions_for(user: User, release: StatisticsRelease) -> Actions:
    roles = user.roles
    latest = services.latest(release.slug)
    newer = latest if latest is not None and latest.id != release.id else None
    draft = release.status is ReleaseStatus.DRAFT
    own = release.prepared_by_id == user.id
    standard = release.period.standard
    return Actions(
        recompute=draft and Role.STATISTICIAN in roles,
        approve=draft and standard and Role.PUBLISHER in roles and not own,
        own_draft=draft and standard and Role.PUBLISHER in roles and own,
        staff_only=not standard,
        withdraw=release.status is ReleaseStatus.APPROVED and Role.PUBLISHER in roles,
        revise=release.status is ReleaseStatus.PUBLISHED
        and newer is None
        and Role.STATISTICIAN in roles,
        newer=newer,
    )


# Pages -------------------------------------------------------------------------------------


def _release(release_id: int) -> StatisticsRelease:
    release = db.session.get(StatisticsRelease, release_id)
    if release is None:
        abort(404)
    return release


def _detail(release: StatisticsRelease) -> Response:
    return redirect(url_for("statistics_staff.release_detail", release_id=release.id))


@bp.get("")
@statistics_roles
def release_list() -> str:
    services.publish_due_and_commit()
    # The list shows no figures: the content of every release stays in the database.
    releases = db.session.scalars(
        sa.select(StatisticsRelease)
        .options(joinedload(StatisticsRelease.prepared_by), defer(StatisticsRelease.content))
        .order_by(StatisticsRelease.prepared_at.desc(), StatisticsRelease.id.desc())
    ).all()
    at_risk = checks.latest_risks(releases)  # releases out whose check found a [c] at risk
    return render_template("statistics/staff/list.html", releases=releases, at_risk=at_risk)


def _show(
    release: StatisticsRelease,
    *,
    form: forms.ApproveForm | None = None,
    problem: str | None = None,
    status: int = 200,
) -> tuple[str, int]:
    """The release page, with the approval form as it was sent (if it was)."""
    if form is None:
        form = forms.ApproveForm(formdata=None, version=release.version)
    _showing(form, release)
    disclosure = checks.disclosure_check(release) if release.status is ReleaseStatus.DRAFT else None
    db.session.commit()  # the check kept for this state; a refused action was rolled back
    return (
        render_template(
            "statistics/staff/release.html",
            release=release,
            form=form,
            problem=problem,
            actions=actions_for(current_user, release),
            disclosure=disclosure,
            announced=calendar.announced_moment(release),
            content=release.content,
            public_url=_public_url(release),
        ),
        status,
    )


def _public_url(release: StatisticsRelease) -> str | None:
    """The public page of a published release, once that page exists."""
    if not release.public:
        return None
    try:
        if release.status is ReleaseStatus.SUPERSEDED:
            return url_for("statistics.revision", slug=release.slug, revision=release.revision)
        return url_for("statistics.release", slug=release.slug)
    except BuildError:
        return None


def _showing(form: forms.VersionForm, release: StatisticsRelease) -> None:
    """Carry the version shown now, so the next action is checked against this page."""
    form.version.data = release.version
    form.version.raw_data = [str(release.version)]


@bp.get("/<int:release_id>")
@statistics_roles
def release_detail(release_id: int) -> ResponseReturnValue:
    services.publish_due_and_commit()
    return _show(_release(release_id))


@bp.route("/new", methods=["GET", "POST"])
@roles_required(Role.STATISTICIAN)
def prepare_release() -> ResponseReturnValue:
    form = forms.PrepareForm()
    if not form.is_submitted():
        return _prepare_page(form)
    if not form.validate():
        return _prepare_page(form, status=400)
    period = form.period
    assert period is not None
    try:
        release = services.prepare(period, current_user)
        db.session.commit()
    except services.NotPermitted:
        refuse("statistics_release")
    except (services.ReleaseProblem, IntegrityError) as problem:
        db.session.rollback()
        existing = services.latest(period.slug)
        form.show_period_problem(_prepare_problem(problem, period, existing))
        return _prepare_page(form, existing, status=400)
    if period.standard:
        flash(_("Release prepared for %(period)s. It is a draft.", period=period.label))
    else:
        flash(_("Release prepared for %(period)s, for staff analysis only.", period=period.label))
    return _detail(release)


def _prepare_page(
    form: forms.PrepareForm, existing: StatisticsRelease | None = None, status: int = 200
) -> tuple[str, int]:
    return (
        render_template(
            "statistics/staff/prepare.html",
            form=form,
            existing=existing,
            lag_days=periods.lag_days(),
        ),
        status,
    )


def _prepare_problem(problem: Exception, period: Period, existing: StatisticsRelease | None) -> str:
    if existing is not None and existing.public:
        return str(
            _(
                "%(period)s has already been published. To correct it, open its release and "
                "prepare a revision",
                period=period.label,
            )
        )
    if isinstance(problem, services.ReleaseProblem):
        return str(problem)
    return str(
        _(
            "There is already a release for %(period)s being prepared: change that one",
            period=period.label,
        )
    )


@bp.post("/<int:release_id>/recompute")
@roles_required(Role.STATISTICIAN)
def recompute_release(release_id: int) -> ResponseReturnValue:
    release = _release(release_id)
    form = forms.VersionForm()
    if not form.validate():
        return _show(release, problem=stale_message(), status=400)
    try:
        changed = services.recompute(release, current_user, version=form.version.data)
        db.session.commit()
    except services.NotPermitted:
        refuse("statistics_release", str(release_id))
    except services.ReleaseProblem as problem:
        return _refused(release, form.version.data, problem)
    if changed:
        flash(_("Figures recomputed from the register as it is now. They have changed."))
    else:
        flash(_("Figures recomputed from the register as it is now. Nothing has changed."))
    return _detail(release)


def _refused(
    release: StatisticsRelease,
    sent: int | None,
    problem: services.ReleaseProblem,
    form: forms.ApproveForm | None = None,
) -> tuple[str, int]:
    """The release page again, as it now is, saying why nothing was done."""
    db.session.rollback()
    stale = sent != release.version
    message = stale_message() if stale else str(problem)
    return _show(release, form=form, problem=message, status=409 if stale else 400)


@bp.post("/<int:release_id>/approve")
@roles_required(Role.PUBLISHER)
def approve_release(release_id: int) -> ResponseReturnValue:
    release = _release(release_id)
    form = forms.ApproveForm()
    if not form.validate():
        if form.version.errors:
            return _show(release, form=form, problem=stale_message(), status=400)
        return _show(release, form=form, status=400)
    assert form.publish_at is not None
    try:
        services.approve(release, current_user, form.publish_at, version=form.version.data)
        # Due now? Then it is published in the same transaction as its approval.
        published = release in services.publish_due()
        db.session.commit()
    except services.NotPermitted:
        refuse("statistics_release", str(release_id))
    except services.ReleaseProblem as problem:
        return _refused(release, form.version.data, problem, form)
    if published:
        flash(_("Release approved and published."))
    else:
        flash(
            _(
                "Release approved. It will be published on %(when)s (UK time).",
                when=uk_time(release.publish_at),
            )
        )
    return _detail(release)


@bp.post("/<int:release_id>/withdraw-approval")
@roles_required(Role.PUBLISHER)
def withdraw_approval(release_id: int) -> ResponseReturnValue:
    release = _release(release_id)
    form = forms.VersionForm()
    if not form.validate():
        return _show(release, problem=stale_message(), status=400)
    try:
        services.withdraw_approval(release, current_user, version=form.version.data)
        db.session.commit()
    except services.NotPermitted:
        refuse("statistics_release", str(release_id))
    except services.ReleaseProblem as problem:
        return _refused(release, form.version.data, problem)
    flash(_("Approval withdrawn. The release is a draft again and will not be published."))
    return _detail(release)


@bp.route("/<int:release_id>/revise", methods=["GET", "POST"])
@roles_required(Role.STATISTICIAN)
def prepare_revision(release_id: int) -> ResponseReturnValue:
    services.publish_due_and_commit()
    release = _release(release_id)
    actions = actions_for(current_user, release)
    form = forms.RevisionForm()
    if not form.is_submitted():
        if not actions.revise:
            flash(_revision_refused(actions.newer))
            return _detail(release)
        _showing(form, release)
        return _revision_page(release, form, actions.newer)
    if not form.validate():
        return _revision_page(release, form, actions.newer, status=400)
    stale = form.version.data != release.version
    if stale or not actions.revise:
        _showing(form, release)
        problem = stale_message() if stale else _revision_refused(actions.newer)
        return _revision_page(release, form, actions.newer, problem, status=409)
    try:
        revision = services.prepare(
            release.period, current_user, revision_note=form.revision_note.data
        )
        db.session.commit()
    except services.NotPermitted:
        refuse("statistics_release", str(release_id))
    except (services.ReleaseProblem, IntegrityError) as problem:
        db.session.rollback()
        _showing(form, release)
        newer = actions_for(current_user, release).newer
        if newer is None and isinstance(problem, services.ReleaseProblem):
            # Not a revision begun elsewhere: the period itself (its lag not yet passed).
            return _revision_page(release, form, newer, str(problem), status=400)
        return _revision_page(release, form, newer, _revision_refused(newer), status=409)
    flash(
        _(
            "Revision %(revision)s prepared for %(period)s. It is a draft: the published "
            "release stays as it is until the revision is approved and published.",
            revision=revision.revision,
            period=release.period.label,
        )
    )
    return _detail(revision)


def _revision_refused(newer: StatisticsRelease | None) -> str:
    """Why a release cannot be revised, given its later revision (if it has one)."""
    if newer is not None:
        return str(
            _(
                "Revision %(revision)s of this release is already being prepared or published: "
                "change that one",
                revision=newer.revision,
            )
        )
    return str(_("Only a published release can be revised"))


def _revision_page(
    release: StatisticsRelease,
    form: forms.RevisionForm,
    newer: StatisticsRelease | None,
    problem: str | None = None,
    status: int = 200,
) -> tuple[str, int]:
    return (
        render_template(
            "statistics/staff/revise.html",
            release=release,
            form=form,
            problem=problem,
            newer=newer,
        ),
        status,
    )
