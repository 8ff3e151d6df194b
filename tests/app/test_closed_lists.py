"""Closed lists stored as enum columns: a value from outside a list, typed by a user into
a filter, matches nothing rather than failing (the column would refuse to bind it)."""

from __future__ import annotations

from oversight.audit import services as audit
from tests.helpers import login_as

AUDIT_LOG = "/staff/audit"


def test_the_audit_log_filtered_by_an_outcome_outside_the_list_shows_no_events(
    client, db, administrator
):
    audit.record("case.viewed", actor="user:901", object_type="case", reference="ABC-1")
    db.session.commit()
    login_as(client, administrator)
    everything = client.get(AUDIT_LOG)
    assert "user:901" in everything.get_data(as_text=True)
    response = client.get(AUDIT_LOG, query_string={"outcome": "maybe"})
    assert response.status_code == 200
    assert "user:901" not in response.get_data(as_text=True)
