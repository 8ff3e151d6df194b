"""Administrators issue and revoke force API tokens."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("tokens", __name__, url_prefix="/staff/force-tokens")
