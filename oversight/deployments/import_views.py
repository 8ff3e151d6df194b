"""The staff upload page for CSV files of deployment records."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("imports", __name__, url_prefix="/staff/imports")
