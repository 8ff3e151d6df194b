"""The OpenAPI document describes the whole API, follows the one validator's fields, and
the API keeps to it: a schemathesis run against the app in process, with a force token.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from jsonschema import Draft202012Validator
from openapi_spec_validator import validate
from schemathesis.config import HttpBearerAuthConfig
from schemathesis.hooks import GLOBAL_HOOK_DISPATCHER

from oversight.api.tokens import services as tokens
from oversight.complaints.enums import Technology
from oversight.deployments.records import (
    BIG_COUNTS,
    DEPLOYMENT_FIELDS,
    LARGEST_BIG_COUNT,
    LARGEST_COUNT,
    USAGE_FIELDS,
)
from oversight.deployments.records.enums import DEPLOYMENT_TECHNOLOGIES, USAGE_TECHNOLOGIES, Source
from oversight.forces.models import force_by_slug, forces_by_name
from tests.factories import make_deployment, make_usage_return
from tests.statistics.releases import prepare, publish

DOCUMENT = "/api/v1/openapi.json"
FORMAT_CHECKER = Draft202012Validator.FORMAT_CHECKER
TYPES = {
    "force": "string",
    "technology": "string",
    "source": "string",
    "text": "string",
    "date": "string",
    "time": "string",
    "url": "string",
    "count": "integer",
    "latitude": "number",
    "longitude": "number",
}
WRITES = {"200", "400", "401", "403", "409", "413", "415", "422", "429"}


@pytest.fixture
def document(client, db) -> dict[str, Any]:
    response = client.get(DOCUMENT)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    return response.get_json()


def test_the_document_is_valid_openapi(document):
    validate(document)
    assert document["openapi"].startswith("3.1")
    assert document["servers"] == [{"url": "/api/v1"}]


def test_every_route_of_the_api_is_in_the_document_and_nothing_else(app, document):
    routes = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/"):
            path = rule.rule.removeprefix("/api/v1").replace("<int:record_id>", "{id}")
            path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", path)
            routes |= {(path, method.lower()) for method in rule.methods - {"HEAD", "OPTIONS"}}
    documented = {
        (path, method) for path, operations in document["paths"].items() for method in operations
    }
    assert documented == routes


def _resolve(document: dict[str, Any], ref: dict[str, Any]) -> dict[str, Any]:
    kind, name = ref["$ref"].split("/")[-2:]
    return document["components"][kind][name]


@pytest.mark.parametrize(
    ("name", "fields", "technologies"),
    [
        ("Deployment", DEPLOYMENT_FIELDS, DEPLOYMENT_TECHNOLOGIES),
        ("UsageReturn", USAGE_FIELDS, USAGE_TECHNOLOGIES),
    ],
)
def test_record_schemas_follow_the_validators_fields(document, name, fields, technologies):
    schemas = document["components"]["schemas"]
    submitted = schemas[f"{name}Input"]
    assert list(submitted["properties"]) == [spec.name for spec in fields]
    assert submitted["additionalProperties"] is False
    assert submitted["required"] == [
        spec.name for spec in fields if spec.required and spec.kind != "force"
    ]
    assert schemas[f"{name}Patch"]["properties"] == submitted["properties"]
    assert "required" not in schemas[f"{name}Patch"]
    slugs = sorted(force.slug for force in forces_by_name())
    for spec in fields:
        schema = submitted["properties"][spec.name]
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        assert types[0] == TYPES[spec.kind], spec.name
        assert ("null" in types) == (not spec.required), spec.name
        assert schema.get("maxLength") == spec.max_length, spec.name
        assert schema["description"] == str(spec.label)
        if spec.kind == "count":
            assert schema["minimum"] == 0
            largest = LARGEST_BIG_COUNT if spec.name in BIG_COUNTS else LARGEST_COUNT
            assert schema["maximum"] == largest, spec.name
        if spec.kind == "date":
            assert schema["format"] == "date"
        if spec.kind == "time":
            assert "pattern" in schema
        if spec.kind == "force":
            assert schema["enum"] == slugs
        if spec.kind == "technology":
            assert [v for v in schema["enum"] if v] == [t.value for t in technologies]
        if spec.kind == "source":
            assert [v for v in schema["enum"] if v] == [s.value for s in Source]
    shown = schemas[name]
    assert set(shown["required"]) == {spec.name for spec in fields} | {
        "id",
        "version",
        "created_at",
        "updated_at",
    }
    assert shown["additionalProperties"] is False


def test_the_largest_counts_are_what_their_columns_hold(document):
    properties = document["components"]["schemas"]["DeploymentInput"]["properties"]
    assert properties["faces_seen"]["maximum"] == LARGEST_BIG_COUNT  # a BIGINT column
    assert properties["alerts"]["maximum"] == LARGEST_COUNT
    assert Technology.NOT_SURE.value not in properties["technology"]["enum"]


def test_writes_need_the_bearer_token_and_reads_do_not(document):
    scheme = document["components"]["securitySchemes"]["forceToken"]
    assert (scheme["type"], scheme["scheme"]) == ("http", "bearer")
    for operations in document["paths"].values():
        for method, operation in operations.items():
            if method == "get":
                assert operation["security"] == []
                assert "429" in operation["responses"]
            else:
                assert operation["security"] == [{"forceToken": []}]
                assert set(operation["responses"]) >= WRITES, operation["operationId"]
                if method in ("put", "patch"):
                    assert {"404", "412"} <= set(operation["responses"])
                else:
                    assert "201" in operation["responses"]


def test_every_error_answer_is_described_as_json(document):
    error = document["components"]["schemas"]["Error"]
    assert error["required"] == ["message", "errors"]
    for response in document["components"]["responses"].values():
        assert response["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/Error"
        }


# The API keeps to its document -------------------------------------------------------

# Figures that the schema cannot relate to each other (true plus false alerts above the
# alerts, an end before the start) are refused with 422, and a correction sent with an
# out-of-date If-Match with 412: both may answer data the schema allows.
ACCEPTED = ["2xx", "401", "403", "404", "409", "412", "422", "429"]
# If-Match is checked before the body is read (RFC 9110, 13.2.1), so a stale tag answers
# 412 whatever the body holds.
REJECTED = ["400", "401", "403", "404", "405", "409", "412", "413", "415", "422", "429"]
EXAMPLES = 30


@pytest.fixture
def token(db) -> str:
    _, plaintext = tokens.issue(force_by_slug("south-wales"), "schemathesis", "test")
    db.session.commit()
    return plaintext


@pytest.fixture
def statistics(db, statistician, publisher) -> str:
    """A release published and revised, and a draft revision of it: the slug."""
    publish(db, statistician, publisher, "2026-Q2")
    publish(db, statistician, publisher, "2026-Q2", note="Recounted.")
    prepare(statistician, "2026-Q2", note="Recounted again.")
    db.session.commit()
    return "2026-q2"


@pytest.fixture
def steered(db, statistics) -> Iterator[None]:
    """Point some of the generated requests at records that exist.

    Left alone, nearly every correction would name a record that does not exist (404),
    a force other than the token's (403) or a made-up version in If-Match (412), and the
    run would hardly ever reach a correction that saves. A `before_call` hook (whose
    changes schemathesis checks the case against again) sends every other request to a
    record of the token's force, one in four to another force's, and keeps the
    generated force and If-Match in one request in four. Likewise every other request for
    a statistics release names the published one, half of those a revision it has (or
    the draft revision, which is not found).
    """
    own = {
        "/deployments/{id}": make_deployment().id,
        "/usage-returns/{id}": make_usage_return().id,
    }
    others = {
        "/deployments/{id}": make_deployment(force="metropolitan").id,
        "/usage-returns/{id}": make_usage_return(force="metropolitan").id,
    }
    db.session.commit()
    turn = itertools.count()

    def before_call(context: Any, case: Any, **kwargs: Any) -> None:
        n = next(turn)
        path = case.operation.path
        if path in own and case.path_parameters is not None and n % 2:
            case.path_parameters["id"] = others[path] if n % 4 == 1 else own[path]
        if path == "/statistics/releases/{slug}" and case.path_parameters and n % 2:
            case.path_parameters["slug"] = statistics
            if isinstance(case.query, dict) and "revision" in case.query:
                case.query["revision"] = (n // 2) % 4 or 1
        if n % 4:
            if isinstance(case.body, dict) and isinstance(case.body.get("force"), str):
                case.body["force"] = "south-wales"
            if case.headers:
                case.headers.pop("If-Match", None)

    GLOBAL_HOOK_DISPATCHER.register_hook_with_name(before_call, "before_call")
    yield
    GLOBAL_HOOK_DISPATCHER.unregister(before_call)


@pytest.fixture
def answers() -> Iterator[dict[str, Counter[int]]]:
    """Each operation's status codes over a run. The run must have reached each
    operation's success: a run refused throughout would prove nothing."""
    seen: dict[str, Counter[int]] = defaultdict(Counter)
    yield seen
    missed = {
        label: dict(counts)
        for label, counts in seen.items()
        if not any(200 <= status < 300 for status in counts)
    }
    assert missed == {}


