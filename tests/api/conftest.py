"""Fixtures for the force API's tests: a token for South Wales Police and one for the
Metropolitan Police, and a client that sends South Wales Police's."""

from __future__ import annotations

from typing import Any

import pytest

from tests.api.force_api import issue


@pytest.fixture
def wales(db) -> tuple[Any, str]:
    return issue(db, "south-wales")


@pytest.fixture
def met(db) -> tuple[Any, str]:
    return issue(db, "metropolitan")


@pytest.fixture
def api(client, wales):
    """Send a request with South Wales Police's token."""

    def send(method: str, path: str, token: str | None = wales[1], **kwargs: Any) -> Any:
        headers = dict(kwargs.pop("headers", {}))
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        return client.open(path, method=method, headers=headers, **kwargs)

    return send
