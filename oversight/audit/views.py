"""Administrators read and filter the audit log."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import sqlalchemy as sa
from flask import Blueprint, render_template, request

from oversight.access import actor, roles_required
from oversight.audit import services as audit
from oversight.audit.models import AuditEvent
from oversight.auth.models import Role
from oversight.extensions import db
from oversight.forms import clean_line

bp = Blueprint("audit", __name__, url_prefix="/staff/audit")
PAGE_SIZE = 50
FILTERS = ("action", "actor", "object_id", "outcome", "date_from", "date_to")


def _day(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def filtered(filters: dict[str, str]) -> sa.Select[tuple[AuditEvent]]:
    query = sa.select(AuditEvent)
    if filters.get("action"):
        query = query.where(AuditEvent.action.startswith(filters["action"], autoescape=True))
    if filters.get("actor"):
        query = query.where(AuditEvent.actor == filters["actor"])
    if filters.get("object_id"):
        query = query.where(AuditEvent.object_id == filters["object_id"])
    if filters.get("outcome"):
        # An outcome outside the list matches nothing (the enum column would refuse it).
        known = filters["outcome"] in audit.OUTCOMES
        query = query.where(AuditEvent.outcome == filters["outcome"] if known else sa.false())
    # Days in UTC, as the log shows its times: what an administrator sees is what matches.
    if start := _day(filters.get("date_from", "")):
        query = query.where(AuditEvent.at >= datetime.combine(start, time(), UTC))
    if (end := _day(filters.get("date_to", ""))) and end < date.max:
        query = query.where(AuditEvent.at < datetime.combine(end + timedelta(days=1), time(), UTC))
    return query


@bp.get("")
@roles_required(Role.ADMINISTRATOR)
def audit_log() -> str:
    # No NUL characters: PostgreSQL refuses them in a string parameter.
    filters = {name: clean_line(request.args.get(name, ""))[:100] for name in FILTERS}
    chosen = {name: value for name, value in filters.items() if value}
    query = filtered(filters)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(query.subquery())) or 0
    pages = max((total + PAGE_SIZE - 1) // PAGE_SIZE, 1)
    # A page past the end shows the last one (and never asks the database for a vast offset).
    page = min(max(request.args.get("page", 1, type=int) or 1, 1), pages)
    events = list(
        db.session.scalars(
            query.order_by(AuditEvent.seq.desc()).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
        )
    )
    audit.record(
        "audit.viewed",
        actor=actor(),
        object_type="audit_log",
        filters=chosen,
    )
    db.session.commit()
    return render_template(
        "audit/audit_log.html",
        events=events,
        filters=filters,
        chosen=chosen,
        page=page,
        pages=pages,
        total=total,
        outcomes=sorted(audit.OUTCOMES),
    )
