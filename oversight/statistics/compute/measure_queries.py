"""The register's figures for the further measures of a release (measures.py builds their
tables), each from one grouped query, as queries.py's are.

Deployment figures are live facial recognition deployments on the period's days. A usage
return counts in the period its own period ends in (a return for April to June counts in
that quarter, and in the year that holds 30 June). Case figures follow queries.py: a
decision is counted when it was issued, a finding when its case was closed with the
outcome issued, a review when it was asked for and again when it was decided, and a
recommendation when it was made, with the force's response as it stood at the period's end.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from oversight.casework.states import ClosureReason
from oversight.complaints.enums import Technology
from oversight.complaints.models import CaseFinding, Complaint, Recommendation, Review
from oversight.deployments.records.models import Deployment, UsageReturn
from oversight.extensions import db
from oversight.statistics.compute.queries import NO_FORCE, Bounds
from oversight.statistics.compute.sql import local_day
from oversight.statistics.models import WorkingDay

AWAITING = "awaiting"  # a recommendation the force had not answered by the period's end


def _in(column: Any, bounds: Bounds) -> Any:
    return sa.and_(column >= bounds[0], column < bounds[1])


def _int(value: Any) -> int | None:
    return None if value is None else int(value)


@dataclass(frozen=True)
class UseFigures:
    """A force's live facial recognition deployments in the period, with what they
    recorded: each sum is over the deployments that recorded the figure (None if none did)."""

    deployments: int
    faces_for_rate: int  # faces seen, over deployments recording faces and false alerts
    false_for_rate: int  # false alerts, over the same deployments
    rate_known: int  # how many deployments those are
    engagements: int | None
    arrests: int | None
    arrests_known: int  # deployments that recorded their arrests
    watchlists_known: int
    watchlist_smallest: int | None
    watchlist_largest: int | None


def lfr_use(start: date, end: date) -> dict[int, UseFigures]:
    """Live facial recognition deployments on the period's days, by force."""
    both = sa.and_(Deployment.faces_seen.is_not(None), Deployment.false_alerts.is_not(None))
    rows = db.session.execute(
        sa.select(
            Deployment.force_id,
            sa.func.count(),
            sa.func.sum(sa.case((both, Deployment.faces_seen))),
            sa.func.sum(sa.case((both, Deployment.false_alerts))),
            sa.func.count(sa.case((both, 1))),
            sa.func.sum(Deployment.engagements),
            sa.func.sum(Deployment.arrests),
            sa.func.count(Deployment.arrests),
            sa.func.count(Deployment.watchlist_size),
            sa.func.min(Deployment.watchlist_size),
            sa.func.max(Deployment.watchlist_size),
        )
        .where(_lfr_on(start, end))
        .group_by(Deployment.force_id)
    )
    return {
        row[0]: UseFigures(
            row[1],
            _int(row[2]) or 0,
            _int(row[3]) or 0,
            row[4],
            _int(row[5]),
            _int(row[6]),
            row[7],
            row[8],
            _int(row[9]),
            _int(row[10]),
        )
        for row in rows
    }


def _lfr_on(start: date, end: date) -> Any:
    return sa.and_(
        Deployment.technology == Technology.LFR,
        Deployment.deployed_on >= start,
        Deployment.deployed_on <= end,
    )


def watchlist_medians(start: date, end: date) -> dict[int, float]:
    """The median watchlist size of each force's deployments that recorded one."""
    place = sa.func.row_number().over(
        partition_by=Deployment.force_id, order_by=Deployment.watchlist_size
    )
    ranked = (
        sa.select(
            Deployment.force_id.label("force_id"),
            Deployment.watchlist_size.label("size"),
            place.label("place"),
            sa.func.count().over(partition_by=Deployment.force_id).label("known"),
        )
        .where(_lfr_on(start, end), Deployment.watchlist_size.is_not(None))
        .subquery()
    )
    middle = sa.and_(
        ranked.c.place >= (ranked.c.known + 1) // 2, ranked.c.place <= (ranked.c.known + 2) // 2
    )
    rows = db.session.execute(
        sa.select(ranked.c.force_id, sa.func.avg(ranked.c.size))
        .where(middle)
        .group_by(ranked.c.force_id)
    )
    return {force: float(median) for force, median in rows}


def all_watchlist_sizes_median(start: date, end: date) -> float | None:
    """The median watchlist size over every force's deployments that recorded one."""
    ranked = (
        sa.select(
            Deployment.watchlist_size.label("size"),
            sa.func.row_number().over(order_by=Deployment.watchlist_size).label("place"),
            sa.func.count().over().label("known"),
        )
        .where(_lfr_on(start, end), Deployment.watchlist_size.is_not(None))
        .subquery()
    )
    middle = sa.and_(
        ranked.c.place >= (ranked.c.known + 1) // 2, ranked.c.place <= (ranked.c.known + 2) // 2
    )
    median = db.session.scalar(sa.select(sa.func.avg(ranked.c.size)).where(middle))
    return None if median is None else float(median)


