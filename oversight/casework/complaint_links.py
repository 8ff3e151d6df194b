"""Links between two complaints: "related to" or "duplicate of" (a duplicate closes with
that reason). Links between a complaint and a deployment are in oversight.links.

The action follows oversight.casework.changes: plain arguments, the version checked
first, a timeline entry and an audit event in the caller's transaction.
"""

from __future__ import annotations

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from oversight import policy
from oversight.auth.models import User
from oversight.casework.changes import (
    CaseProblem,
    NotPermitted,
    actor_of,
    add_timeline_entry,
    claim,
    expect_version,
    record_case_event,
)
from oversight.casework.states import ClosureReason
from oversight.casework.workflow import move
from oversight.complaints import codes
from oversight.complaints import services as complaints
from oversight.complaints.enums import LinkKind, Status, TimelineKind
from oversight.complaints.models import Complaint, ComplaintLink
from oversight.extensions import db


def link(
    complaint: Complaint, other_reference: str, kind: LinkKind, by: User, version: int
) -> ComplaintLink:
    """Link two complaints; a duplicate closes with that reason."""
    expect_version(complaint, version)
    if not policy.can_change_case(by, complaint):
        raise NotPermitted
    other = complaints.find_by_reference(codes.normalise_reference(other_reference))
    if other is None:
        raise CaseProblem("other_reference", _l("There is no complaint with that reference"))
    if other.id == complaint.id:
        raise CaseProblem("other_reference", _l("A complaint cannot be linked to itself"))
    # Either way round: "related to" reads both ways, and a duplicate of a duplicate
    # of itself would close both complaints, each pointing at the other.
    pair = sa.or_(
        sa.and_(ComplaintLink.complaint_id == complaint.id, ComplaintLink.other_id == other.id),
        sa.and_(ComplaintLink.complaint_id == other.id, ComplaintLink.other_id == complaint.id),
    )
    exists = db.session.scalar(
        sa.select(ComplaintLink.id).where(pair, ComplaintLink.kind == kind).limit(1)
    )
    if exists is not None:
        raise CaseProblem("other_reference", _l("These complaints are already linked"))
    made = ComplaintLink(
        complaint_id=complaint.id, other_id=other.id, kind=kind, created_by=actor_of(by)
    )
    db.session.add(made)
    add_timeline_entry(
        complaint, TimelineKind.LINK, actor_of(by), body=f"{kind.value} {other.reference}"
    )
    record_case_event(
        "case.linked", complaint, actor_of(by), other=other.reference, kind=kind.value
    )
    if kind is LinkKind.DUPLICATE_OF:
        # No note on the move: the complainant sees it, and the other complaint's
        # reference (kept on the link's internal entry) is not theirs to read.
        move(
            complaint,
            Status.CLOSED,
            by,
            version,
            reason=ClosureReason.DUPLICATE,
        )
    else:
        claim(complaint, version)
    return made


def links_of(complaint: Complaint) -> list[tuple[str, Complaint]]:
    """Both directions: (how it is linked, the other complaint)."""
    outgoing = db.session.scalars(
        sa.select(ComplaintLink).where(ComplaintLink.complaint_id == complaint.id)
    )
    incoming = db.session.scalars(
        sa.select(ComplaintLink).where(ComplaintLink.other_id == complaint.id)
    )
    shown: list[tuple[str, Complaint]] = [(str(link.kind.label), link.other) for link in outgoing]
    for link in incoming:
        label = _l("Has a duplicate") if link.kind is LinkKind.DUPLICATE_OF else link.kind.label
        shown.append((str(label), link.complaint))
    return shown
