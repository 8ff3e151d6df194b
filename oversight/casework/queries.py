"""The case queue: filters, sorting, keyset paging and the counts above it.

Paging never uses OFFSET: each page starts after the last row of the one before,
on an index that matches the sort, so page 1,000 costs what page 1 costs.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from oversight.auth.models import User, UserRole
from oversight.complaints import codes
from oversight.complaints.enums import Concern, Priority, Status, Technology
from oversight.complaints.models import Complaint, ComplaintConcern
from oversight.extensions import db
from oversight.forces.models import Force, forces_by_name
from oversight.forms import QueryArgs
from oversight.policy import CASE_ROLES
from oversight.workdays import add_working_days

OPEN = (
    Status.RECEIVED,
    Status.IN_TRIAGE,
    Status.AWAITING_INFORMATION,
    Status.INVESTIGATING,
    Status.DECISION_ISSUED,
    Status.REVIEW_REQUESTED,
)
SORTS = ("received", "due", "priority")
PAGE_SIZE = 50


@dataclass
class QueueFilters:
    status: str = ""
    force: str = ""
    technology: str = ""
    concern: str = ""
    priority: str = ""
    assignee: str = ""  # "mine", "unassigned", a staff account's id, or "" for anyone
    overdue: bool = False
    due_soon: bool = False  # due today or within DUE_SOON_WORKING_DAYS, not yet overdue
    sign_off: bool = False  # findings recorded, waiting for a senior's sign-off
    findings_by: str = ""  # "mine": the findings are the person's own (sign-offs asked for)
    replied: bool = False  # a reply or evidence from the complainant not yet read
    q: str = ""
    sort: str = "received"
    after: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    ignored: tuple[str, ...] = ()  # filters given a value that is none of their choices

    @classmethod
    def from_args(cls, args: Any) -> QueueFilters:
        """The filters in a query string, read by the one query-string reader: a choice
        that is not offered is ignored (and named in `ignored`), never a server error."""
        read = QueryArgs(args)
        forces = ["unknown", *(force.slug for force in forces_by_name())]
        filters = cls(
            status=read.choice("status", ["open", "all", *(s.value for s in Status)]),
            force=read.choice("force", forces),
            technology=read.choice("technology", [t.value for t in Technology]),
            concern=read.choice("concern", [c.value for c in Concern]),
            priority=read.choice("priority", [p.value for p in Priority]),
            assignee=read.choice("assignee", ["mine", "unassigned", *_staff_ids(read)]),
            overdue=read.flag("overdue"),
            due_soon=read.flag("due_soon"),
            sign_off=read.flag("sign_off"),
            findings_by=read.choice("findings_by", ["mine"]),
            replied=read.flag("replied"),
            q=read.text("q", 100),
            sort=read.choice("sort", SORTS, "received"),
            after=read.text("after", 200),
        )
        filters.ignored = tuple(read.ignored)
        return filters

    def as_args(self) -> dict[str, str]:
        """The filters as query-string arguments, without the empty ones or the cursor."""
        values = {
            "status": self.status,
            "force": self.force,
            "technology": self.technology,
            "concern": self.concern,
            "priority": self.priority,
            "assignee": self.assignee,
            "overdue": "1" if self.overdue else "",
            "due_soon": "1" if self.due_soon else "",
            "sign_off": "1" if self.sign_off else "",
            "findings_by": self.findings_by,
            "replied": "1" if self.replied else "",
            "q": self.q,
            "sort": self.sort if self.sort != "received" else "",
        }
        return {key: value for key, value in values.items() if value}


def _staff_ids(read: QueryArgs) -> list[str]:
    """The one staff account an `assignee` of digits names, if it exists: another
    person's cases (a senior following the link from a caseworker's load)."""
    asked = read.text("assignee", 20)
    if not asked.isdigit() or len(asked) > 18:
        return []
    return [asked] if db.session.get(User, int(asked)) is not None else []


def case_staff() -> list[tuple[int, str]]:
    """Every active account with a case role, as (id, name) by name: the people cases
    are assigned to (one query, however many staff)."""
    return [
        (ident, name)
        for ident, name in db.session.execute(
            sa.select(User.id, User.name)
            .where(
                User.disabled_at.is_(None),
                sa.exists().where(UserRole.user_id == User.id, UserRole.role.in_(CASE_ROLES)),
            )
            .order_by(User.name, User.id)
        )
    ]


def due_soon_until(today: date) -> date:
    """The last day a case counts as due soon: DUE_SOON_WORKING_DAYS working days on."""
    return add_working_days(today, current_app.config["DUE_SOON_WORKING_DAYS"])


def _encode(values: list[Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(values).encode()).decode()


def _decode(cursor: str) -> list[Any] | None:
    try:
        values = json.loads(base64.urlsafe_b64decode(cursor.encode()))
    except (ValueError, TypeError):
        return None
    return values if isinstance(values, list) and len(values) in (2, 3) else None


def _order(sort: str) -> list[Any]:
    if sort == "due":
        return [Complaint.due_on.asc(), Complaint.id.asc()]
    if sort == "priority":
        return [Complaint.priority_rank.asc(), Complaint.received_at.asc(), Complaint.id.asc()]
    return [Complaint.received_at.desc(), Complaint.id.desc()]


def order_of(sort: str) -> list[Any]:
    """The queue's order for a sort, for a list of every page at once (the CSV export).
    The due-date order's pages are put together by _due_page instead."""
    return _order(sort)


