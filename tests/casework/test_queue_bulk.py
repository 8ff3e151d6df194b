"""Acting on many cases at once from the queue: a senior caseworker assigns the cases
selected, sets their priority or links them as related, in one step; each case is
checked on its own (policy, version, the service's rules) and the page lists what was
done and what was refused, with why."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.auth.models import Role
from oversight.complaints.enums import Priority, Status, TimelineKind
from oversight.complaints.models import Complaint, TimelineEntry
from tests.casework.queue_bulk import added, events, send, text
from tests.factories import make_case, make_user
from tests.helpers import login_as

pytestmark = pytest.mark.usefixtures("cheap_tracking_codes")


@pytest.fixture
def worker(db):
    user = make_user({Role.CASEWORKER}, email="casey@example.test", name="Casey Worker")
    db.session.commit()
    return user


# The queue page ---------------------------------------------------------------------------


def test_a_senior_sees_a_checkbox_with_each_cases_version(client, db, senior_caseworker):
    complaint = make_case(Status.IN_TRIAGE)
    db.session.commit()
    login_as(client, senior_caseworker)
    page = client.get("/staff/cases").get_data(as_text=True)
    assert f'name="cases" type="checkbox" value="{complaint.reference}:{complaint.version}"' in page
    assert "Apply to the selected cases" in page


def test_a_caseworker_sees_no_checkboxes_and_no_bulk_form(client, db, caseworker):
    make_case(Status.IN_TRIAGE)
    db.session.commit()
    login_as(client, caseworker)
    page = client.get("/staff/cases").get_data(as_text=True)
    assert 'name="cases"' not in page
    assert "/staff/cases/queue/bulk" not in page
    assert "export.csv" not in page


def test_a_caseworker_sending_the_bulk_form_is_refused_and_audited(client, db, caseworker, worker):
    complaint = make_case(Status.IN_TRIAGE)
    db.session.commit()
    login_as(client, caseworker)
    response = send(client, [complaint], action="assign", assign_to=str(worker.id))
    assert response.status_code == 403
    db.session.refresh(complaint)
    assert complaint.assignee_id is None
    [refused] = events(db, "access.refused")
    assert refused.actor == f"user:{caseworker.id}"
    assert refused.details == {"endpoint": "casework_queue.bulk_action", "method": "POST"}
    assert events(db, "case.bulk_action") == []


# Assigning --------------------------------------------------------------------------------


def test_a_senior_assigns_several_cases_at_once(client, db, senior_caseworker, worker):
    cases = [make_case(Status.IN_TRIAGE) for _ in range(3)]
    db.session.commit()
    login_as(client, senior_caseworker)
    response = send(client, cases, action="assign", assign_to=str(worker.id))
    assert response.status_code == 200
    page = text(response)
    assert "3 cases done" in page
    assert "0 cases not changed" in page
    assert "You asked to assign them to Casey Worker." in page
    for complaint in cases:
        db.session.refresh(complaint)
        assert complaint.assignee_id == worker.id
        assert complaint.version == 2
        assert len(added(complaint, TimelineKind.ASSIGNMENT)) == 1
    assigned = events(db, "case.assigned")
    assert sorted(e.object_id for e in assigned) == sorted(c.reference for c in cases)
    [bulk] = events(db, "case.bulk_action")
    assert bulk.details == {
        "kind": "assign",
        "done": [c.reference for c in cases],
        "refused": [],
    }


def test_a_case_changed_since_the_queue_was_loaded_is_refused_and_the_others_done(
    client, db, senior_caseworker, worker
):
    first, changed, last = (make_case(Status.IN_TRIAGE) for _ in range(3))
    db.session.commit()
    stale = f"{changed.reference}:{changed.version}"
    changed.version += 1  # someone else's change, after the queue was loaded
    db.session.commit()
    login_as(client, senior_caseworker)
    boxes = [f"{c.reference}:1" for c in (first, last)]
    response = send(client, [boxes[0], stale, boxes[1]], action="assign", assign_to=str(worker.id))
    assert response.status_code == 200
    page = text(response)
    assert "2 cases done" in page
    assert (
        f"{changed.reference}: It was changed by someone else since you loaded the queue:"
        " not assigned" in page
    )
    db.session.expire_all()
    assert db.session.get(Complaint, changed.id).assignee_id is None
    assert added(db.session.get(Complaint, changed.id), TimelineKind.ASSIGNMENT) == []
    assert db.session.get(Complaint, first.id).assignee_id == worker.id
    assert db.session.get(Complaint, last.id).assignee_id == worker.id
    [bulk] = events(db, "case.bulk_action")
    assert bulk.details["done"] == [first.reference, last.reference]
    assert bulk.details["refused"] == [changed.reference]
    assert {e.object_id for e in events(db, "case.assigned")} == {first.reference, last.reference}


def test_a_case_already_with_that_person_is_listed_as_not_changed(
    client, db, senior_caseworker, worker
):
    theirs = make_case(Status.IN_TRIAGE, assignee_id=worker.id)
    other = make_case(Status.IN_TRIAGE)
    db.session.commit()
    login_as(client, senior_caseworker)
    page = text(send(client, [theirs, other], action="assign", assign_to=str(worker.id)))
    assert "1 case done" in page
    assert f"{theirs.reference}: It is already assigned to this person" in page


def test_cases_can_be_unassigned_in_bulk(client, db, senior_caseworker, worker):
    cases = [make_case(Status.IN_TRIAGE, assignee_id=worker.id) for _ in range(2)]
    db.session.commit()
    login_as(client, senior_caseworker)
    page = text(send(client, cases, action="assign", assign_to="nobody"))
    assert "2 cases done" in page
    db.session.expire_all()
    assert [db.session.get(Complaint, c.id).assignee_id for c in cases] == [None, None]


# Priority ---------------------------------------------------------------------------------


def test_a_senior_sets_the_priority_of_several_cases_with_a_reason(client, db, senior_caseworker):
    cases = [make_case(Status.INVESTIGATING) for _ in range(2)]
    closed = make_case(Status.CLOSED)
    db.session.commit()
    login_as(client, senior_caseworker)
    response = send(
        client,
        [*cases, closed],
        action="priority",
        new_priority="urgent",
        priority_reason="An arrest followed the alert.",
    )
    page = text(response)
    assert response.status_code == 200
    assert "2 cases done" in page
    assert f"{closed.reference}: The case is closed" in page
    db.session.expire_all()
    for complaint in cases:
        changed = db.session.get(Complaint, complaint.id)
        assert (changed.priority, changed.priority_rank) == (Priority.URGENT, 1)
        assert changed.priority_reason == "An arrest followed the alert."
        [entry] = added(changed, TimelineKind.NOTE)
        assert not entry.visible_to_complainant
        assert (
            entry.body == "Priority changed from Standard to Urgent: An arrest followed the alert."
        )
    assert db.session.get(Complaint, closed.id).priority is Priority.STANDARD
    changes = events(db, "case.priority_changed")
    assert [e.details["to_priority"] for e in changes] == ["urgent", "urgent"]
    assert {e.details["from_priority"] for e in changes} == {"standard"}


def test_a_priority_other_than_standard_needs_a_reason_and_the_choices_are_kept(
    client, db, senior_caseworker
):
    complaint = make_case(Status.INVESTIGATING)
    db.session.commit()
    login_as(client, senior_caseworker)
    response = send(client, [complaint], action="priority", new_priority="high")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "There is a problem" in page
    assert 'href="#priority_reason"' in page
    assert "Give the reason for the priority" in page
    assert f'value="{complaint.reference}:1" checked' in page
    assert re.search(r'value="priority"\s+checked', page)
    assert re.search(r'<option value="high"\s+selected', page)
    db.session.refresh(complaint)
    assert complaint.priority is Priority.STANDARD


def test_a_case_already_at_that_priority_is_not_changed(client, db, senior_caseworker):
    complaint = make_case(Status.INVESTIGATING)
    db.session.commit()
    login_as(client, senior_caseworker)
    page = text(send(client, [complaint], action="priority", new_priority="standard"))
    assert f"{complaint.reference}: It already has this priority" in page
    assert events(db, "case.priority_changed") == []


# Mistakes ---------------------------------------------------------------------------------


def test_nothing_selected_is_an_error_on_the_queue_with_the_action_kept(
    client, db, senior_caseworker, worker
):
    make_case(Status.IN_TRIAGE)
    db.session.commit()
    login_as(client, senior_caseworker)
    response = send(client, [], action="assign", assign_to=str(worker.id))
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Error:" in page.split("</title>")[0]
    assert '<a href="#cases">Select at least one case</a>' in page
    assert re.search(r'value="assign"\s+checked', page)
    assert re.search(rf'<option value="{worker.id}"\s+selected', page)
    assert events(db, "case.bulk_action") == []


def test_no_action_chosen_is_an_error_with_the_cases_kept(client, db, senior_caseworker):
    complaint = make_case(Status.IN_TRIAGE)
    db.session.commit()
    login_as(client, senior_caseworker)
    response = send(client, [complaint])
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Select what to do to the cases" in page
    assert f'value="{complaint.reference}:1" checked' in page


def test_the_queue_shown_again_keeps_its_filters(client, db, senior_caseworker, worker):
    lfr = make_case(Status.IN_TRIAGE, technology="lfr")
    rfr = make_case(Status.IN_TRIAGE, technology="rfr")
    db.session.commit()
    login_as(client, senior_caseworker)
    response = send(client, [lfr], "?technology=rfr", action="assign")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Select who to assign the cases to" in page
    assert rfr.reference in page
    assert f'href="/staff/cases/{lfr.reference}"' not in page


def test_more_than_a_hundred_cases_at_once_are_refused_with_the_limit(
    client, db, senior_caseworker, worker
):
    login_as(client, senior_caseworker)
    boxes = [f"FR-{n:04d}-AAAA:1" for n in range(101)]
    response = send(client, boxes, action="assign", assign_to=str(worker.id))
    assert response.status_code == 400
    assert "Select 100 cases or fewer at a time. You selected 101" in text(response)


def test_a_case_not_from_the_queue_is_an_error_not_a_server_error(
    client, db, senior_caseworker, worker
):
    login_as(client, senior_caseworker)
    for value in ("no-such-case", "FR-AAAA-AAAA:x", "FR-AAAA:1'%_", "9" * 20):
        response = send(client, [value], action="assign", assign_to=str(worker.id))
        assert response.status_code == 400, value
        assert "Select cases from the list" in text(response)


def test_a_reference_no_case_has_is_listed_as_refused(client, db, senior_caseworker, worker):
    complaint = make_case(Status.IN_TRIAGE)
    db.session.commit()
    login_as(client, senior_caseworker)
    page = text(
        send(client, [complaint, "FR-ZZZZ-ZZZZ:1"], action="assign", assign_to=str(worker.id))
    )
    assert "1 case done" in page
    assert "FR-ZZZZ-ZZZZ: There is no such case" in page


def test_each_case_change_and_the_bulk_event_are_committed_together(
    client, db, senior_caseworker, worker
):
    cases = [make_case(Status.IN_TRIAGE) for _ in range(2)]
    db.session.commit()
    login_as(client, senior_caseworker)
    send(client, cases, action="assign", assign_to=str(worker.id))
    db.session.expire_all()
    entries = db.session.scalars(
        sa.select(TimelineEntry).where(TimelineEntry.kind == TimelineKind.ASSIGNMENT)
    ).all()
    assert len(entries) == 2
    actions = [e.action for e in db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq))]
    assert actions[-3:] == ["case.assigned", "case.assigned", "case.bulk_action"]


def test_the_services_own_rules_refuse_a_case_as_on_its_page(client, db, senior_caseworker):
    signer = make_user({Role.SENIOR_CASEWORKER}, email="signer2@example.test", name="Sign Er")
    signed = make_case(Status.INVESTIGATING, signed_off_by_id=signer.id)
    other = make_case(Status.INVESTIGATING)
    db.session.commit()
    login_as(client, senior_caseworker)
    page = text(send(client, [signed, other], action="assign", assign_to=str(signer.id)))
    assert "1 case done" in page
    assert (
        f"{signed.reference}: The findings on this case were signed off by this person, so"
        " the case cannot be assigned to them" in page
    )
    db.session.expire_all()
    assert db.session.get(Complaint, signed.id).assignee_id is None
    assert db.session.get(Complaint, other.id).assignee_id == signer.id
