"""The statistics blueprints: public pages and downloads, and the staff pages."""

from __future__ import annotations

from flask import Blueprint

# /statistics: published releases, their downloads (public.py, downloads.py).
bp = Blueprint("statistics", __name__, url_prefix="/statistics")
# /staff/statistics: preparing, recomputing, approving and revising (views.py).
staff_bp = Blueprint("statistics_staff", __name__, url_prefix="/staff/statistics")