def _cursor_of(complaint: Complaint, sort: str) -> str:
    if sort == "due":
        return _encode([complaint.due_on.isoformat() if complaint.due_on else None, complaint.id])
    if sort == "priority":
        return _encode([complaint.priority_rank, complaint.received_at.isoformat(), complaint.id])
    return _encode([complaint.received_at.isoformat(), complaint.id])


def _keyset(columns: list[Any], values: list[Any], descending: bool) -> Any:
    """Rows after (values) in the order of (columns), as one row-value comparison:
    (c1, c2, …) > (v1, v2, …). SQLite and PostgreSQL both turn it into a range on the
    index that matches the sort, so a later page starts where the last one ended."""
    after = sa.tuple_(*[sa.literal(v, c.type) for c, v in zip(columns, values, strict=True)])
    return sa.tuple_(*columns) < after if descending else sa.tuple_(*columns) > after


def _id(value: Any) -> int:
    """A row id or rank from a cursor: a whole number the database can hold."""
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 2**63:
        raise ValueError("not a row id")
    return value


def _moment(value: Any) -> datetime:
    """A timestamp from a cursor: ISO 8601 with an offset (the column refuses naive ones)."""
    moment = datetime.fromisoformat(value)
    if moment.tzinfo is None:
        raise ValueError("no timezone")
    return moment.astimezone(UTC)


def _after(sort: str, values: list[Any]) -> Any:
    """The rows after a cursor's values, or None if the cursor was not one of ours."""
    try:
        if sort == "due":
            due, ident = values
            if due is None:  # past every dated case, into those with no deadline
                return _Undated(_id(ident))
            return _keyset(
                [Complaint.due_on, Complaint.id], [date.fromisoformat(due), _id(ident)], False
            )
        if sort == "priority":
            rank, received, ident = values
            return _keyset(
                [Complaint.priority_rank, Complaint.received_at, Complaint.id],
                [_id(rank), _moment(received), _id(ident)],
                False,
            )
        received, ident = values
        return _keyset([Complaint.received_at, Complaint.id], [_moment(received), _id(ident)], True)
    except (ValueError, TypeError, OverflowError):
        return None


def base_query(filters: QueueFilters, user_id: int, today: date) -> sa.Select[Any]:
    query = sa.select(Complaint)
    if filters.status in {s.value for s in Status}:
        query = query.where(Complaint.status == filters.status)
    elif filters.status != "all":
        query = query.where(Complaint.status.in_(OPEN))
    if filters.force == "unknown":
        query = query.where(Complaint.force_id.is_(None))
    elif filters.force:
        query = query.where(
            Complaint.force_id
            == sa.select(Force.id).where(Force.slug == filters.force).scalar_subquery()
        )
    if filters.technology:
        query = query.where(Complaint.technology == filters.technology)
    if filters.priority:
        query = query.where(Complaint.priority == filters.priority)
    if filters.concern:
        query = query.where(
            sa.exists().where(
                ComplaintConcern.complaint_id == Complaint.id,
                ComplaintConcern.concern == filters.concern,
            )
        )
    if filters.assignee == "mine":
        query = query.where(Complaint.assignee_id == user_id)
    elif filters.assignee == "unassigned":
        query = query.where(Complaint.assignee_id.is_(None))
    elif filters.assignee.isdigit():
        query = query.where(Complaint.assignee_id == int(filters.assignee))
    if filters.overdue:
        query = query.where(Complaint.due_on < today)
    if filters.due_soon:
        query = query.where(Complaint.due_on >= today, Complaint.due_on <= due_soon_until(today))
    if filters.findings_by == "mine":
        query = query.where(Complaint.findings_by_id == user_id)
    if filters.sign_off:
        query = query.where(
            Complaint.status == Status.INVESTIGATING,
            Complaint.overall_outcome.is_not(None),
            Complaint.signed_off_by_id.is_(None),
        )
    if filters.replied:
        query = query.where(Complaint.replied_at.is_not(None))
    if filters.q:
        text = filters.q.strip()[:100]
        reference = codes.normalise_reference(text)
        # A reference finds its case through the unique index; only if no case has that
        # reference is the text searched for in the complaint's words.
        known = db.session.scalar(sa.select(Complaint.id).where(Complaint.reference == reference))
        if known is not None:
            return query.where(Complaint.id == known)
        like = "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        query = query.where(
            sa.or_(
                Complaint.what_happened.ilike(like, escape="\\"),
                Complaint.place.ilike(like, escape="\\"),
            )
        )
    return query


