"""Fixtures of the import tests."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture
def storage(app, tmp_path, monkeypatch) -> Path:
    """Uploaded files kept in a folder of the test's own."""
    folder = tmp_path / "imports"
    monkeypatch.setitem(app.config, "IMPORT_STORAGE_DIR", str(folder))
    return folder