def _schema(app: Any, token: str, request: Any, monkeypatch: Any) -> Any:
    # schemathesis 4.32 reads pytest's old private `_nodeid` to name each operation's run;
    # pytest 9 keeps the id elsewhere, so give it the plain one.
    if not hasattr(request.node, "_nodeid"):
        request.node._nodeid = request.node.nodeid
    # A run sends far more requests than the usual limits allow (tests/api/test_limits.py
    # tests them).
    monkeypatch.setitem(app.config, "FORCE_API_RATE_LIMIT", "100000 per minute")
    monkeypatch.setitem(app.config, "OPEN_API_RATE_LIMIT", "100000 per minute")
    schema = schemathesis.openapi.from_wsgi(DOCUMENT, app)
    # The token as the document's bearer scheme, so schemathesis knows it for a valid one
    # (and checks that leaving it out, or sending another, is refused).
    schema.config.auth.openapi.schemes["forceToken"] = HttpBearerAuthConfig(bearer=token)
    # Every request carries the token, so data that breaks the document is refused for
    # what it is, not for a token made up in its place.
    schema.config.generation.update(
        max_examples=EXAMPLES,
        deterministic=True,
        database="none",
        with_security_parameters=False,
    )
    schema.config.checks.positive_data_acceptance.expected_statuses = ACCEPTED
    schema.config.checks.negative_data_rejection.expected_statuses = REJECTED
    return schema


