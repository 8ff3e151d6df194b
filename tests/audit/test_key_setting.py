"""Where the audit key comes from: the environment in production (required, long
enough), a random key made once per development install, a fixed one in the tests."""

from __future__ import annotations

import pytest

from oversight import create_app
from oversight.config import ConfigurationError

SECRETS = {
    "SECRET_KEY": "a-long-random-secret-from-the-environment",
    "DATABASE_URL": "postgresql://oversight@db.invalid/oversight",
}


def test_production_refuses_to_start_without_an_audit_key(monkeypatch):
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("AUDIT_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="AUDIT_KEY"):
        create_app("production")


def test_production_refuses_a_short_audit_key(monkeypatch):
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AUDIT_KEY", "short")
    with pytest.raises(ConfigurationError, match="at least 32 characters"):
        create_app("production")


def test_production_takes_both_keys_and_the_checkpoint_file_from_the_environment(
    monkeypatch, tmp_path
):
    for name, value in SECRETS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("AUDIT_KEY", "k" * 40)
    monkeypatch.setenv("AUDIT_KEY_PREVIOUS", "p" * 40)
    monkeypatch.setenv("AUDIT_CHECKPOINT_FILE", str(tmp_path / "elsewhere.jsonl"))
    config = create_app("production").config
    assert (config["AUDIT_KEY"], config["AUDIT_KEY_PREVIOUS"]) == ("k" * 40, "p" * 40)
    assert config["AUDIT_CHECKPOINT_FILE"] == str(tmp_path / "elsewhere.jsonl")


def test_development_makes_its_own_audit_key_once_in_the_instance_folder(monkeypatch, tmp_path):
    monkeypatch.delenv("AUDIT_KEY", raising=False)
    monkeypatch.delenv("AUDIT_CHECKPOINT_FILE", raising=False)
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path))
    config = create_app("development").config
    assert len(config["AUDIT_KEY"]) >= 64
    assert config["AUDIT_KEY"] != config["SECRET_KEY"]
    assert (tmp_path / "audit_key").read_text() == config["AUDIT_KEY"]
    assert create_app("development").config["AUDIT_KEY"] == config["AUDIT_KEY"]
    assert config["AUDIT_CHECKPOINT_FILE"] == str(tmp_path / "audit-checkpoints.jsonl")
