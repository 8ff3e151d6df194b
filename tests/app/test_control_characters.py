"""A NUL or another control character sent to the app's pages is answered with a field
error or removed, never a 500 (PostgreSQL cannot store a NUL at all). Runs on SQLite
and, with TEST_DATABASE_URL, on PostgreSQL. tests/app/test_forms.py does the same for
every form of the app, without the pages."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa

from oversight.auth.models import User
from oversight.complaints.enums import Status
from oversight.complaints.models import TimelineEntry
from oversight.deployments.records.models import Deployment
from tests.factories import DEPLOYMENT, make_case
from tests.helpers import csrf_token, login_as, post_page

NUL = "\x00"
HANDLED = {200, 302, 400}
VERSION = re.compile(r'name="version" type="hidden" value="(\d+)"')


def test_a_nul_in_a_caseworkers_internal_note_is_removed(client, db, caseworker):
    complaint = make_case(Status.INVESTIGATING)
    db.session.commit()
    login_as(client, caseworker)
    html = client.get(f"/staff/cases/{complaint.reference}").get_data(as_text=True)
    response = client.post(
        f"/staff/cases/{complaint.reference}/notes",
        data={
            "csrf_token": csrf_token(html),
            "version": VERSION.search(html).group(1),
            "text": f"Rang{NUL} the force.\x1b",
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.expire_all()
    texts = list(db.session.scalars(sa.select(TimelineEntry.body)))
    assert "Rang the force." in texts
    assert not any(NUL in (text or "") for text in texts)


def test_a_note_of_nothing_but_control_characters_is_refused_as_empty(client, db, caseworker):
    complaint = make_case(Status.INVESTIGATING)
    db.session.commit()
    login_as(client, caseworker)
    html = client.get(f"/staff/cases/{complaint.reference}").get_data(as_text=True)
    response = client.post(
        f"/staff/cases/{complaint.reference}/notes",
        data={
            "csrf_token": csrf_token(html),
            "version": VERSION.search(html).group(1),
            "text": NUL * 3,
        },
    )
    assert response.status_code == 400
    assert "Enter the note" in response.get_data(as_text=True)


@pytest.mark.parametrize(
    ("slug", "data"),
    [
        ("technology", {"technology": f"lfr{NUL}"}),
        ("force", {"force": f"south-wales{NUL}"}),
        (
            "when",
            {
                "incident_date-day": f"1{NUL}",
                "incident_date-month": "6",
                "incident_date-year": "2026",
            },
        ),
        (
            "when",
            {
                "incident_date-day": "9" * 20,
                "incident_date-month": "6",
                "incident_date-year": "2026",
            },
        ),
        ("where", {"place": f"Cardiff{NUL} city centre"}),
        ("what-happened", {"what_happened": f"A camera{NUL} van.\r\nIt scanned faces."}),
        ("concerns", {"concerns": [f"no_notice{NUL}"]}),
    ],
)
def test_a_nul_in_a_public_answer_is_never_a_server_error(client, db, slug, data):
    response = post_page(client, f"/complain/{slug}", data)
    assert response.status_code in HANDLED
    assert NUL not in response.get_data(as_text=True)


def test_a_nul_in_the_track_form_is_never_a_server_error(client, db):
    response = post_page(
        client, "/track", {"reference": f"FR-{NUL}7KQM", "tracking_code": f"{NUL}AAAA"}
    )
    assert response.status_code in HANDLED


def test_a_nul_in_a_staff_account_is_removed_and_one_in_its_password_refused(
    client, db, administrator
):
    login_as(client, administrator)
    account = {
        "name": f"Robin{NUL} Newcomer",
        "email": f"robin.newcomer@example.com{NUL}",
        "roles": [f"caseworker{NUL}"],
    }
    refused = post_page(client, "/staff/users/new", {**account, "password": f"violet{NUL} kettle"})
    assert refused.status_code == 400
    assert "First password must not include hidden characters" in refused.get_data(as_text=True)
    added = post_page(client, "/staff/users/new", {**account, "password": "violet kettle stairs"})
    assert added.status_code == 302
    db.session.expire_all()
    user = db.session.scalar(sa.select(User).where(User.name == "Robin Newcomer"))
    assert user is not None
    assert user.email == "robin.newcomer@example.com"


def test_a_nul_in_a_deployment_record_is_removed(client, db, caseworker):
    login_as(client, caseworker)
    typed = {
        **{key: value or "" for key, value in DEPLOYMENT.items()},
        "deployed_on": "14/06/2026",
        "location_name": f"Principality{NUL} Stadium",
        "purpose": f"Wanted persons{NUL}\r\nat a match",
        "force": f"south-wales{NUL}",
        "faces_seen": f"24,310{NUL}",
    }
    response = post_page(client, "/staff/deployments/new", typed)
    assert response.status_code in HANDLED
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    db.session.expire_all()
    record = db.session.scalar(sa.select(Deployment))
    assert record.location_name == "Principality Stadium"
    assert NUL not in (record.purpose or "")


def test_a_nul_in_a_list_filter_is_never_a_server_error(client, db, caseworker, administrator):
    login_as(client, caseworker)
    for url in (
        f"/register?force=south-wales{NUL}&from=1/4/2026{NUL}",
        f"/staff/deployments?q=stadium{NUL}&force={NUL}",
        f"/staff/deployments/usage-returns?force={NUL}&to={NUL}",
        f"/staff/cases?q={NUL}&force={NUL}&status={NUL}&sort={NUL}&after={NUL}",
    ):
        assert client.get(url).status_code in HANDLED, url
    login_as(client, administrator)
    response = client.get(f"/staff/audit?actor={NUL}&action={NUL}&date_from={NUL}")
    assert response.status_code in HANDLED
