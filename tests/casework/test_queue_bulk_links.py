"""Linking the cases selected in the queue as related, in one step: each to the first
one selected or to a case whose reference is typed; a link already made is refused for
that case alone (the bulk form's other actions are in test_queue_bulk.py)."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from oversight.complaints.enums import LinkKind, Status
from oversight.complaints.models import ComplaintLink
from tests.casework.queue_bulk import events, send, text
from tests.factories import make_case
from tests.helpers import login_as

pytestmark = pytest.mark.usefixtures("cheap_tracking_codes")


def test_the_cases_selected_are_linked_as_related_to_the_first(client, db, senior_caseworker):
    first, second, third = (make_case(Status.INVESTIGATING) for _ in range(3))
    db.session.commit()
    login_as(client, senior_caseworker)
    response = send(client, [first, second, third], action="relate")
    page = text(response)
    assert response.status_code == 200
    assert f"You asked to link them as related to {first.reference}." in page
    assert "2 cases done" in page
    links = db.session.scalars(sa.select(ComplaintLink).order_by(ComplaintLink.id)).all()
    assert [(link.complaint_id, link.other_id, link.kind) for link in links] == [
        (second.id, first.id, LinkKind.RELATED_TO),
        (third.id, first.id, LinkKind.RELATED_TO),
    ]
    assert [e.object_id for e in events(db, "case.linked")] == [second.reference, third.reference]


def test_cases_are_linked_to_a_reference_typed_and_a_link_already_made_is_refused(
    client, db, senior_caseworker
):
    hub, linked, new = (make_case(Status.INVESTIGATING) for _ in range(3))
    db.session.add(
        ComplaintLink(
            complaint_id=linked.id, other_id=hub.id, kind=LinkKind.RELATED_TO, created_by="t"
        )
    )
    db.session.commit()
    login_as(client, senior_caseworker)
    typed = hub.reference.lower().replace("-", " ")
    page = text(send(client, [linked, new], action="relate", other_reference=typed))
    assert "1 case done" in page
    assert f"{linked.reference}: These complaints are already linked" in page


def test_linking_to_a_reference_that_does_not_exist_is_an_error_on_the_queue(
    client, db, senior_caseworker
):
    complaint = make_case(Status.INVESTIGATING)
    db.session.commit()
    login_as(client, senior_caseworker)
    response = send(client, [complaint], action="relate", other_reference="FR-ZZZZ-ZZZZ")
    assert response.status_code == 400
    page = text(response)
    assert "There is no complaint with that reference" in page
    assert 'href="#other_reference"' in response.get_data(as_text=True)
    assert db.session.scalars(sa.select(ComplaintLink)).all() == []


def test_one_case_alone_cannot_be_linked_to_itself(client, db, senior_caseworker):
    complaint = make_case(Status.INVESTIGATING)
    db.session.commit()
    login_as(client, senior_caseworker)
    response = send(client, [complaint], action="relate")
    assert response.status_code == 400
    assert "Select at least two cases to link" in text(response)
