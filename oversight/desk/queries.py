"""What the desk counts and lists, each from the queue's own query.

Every count is `queries.base_query` for the filters of its link to the queue, counted;
every list is the first rows the queue shows for those filters (soonest due first, cases
with no deadline last, as the queue's `sort=due` puts them). A person's counts come back
in one statement, the team's in another, and each person's load in one grouped count:
a few statements whatever the number of staff or cases.

A line of a list carries what the queue shows of a case and no more (reference, status,
due date, force): never anything about the complainant.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from oversight.casework import queries
from oversight.casework.queries import QueueFilters
from oversight.complaints.enums import Status
from oversight.complaints.models import Complaint
from oversight.extensions import db
from oversight.forces.models import Force

# How many of a person's own cases the desk lists, and how many of each other list.
MY_ROWS = 10
LIST_ROWS = 5

# The queue's filters behind each count (every link opens soonest due first).
MINE = QueueFilters(assignee="mine", sort="due")
MINE_OVERDUE = QueueFilters(assignee="mine", overdue=True, sort="due")
MINE_DUE_SOON = QueueFilters(assignee="mine", due_soon=True, sort="due")
MINE_REPLIED = QueueFilters(assignee="mine", replied=True, sort="due")
UNASSIGNED = QueueFilters(assignee="unassigned", sort="due")
AWAITING_SIGN_OFF = QueueFilters(sign_off=True, sort="due")
MINE_TO_SIGN_OFF = QueueFilters(sign_off=True, findings_by="mine", sort="due")
REVIEWS = QueueFilters(status=Status.REVIEW_REQUESTED.value, sort="due")


@dataclass(frozen=True)
class CaseLine:
    """One case in a list: what the queue shows of it."""

    reference: str
    status: Status
    due_on: date | None
    force: str | None  # the force's name; None when not known
    overdue: bool
    due_soon: bool
    replied: bool  # a reply or evidence from the complainant not yet read


@dataclass(frozen=True)
class Count:
    """A number of cases, and the queue's filters that show exactly those cases."""

    number: int
    args: dict[str, str]  # for url_for("casework.case_list", **args)


@dataclass(frozen=True)
class MyWork:
    open: Count
    overdue: Count
    due_soon: Count
    replied: Count
    cases: list[CaseLine]  # the first MY_ROWS of `open`
    replies: list[CaseLine]  # the first LIST_ROWS of `replied`
    # Cases whose findings this person recorded, waiting for a senior's sign-off.
    sign_offs_asked: Count
    sign_offs_asked_cases: list[CaseLine]


@dataclass(frozen=True)
class Load:
    """One person's open cases: all of them, overdue and due soon."""

    user_id: int
    name: str
    open: Count
    overdue: Count
    due_soon: Count


@dataclass(frozen=True)
class TeamWork:
    unassigned: Count
    awaiting_sign_off: Count
    reviews: Count
    unassigned_cases: list[CaseLine]
    sign_off_cases: list[CaseLine]
    review_cases: list[CaseLine]
    load: list[Load]  # every active member of staff with a case role, by name


def _counted(query: sa.Select[Any]) -> Any:
    return query.with_only_columns(sa.func.count()).order_by(None).scalar_subquery()


def _count_all(queries_: Sequence[sa.Select[Any]]) -> list[int]:
    """How many rows each query finds, in one statement."""
    row = db.session.execute(sa.select(*[_counted(q) for q in queries_])).one()
    return [int(number or 0) for number in row]


def _where(query: sa.Select[Any]) -> Any:
    where = query.whereclause
    assert where is not None  # the queue's query always has one (open cases, at least)
    return where


def _of_which(query: sa.Select[Any]) -> Any:
    """A count, within a grouped or filtered count, of the rows the query finds."""
    return sa.func.count(sa.case((_where(query), 1)))


def _lines(query: sa.Select[Any], today: date, size: int) -> list[CaseLine]:
    """The first `size` rows of a queue query, in the queue's due-date order (soonest
    first, cases with no deadline last, then by id), in one statement.

    The desk's lists are of one person's cases or of small sets (unassigned, awaiting
    sign-off, reviews), so sorting those rows is quick, quicker than the queue's walk of
    the due-date index, which for a set with few undated cases reads every undated
    (closed) case to find them."""
    rows = db.session.execute(
        query.with_only_columns(
            Complaint.reference,
            Complaint.status,
            Complaint.due_on,
            Complaint.replied_at,
            Force.name,
        )
        .join_from(Complaint, Force, Complaint.force_id == Force.id, isouter=True)
        .order_by(Complaint.due_on.is_(None), Complaint.due_on, Complaint.id)
        .limit(size)
    )
    until = queries.due_soon_until(today)
    return [
        CaseLine(
            reference=reference,
            status=Status(status),
            due_on=due_on,
            force=force,
            overdue=due_on is not None and due_on < today,
            due_soon=due_on is not None and today <= due_on <= until,
            replied=replied_at is not None,
        )
        for reference, status, due_on, replied_at, force in rows
    ]


