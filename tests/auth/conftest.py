"""Fixtures for the tests of staff accounts and sign-in."""

from __future__ import annotations

import pytest


@pytest.fixture
def staff(caseworker):
    return caseworker
