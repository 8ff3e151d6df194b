"""The register's figures for one period, each from one grouped query.

Every function takes the period's bounds (UTC moments from its first local midnight to
the one after it) or its dates, and returns plain counts keyed by what they are grouped
by. Nothing loads cases into Python: the database counts, sums and finds medians.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

import sqlalchemy as sa

from oversight.casework.states import ClosureReason
from oversight.complaints.enums import Status, Technology, TimelineKind
from oversight.complaints.models import Complaint, ComplaintConcern, TimelineEntry
from oversight.deployments.records.models import Deployment
from oversight.extensions import db
from oversight.notify.models import MessageKind, OutboxMessage
from oversight.statistics.compute.sql import local_day
from oversight.statistics.models import WorkingDay

Bounds = tuple[datetime, datetime]
NO_FORCE = 0  # the key of complaints that name no force
# Open cases by how many working days old they are at the period's end: (label key, up to).
AGE_BANDS = (("up_to_10", 10), ("11_to_60", 60), ("61_to_120", 120), ("over_120", None))


def _in(column: Any, bounds: Bounds) -> Any:
    return sa.and_(column >= bounds[0], column < bounds[1])


def _counts(statement: sa.Select[Any]) -> dict[Any, int]:
    return {
        tuple(row[:-1]) if len(row) > 2 else row[0]: row[-1]
        for row in db.session.execute(statement)
    }


def received_by(column: Any, bounds: Bounds) -> dict[Any, int]:
    """Complaints received in the period by one of their columns."""
    return _counts(
        sa.select(column, sa.func.count())
        .where(_in(Complaint.received_at, bounds))
        .group_by(column)
    )


def received_by_force_and_technology(bounds: Bounds) -> dict[tuple[int, str], int]:
    force = sa.func.coalesce(Complaint.force_id, NO_FORCE)
    rows = db.session.execute(
        sa.select(force, Complaint.technology, sa.func.count())
        .where(_in(Complaint.received_at, bounds))
        .group_by(force, Complaint.technology)
    )
    return {(force_id, str(technology)): count for force_id, technology, count in rows}


def received_by_concern(bounds: Bounds) -> dict[str, int]:
    rows = db.session.execute(
        sa.select(ComplaintConcern.concern, sa.func.count())
        .join(Complaint, Complaint.id == ComplaintConcern.complaint_id)
        .where(_in(Complaint.received_at, bounds))
        .group_by(ComplaintConcern.concern)
    )
    return {str(concern): count for concern, count in rows}


def _first_decisions(bounds: Bounds) -> Any:
    """The triage decisions made in the period: a case's first move to investigating or to
    closed, when it falls in the period. Only the period's moves are read, each checked
    for an earlier one (through the timeline's index on the case), so the cost follows
    the period, not the whole history."""
    move, earlier = sa.orm.aliased(TimelineEntry), sa.orm.aliased(TimelineEntry)
    decisions = (Status.INVESTIGATING, Status.CLOSED)
    before = sa.exists().where(
        earlier.complaint_id == move.complaint_id,
        earlier.kind == TimelineKind.STATUS_CHANGE,
        earlier.to_status.in_(decisions),
        sa.or_(earlier.at < move.at, sa.and_(earlier.at == move.at, earlier.id < move.id)),
    )
    return (
        sa.select(move.complaint_id, move.at, move.to_status, move.reason)
        .where(
            move.kind == TimelineKind.STATUS_CHANGE,
            move.to_status.in_(decisions),
            _in(move.at, bounds),
            ~before,
        )
        .subquery()
    )


def triage_outcomes(bounds: Bounds) -> dict[str, int]:
    """Cases whose triage decision fell in the period: 'investigating', or the closure reason."""
    first = _first_decisions(bounds)
    outcome = sa.case(
        (first.c.to_status == Status.INVESTIGATING.value, "investigating"),
        else_=sa.func.coalesce(first.c.reason, "closed"),
    )
    rows = db.session.execute(sa.select(outcome, sa.func.count()).group_by(outcome))
    return dict(rows.tuples().all())


def referrals(bounds: Bounds) -> dict[str, int]:
    """Cases closed in the period by referral to another body, by the body. Here and in
    findings, closed_at is a case's latest closure: a case reopened and closed again
    counts in the period it was last closed in."""
    body = sa.func.coalesce(Complaint.referred_to, "not_recorded", type_=sa.String())
    rows = db.session.execute(
        sa.select(body, sa.func.count())
        .where(
            _in(Complaint.closed_at, bounds),
            Complaint.closure_reason == ClosureReason.REFERRED.value,
        )
        .group_by(body)
    )
    return dict(rows.tuples().all())


def findings(bounds: Bounds) -> dict[str, int]:
    """Cases closed in the period with their outcome issued, by the overall finding.
    (Read as plain text: "not_recorded" is no Finding, so the enum type would refuse it.)"""
    outcome = sa.func.coalesce(Complaint.overall_outcome, "not_recorded", type_=sa.String())
    rows = db.session.execute(
        sa.select(outcome, sa.func.count())
        .where(
            _in(Complaint.closed_at, bounds),
            Complaint.closure_reason == ClosureReason.OUTCOME_ISSUED.value,
        )
        .group_by(outcome)
    )
    return {str(key): count for key, count in rows}


def _closings_less_reopenings(end: datetime) -> Any:
    """For the case in hand: its closures less its reopenings before `end` (1 if it was
    closed then, 0 if not), or NULL when it has no status changes recorded."""
    into, out_of, closed = TimelineEntry.to_status, TimelineEntry.from_status, Status.CLOSED
    return (
        sa.select(
            sa.func.sum(sa.case((into == closed, 1), else_=0))
            - sa.func.sum(sa.case((out_of == closed, 1), else_=0))
        )
        .where(
            TimelineEntry.complaint_id == Complaint.id,
            TimelineEntry.kind == TimelineKind.STATUS_CHANGE,
            TimelineEntry.at < end,
        )
        .scalar_subquery()
    )


def open_caseload(bounds: Bounds, last_day: date) -> dict[str, int]:
    """Cases received before the period ended and not closed then, by working days old.

    closed_at is a case's latest closure. A case never reopened on review is open at the
    end unless closed_at is before it. A reopened case (review_requested_at set; few are)
    was closed at the end if its status changes up to then closed it more often than they
    reopened it; with no status changes recorded, if closed_at is before the end and it
    was not reopened between then and the end.
    """
    end = bounds[1]
    received = sa.orm.aliased(WorkingDay)
    closing = sa.select(WorkingDay.number).where(WorkingDay.day == last_day).scalar_subquery()
    age = closing - received.number
    band = sa.case(
        *[(age <= upto, key) for key, upto in AGE_BANDS if upto is not None],
        else_=AGE_BANDS[-1][0],
    )
    closed_at, review = Complaint.closed_at, Complaint.review_requested_at
    open_by_columns = sa.or_(
        closed_at.is_(None),
        closed_at >= end,
        sa.and_(review >= closed_at, review < end),
    )
    still_open = sa.case(
        (review.is_(None), sa.or_(closed_at.is_(None), closed_at >= end)),
        else_=sa.func.coalesce(_closings_less_reopenings(end) <= 0, open_by_columns),
    )
    rows = db.session.execute(
        sa.select(band, sa.func.count())
        .select_from(Complaint)
        .join(received, received.day == local_day(Complaint.received_at))
        .where(
            Complaint.received_at < end,
            # The same test, cheaply first: lets PostgreSQL use the indexes on both columns.
            sa.or_(closed_at.is_(None), closed_at >= end, review.is_not(None)),
            still_open,
        )
        .group_by(band)
    )
    return dict(rows.tuples().all())


@dataclass(frozen=True)
class Timeliness:
    cases: int
    within_target: int
    median_days: float | None


def _timeliness(events: Any, bounds: Bounds) -> Timeliness:
    """`events` has complaint_id and `at`, one row a case: how many fell in the period,
    how many by the case's due date (`due`), and the median working days from receipt."""
    received, happened = sa.orm.aliased(WorkingDay), sa.orm.aliased(WorkingDay)
    days = (happened.number - received.number).label("days")
    on_time = sa.case((local_day(events.c.at) <= events.c.due, 1), else_=0)
    ranked = (
        sa.select(
            days,
            on_time.label("on_time"),
            sa.func.row_number().over(order_by=days).label("place"),
            sa.func.count().over().label("cases"),
        )
        .select_from(events)
        .join(Complaint, Complaint.id == events.c.complaint_id)
        .join(received, received.day == local_day(Complaint.received_at))
        .join(happened, happened.day == local_day(events.c.at))
        .where(_in(events.c.at, bounds))
        .subquery()
    )
    middle = sa.and_(
        ranked.c.place >= (ranked.c.cases + 1) // 2, ranked.c.place <= (ranked.c.cases + 2) // 2
    )
    cases, within, median = db.session.execute(
        sa.select(
            sa.func.count(),
            sa.func.coalesce(sa.func.sum(ranked.c.on_time), 0),
            sa.func.avg(sa.case((middle, ranked.c.days))),
        )
    ).one()
    return Timeliness(cases, int(within), None if median is None else float(median))


def timeliness(bounds: Bounds) -> dict[str, Timeliness]:
    """Acknowledgements, triage decisions and decisions made in the period.

    A case is acknowledged by its first acknowledgement: when it was sent or, never sent
    (no address, or no mail server), when it was written. Its triage decision is its
    first move to investigating or closed; its decision, the latest issued.
    """
    acknowledged = (
        sa.select(
            OutboxMessage.complaint_id,
            sa.func.min(sa.func.coalesce(OutboxMessage.sent_at, OutboxMessage.created_at)).label(
                "at"
            ),
        )
        .where(OutboxMessage.kind == MessageKind.ACKNOWLEDGEMENT)
        .group_by(OutboxMessage.complaint_id)
        .subquery()
    )
    acknowledged = (
        sa.select(
            acknowledged.c.complaint_id, acknowledged.c.at, Complaint.acknowledge_by.label("due")
        )
        .join(Complaint, Complaint.id == acknowledged.c.complaint_id)
        .subquery()
    )
    first = _first_decisions(bounds)
    triaged = (
        sa.select(first.c.complaint_id, first.c.at, Complaint.triage_by.label("due"))
        .join(Complaint, Complaint.id == first.c.complaint_id)
        .subquery()
    )
    decided = (
        sa.select(
            Complaint.id.label("complaint_id"),
            Complaint.decision_issued_at.label("at"),
            Complaint.decision_by.label("due"),
        )
        .where(Complaint.decision_issued_at.is_not(None))
        .subquery()
    )
    return {
        "acknowledge": _timeliness(acknowledged, bounds),
        "triage": _timeliness(triaged, bounds),
        "decide": _timeliness(decided, bounds),
    }


@dataclass(frozen=True)
class DeploymentFigures:
    deployments: int
    faces_seen: int | None  # None when no deployment in the period recorded it
    alerts: int | None
    false_alerts: int | None
    # Deployments whose alerts and false alerts are both known: the false alert rate's base.
    alerts_known: int
    alerts_for_rate: int
    false_alerts_for_rate: int


def deployments_by_force(start: date, end: date) -> dict[int, DeploymentFigures]:
    """Live facial recognition deployments on the period's days, by force. (Deployments
    of other technologies are recorded too, but faces seen and alerts are LFR's.)"""
    both_known = sa.and_(Deployment.alerts.is_not(None), Deployment.false_alerts.is_not(None))
    rows = db.session.execute(
        sa.select(
            Deployment.force_id,
            sa.func.count(),
            sa.func.sum(Deployment.faces_seen),
            sa.func.sum(Deployment.alerts),
            sa.func.sum(Deployment.false_alerts),
            sa.func.count(sa.case((both_known, 1))),
            sa.func.sum(sa.case((both_known, Deployment.alerts))),
            sa.func.sum(sa.case((both_known, Deployment.false_alerts))),
        )
        .where(
            Deployment.technology == Technology.LFR,
            Deployment.deployed_on >= start,
            Deployment.deployed_on <= end,
        )
        .group_by(Deployment.force_id)
    )
    return {
        force_id: DeploymentFigures(
            count,
            _int(faces),
            _int(alerts),
            _int(false_alerts),
            known,
            _int(rate_alerts) or 0,
            _int(rate_false) or 0,
        )
        for force_id, count, faces, alerts, false_alerts, known, rate_alerts, rate_false in rows
    }


def _int(value: Any) -> int | None:
    return None if value is None else int(value)
