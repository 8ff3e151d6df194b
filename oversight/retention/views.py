"""The administrators' retention page: the schedule as configured, what a run would do
today (the dry run's counts by kind), and every legal hold for review."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template

from oversight.access import roles_required
from oversight.auth.models import Role
from oversight.models import utcnow
from oversight.retention import holds, run
from oversight.retention.schedule import rule_for, schedule

bp = Blueprint("retention", __name__, url_prefix="/staff/retention")


@bp.get("")
@roles_required(Role.ADMINISTRATOR)
def overview() -> str:
    config = current_app.config
    now = utcnow()
    today = run.today_in_the_uk(now)
    plan = run.plan(config, today, now)
    due = [(rule_for(config, kind), count) for kind, count in plan.counts().items()]
    return render_template(
        "retention/overview.html",
        rules=schedule(config),
        plan=plan,
        due=due,
        active=holds.active_holds(),
        released=holds.released_holds(),
    )
