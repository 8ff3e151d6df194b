"""Saved views of the queue: save the filter and sort shown under a name, list one's own
and the team's shared ones, and delete one's own.

A view keeps only the query-string arguments the queue's filters write
(QueueFilters.as_args(), never the cursor); `link_args` gives them back for a link to
the queue, which reads them through QueueFilters.from_args like any query string, so a
choice that no longer exists (a disabled account, a renamed force) is ignored with the
queue's notice."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.orm import selectinload

from oversight.audit import services as audit
from oversight.auth.models import User
from oversight.casework.changes import actor_of
from oversight.casework.queries import QueueFilters
from oversight.casework.queue.models import NAME_MAX, SavedView
from oversight.extensions import db
from oversight.models import utcnow
from oversight.problems import NotFound, NotPermitted, Problem

# The arguments a view may hold: those QueueFilters.as_args() writes.
ARGUMENTS = frozenset(
    {
        "status",
        "force",
        "technology",
        "concern",
        "priority",
        "assignee",
        "overdue",
        "due_soon",
        "sign_off",
        "replied",
        "q",
        "sort",
    }
)
# Enough for every arguments' value at its longest (q is 100 characters).
ARGUMENT_MAX = 200


class ViewProblem(Problem):
    """A view that cannot be saved as asked; `field` names the answer at fault."""


@dataclass(frozen=True)
class Views:
    mine: list[SavedView]
    shared: list[SavedView]  # shared by others


def save_view(owner: User, name: str, filters: QueueFilters, shared: bool) -> SavedView:
    """Save the filters (not the cursor) under `name`, unique among the owner's views."""
    name = " ".join(name.split())
    if not name:
        raise ViewProblem(_l("Enter a name for the view"), "name")
    if len(name) > NAME_MAX:
        raise ViewProblem(_l("The name must be %(max)s characters or fewer", max=NAME_MAX), "name")
    taken = db.session.scalar(
        sa.select(SavedView.id).where(SavedView.owner_id == owner.id, SavedView.name == name)
    )
    if taken is not None:
        raise ViewProblem(_l("You already have a view called that. Enter a different name"), "name")
    view = SavedView(
        owner_id=owner.id,
        name=name,
        filters=filters.as_args(),
        shared=shared,
        created_at=utcnow(),
    )
    db.session.add(view)
    db.session.flush()
    audit.record(
        "case.queue_view_saved",
        actor=actor_of(owner),
        object_type="saved_view",
        object_id=str(view.id),
        filters=view.filters,
        shared=shared,
    )
    return view


def views_for(user: User) -> Views:
    """The user's own views and those others share with the team, each by name."""
    mine = db.session.scalars(
        sa.select(SavedView).where(SavedView.owner_id == user.id).order_by(SavedView.name)
    )
    shared = db.session.scalars(
        sa.select(SavedView)
        .where(SavedView.owner_id != user.id, SavedView.shared.is_(True))
        .order_by(SavedView.name, SavedView.id)
        .options(selectinload(SavedView.owner))
    )
    return Views(list(mine), list(shared))


def delete_view(view_id: int, user: User) -> None:
    """Delete one of the user's own views; another person's, shared or not, is refused."""
    view = db.session.get(SavedView, view_id)
    if view is None:
        raise NotFound
    if view.owner_id != user.id:
        raise NotPermitted
    audit.record(
        "case.queue_view_deleted",
        actor=actor_of(user),
        object_type="saved_view",
        object_id=str(view.id),
    )
    db.session.delete(view)


def link_args(view: SavedView) -> dict[str, str]:
    """The view's arguments for a link to the queue: only those the queue reads, as
    text; anything else a stored row holds is left out."""
    stored = view.filters if isinstance(view.filters, dict) else {}
    return {
        key: value
        for key, value in stored.items()
        if key in ARGUMENTS and isinstance(value, str) and len(value) <= ARGUMENT_MAX
    }