def _first(query: sa.Select[Any], count: int, today: date, size: int) -> list[CaseLine]:
    return _lines(query, today, size) if count else []


def my_work(user_id: int, today: date) -> MyWork:
    """One person's own work: their open cases, and the sign-offs they asked for.

    Their open cases are counted in one pass, each figure under the queue's own
    conditions for its link; the sign-offs asked for (found by the findings' author,
    whoever the case is assigned to) in the same statement."""
    mine, overdue, soon, replied = (
        queries.base_query(filters, user_id, today)
        for filters in (MINE, MINE_OVERDUE, MINE_DUE_SOON, MINE_REPLIED)
    )
    asked = queries.base_query(MINE_TO_SIGN_OFF, user_id, today)
    row = db.session.execute(
        sa.select(
            sa.func.count(),
            _of_which(overdue),
            _of_which(soon),
            _of_which(replied),
            _counted(asked).correlate(None),
        )
        .select_from(Complaint)
        .where(_where(mine))
    ).one()
    n_mine, n_overdue, n_soon, n_replied, n_asked = (int(n or 0) for n in row)
    return MyWork(
        open=Count(n_mine, MINE.as_args()),
        overdue=Count(n_overdue, MINE_OVERDUE.as_args()),
        due_soon=Count(n_soon, MINE_DUE_SOON.as_args()),
        replied=Count(n_replied, MINE_REPLIED.as_args()),
        cases=_first(mine, n_mine, today, MY_ROWS),
        replies=_first(replied, n_replied, today, LIST_ROWS),
        sign_offs_asked=Count(n_asked, MINE_TO_SIGN_OFF.as_args()),
        sign_offs_asked_cases=_first(asked, n_asked, today, LIST_ROWS),
    )


def team_work(user_id: int, today: date) -> TeamWork:
    """A senior's view of everyone's work."""
    unassigned, sign_off, reviews = (
        queries.base_query(filters, user_id, today)
        for filters in (UNASSIGNED, AWAITING_SIGN_OFF, REVIEWS)
    )
    n_unassigned, n_sign_off, n_reviews = _count_all([unassigned, sign_off, reviews])
    return TeamWork(
        unassigned=Count(n_unassigned, UNASSIGNED.as_args()),
        awaiting_sign_off=Count(n_sign_off, AWAITING_SIGN_OFF.as_args()),
        reviews=Count(n_reviews, REVIEWS.as_args()),
        unassigned_cases=_first(unassigned, n_unassigned, today, LIST_ROWS),
        sign_off_cases=_first(sign_off, n_sign_off, today, LIST_ROWS),
        review_cases=_first(reviews, n_reviews, today, LIST_ROWS),
        load=loads(today),
    )


def _person(user_id: int, overdue: bool = False, due_soon: bool = False) -> QueueFilters:
    return QueueFilters(assignee=str(user_id), overdue=overdue, due_soon=due_soon, sort="due")


def loads(today: date) -> list[Load]:
    """Each active member of staff with a case role and their open, overdue and due-soon
    cases: one grouped count of the open cases by assignee (under the queue's own
    conditions for open, overdue and due soon), and the people, by name."""
    people = queries.case_staff()
    open_cases, overdue, soon = (
        queries.base_query(filters, 0, today)
        for filters in (QueueFilters(), QueueFilters(overdue=True), QueueFilters(due_soon=True))
    )
    # Grouped by an expression, not the bare column: SQLite would otherwise walk the
    # assignee index to group in order, reading every case ever assigned (closed ones
    # too), where the status index finds only the open ones (100,000 cases: 300 ms
    # against 40 ms). PostgreSQL groups either way by hashing.
    assignee = (Complaint.assignee_id + 0).label("assignee")
    grouped = {
        int(person): (int(n_open), int(n_overdue or 0), int(n_soon or 0))
        for person, n_open, n_overdue, n_soon in db.session.execute(
            sa.select(assignee, sa.func.count(), _of_which(overdue), _of_which(soon))
            .where(_where(open_cases), Complaint.assignee_id.is_not(None))
            .group_by(assignee)
        )
    }
    result = []
    for user_id, name in people:
        n_open, n_overdue, n_soon = grouped.get(user_id, (0, 0, 0))
        result.append(
            Load(
                user_id=user_id,
                name=name,
                open=Count(n_open, _person(user_id).as_args()),
                overdue=Count(n_overdue, _person(user_id, overdue=True).as_args()),
                due_soon=Count(n_soon, _person(user_id, due_soon=True).as_args()),
            )
        )
    return result
