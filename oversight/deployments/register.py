"""The public register of deployments and usage returns."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("register", __name__, url_prefix="/register")
