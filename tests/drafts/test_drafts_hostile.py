"""The drafts' forms sent hostile values, as tests/app/test_hostile_staff.py sends every
staff form shown on a page (no page shows these: assets/drafts.mjs sends them): never a
5xx, no NUL stored, nothing longer than 20,000 characters stored, no markup sent back."""

from __future__ import annotations

import pytest

from oversight.auth.models import Role
from oversight.extensions import limiter
from tests.app.hostile import (
    HIDDEN_VALUES,
    MARKUP,
    NUL,
    TEXT_VALUES,
    Sent,
    assert_survived,
)
from tests.factories import make_case, make_user
from tests.helpers import csrf_token, login_as

KEYS = (*TEXT_VALUES, *HIDDEN_VALUES, f"/staff/cases/{NUL}/notes#text", "/staff/x#" + MARKUP)


@pytest.fixture
def signed_in(client, db):
    limiter.enabled = False
    login_as(client, make_user(set(Role), email="every-role@example.test", name="Every Role"))
    reference = make_case().reference
    db.session.commit()
    yield f"/staff/cases/{reference}/notes#text"
    limiter.enabled = True


@pytest.mark.parametrize("action", ["/staff/drafts", "/staff/drafts/discard"])
def test_the_drafts_forms_survive_hostile_values(client, db, signed_in, action):
    token = csrf_token(client.get("/staff").get_data(as_text=True))
    valid = {"csrf_token": token, "key": signed_in, "text": "A note."}
    sent: list[Sent] = []
    hostile = [("key", value) for value in KEYS] + [("text", value) for value in TEXT_VALUES]
    hostile += [("csrf_token", f"x{NUL}")]
    for name, value in hostile:
        response = client.post(action, data={**valid, name: value})
        sent.append(Sent(action, name, value, response.status_code, response.get_data(True)))
    assert_survived(db, sent)
    read = client.get("/staff/drafts", query_string=[("key", value) for value in KEYS])
    assert read.status_code == 200
