"""Fixtures for the desk's tests."""

from __future__ import annotations

import pytest

from oversight.complaints import codes


@pytest.fixture
def cheap_tracking_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The desk never reads tracking codes; skip their deliberately slow hash."""
    monkeypatch.setattr(codes, "hash_tracking_code", lambda code: "not-a-real-hash")