@dataclass(frozen=True)
class QueuePage:
    cases: list[Complaint]
    next_cursor: str | None


@dataclass(frozen=True)
class _Undated:
    """A due-date cursor that has passed every dated case: undated ones after this id."""

    after_id: int


LOADS = (
    selectinload(Complaint.force),
    selectinload(Complaint.assignee),
    selectinload(Complaint.concerns),
)


def queue_page(
    filters: QueueFilters, user_id: int, today: date, size: int = PAGE_SIZE
) -> QueuePage:
    sort = filters.sort if filters.sort in SORTS else "received"
    query = base_query(filters, user_id, today)
    after = None
    if filters.after and (values := _decode(filters.after)) is not None:
        after = _after(sort, values)
    if sort == "due":
        # Overdue and due-soon cases all have a due date: the undated part could match
        # nothing, and would read every case without one (every closed case) to find out.
        rows = _due_page(query, after, size, dated_only=filters.overdue or filters.due_soon)
    else:
        if after is not None:
            query = query.where(after)
        rows = list(
            db.session.scalars(query.order_by(*_order(sort)).limit(size + 1).options(*LOADS))
        )
    more = len(rows) > size
    rows = rows[:size]
    return QueuePage(rows, _cursor_of(rows[-1], sort) if more and rows else None)


def _due_page(
    query: sa.Select[Any], after: Any, size: int, dated_only: bool = False
) -> list[Complaint]:
    """Soonest deadline first, cases with none last, in one statement.

    Dated cases walk the (due_on, id) index and undated ones the id order, each only as
    far as one page needs; only those few rows are then put in order and loaded. (Sorting
    on `due_on IS NULL` directly would sort every open case for every page.) With
    `dated_only` (overdue cases) the undated part is left out: it could match nothing,
    but the database would read every case without a deadline to find that out.
    """
    keys = query.with_only_columns(Complaint.id, Complaint.due_on)
    undated = keys.where(Complaint.due_on.is_(None)).order_by(Complaint.id).limit(size + 1)
    if isinstance(after, _Undated):
        if dated_only:
            return []
        parts = [undated.where(Complaint.id > after.after_id)]
    else:
        dated = keys.where(Complaint.due_on.is_not(None))
        if after is not None:
            dated = dated.where(after)
        parts = [dated.order_by(Complaint.due_on, Complaint.id).limit(size + 1)]
        if not dated_only:
            parts.append(undated)
    page = sa.union_all(*[sa.select(part.subquery()) for part in parts]).subquery("page")
    ordered = (
        sa.select(Complaint)
        .join(page, Complaint.id == page.c.id)
        .order_by(page.c.due_on.is_(None), page.c.due_on, page.c.id)
        .limit(size + 1)
        .options(*LOADS)
    )
    return list(db.session.scalars(ordered))


@dataclass(frozen=True)
class QueueCounts:
    unassigned: int
    overdue: int
    awaiting_information: int
    by_status: dict[Status, int]


def queue_counts(today: date) -> QueueCounts:
    by_status = {
        Status(status): count
        for status, count in db.session.execute(
            sa.select(Complaint.status, sa.func.count()).group_by(Complaint.status)
        )
    }
    open_cases = Complaint.status.in_(OPEN)
    unassigned = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Complaint)
        .where(open_cases, Complaint.assignee_id.is_(None))
    )
    overdue = db.session.scalar(
        sa.select(sa.func.count()).select_from(Complaint).where(Complaint.due_on < today)
    )
    return QueueCounts(
        unassigned=unassigned or 0,
        overdue=overdue or 0,
        awaiting_information=by_status.get(Status.AWAITING_INFORMATION, 0),
        by_status=by_status,
    )
