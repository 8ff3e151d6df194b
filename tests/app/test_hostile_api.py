"""Every field of every request body the force API's OpenAPI document describes, and
every query parameter of its GETs, sent hostile values: NUL, control characters, a
megabyte, 20-digit numbers (as numbers and as text), markup, a formula, values of the
wrong JSON type. Never a 5xx: a 400 naming the field, or the record stored without a NUL.
The fields are read from the document, so a new one is walked without a change here;
test_hostile_coverage.py checks every one has a valid value below to start from."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

import pytest

from oversight.extensions import limiter
from tests.api.force_api import RECORD, RETURN, issue
from tests.app.hostile import FORMULA, MARKUP, MEGABYTE, NUL, Sent, nul_stored, server_errors

API = "/api/v1"  # the document's server: its paths are below it
OPENAPI = f"{API}/openapi.json"
# A valid body to start from, per request schema (its fields are replaced one at a time).
VALID: dict[str, dict[str, Any]] = {
    "DeploymentInput": RECORD,
    "DeploymentPatch": {"arrests": 1},
    "UsageReturnInput": RETURN,
    "UsageReturnPatch": {"searches": 1},
}
BODY_VALUES: tuple[Any, ...] = (
    f"Cardiff{NUL} centre\x1b",
    NUL,
    MEGABYTE,
    MARKUP,
    FORMULA,
    "9" * 20,
    10**20,
    -(10**20),
    1e308,
    True,
    [],
    {"nested": NUL},
    "",
    "   ",
)
QUERY_VALUES = (NUL, f"a{NUL}'%_", "words", "x" * 100_000, "9" * 20, MARKUP, "-1")


@pytest.fixture
def unlimited(app):
    limiter.enabled = False
    yield
    limiter.enabled = True


def document(client: Any) -> dict[str, Any]:
    response = client.get(OPENAPI)
    assert response.status_code == 200
    return response.get_json()


def request_schemas(doc: dict[str, Any]) -> dict[tuple[str, str], str]:
    """Each write operation (method, path) and the name of the schema of its body."""
    found = {}
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            body = operation.get("requestBody") if isinstance(operation, dict) else None
            if not body:
                continue
            ref = body["content"]["application/json"]["schema"]["$ref"]
            found[(method.upper(), API + path)] = ref.rsplit("/", 1)[-1]
    return found


def schema_properties(doc: dict[str, Any]) -> set[str]:
    """Every property of every request body schema, as Schema.property."""
    names = set(request_schemas(doc).values())
    schemas = doc["components"]["schemas"]
    return {f"{name}.{prop}" for name in names for prop in schemas[name]["properties"]}


def _send(client, token, method, path, **kwargs):
    headers = {"Authorization": f"Bearer {token}", **kwargs.pop("headers", {})}
    return client.open(path, method=method, headers=headers, **kwargs)


def _record_for(client, token, path: str, schema: str) -> str:
    """The path of a record to send a PUT or PATCH to (a new one, at version 1)."""
    collection = path.rsplit("/", 1)[0]
    whole = RECORD if schema.startswith("Deployment") else RETURN
    made = _send(client, token, "POST", collection, json=whole)
    assert made.status_code in (200, 201), made.get_data(as_text=True)
    return f"{collection}/{made.get_json()['id']}"


def test_every_field_of_every_api_body_survives_hostile_values(client, db, unlimited):
    _, token = issue(db, "south-wales")
    doc = document(client)
    sent: list[Sent] = []
    properties = doc["components"]["schemas"]
    for (method, path), schema in sorted(request_schemas(doc).items()):
        for prop in properties[schema]["properties"]:
            for value in BODY_VALUES:
                target = path
                headers = {}
                if "{" in path:
                    target = _record_for(client, token, path, schema)
                    headers = {"If-Match": '"1"'}
                body = {**VALID[schema], prop: value}
                response = _send(client, token, method, target, json=body, headers=headers)
                sent.append(
                    Sent(f"{method} {path}", prop, repr(value)[:40], response.status_code, "")
                )
                if response.status_code >= 400:
                    assert response.is_json, f"{method} {path} {prop}: not JSON"
                    assert response.get_json().get("errors") or response.get_json().get(
                        "message"
                    ), f"{method} {path} {prop}: no message"
    assert server_errors(sent) == []
    assert nul_stored(db) == []


@pytest.mark.parametrize("body", ["{", "\x00", '{"a": "\\u0000"}', "[]", "null", "9" * 5000])
def test_a_body_that_is_not_a_record_is_a_4xx_not_a_server_error(client, db, body):
    _, token = issue(db, "south-wales")
    for path in ("/api/v1/deployments", "/api/v1/usage-returns"):
        response = _send(
            client, token, "POST", path, data=body, headers={"Content-Type": "application/json"}
        )
        assert response.status_code in (400, 422), (path, body[:20], response.status_code)
        assert response.is_json


def get_parameters(doc: dict[str, Any]) -> dict[str, list[str]]:
    """Each GET path of the document and the query parameters it takes."""
    shared = doc["components"].get("parameters", {})
    found: dict[str, list[str]] = {}
    for path, operations in doc["paths"].items():
        operation = operations.get("get")
        if operation is None:
            continue
        names = []
        for parameter in operation.get("parameters", []):
            if "$ref" in parameter:
                parameter = shared[parameter["$ref"].rsplit("/", 1)[-1]]
            if parameter["in"] == "query":
                names.append(parameter["name"])
        found[path] = names
    return found


def test_every_query_parameter_of_the_api_survives_hostile_values(client, db, records, unlimited):
    doc = document(client)
    from oversight.extensions import db as _db
    from oversight.statistics.models import StatisticsRelease

    slug = _db.session.get(StatisticsRelease, records["published_release_id"]).slug
    fill = {"{record_id}": str(records["deployment_id"]), "{slug}": slug, "{revision}": "1"}
    sent: list[Sent] = []
    for path, names in sorted(get_parameters(doc).items()):
        target = path
        for hole, value in fill.items():
            target = target.replace(hole, value)
        target = API + target
        for name in [*names, "unknown"]:
            for value in QUERY_VALUES:
                response = client.get(f"{target}?{urlencode({name: value})}")
                sent.append(Sent(target, name, value, response.status_code, ""))
                if response.status_code >= 400:
                    assert response.is_json, f"{target}?{name}: not JSON"
    assert server_errors(sent) == []