@pytest.fixture
def api_schema(app, db, token, steered, monkeypatch, request) -> Any:
    """Every operation, with generated data that fits the document and data that does not."""
    schema = _schema(app, token, request, monkeypatch)
    schema.config.phases.coverage.enabled = False
    return schema


@pytest.fixture
def boundary_schema(app, db, token, steered, monkeypatch, request) -> Any:
    """Each keyword of the document at its boundaries (schemathesis' coverage phase): a
    few hundred requests an operation, so only for submitting and listing records."""
    schema = _schema(app, token, request, monkeypatch)
    schema.config.phases.examples.enabled = False
    schema.config.phases.fuzzing.enabled = False
    return schema


SETTINGS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=list(HealthCheck),
)
every_operation = schemathesis.pytest.from_fixture("api_schema")
submitting_and_listing = schemathesis.pytest.from_fixture("boundary_schema").include(
    path_regex=r"^/(deployments|usage-returns)$"
)


@every_operation.parametrize()
@SETTINGS
def test_the_api_keeps_to_its_openapi_document(case, answers):
    response = case.call_and_validate()
    answers[case.operation.label][response.status_code] += 1


@submitting_and_listing.parametrize()
@SETTINGS
def test_submitting_and_listing_keep_to_the_document_at_every_boundary(case):
    case.call_and_validate()


def test_a_published_release_and_the_list_fit_their_schemas(client, document, statistics):
    components = document["components"]
    for address, name in (
        ("/api/v1/statistics/releases", "StatisticsReleaseList"),
        (f"/api/v1/statistics/releases/{statistics}", "StatisticsRelease"),
        (f"/api/v1/statistics/releases/{statistics}?revision=1", "StatisticsRelease"),
    ):
        body = client.get(address).get_json()
        schema = {"$ref": f"#/components/schemas/{name}", "components": components}
        Draft202012Validator(schema, format_checker=FORMAT_CHECKER).validate(body)
    release = components["schemas"]["StatisticsRelease"]
    assert release["additionalProperties"] is False
    assert set(release["required"]) == set(release["properties"])
