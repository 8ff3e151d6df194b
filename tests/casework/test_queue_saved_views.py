"""Saved views of the queue: a person saves the filter and sort shown under a name,
shares it with the team or not, applies it from the queue, and deletes their own; a
stored view is read like any query string, so a choice gone stale is ignored."""

from __future__ import annotations

import html
import re
from typing import Any

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.auth.models import Role
from oversight.casework.queue.models import SavedView
from oversight.complaints.enums import Status
from tests.factories import make_case, make_user
from tests.helpers import csrf_token, login_as

pytestmark = pytest.mark.usefixtures("cheap_tracking_codes")


def token(client: Any) -> str:
    return csrf_token(client.get("/staff/cases").get_data(as_text=True))


def save(client: Any, query: str, name: str, shared: bool = False) -> Any:
    data = {"csrf_token": token(client), "name": name}
    if shared:
        data["shared"] = "y"
    return client.post(f"/staff/cases/queue/views{query}", data=data)


def view_links(page: str) -> dict[str, str]:
    """Each saved view's name and the address it links to."""
    found = re.findall(r'<a class="govuk-link" href="(/staff/cases[^"]*)"[^>]*>([^<]+)</a>', page)
    return {html.unescape(name): html.unescape(href) for href, name in found}


@pytest.fixture
def colleague(db):
    user = make_user({Role.CASEWORKER}, email="colleague@example.test", name="Chris Colleague")
    db.session.commit()
    return user


def test_a_caseworker_saves_the_filter_shown_and_it_is_listed_as_a_link(client, db, caseworker):
    login_as(client, caseworker)
    response = save(client, "?technology=lfr&sort=due&overdue=1&after=abc", "Overdue live FR")
    assert response.status_code == 302
    assert response.location == "/staff/cases?technology=lfr&overdue=1&sort=due"
    [view] = db.session.scalars(sa.select(SavedView)).all()
    assert (view.owner_id, view.name, view.shared) == (caseworker.id, "Overdue live FR", False)
    assert view.filters == {"technology": "lfr", "overdue": "1", "sort": "due"}
    page = client.get("/staff/cases").get_data(as_text=True)
    assert view_links(page)["Overdue live FR"] == "/staff/cases?technology=lfr&overdue=1&sort=due"
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "case.queue_view_saved")
    )
    assert event.details == {"filters": view.filters, "shared": False}


def test_applying_a_view_shows_its_cases_and_marks_it_current(client, db, caseworker):
    lfr = make_case(Status.IN_TRIAGE, technology="lfr")
    rfr = make_case(Status.IN_TRIAGE, technology="rfr")
    db.session.commit()
    login_as(client, caseworker)
    save(client, "?technology=rfr", "Retrospective")
    link = view_links(client.get("/staff/cases").get_data(as_text=True))["Retrospective"]
    page = client.get(link).get_data(as_text=True)
    assert rfr.reference in page
    assert lfr.reference not in page
    assert 'aria-current="page">Retrospective</a>' in page


def test_a_shared_view_is_listed_for_the_team_and_a_private_one_is_not(
    client, db, caseworker, colleague
):
    login_as(client, colleague)
    save(client, "?priority=urgent", "Urgent ones", shared=True)
    save(client, "?priority=high", "My high ones")
    login_as(client, caseworker)
    page = client.get("/staff/cases").get_data(as_text=True)
    assert "Shared by the team" in page
    assert view_links(page)["Urgent ones"] == "/staff/cases?priority=urgent"
    assert "saved by Chris Colleague" in page
    assert "My high ones" not in page
    assert "Delete" not in page  # another person's view is not for this person to delete


def test_a_name_is_needed_and_the_error_shows_on_the_queue(client, db, caseworker):
    login_as(client, caseworker)
    response = save(client, "?technology=lfr", "   ")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert '<a href="#name">Enter a name for the view</a>' in page
    assert '<details class="govuk-details" open>' in page
    assert db.session.scalars(sa.select(SavedView)).all() == []


def test_a_name_longer_than_100_characters_is_refused(client, db, caseworker):
    login_as(client, caseworker)
    response = save(client, "", "x" * 101)
    assert response.status_code == 400
    assert "The name must be 100 characters or fewer" in response.get_data(as_text=True)


def test_the_same_name_twice_for_one_person_is_refused_but_another_may_use_it(
    client, db, caseworker, colleague
):
    login_as(client, caseworker)
    assert save(client, "?priority=high", "Mine").status_code == 302
    response = save(client, "?priority=urgent", "Mine")
    assert response.status_code == 400
    assert "You already have a view called that. Enter a different name" in (
        response.get_data(as_text=True)
    )
    login_as(client, colleague)
    assert save(client, "?priority=urgent", "Mine").status_code == 302


