"""The rights pages are the information rights officer's: every rights endpoint the
access matrix lists (refused there to every other role) is open to them."""

from __future__ import annotations

from datetime import date

import pytest

from oversight.rights import services
from oversight.rights.models import ReceivedVia, RequestKind
from tests.app.conftest import records as records_fixture  # noqa: F401  (a fixture)
from tests.app.endpoints import ENDPOINTS, send
from tests.helpers import login_as

RIGHTS = [name for name in ENDPOINTS if name.split(".")[0] in ("rights", "rights_work")]
# A draft bundle, a release and removing what was never there answer other than 200.
EXPECTED = {
    "rights.release": 400,  # the requester's identity is not checked yet
    "rights_work.choose": 302,
    "rights_work.unchoose": 404,  # that case was never chosen
    "rights_work.remove_redaction": 404,
    "rights_work.evidence": 404,  # the case with the file is not chosen
    "rights_work.preview": 404,
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
    services.log_request(
        RequestKind.ACCESS,
        "Jo Bloggs",
        "jo@example.com",
        ReceivedVia.EMAIL,
        date(2026, 11, 2),
        information_rights,
        date(2026, 12, 4),
    )
    db.session.commit()
    login_as(client, information_rights)
    response = send(client, ENDPOINTS[endpoint], records_fixture)
    assert response.status_code == EXPECTED.get(endpoint, 200), endpoint


def test_the_rights_endpoints_are_all_listed():
    assert len(RIGHTS) == 15
