"""HSTS and the session cookie in the production, development and test configurations."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import pytest
from flask import Flask
from flask_migrate import upgrade

from oversight import create_app
from oversight.extensions import db as _db

# ---------------------------------------------------------------- other configurations


@pytest.fixture
def app_named(tmp_path, monkeypatch) -> Iterator[Callable[[str], Flask]]:
    """A migrated app of the named configuration, on its own SQLite file."""
    made: list[Flask] = []
    monkeypatch.setenv("SECRET_KEY", "a-long-random-secret-from-the-environment-0123456789")
    monkeypatch.setenv("AUDIT_KEY", "an-audit-key-from-the-environment-0123456789")
    monkeypatch.setenv("INSTANCE_PATH", str(tmp_path / "instance"))
    monkeypatch.delenv("EVIDENCE_STORAGE_DIR", raising=False)
    handlers = list(logging.getLogger("oversight").handlers)

    def make(name: str) -> Flask:
        monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / name}.db")
        app = create_app(name)
        with app.app_context():
            upgrade()
        made.append(app)
        return app

    yield make
    for app in made:
        with app.app_context():
            _db.engine.dispose()
    oversight_logger = logging.getLogger("oversight")
    for handler in list(oversight_logger.handlers):
        if handler not in handlers:
            oversight_logger.removeHandler(handler)


def session_cookie(response) -> list[str]:
    [cookie] = [c for c in response.headers.getlist("Set-Cookie") if c.startswith("session=")]
    return [attribute.strip() for attribute in cookie.split(";")]


def test_production_sends_hsts_of_a_year_and_secure_cookies(app_named):
    production = app_named("production")
    response = production.test_client().get("/track", base_url="https://localhost")
    assert response.status_code == 200
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")
    attributes = session_cookie(response)
    assert "Secure" in attributes
    assert "HttpOnly" in attributes
    assert "SameSite=Lax" in attributes


def test_production_error_pages_carry_hsts_too(app_named):
    production = app_named("production")
    response = production.test_client().get("/nope", base_url="https://localhost")
    assert response.status_code == 404
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_development_sends_no_hsts(app_named):
    development = app_named("development")
    response = development.test_client().get("/track")
    assert response.status_code == 200
    assert "Strict-Transport-Security" not in response.headers
    assert "Secure" not in session_cookie(response)


def test_the_session_cookie_is_http_only_and_same_site_lax(client):
    response = client.get("/track")
    attributes = session_cookie(response)
    assert "HttpOnly" in attributes
    assert "SameSite=Lax" in attributes
    assert "Strict-Transport-Security" not in response.headers
