"""Staff pages for deployment records and usage returns: list, add, correct, history."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("deployments", __name__, url_prefix="/staff/deployments")
