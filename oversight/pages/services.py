"""Feedback: keeping an answer, the page it came from, and what staff read.

The page someone came from arrives in the address of the feedback link and in the form's
hidden field, so it is anything anyone types. `came_from` accepts only a path of one of
the service's own pages (matched against the app's routes, as a browser's GET would be)
and gives back both the path, for the link back, and the route's pattern, which is what
is kept: /complain/return/<token>, never the secret in a link.
"""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask import current_app
from werkzeug.exceptions import HTTPException
from werkzeug.routing import RoutingException

from oversight.audit import services as audit
from oversight.auth.models import User
from oversight.extensions import db
from oversight.forms import CONTROL
from oversight.models import utcnow
from oversight.pages.models import PAGE_MAX, Feedback, Satisfaction
from oversight.problems import NotFound

# Pages a feedback link never leads back to: the feedback pages themselves, and files.
NOT_PAGES = frozenset({"static", "pages.feedback", "pages.feedback_sent"})


@dataclass(frozen=True)
class CameFrom:
    path: str  # the address, for the link back
    pattern: str  # the route's pattern, which is what is kept


def came_from(path: str | None) -> CameFrom | None:
    """The service's own page at `path`, or None for anything else (another site, a
    scheme, a path that no page answers, control characters, a query)."""
    if not path or len(path) > PAGE_MAX or CONTROL.search(path):
        return None
    if not path.startswith("/") or path.startswith("//") or any(c in path for c in "\\?#@"):
        return None
    adapter = current_app.url_map.bind("localhost")
    try:
        rule, _arguments = adapter.match(path, method="GET", return_rule=True)
    except (HTTPException, RoutingException):
        return None
    if rule.endpoint in NOT_PAGES:
        return None
    return CameFrom(path=path, pattern=rule.rule)


def record(satisfaction: Satisfaction, improve: str | None, page: CameFrom | None) -> Feedback:
    feedback = Feedback(
        submitted_at=utcnow(),
        satisfaction=satisfaction,
        improve=improve or None,
        page=page.pattern if page else None,
    )
    db.session.add(feedback)
    return feedback


@dataclass(frozen=True)
class Summary:
    total: int
    unread: int
    by_satisfaction: dict[Satisfaction, int]


def summary() -> Summary:
    rows = db.session.execute(
        sa.select(Feedback.satisfaction, sa.func.count()).group_by(Feedback.satisfaction)
    ).all()
    counted = {Satisfaction(value): int(count) for value, count in rows}
    unread = db.session.scalar(
        sa.select(sa.func.count()).select_from(Feedback).where(Feedback.read_at.is_(None))
    )
    return Summary(
        total=sum(counted.values()),
        unread=int(unread or 0),
        by_satisfaction={kind: counted.get(kind, 0) for kind in Satisfaction},
    )


def newest(offset: int, limit: int) -> list[Feedback]:
    return list(
        db.session.scalars(
            sa.select(Feedback)
            .order_by(Feedback.submitted_at.desc(), Feedback.id.desc())
            .offset(offset)
            .limit(limit)
        )
    )


def readers(answers: list[Feedback]) -> dict[int, str]:
    """The names of the staff who marked these answers read, by their id."""
    ids = {answer.read_by_id for answer in answers if answer.read_by_id is not None}
    if not ids:
        return {}
    users = db.session.scalars(sa.select(User).where(User.id.in_(ids)))
    return {user.id: user.name for user in users}


def viewed(by: User, page: int) -> None:
    audit.record("feedback.viewed", actor=f"user:{by.id}", object_type="feedback", page=page)


def mark_read(feedback_id: int, by: User) -> Feedback:
    """Mark an answer read (once: an answer already read keeps who read it first)."""
    feedback = db.session.get(Feedback, feedback_id)
    if feedback is None:
        raise NotFound("There is no such answer")
    if feedback.read_at is None:
        feedback.read_at = utcnow()
        feedback.read_by_id = by.id
        audit.record(
            "feedback.marked_read",
            actor=f"user:{by.id}",
            object_type="feedback",
            object_id=str(feedback.id),
        )
    return feedback
