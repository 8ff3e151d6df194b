"""A complainant can ask to be written to by post: the address is kept with their
details, and every message to them is a letter for staff to print and post."""

from __future__ import annotations

import sqlalchemy as sa

from oversight.complaints.enums import ContactMethod
from oversight.complaints.models import Complaint
from oversight.letters import services as letters
from oversight.notify.models import OutboxMessage
from tests.helpers import answer_everything, reference_and_code, send_complaint

ADDRESS = "1 High Street\nCardiff\nCF10 1AA"
BY_POST = {
    "contact-details": {
        "name": "Jo Bloggs",
        "email": "",
        "phone": "",
        "postal_address": ADDRESS,
        "preferred_contact": "post",
    }
}


def test_a_complaint_by_post_keeps_the_address_and_its_messages_are_letters(client, db):
    answer_everything(client, **BY_POST)
    check = client.get("/complain/check-answers").get_data(as_text=True)
    assert (
        "1 High Street" in check and '<dd class="govuk-summary-list__value">\n      Post\n' in check
    )
    reference, _code = reference_and_code(send_complaint(client).get_data(as_text=True))
    complaint = db.session.scalars(sa.select(Complaint).filter_by(reference=reference)).one()
    assert complaint.complainant.preferred_contact is ContactMethod.POST
    assert complaint.complainant.postal_address == ADDRESS
    (acknowledgement,) = db.session.scalars(
        sa.select(OutboxMessage).filter_by(complaint_id=complaint.id)
    ).all()
    assert acknowledgement.recipient is None
    assert letters.letters_of(complaint) == [acknowledgement]


def test_post_chosen_with_an_email_address_still_writes_by_post(client, db):
    answer_everything(
        client, **{"contact-details": {**BY_POST["contact-details"], "email": "jo@example.com"}}
    )
    reference, _code = reference_and_code(send_complaint(client).get_data(as_text=True))
    complaint = db.session.scalars(sa.select(Complaint).filter_by(reference=reference)).one()
    (acknowledgement,) = db.session.scalars(
        sa.select(OutboxMessage).filter_by(complaint_id=complaint.id)
    ).all()
    # Asked for post: the message is a letter, not mailed to the address they also gave.
    assert acknowledgement.recipient is None
    assert letters.letters_of(complaint) == [acknowledgement]
