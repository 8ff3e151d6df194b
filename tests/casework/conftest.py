"""Fixtures for the casework tests."""

from __future__ import annotations

import pytest

from oversight.complaints import codes


@pytest.fixture
def cheap_tracking_codes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The queue never reads tracking codes; skip their deliberately slow hash (the queue's
    tests use it in every test, through pytestmark)."""
    monkeypatch.setattr(codes, "hash_tracking_code", lambda code: "not-a-real-hash")
