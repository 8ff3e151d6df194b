"""The force API's limits: per token, per address for made-up tokens, and per address
for the open register."""

from __future__ import annotations

from tests.api.force_api import DEPLOYMENTS, RECORD, assert_json_error, events

# Limits per token ------------------------------------------------------------------------


def test_a_token_past_its_limit_is_refused_in_json_and_others_carry_on(
    app, api, db, met, monkeypatch
):
    monkeypatch.setitem(app.config, "FORCE_API_RATE_LIMIT", "2 per minute")
    first, second, third = (api("POST", DEPLOYMENTS, json=RECORD) for _ in range(3))
    assert [first.status_code, second.status_code] == [201, 200]
    assert_json_error(third, 429)
    assert int(third.headers["Retry-After"]) > 0
    assert api("POST", DEPLOYMENTS, token=met[1], json=RECORD).status_code == 201
    # The limit is read on each request: with a higher one, the token is served again.
    monkeypatch.setitem(app.config, "FORCE_API_RATE_LIMIT", "5 per minute")
    assert api("POST", DEPLOYMENTS, json=RECORD).status_code == 200


def test_made_up_tokens_share_one_allowance_per_address(app, api, db, monkeypatch):
    monkeypatch.setitem(app.config, "FORCE_API_RATE_LIMIT", "2 per minute")
    answers = [
        api("POST", DEPLOYMENTS, token=f"frr_made-up-{n}", json=RECORD).status_code
        for n in range(3)
    ]
    assert answers == [401, 401, 429]
    assert len(events(db, "api.refused")) == 2


def test_the_open_register_is_limited_per_address_in_json(app, client, db, monkeypatch):
    monkeypatch.setitem(app.config, "OPEN_API_RATE_LIMIT", "1 per minute")
    first, second = (client.get(DEPLOYMENTS) for _ in range(2))
    elsewhere = client.get(DEPLOYMENTS, environ_base={"REMOTE_ADDR": "198.51.100.7"})
    assert first.status_code == 200
    assert_json_error(second, 429)
    assert elsewhere.status_code == 200
