"""What the track page remembers between requests, and what it shows.

After a complaint is opened with its reference and tracking code, the session holds
which one and when, so the complainant can ask for a review without typing the code
again, for a while. The session cookie is signed, so it cannot be pointed elsewhere.
"""

from __future__ import annotations

from datetime import timedelta

from flask import session

from oversight.complaints.models import Complaint
from oversight.extensions import db
from oversight.models import utcnow

TRACKED = "tracked"
TRACKED_FOR = timedelta(minutes=30)


def remember(complaint: Complaint) -> None:
    session[TRACKED] = {"id": complaint.id, "at": utcnow().timestamp()}


def tracked_complaint() -> Complaint | None:
    """The complaint opened on the track page in the last 30 minutes, if any."""
    tracked = session.get(TRACKED)
    if not isinstance(tracked, dict):
        return None
    complaint_id, at = tracked.get("id"), tracked.get("at")
    if not isinstance(complaint_id, int) or not isinstance(at, int | float):
        return None
    if utcnow().timestamp() - at > TRACKED_FOR.total_seconds():
        return None
    return db.session.get(Complaint, complaint_id)
