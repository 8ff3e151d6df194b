"""Acting on many cases at once: a senior caseworker selects cases in the queue and
assigns them, sets their priority or links them as related, in one step.

Each case goes through the same service as when it is changed on its own page
(workflow.assign, complaint_links.link, set_priority below), with the version the queue
showed it at, so each gets its own timeline entry and audit event, and each is checked
on its own: the policy, the version and the service's own rules. A case refused is
rolled back to a savepoint and listed with why; the others are done. One bulk event
records what was asked and what came of it. The caller commits once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError

from oversight import policy
from oversight.audit import services as audit
from oversight.auth.models import User
from oversight.casework import complaint_links, workflow
from oversight.casework.changes import (
    CaseProblem,
    actor_of,
    add_timeline_entry,
    claim,
    expect_version,
    record_case_event,
)
from oversight.casework.changes import NotPermitted as CaseNotPermitted
from oversight.complaints import codes
from oversight.complaints import services as complaints
from oversight.complaints.enums import LinkKind, Priority, Status, TimelineKind
from oversight.complaints.models import Complaint
from oversight.extensions import db
from oversight.problems import Changed, NotPermitted, Problem

# The most cases one bulk action takes: two pages of the queue.
MOST_CASES = 100


class BulkAction(StrEnum):
    ASSIGN = "assign"
    PRIORITY = "priority"
    RELATE = "relate"


@dataclass(frozen=True)
class Selected:
    """A case as the queue showed it: its reference and the version it was at."""

    reference: str
    version: int


@dataclass(frozen=True)
class Request:
    """What to do to each case selected."""

    action: BulkAction
    assignee: User | None = None
    priority: Priority | None = None
    reason: str | None = None
    # The case to link each one to; None links each to the first case selected.
    other_reference: str | None = None


@dataclass(frozen=True)
class Refused:
    reference: str
    why: str


@dataclass
class BulkResult:
    action: BulkAction
    done: list[str] = field(default_factory=list)
    refused: list[Refused] = field(default_factory=list)
    linked_to: str | None = None


class BulkProblem(Problem):
    """The bulk action cannot be done as asked (before any case is looked at)."""


# Why a case was refused, shown after its reference.
CHANGED = {
    BulkAction.ASSIGN: _l(
        "It was changed by someone else since you loaded the queue: not assigned"
    ),
    BulkAction.PRIORITY: _l(
        "It was changed by someone else since you loaded the queue: priority not changed"
    ),
    BulkAction.RELATE: _l("It was changed by someone else since you loaded the queue: not linked"),
}
NOT_PERMITTED = _l("You may not change this case")


def act(selected: list[Selected], request: Request, by: User) -> BulkResult:
    """Do `request` to each selected case that allows it; list the others with why."""
    if not selected:
        raise BulkProblem(_l("Select at least one case"), "cases")
    if len(selected) > MOST_CASES:
        raise BulkProblem(
            _l(
                "Select %(most)s cases or fewer at a time. You selected %(count)s",
                most=MOST_CASES,
                count=len(selected),
            ),
            "cases",
        )
    result = BulkResult(request.action)
    found = _cases([s.reference for s in selected])
    change = _change_for(request, by, selected, result)
    for chosen in selected:
        if chosen.reference == result.linked_to:
            continue  # the case the others are linked to: it is not changed itself
        complaint = found.get(chosen.reference)
        if complaint is None:
            result.refused.append(Refused(chosen.reference, str(_l("There is no such case"))))
            continue
        if not policy.can_view_case(by, complaint):
            result.refused.append(Refused(chosen.reference, str(NOT_PERMITTED)))
            continue
        try:
            with db.session.begin_nested():
                change(complaint, chosen.version)
        except IntegrityError:  # another change to it in the same moment broke a rule
            result.refused.append(Refused(chosen.reference, str(CHANGED[request.action])))
            continue
        except Changed:
            result.refused.append(Refused(chosen.reference, str(CHANGED[request.action])))
            continue
        except NotPermitted:
            result.refused.append(Refused(chosen.reference, str(NOT_PERMITTED)))
            continue
        except Problem as problem:
            result.refused.append(Refused(chosen.reference, problem.message))
            continue
        result.done.append(chosen.reference)
    audit.record(
        "case.bulk_action",
        actor=actor_of(by),
        object_type="case",
        kind=request.action.value,
        done=result.done,
        refused=[each.reference for each in result.refused],
    )
    return result


def _cases(references: list[str]) -> dict[str, Complaint]:
    rows = db.session.scalars(sa.select(Complaint).where(Complaint.reference.in_(references)))
    return {c.reference: c for c in rows}


Change = Callable[[Complaint, int], None]


def _change_for(request: Request, by: User, selected: list[Selected], result: BulkResult) -> Change:
    """The change made to each case, with the checks only the bulk action makes."""
    if request.action is BulkAction.ASSIGN:
        assignee = request.assignee

        def assign(complaint: Complaint, version: int) -> None:
            expect_version(complaint, version)
            if complaint.assignee_id == (assignee.id if assignee else None):
                already = (
                    _l("It is already assigned to this person")
                    if assignee
                    else _l("It is not assigned to anyone")
                )
                raise CaseProblem("assignee", already)
            workflow.assign(complaint, assignee, by, version)

        return assign
    if request.action is BulkAction.PRIORITY:
        priority = request.priority
        if priority is None:
            raise BulkProblem(_l("Select the priority"), "new_priority")
        reason = request.reason

        def prioritise(complaint: Complaint, version: int) -> None:
            set_priority(complaint, priority, reason, by, version)

        return prioritise
    if request.other_reference:
        other = codes.normalise_reference(request.other_reference)
        if complaints.find_by_reference(other) is None:
            raise BulkProblem(
                _l("There is no complaint with that reference. Check it and enter it again"),
                "other_reference",
            )
    elif len(selected) < 2:
        raise BulkProblem(
            _l("Select at least two cases to link, or enter the case to link them to"), "cases"
        )
    else:
        other = selected[0].reference
    result.linked_to = other

    def relate(complaint: Complaint, version: int) -> None:
        complaint_links.link(complaint, other, LinkKind.RELATED_TO, by, version)

    return relate


def set_priority(
    complaint: Complaint, priority: Priority, reason: str | None, by: User, version: int
) -> None:
    """Change a case's priority, as triage sets it: any but standard needs a reason. The
    change is an internal note on the timeline (the complainant never sees priority)."""
    expect_version(complaint, version)
    if not policy.can_change_case(by, complaint):
        raise CaseNotPermitted
    if complaint.status is Status.CLOSED:
        raise CaseProblem("priority", _l("The case is closed"))
    if priority is not Priority.STANDARD and not reason:
        raise CaseProblem("priority_reason", _l("Give the reason for the priority"))
    if complaint.priority is priority:
        raise CaseProblem("priority", _l("It already has this priority"))
    previous = complaint.priority
    claim(complaint, version)
    complaint.priority = priority
    complaint.priority_rank = priority.rank
    complaint.priority_reason = reason or None
    body = str(
        _l("Priority changed from %(old)s to %(new)s", old=previous.label, new=priority.label)
    )
    add_timeline_entry(
        complaint, TimelineKind.NOTE, actor_of(by), body=f"{body}: {reason}" if reason else body
    )
    record_case_event(
        "case.priority_changed",
        complaint,
        actor_of(by),
        from_priority=previous.value,
        to_priority=priority.value,
    )
