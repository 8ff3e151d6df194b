"""The next action a case waits for, from its status and state: the line at the top of
the case page that says what to do now, and by when."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _

from oversight.complaints.enums import Status
from oversight.complaints.models import Complaint


@dataclass(frozen=True)
class NextAction:
    """What to do next, and the date it is due by (None when no clock runs)."""

    text: str
    due: date | None = None
    # Waiting on someone outside (the complainant): the case's clock is paused.
    paused: bool = False


@dataclass(frozen=True)
class CaseState:
    """What the next action depends on, as plain values."""

    status: Status
    assigned: bool
    has_findings: bool
    signed_off: bool
    triage_by: date | None
    decision_by: date | None


def state_of(complaint: Complaint) -> CaseState:
    return CaseState(
        status=complaint.status,
        assigned=complaint.assignee_id is not None,
        has_findings=complaint.overall_outcome is not None,
        signed_off=complaint.signed_off_by_id is not None,
        triage_by=complaint.triage_by,
        decision_by=complaint.decision_by,
    )


def next_action(state: CaseState) -> NextAction | None:
    """The next action for a case in this state; None once it is closed."""
    status = state.status
    if status is Status.RECEIVED:
        if state.assigned:
            return NextAction(_("Move the case to triage"), state.triage_by)
        return NextAction(_("Take or assign the case, then move it to triage"), state.triage_by)
    if status is Status.IN_TRIAGE:
        return NextAction(_("Record triage"), state.triage_by)
    if status is Status.AWAITING_INFORMATION:
        return NextAction(
            _("Waiting for the complainant’s reply: the clock is paused"), paused=True
        )
    if status is Status.INVESTIGATING:
        if not state.has_findings:
            return NextAction(_("Record the findings"), state.decision_by)
        if not state.signed_off:
            return NextAction(
                _("A senior caseworker who did not investigate the case signs off the findings"),
                state.decision_by,
            )
        return NextAction(_("Issue the decision to the complainant"), state.decision_by)
    if status is Status.DECISION_ISSUED:
        return NextAction(_("Close the case, unless the complainant asks for a review"))
    if status is Status.REVIEW_REQUESTED:
        return NextAction(_("Decide the review"), state.decision_by)
    return None
