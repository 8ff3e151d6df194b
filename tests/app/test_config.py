"""Configuration: secrets from the environment only; production fails fast."""

from __future__ import annotations

from pathlib import Path

import pytest

from oversight import create_app
from oversight.config import ConfigurationError, database_url

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("missing", ["SECRET_KEY", "DATABASE_URL", "AUDIT_KEY"])
def test_production_refuses_to_start_without_its_secrets(monkeypatch, missing):
    monkeypatch.setenv("SECRET_KEY", "a-long-random-secret-from-the-environment")
    monkeypatch.setenv("DATABASE_URL", "postgresql://oversight@db.invalid/oversight")
    monkeypatch.setenv("AUDIT_KEY", "an-audit-key-from-the-environment-0123456789")
    monkeypatch.delenv(missing)
    with pytest.raises(ConfigurationError, match=missing):
        create_app("production")


def test_production_is_the_default_when_no_environment_is_named(monkeypatch):
    monkeypatch.delenv("APP_ENV", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(ConfigurationError):
        create_app()


def test_production_starts_with_its_secrets_and_secure_cookies(monkeypatch):
    monkeypatch.setenv("SECRET_KEY", "a-long-random-secret-from-the-environment")
    monkeypatch.setenv("DATABASE_URL", "postgresql://oversight@db.invalid/oversight")
    monkeypatch.setenv("AUDIT_KEY", "an-audit-key-from-the-environment-0123456789")
    app = create_app("production")
    assert app.config["SECRET_KEY"] == "a-long-random-secret-from-the-environment"
    assert (
        app.config["SQLALCHEMY_DATABASE_URI"]
        == "postgresql+psycopg://oversight@db.invalid/oversight"
    )
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["DEBUG"] is False


def test_development_makes_its_own_random_secret_per_install(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.delenv("DATABASE_URL", raising=False)
    keys = []
    for install in ("one", "two"):
        monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / install))
        app = create_app("development")
        keys.append(app.config["SECRET_KEY"])
        assert app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")
        assert app.config["RATELIMIT_STORAGE_URI"] == "memory://"
    assert len(keys[0]) >= 64
    assert keys[0] != keys[1]
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "one"))
    assert create_app("development").config["SECRET_KEY"] == keys[0]


@pytest.mark.parametrize(
    ("given", "used"),
    [
        ("postgresql://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgres://u@h/d", "postgresql+psycopg://u@h/d"),
        ("postgresql+psycopg://u@h/d", "postgresql+psycopg://u@h/d"),
        ("sqlite:///x.db", "sqlite:///x.db"),
    ],
)
def test_postgresql_urls_use_psycopg_3(given, used):
    assert database_url(given) == used


def test_app_py_only_creates_the_app():
    lines = [line for line in (ROOT / "app.py").read_text().splitlines() if line.strip()]
    assert lines == ["from oversight import create_app", "app = create_app()"]


def test_no_secret_key_is_written_in_the_code():
    for path in (ROOT / "oversight").rglob("*.py"):
        text = path.read_text()
        assert 'SECRET_KEY = "' not in text and "SECRET_KEY = '" not in text, path
