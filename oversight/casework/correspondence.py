"""Notes and correspondence on a case: a note (internal, or for the complainant), a
request to the complainant for more information (the case waits for their reply),
logging that reply, a recommendation with its audience, and what of all this the
complainant may read.

Words staff write are internal unless they chose the complainant (`Audience`): a request
for information is always for the complainant, a logged reply and a priority reason
always internal. A public page reads them only through `public_timeline` and
`public_recommendations`.

Each action follows oversight.casework.changes: plain arguments, the version checked
first, a timeline entry and an audit event in the caller's transaction.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from oversight import policy
from oversight.auth.models import User
from oversight.casework import decisions
from oversight.casework.changes import (
    CaseProblem,
    NotPermitted,
    actor_of,
    add_timeline_entry,
    expect_version,
    record_case_event,
)
from oversight.casework.workflow import move
from oversight.complaints.enums import Audience, Status, TimelineKind
from oversight.complaints.models import Complaint, Recommendation, TimelineEntry
from oversight.extensions import db
from oversight.forces.models import Force
from oversight.notify import services as notify
from oversight.notify.models import MessageKind, OutboxMessage


def add_note(
    complaint: Complaint, text: str, by: User, audience: Audience = Audience.INTERNAL
) -> None:
    if not policy.can_change_case(by, complaint):
        raise NotPermitted
    add_timeline_entry(
        complaint,
        TimelineKind.NOTE,
        actor_of(by),
        body=text,
        visible_to_complainant=audience.for_complainant,
    )
    record_case_event("case.note_added", complaint, actor_of(by))


def request_information(complaint: Complaint, text: str, by: User, version: int) -> OutboxMessage:
    """Ask the complainant for more; the case waits for their reply."""
    move(complaint, Status.AWAITING_INFORMATION, by, version)
    add_timeline_entry(
        complaint,
        TimelineKind.CORRESPONDENCE_OUT,
        actor_of(by),
        body=text,
        visible_to_complainant=True,
    )
    message = notify.queue_message(
        complaint,
        MessageKind.REQUEST_FOR_INFORMATION,
        request=text,
    )
    record_case_event("case.information_requested", complaint, actor_of(by))
    return message


def log_reply(complaint: Complaint, text: str, by: User, version: int) -> None:
    """Record the complainant's reply (an internal record); the case goes back to where it was."""
    expect_version(complaint, version)
    end_wait(complaint, text, by, version, actor_of(by))
    record_case_event("case.reply_logged", complaint, actor_of(by))


def end_wait(
    complaint: Complaint,
    text: str,
    by: User | None,
    version: int,
    actor: str,
    *,
    visible: bool = False,
) -> None:
    """The complainant's reply on the timeline, and the case back to the status it had
    before it waited for them (its paused clock starts again: see workflow.move). Used
    by a caseworker logging a reply and by the complainant replying online (`by` None,
    `visible` since the words are their own); the caller records its audit event."""
    if complaint.status is not Status.AWAITING_INFORMATION:
        raise CaseProblem("reply", _l("This case is not waiting for a reply"))
    back_to = _status_before_waiting(complaint)
    add_timeline_entry(
        complaint, TimelineKind.CORRESPONDENCE_IN, actor, body=text, visible_to_complainant=visible
    )
    move(complaint, back_to, by, version, actor=actor)


def _status_before_waiting(complaint: Complaint) -> Status:
    entry = db.session.scalar(
        sa.select(TimelineEntry)
        .where(
            TimelineEntry.complaint_id == complaint.id,
            TimelineEntry.to_status == Status.AWAITING_INFORMATION,
        )
        .order_by(TimelineEntry.id.desc())
        .limit(1)
    )
    if entry is not None and entry.from_status in (Status.IN_TRIAGE, Status.INVESTIGATING):
        return entry.from_status
    return Status.INVESTIGATING


def add_recommendation(
    complaint: Complaint,
    force: Force,
    text: str,
    due: date,
    by: User,
    audience: Audience = Audience.INTERNAL,
) -> Recommendation:
    """A recommendation to a force, which the complainant reads only if chosen."""
    recommendation = decisions.add_recommendation(complaint, force, text, due, by)
    recommendation.visible_to_complainant = audience.for_complainant
    return recommendation


# What the complainant may read ---------------------------------------------------------


def public_timeline(complaint: Complaint) -> list[TimelineEntry]:
    """The case's timeline as the complainant may read it, oldest first."""
    return list(
        db.session.scalars(
            sa.select(TimelineEntry)
            .where(
                TimelineEntry.complaint_id == complaint.id,
                TimelineEntry.visible_to_complainant.is_(True),
            )
            .order_by(TimelineEntry.id)
        )
    )


def public_recommendations(complaint: Complaint) -> list[Recommendation]:
    """The recommendations staff chose to show the complainant, oldest first."""
    return list(
        db.session.scalars(
            sa.select(Recommendation)
            .where(
                Recommendation.complaint_id == complaint.id,
                Recommendation.visible_to_complainant.is_(True),
            )
            .order_by(Recommendation.id)
        )
    )
