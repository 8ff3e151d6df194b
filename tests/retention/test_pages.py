"""The legal hold on the case page (set and released by a senior caseworker, with a
reason, audited) and the administrators' retention page."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.auth.models import Role
from oversight.complaints.enums import Status
from oversight.retention import holds
from oversight.retention.models import LegalHold
from tests.factories import make_case, make_user
from tests.helpers import csrf_token, login_as
from tests.retention.cases import closed_case

LONG_AGO = datetime(2019, 6, 3, 10, tzinfo=UTC)


def _post(client, path: str, data: dict[str, str]):
    token = csrf_token(client.get("/staff").get_data(as_text=True))
    return client.post(path, data={"csrf_token": token, **data})


def _actions(db) -> list[tuple[str, str | None]]:
    db.session.expire_all()
    return [
        (e.action, e.object_id)
        for e in db.session.scalars(
            sa.select(AuditEvent)
            .where(AuditEvent.action.like("case.legal_hold%"))
            .order_by(AuditEvent.seq)
        )
    ]


def test_a_senior_caseworker_sets_and_releases_a_hold_with_reasons(client, db, senior_caseworker):
    complaint = make_case(Status.CLOSED)
    db.session.commit()
    login_as(client, senior_caseworker)
    page = client.get(f"/staff/cases/{complaint.reference}").get_data(as_text=True)
    assert "This case is not on legal hold" in page and "Put on legal hold" in page

    response = _post(
        client, f"/staff/cases/{complaint.reference}/legal-hold", {"reason": "A claim in court."}
    )
    assert response.status_code == 302
    hold = db.session.scalar(sa.select(LegalHold))
    assert (hold.reason, hold.set_by_id, hold.released_at) == (
        "A claim in court.",
        senior_caseworker.id,
        None,
    )
    page = client.get(f"/staff/cases/{complaint.reference}").get_data(as_text=True)
    assert "On legal hold" in page and "A claim in court." in page and "Release the hold" in page

    response = _post(
        client,
        f"/staff/cases/{complaint.reference}/legal-hold/release",
        {"release_reason": "The claim was settled."},
    )
    assert response.status_code == 302
    db.session.refresh(hold)
    assert hold.released_by_id == senior_caseworker.id and hold.released_at is not None
    assert hold.release_reason == "The claim was settled."
    assert _actions(db) == [
        ("case.legal_hold_set", complaint.reference),
        ("case.legal_hold_released", complaint.reference),
    ]
    page = client.get(f"/staff/cases/{complaint.reference}").get_data(as_text=True)
    assert "Holds released (1)" in page


def test_a_hold_needs_a_reason(client, db, senior_caseworker):
    complaint = make_case(Status.CLOSED)
    db.session.commit()
    login_as(client, senior_caseworker)
    response = _post(client, f"/staff/cases/{complaint.reference}/legal-hold", {"reason": "  "})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "govuk-error-summary" in html
    assert 'href="#legal-hold-reason"' in html
    assert "Enter why the case is on legal hold" in html
    assert db.session.scalars(sa.select(LegalHold)).all() == []
    holds.set_hold(complaint, "A claim.", senior_caseworker)
    db.session.commit()
    response = _post(
        client, f"/staff/cases/{complaint.reference}/legal-hold/release", {"release_reason": ""}
    )
    assert response.status_code == 400
    assert "Enter why the hold is released" in response.get_data(as_text=True)
    assert holds.active_hold(complaint) is not None


def test_a_case_holds_one_active_hold(client, db, senior_caseworker):
    complaint = make_case(Status.CLOSED)
    holds.set_hold(complaint, "A claim.", senior_caseworker)
    db.session.commit()
    login_as(client, senior_caseworker)
    response = _post(client, f"/staff/cases/{complaint.reference}/legal-hold", {"reason": "More."})
    assert response.status_code == 400
    assert "This case is already on legal hold" in response.get_data(as_text=True)
    assert len(db.session.scalars(sa.select(LegalHold)).all()) == 1


def test_a_caseworker_sees_the_hold_but_cannot_set_or_release_it(client, db, caseworker):
    complaint = make_case(Status.CLOSED)
    senior = make_user({Role.SENIOR_CASEWORKER}, "hold-senior@example.test", "Hold Senior")
    db.session.commit()
    login_as(client, caseworker)
    assert "Put on legal hold" not in client.get(f"/staff/cases/{complaint.reference}").get_data(
        as_text=True
    )
    response = _post(client, f"/staff/cases/{complaint.reference}/legal-hold", {"reason": "Mine."})
    assert response.status_code == 403
    holds.set_hold(complaint, "A claim.", senior)
    db.session.commit()
    page = client.get(f"/staff/cases/{complaint.reference}").get_data(as_text=True)
    assert "On legal hold" in page and "Release the hold" not in page
    response = _post(
        client, f"/staff/cases/{complaint.reference}/legal-hold/release", {"release_reason": "x"}
    )
    assert response.status_code == 403
    assert holds.active_hold(complaint) is not None


def test_the_retention_page_shows_the_schedule_what_is_due_and_every_hold(
    client, db, administrator, senior_caseworker
):
    held = closed_case(LONG_AGO)
    due = closed_case(LONG_AGO)
    released = make_case(Status.CLOSED)
    holds.set_hold(held, "An IOPC investigation.", senior_caseworker)
    holds.set_hold(released, "A claim.", senior_caseworker)
    holds.release_hold(released, "Settled.", senior_caseworker)
    db.session.commit()
    login_as(client, administrator)
    html = client.get("/staff/retention").get_data(as_text=True)
    assert "Retention" in html
    for text in (
        "Contact details",
        "2 years after the case closes",
        "6 years after the case closes",
    ):
        assert text in html
    assert "What a run today" in html and "1 closed case has something due" in html
    assert "1 case that would be due is skipped for a legal hold" in html
    active = html.split('id="active-holds"')[1].split("</table>")[0]
    assert held.reference in active and "An IOPC investigation." in active
    assert senior_caseworker.name in active
    # Administrators cannot open case pages, so the references are not links to them.
    assert f'href="/staff/cases/{held.reference}"' not in html
    assert due.reference not in active
    gone = html.split('id="released-holds"')[1].split("</table>")[0]
    assert released.reference in gone and "Settled." in gone
    assert 'href="/staff/retention"' in html  # in the staff menu


def test_the_retention_page_is_for_administrators_only(client, db, senior_caseworker):
    login_as(client, senior_caseworker)
    assert client.get("/staff/retention").status_code == 403
    assert 'href="/staff/retention"' not in client.get("/staff").get_data(as_text=True)
