"""What the security baseline's tests share: a valid answer for each question page,
posting with a good CSRF token, a half-signed-in session, and a snapshot of everything
stored."""

from __future__ import annotations

import io
from datetime import timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask

from oversight.auth.models import Role, User
from oversight.extensions import db as _db
from oversight.models import utcnow
from oversight.public.models import ComplaintDraft
from oversight.statistics import services as statistics
from oversight.statistics.periods import quarter
from tests import files
from tests.factories import make_user
from tests.helpers import csrf_token
from tests.statistics.calendar_data import approve, approve_and_publish, in_the_calendar

TRACKING_CODE = "K7PM-29QX-4HTD"
NEW_PASSWORD = "a quiet lantern over the harbour"
COULD_NOT_SAVE = "Sorry, we could not save that"
TOO_MANY = "You have tried too many times"

# A valid answer for each question page (evidence has its own cases).
ANSWERS: dict[str, dict[str, Any]] = {
    "technology": {"technology": "rfr"},
    "force": {"force": "cumbria"},
    "when": {"incident_date-day": "3", "incident_date-month": "5", "incident_date-year": "2025"},
    "where": {"place": "Leeds railway station"},
    "what-happened": {"what_happened": "An officer photographed me on a phone."},
    "concerns": {"concerns": ["watchlist", "retention"]},
    "involvement": {"relation": "witness"},
    "outcome": {"outcome_wanted": "My images deleted."},
    "contact": {"wants_contact": "yes"},
    "contact-details": {
        "name": "Sam Jones",
        "email": "sam@example.com",
        "phone": "",
        "preferred_contact": "email",
    },
    "consent": {"consent_to_share": "no"},
    "deployment": {"deployment": "none"},
}


def token_for(client) -> str:
    """A good CSRF token for this client's session, from a public page with a form."""
    return csrf_token(client.get("/track").get_data(as_text=True))


def post_with_token(client, path: str, data: dict[str, Any], **kwargs: Any):
    return client.post(path, data={"csrf_token": token_for(client), **data}, **kwargs)


def sign_in_pending(client, user: User) -> None:
    """A correct password given, the second factor not yet."""
    with client.session_transaction() as session:
        session.clear()
        session["pending_user"] = user.get_id()
        session["pending_at"] = utcnow().timestamp()


def upload_evidence(client) -> str:
    """Upload one file into the client's draft; return its storage key."""
    response = post_with_token(
        client,
        "/complain/evidence",
        {"action": "upload", "files": [(io.BytesIO(files.png()), "photo.png")]},
    )
    assert response.status_code == 302
    _db.session.expire_all()
    draft = _db.session.scalar(sa.select(ComplaintDraft))
    [stored] = draft.answers["files"]
    return str(stored["key"])


def target_user(disabled: bool = False) -> User:
    user = make_user({Role.CASEWORKER}, email="target@example.org", name="Target Person")
    if disabled:
        user.disabled_at = utcnow()
    _db.session.commit()
    return user


def snapshot(app: Flask, client: Any) -> tuple[Any, ...]:
    """Every row of every table, every stored evidence file, and the client's session."""
    with _db.engine.connect() as connection:
        tables = {
            table.name: sorted(repr(tuple(row)) for row in connection.execute(table.select()))
            for table in _db.metadata.sorted_tables
        }
    root = Path(app.config["EVIDENCE_STORAGE_DIR"])
    stored = sorted(str(path) for path in root.rglob("*") if path.is_file())
    with client.session_transaction() as session:
        kept = dict(session)
    return tables, stored, kept


def statistics_release(state: str) -> tuple[int, int]:
    """A release prepared and approved by accounts of its own: a draft, approved for
    later, or published. Returns its id and version."""
    preparer = make_user({Role.STATISTICIAN}, email="preparer@example.test", name="Preparer")
    approver = make_user({Role.PUBLISHER}, email="approver@example.test", name="Approver")
    release = statistics.prepare(quarter(2026, 2), preparer)
    in_the_calendar(release.period, preparer)  # where a first release must be to go out
    if state == "approved":
        approve(release, approver, utcnow() + timedelta(days=30))
    if state == "published":
        approve_and_publish(release, approver)
    _db.session.commit()
    return release.id, release.version