@dataclass(frozen=True)
class UsageFigures:
    returns: int
    searches: int
    possible_matches: int | None  # None when no return recorded them


def usage_returns(start: date, end: date) -> dict[tuple[int, str], UsageFigures]:
    """Usage returns whose period ends in the period, by force and technology."""
    rows = db.session.execute(
        sa.select(
            UsageReturn.force_id,
            UsageReturn.technology,
            sa.func.count(),
            sa.func.sum(UsageReturn.searches),
            sa.func.sum(UsageReturn.possible_matches),
        )
        .where(UsageReturn.period_end >= start, UsageReturn.period_end <= end)
        .group_by(UsageReturn.force_id, UsageReturn.technology)
    )
    return {
        (force, str(technology)): UsageFigures(count, int(searches or 0), _int(matches))
        for force, technology, count, searches, matches in rows
    }


def _outcome_closed(bounds: Bounds) -> Any:
    return sa.and_(
        _in(Complaint.closed_at, bounds),
        Complaint.closure_reason == ClosureReason.OUTCOME_ISSUED.value,
    )


def findings_by_concern(bounds: Bounds) -> dict[tuple[str, str], int]:
    """The finding on each concern of the cases closed in the period with the outcome issued."""
    rows = db.session.execute(
        sa.select(CaseFinding.concern, CaseFinding.finding, sa.func.count())
        .join(Complaint, Complaint.id == CaseFinding.complaint_id)
        .where(_outcome_closed(bounds))
        .group_by(CaseFinding.concern, CaseFinding.finding)
    )
    return {(str(concern), str(finding)): count for concern, finding, count in rows}


def outcomes_by_force(bounds: Bounds) -> dict[tuple[int, str], int]:
    """Cases closed in the period with the outcome issued, by force and overall finding
    (as queries.findings counts them, split by force)."""
    force = sa.func.coalesce(Complaint.force_id, NO_FORCE)
    outcome = sa.func.coalesce(Complaint.overall_outcome, "not_recorded", type_=sa.String())
    rows = db.session.execute(
        sa.select(force, outcome, sa.func.count())
        .where(_outcome_closed(bounds))
        .group_by(force, outcome)
    )
    return {(force_id, str(key)): count for force_id, key, count in rows}


def decision_days(bounds: Bounds) -> dict[tuple[int, int, bool], int]:
    """Decisions issued in the period (the latest of each case, as queries.timeliness
    counts them), by force, working days from receipt and whether by the due date: how
    many at each, so the quartiles are read from the counts, never from the cases."""
    received, issued = sa.orm.aliased(WorkingDay), sa.orm.aliased(WorkingDay)
    force = sa.func.coalesce(Complaint.force_id, NO_FORCE)
    days = issued.number - received.number
    on_time = local_day(Complaint.decision_issued_at) <= Complaint.decision_by
    each = (
        sa.select(
            force.label("force"),
            days.label("days"),
            sa.case((on_time, 1), else_=0).label("on_time"),
        )
        .select_from(Complaint)
        .join(received, received.day == local_day(Complaint.received_at))
        .join(issued, issued.day == local_day(Complaint.decision_issued_at))
        .where(_in(Complaint.decision_issued_at, bounds))
        .subquery()
    )
    grouped = (each.c.force, each.c.days, each.c.on_time)
    rows = db.session.execute(sa.select(*grouped, sa.func.count()).group_by(*grouped))
    return {(f, int(d), bool(t)): count for f, d, t, count in rows}


def reviews(bounds: Bounds) -> dict[str, int]:
    """Reviews asked for in the period ("requested"), and those decided in it by outcome."""
    requested = db.session.scalar(
        sa.select(sa.func.count()).select_from(Review).where(_in(Review.requested_at, bounds))
    )
    rows = db.session.execute(
        sa.select(Review.outcome, sa.func.count())
        .where(_in(Review.decided_at, bounds), Review.outcome.is_not(None))
        .group_by(Review.outcome)
    )
    return {"requested": requested or 0, **{str(outcome): count for outcome, count in rows}}


def recommendations(bounds: Bounds) -> dict[tuple[int, str], int]:
    """Recommendations made in the period, by force and the force's response as it stood
    at the period's end (AWAITING if it had not answered by then)."""
    answered = sa.and_(
        Recommendation.response.is_not(None), Recommendation.responded_at < bounds[1]
    )
    response = sa.case((answered, sa.cast(Recommendation.response, sa.String())), else_=AWAITING)
    rows = db.session.execute(
        sa.select(Recommendation.force_id, response, sa.func.count())
        .where(_in(Recommendation.created_at, bounds))
        .group_by(Recommendation.force_id, response)
    )
    return {(force, str(key)): count for force, key, count in rows}