@pytest.mark.parametrize(
    "name",
    [
        "<script>alert('hostile')</script>",
        '=HYPERLINK("https://evil.example/","click")',
        "Tab\tand\x00NUL",
        "Wyneb‐adnabod: ‘achosion’ brys ✓",
    ],
)
def test_a_hostile_name_is_stored_cleaned_and_shown_escaped(client, db, caseworker, name):
    login_as(client, caseworker)
    assert save(client, "", name).status_code == 302
    [view] = db.session.scalars(sa.select(SavedView)).all()
    assert "\x00" not in view.name and "\t" not in view.name
    page = client.get("/staff/cases").get_data(as_text=True)
    assert "<script>alert" not in page
    assert html.escape(view.name, quote=False) in page or view.name in view_links(page)


def test_a_person_deletes_their_own_view(client, db, caseworker):
    login_as(client, caseworker)
    save(client, "?priority=high", "Gone soon")
    view = db.session.scalar(sa.select(SavedView))
    response = client.post(
        f"/staff/cases/queue/views/{view.id}/delete?priority=high",
        data={"csrf_token": token(client)},
    )
    assert response.status_code == 302
    assert response.location == "/staff/cases?priority=high"
    db.session.expire_all()
    assert db.session.scalars(sa.select(SavedView)).all() == []
    assert db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "case.queue_view_deleted")
    ).object_id == str(view.id)


def test_another_persons_view_cannot_be_deleted_even_when_shared(client, db, caseworker, colleague):
    login_as(client, colleague)
    save(client, "?priority=urgent", "Shared", shared=True)
    view = db.session.scalar(sa.select(SavedView))
    login_as(client, caseworker)
    response = client.post(
        f"/staff/cases/queue/views/{view.id}/delete", data={"csrf_token": token(client)}
    )
    assert response.status_code == 403
    db.session.expire_all()
    assert db.session.get(SavedView, view.id) is not None
    refused = db.session.scalar(sa.select(AuditEvent).where(AuditEvent.action == "access.refused"))
    assert (refused.object_type, refused.object_id) == ("saved_view", str(view.id))


def test_deleting_a_view_that_does_not_exist_is_not_found(client, db, caseworker):
    login_as(client, caseworker)
    response = client.post(
        "/staff/cases/queue/views/999/delete", data={"csrf_token": token(client)}
    )
    assert response.status_code == 404


def test_a_stale_choice_in_a_stored_view_is_ignored_with_the_notice(client, db, caseworker):
    view = SavedView(
        owner_id=caseworker.id,
        name="Old force",
        filters={"force": "no-such-force", "priority": "urgent", "_external": "1", "q": 5},
    )
    db.session.add(view)
    db.session.commit()
    login_as(client, caseworker)
    page = client.get("/staff/cases").get_data(as_text=True)
    link = view_links(page)["Old force"]
    assert link == "/staff/cases?force=no-such-force&priority=urgent"
    shown = client.get(link)
    assert shown.status_code == 200
    assert "filter was ignored because it was not one of its choices" in shown.get_data(
        as_text=True
    )


def test_other_staff_cannot_save_views(client, db, statistician):
    login_as(client, statistician)
    response = client.post("/staff/cases/queue/views", data={"name": "Mine"})
    assert response.status_code in (400, 403)
    assert db.session.scalars(sa.select(SavedView)).all() == []


def test_the_delete_form_survives_hostile_values(client, db, caseworker):
    from tests.app.hostile import assert_survived, walk_form

    view = SavedView(owner_id=caseworker.id, name="Mine", filters={})
    db.session.add(view)
    db.session.commit()
    login_as(client, caseworker)
    sent = walk_form(client, "/staff/cases", f"/staff/cases/queue/views/{view.id}/delete")
    assert_survived(db, sent)
    assert db.session.get(SavedView, view.id) is not None  # no hostile token deleted it


def test_the_queue_costs_the_same_whatever_the_number_of_shared_views(
    client, db, senior_caseworker
):
    from tests.casework.queue import statements

    def share(count: int) -> None:
        for n in range(count):
            owner = make_user({Role.CASEWORKER}, email=f"o{n}-{count}@example.test", name="O")
            db.session.add(SavedView(owner_id=owner.id, name=f"V{n}", filters={}, shared=True))
        db.session.commit()

    def cost() -> list[str]:
        db.session.expunge_all()
        with statements(db) as sent:
            assert client.get("/staff/cases").status_code == 200
        return sent

    login_as(client, senior_caseworker)
    share(1)
    few = cost()
    share(5)
    assert len(cost()) == len(few)
