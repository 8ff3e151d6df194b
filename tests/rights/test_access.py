"""The rights pages are the information rights officer's: every rights endpoint the
access matrix lists (refused there to every other role) is open to them."""

from __future__ import annotations

import pytest

from tests.app.conftest import records as records_fixture  # noqa: F401  (a fixture)
from tests.app.endpoints import ENDPOINTS, send
from tests.helpers import login_as

RIGHTS = [name for name in ENDPOINTS if name.split(".")[0] in ("rights", "rights_work")]
# What each answers the officer, on the records' request (its identity checked, the first
# case chosen) when not a page (200).
EXPECTED = {
    "rights.release": 200,  # the bundle itself
    "rights_work.choose": 302,
    "rights_work.unchoose": 302,
    "rights_work.remove_redaction": 404,  # the request has no redaction
}


@pytest.mark.parametrize("endpoint", RIGHTS)
def test_the_information_rights_officer_may_use_every_rights_page(
    app,
    client,
    db,
    records_fixture,  # noqa: F811  (the fixture imported above)
    information_rights,
    endpoint,
):
    login_as(client, information_rights)
    response = send(client, ENDPOINTS[endpoint], records_fixture)
    assert response.status_code == EXPECTED.get(endpoint, 200), endpoint


def test_the_rights_endpoints_are_all_listed():
    assert len(RIGHTS) == 16
