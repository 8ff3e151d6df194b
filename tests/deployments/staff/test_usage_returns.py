"""Adding and correcting usage returns on the staff pages."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from oversight.audit.models import AuditEvent
from oversight.deployments.records.models import UsageReturn
from tests.deployments.staff.pages import NEW_RETURN, TYPED_RETURN, Form, text
from tests.factories import make_usage_return
from tests.helpers import login_as, post_page

# Usage returns -----------------------------------------------------------------------------


def test_a_caseworker_adds_and_corrects_a_usage_return(client, db, caseworker):
    login_as(client, caseworker)
    response = post_page(client, NEW_RETURN, TYPED_RETURN)
    usage = db.session.scalars(sa.select(UsageReturn)).one()
    assert response.location == f"/staff/deployments/usage-returns/{usage.id}"
    assert (usage.searches, usage.version) == (1420, 1)
    url = f"/staff/deployments/usage-returns/{usage.id}/correct"
    form = Form(client.get(url).get_data(as_text=True)).values
    assert (form["period_start"], form["searches"]) == ("01/04/2026", "1,420")
    response = post_page(client, url, {**form, "searches": "1,500", "note": "Late figures"})
    assert response.status_code == 302
    page = text(client.get(response.location).get_data(as_text=True))
    assert "Usage return corrected." in page
    assert "Searches 1,420 1,500" in page
    assert [e.action for e in db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.seq))][
        -2:
    ] == ["usage_return.created", "usage_return.corrected"]


@pytest.mark.parametrize(
    ("field", "typed", "message"),
    [
        (
            "period_end",
            {"period_end": "01/04/2026"},
            "End of period must be after the start of the period",
        ),
        ("technology", {"technology": "lfr"}, "Technology must be one of: rfr, oifr"),
        ("searches", {"searches": ""}, "Enter the searches"),
        ("possible_matches", {"possible_matches": "-1"}, "Possible matches cannot be less than 0"),
    ],
)
def test_a_usage_return_that_breaks_the_rules_is_refused_by_its_field(
    client, db, caseworker, field, typed, message
):
    login_as(client, caseworker)
    response = post_page(client, NEW_RETURN, {**TYPED_RETURN, **typed})
    page = Form(response.get_data(as_text=True))
    assert response.status_code == 400
    assert (field, message) in page.summary
    assert page.error(field) == message
    assert page.values["period_start"] == "01/04/2026"


def test_a_second_return_for_the_same_period_points_to_the_first(client, db, caseworker):
    held = make_usage_return()
    db.session.commit()
    login_as(client, caseworker)
    response = post_page(client, NEW_RETURN, TYPED_RETURN)
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert Form(html).error("period_start").startswith("This force already has a usage return")
    assert f'href="/staff/deployments/usage-returns/{held.id}"' in html
