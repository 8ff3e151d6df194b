"""Linking a case to the deployments it concerns: suggestions, confirm, reject, link by hand."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("linking", __name__, url_prefix="/staff/cases")
