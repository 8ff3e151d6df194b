"""Removing each kind of personal record from a case. Nothing here commits or audits:
the caller (a retention run, a rights request, the complainant's own request) does both,
in the transaction that removes the record."""

from __future__ import annotations

import sqlalchemy as sa

from oversight.complaints.models import Complaint
from oversight.extensions import db
from oversight.notify.models import OutboxMessage


def erase_contact_details(complaint: Complaint) -> bool:
    """Delete the complainant's contact details; the case goes on as an anonymous one.

    Messages not yet sent lose their address (they stay, for the case's record, and are
    never sent). True when there was anything to remove.
    """
    complainant = complaint.complainant
    if complainant is None:
        return False
    db.session.delete(complainant)
    complaint.complainant = None
    db.session.execute(
        sa.update(OutboxMessage)
        .where(OutboxMessage.complaint_id == complaint.id, OutboxMessage.sent_at.is_(None))
        .values(recipient=None)
    )
    return True
