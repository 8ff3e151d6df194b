"""What the force API's tests share: its addresses, a valid deployment record and usage
return, issuing a token and what one looks like, and reading back tokens, counts, audit
events and JSON errors."""

from __future__ import annotations

import re
from typing import Any

import sqlalchemy as sa

from oversight.api.tokens import services as tokens
from oversight.api.tokens.models import ForceToken
from oversight.audit.models import AuditEvent
from oversight.forces.models import force_by_slug

DEPLOYMENTS = "/api/v1/deployments"
RETURNS = "/api/v1/usage-returns"
TOKEN = re.compile(r"frr_[A-Za-z0-9_-]{43}")  # a token as issued
RECORD: dict[str, Any] = {
    "force_reference": "SWP-LFR-0142",
    "technology": "lfr",
    "deployed_on": "2026-06-14",
    "start_time": "10:00",
    "end_time": "16:00",
    "location_name": "Principality Stadium, Westgate Street",
    "location_area": "Cardiff",
    "latitude": 51.4782,
    "longitude": -3.1826,
    "purpose": "Wanted persons at a football match",
    "authorising_rank": "Superintendent",
    "watchlist_size": 1203,
    "watchlist_categories": "Wanted on warrant",
    "faces_seen": 24310,
    "alerts": 6,
    "true_alerts": 4,
    "false_alerts": 2,
    "engagements": 5,
    "arrests": 2,
    "source_link": "https://www.south-wales.police.uk/lfr/0142",
}
RETURN: dict[str, Any] = {
    "technology": "rfr",
    "period_start": "2026-04-01",
    "period_end": "2026-06-30",
    "searches": 1420,
    "possible_matches": 310,
}


def issue(db: Any, slug: str) -> tuple[Any, str]:
    token, plaintext = tokens.issue(force_by_slug(slug), f"{slug} records system", "test")
    db.session.commit()
    return token, plaintext


def all_tokens(db: Any) -> list[ForceToken]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(ForceToken).order_by(ForceToken.id)))


def count(db: Any, model: Any) -> int:
    db.session.expire_all()
    return db.session.scalar(sa.select(sa.func.count()).select_from(model))


def events(db: Any, action: str) -> list[AuditEvent]:
    db.session.expire_all()
    query = sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.seq)
    return list(db.session.scalars(query))


def fields(response: Any) -> list[str]:
    return [error["field"] for error in response.get_json()["errors"]]


def message_for(response: Any, field: str) -> str:
    return next(e["message"] for e in response.get_json()["errors"] if e["field"] == field)


def assert_json_error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/json"
    body = response.get_json()
    assert set(body) == {"message", "errors"}
    assert body["message"]
    return body
