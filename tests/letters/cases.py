"""A case whose complainant asked to be written to by post: no email address, a postal
address, and a message in the outbox for them."""

from __future__ import annotations

from typing import Any

from oversight.complaints.enums import Language, Status
from oversight.complaints.models import Complaint
from oversight.extensions import db
from oversight.notify import services as notify
from oversight.notify.models import OutboxMessage
from tests.factories import make_case

ADDRESS = "12 Heol y Frenhines\nCaerdydd\nCF10 2BU"
NAME = "Siân Prydderch"


def case_to_post(
    language: Language = Language.ENGLISH,
    status: Status = Status.IN_TRIAGE,
    both: bool = False,
    **fields: Any,
) -> tuple[Complaint, OutboxMessage]:
    """A case with its acknowledgement waiting to be posted (flushed, not committed)."""
    complaint = make_case(status, **fields)
    person = complaint.complainant
    assert person is not None
    person.name, person.email, person.phone = NAME, None, "029 2000 0000"
    person.postal_address = ADDRESS
    complaint.language = person.preferred_language = language
    person.both_languages = both
    db.session.flush()
    message = notify.queue_acknowledgement(complaint)
    db.session.flush()
    return complaint, message
