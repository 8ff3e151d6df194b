"""Who may use the staff pages for deployment records and usage returns."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from oversight.deployments.records.models import Deployment
from tests.deployments.staff.pages import NEW, TYPED, events
from tests.factories import make_deployment, make_usage_return
from tests.helpers import csrf_token, login_as

# Who may use these pages ----------------------------------------------------------------------

PAGES = [
    "/staff/deployments",
    "/staff/deployments/new",
    "/staff/deployments/{deployment}",
    "/staff/deployments/{deployment}/correct",
    "/staff/deployments/usage-returns",
    "/staff/deployments/usage-returns/new",
    "/staff/deployments/usage-returns/{usage}",
    "/staff/deployments/usage-returns/{usage}/correct",
]


@pytest.fixture
def paths(db) -> list[str]:
    deployment, usage = make_deployment(), make_usage_return()
    db.session.commit()
    return [p.format(deployment=deployment.id, usage=usage.id) for p in PAGES]


@pytest.mark.parametrize("role", ["caseworker", "senior_caseworker", "administrator"])
def test_caseworkers_and_administrators_may_open_every_page(client, paths, role, request):
    login_as(client, request.getfixturevalue(role))
    assert [client.get(path).status_code for path in paths] == [200] * len(paths)


@pytest.mark.parametrize("role", ["statistician", "publisher"])
def test_statisticians_and_publishers_are_refused_and_it_is_recorded(
    client, db, paths, role, request
):
    login_as(client, request.getfixturevalue(role))
    assert [client.get(path).status_code for path in paths] == [403] * len(paths)
    assert len(events(db, "access.refused")) == len(paths)


def test_someone_not_signed_in_is_sent_to_sign_in(client, paths):
    for path in paths:
        response = client.get(path)
        assert response.status_code == 302
        assert response.location.startswith("/staff/sign-in")


def test_a_statistician_cannot_add_a_record_by_posting(client, db, statistician):
    login_as(client, statistician)
    token = csrf_token(client.get("/staff").get_data(as_text=True))
    response = client.post(NEW, data={**TYPED, "csrf_token": token})
    assert response.status_code == 403
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Deployment)) == 0
