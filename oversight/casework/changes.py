"""What every change to a case goes through: the typed errors, the version check, the
timeline entry and the audit event. The actions themselves are by topic beside this:
workflow (allocation, moves, triage, logging a complaint), correspondence (notes,
requests for information, replies), decisions (findings, recommendations, sign-off, the
decision and its review) and complaint_links (one complaint linked to another).

Each action takes plain arguments, changes one case, and records a timeline entry and
an audit event in the caller's transaction (the view commits once).

Two people acting on one case at once: every change first bumps the case's version
with a conditional UPDATE, so exactly one wins and the other gets CaseChanged.
"""

from __future__ import annotations

import sqlalchemy as sa

from oversight import problems
from oversight.audit import services as audit
from oversight.auth.models import User
from oversight.casework.states import ClosureReason
from oversight.complaints.enums import Status, TimelineKind
from oversight.complaints.models import Complaint, TimelineEntry
from oversight.extensions import db
from oversight.models import utcnow
from oversight.problems import Changed, Problem

# What an audit event about a case may carry in its details.
CaseDetail = str | int | bool | list[str] | None


class CaseChanged(Changed):
    """Someone else changed the case since this page was opened."""


class NotPermitted(problems.NotPermitted):
    """The user may not take this action on this case."""


class CaseProblem(Problem):
    """An action that cannot be done as asked; `field` names the answer at fault."""

    def __init__(self, field: str, message: object) -> None:
        super().__init__(message, field)


def actor_of(user: User) -> str:
    return f"user:{user.id}"


def expect_version(complaint: Complaint, version: int) -> None:
    """Refuse a change sent from a page older than the case's latest change, before
    anything else is checked: whatever the page showed (who has the case, its status)
    may no longer hold, so the sender is told the case changed, not that they may not."""
    if complaint.version != version:
        raise CaseChanged


def claim(complaint: Complaint, expected_version: int) -> None:
    """Take the case for this change, or raise CaseChanged if it moved on meanwhile."""
    result = db.session.execute(
        sa.update(Complaint)
        .where(Complaint.id == complaint.id, Complaint.version == expected_version)
        .values(version=Complaint.version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    # An UPDATE's result is a CursorResult, which has rowcount; execute() is typed as
    # returning the base Result, which does not.
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise CaseChanged
    db.session.refresh(complaint)


def add_timeline_entry(
    complaint: Complaint,
    kind: TimelineKind,
    actor: str,
    *,
    body: str | None = None,
    from_status: Status | None = None,
    to_status: Status | None = None,
    reason: ClosureReason | None = None,
    visible_to_complainant: bool = False,
) -> TimelineEntry:
    """An entry in the case's history, added to the session."""
    entry = TimelineEntry(
        complaint_id=complaint.id,
        kind=kind,
        actor=actor,
        at=utcnow(),
        body=body,
        from_status=from_status,
        to_status=to_status,
        reason=reason,
        visible_to_complainant=visible_to_complainant,
    )
    db.session.add(entry)
    return entry


def record_case_event(action: str, complaint: Complaint, actor: str, **details: CaseDetail) -> None:
    """An audit event about a case: the case's reference is its object and in its details."""
    audit.record(
        action,
        actor=actor,
        outcome=audit.SUCCESS,
        object_type="case",
        object_id=complaint.reference,
        reference=complaint.reference,
        **details,
    )
