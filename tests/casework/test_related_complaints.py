"""Links between complaints: duplicates and related complaints. Runs on SQLite and, with TEST_DATABASE_URL, on PostgreSQL."""

from __future__ import annotations

import pytest

from oversight.casework.states import (
    ClosureReason,
)
from oversight.complaints.enums import LinkKind, Status, TimelineKind
from oversight.complaints.models import ComplaintLink
from tests.casework.cases import act, actions, case, page_of, snapshot
from tests.factories import make_case
from tests.helpers import login_as

# ---------------------------------------------------------------- links


def test_a_duplicate_closes_with_that_reason_and_both_pages_show_the_link(client, db, caseworker):
    original = make_case(Status.INVESTIGATING)
    duplicate = make_case(Status.IN_TRIAGE)
    db.session.commit()
    login_as(client, caseworker)
    response = act(
        client,
        db,
        duplicate.reference,
        "links",
        {"other_reference": original.reference.lower(), "kind": "duplicate_of"},
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:3000]
    closed = case(db, duplicate.reference)
    assert (closed.status, closed.closure_reason) == (Status.CLOSED, "duplicate")
    assert [t.kind for t in closed.timeline][-2:] == [TimelineKind.LINK, TimelineKind.STATUS_CHANGE]
    assert actions(db)[-2:] == ["case.linked", "case.status_changed"]
    assert case(db, original.reference).status is Status.INVESTIGATING
    href = '<a class="govuk-link" href="/staff/cases/{}">{}</a>'
    html = page_of(client, duplicate.reference)
    assert "Duplicate of " + href.format(original.reference, original.reference) in html
    assert "Duplicate of another complaint" in html
    html = page_of(client, original.reference)
    assert "Has a duplicate " + href.format(duplicate.reference, duplicate.reference) in html


def test_related_complaints_show_each_other(client, db, caseworker):
    first = make_case(Status.INVESTIGATING)
    second = make_case(Status.INVESTIGATING)
    db.session.commit()
    login_as(client, caseworker)
    answers = {"other_reference": second.reference, "kind": "related_to"}
    assert act(client, db, first.reference, "links", answers).status_code == 302
    assert case(db, first.reference).status is Status.INVESTIGATING
    assert f'Related to <a class="govuk-link" href="/staff/cases/{second.reference}"' in page_of(
        client, first.reference
    )
    assert f'Related to <a class="govuk-link" href="/staff/cases/{first.reference}"' in page_of(
        client, second.reference
    )


@pytest.mark.parametrize(
    ("other", "message"),
    [
        ("self", "A complaint cannot be linked to itself"),
        ("FR-ZZZZ-ZZZZ", "There is no complaint with that reference"),
        ("linked", "These complaints are already linked"),
        ("linked the other way", "These complaints are already linked"),
    ],
)
def test_a_link_that_cannot_be_made_is_refused_with_a_message(
    client, db, caseworker, other, message
):
    complaint = make_case(Status.INVESTIGATING)
    linked = make_case(Status.INVESTIGATING)
    db.session.add(
        ComplaintLink(
            complaint=complaint, other=linked, kind=LinkKind.RELATED_TO, created_by="user:0"
        )
        if other == "linked"
        else ComplaintLink(
            complaint=linked, other=complaint, kind=LinkKind.RELATED_TO, created_by="user:0"
        )
    )
    db.session.commit()
    login_as(client, caseworker)
    target = {"self": complaint.reference}.get(other, linked.reference)
    if other.startswith("FR-"):
        target = other
    before = snapshot(db, complaint.reference)
    response = act(
        client, db, complaint.reference, "links", {"other_reference": target, "kind": "related_to"}
    )
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert message in html
    assert 'id="other_reference-error"' in html or "govuk-error-message" in html
    assert snapshot(db, complaint.reference) == before


def test_a_complaint_cannot_be_marked_a_duplicate_of_its_own_duplicate(client, db, caseworker):
    original = make_case(Status.INVESTIGATING)
    duplicate = make_case(Status.CLOSED, closure_reason=ClosureReason.DUPLICATE.value)
    db.session.add(
        ComplaintLink(
            complaint=duplicate, other=original, kind=LinkKind.DUPLICATE_OF, created_by="user:0"
        )
    )
    db.session.commit()
    login_as(client, caseworker)
    before = snapshot(db, original.reference)
    response = act(
        client,
        db,
        original.reference,
        "links",
        {"other_reference": duplicate.reference, "kind": "duplicate_of"},
    )
    assert response.status_code == 400
    assert "These complaints are already linked" in response.get_data(as_text=True)
    assert snapshot(db, original.reference) == before
