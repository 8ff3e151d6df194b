"""Logs: one JSON object per line, the request id, and none of a complainant's personal
data."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator

import pytest

from oversight import logs
from tests.app.pages import _server_error
from tests.helpers import answer_everything, login_as, reference_and_code, send_complaint

# ---------------------------------------------------------------- logs


@pytest.fixture
def json_log() -> Iterator[io.StringIO]:
    """Everything logged anywhere, as the JSON handler writes it."""
    stream = io.StringIO()
    handler = logs.handler(stream=stream)
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield stream
    finally:
        root.removeHandler(handler)


def test_each_log_record_is_one_json_object_on_one_line():
    stream = io.StringIO()
    handler = logs.handler(stream=stream)
    logger = logging.getLogger("oversight.test")
    logger.addHandler(handler)
    try:
        forged = 'ok\n{"level": "INFO", "logger": "oversight.auth", "message": "signed in"}'
        logger.warning("reference %s", forged)
        try:
            raise ValueError("bad\nvalue")
        except ValueError:
            logger.exception("failed on %s", "line one\r\nline two")
    finally:
        logger.removeHandler(handler)
    lines = stream.getvalue().splitlines()
    assert len(lines) == 2
    first, second = (json.loads(line) for line in lines)
    assert first["message"] == f"reference {forged}"
    assert first["level"] == "WARNING"
    assert first["logger"] == "oversight.test"
    assert second["message"] == "failed on line one\r\nline two"
    assert "Traceback" in second["exc_info"]


def test_a_log_line_carries_the_request_id_of_its_request(client, db, request, json_log):
    response = _server_error(client, request, "")
    assert response.status_code == 500
    records = [json.loads(line) for line in json_log.getvalue().splitlines()]
    [error] = [record for record in records if record["logger"] == "oversight.web.errors"]
    assert error["request_id"] == response.headers["X-Request-ID"]
    assert error["level"] == "ERROR"


PERSONAL = {
    "contact-details": {
        "name": "Zebedee Quartermaine",
        "email": "zebedee.quartermaine@example.org",
        "phone": "07700 900461",
        "preferred_contact": "email",
    },
    "where": {"place": "Quarrington Hill bus station"},
    "what-happened": {"what_happened": "Zebedee was stopped by PC Ulverstone near the kiosk."},
    "outcome": {"outcome_wanted": "Delete the Quartermaine images."},
}
PERSONAL_WORDS = [
    "Zebedee",
    "Quartermaine",
    "zebedee.quartermaine",
    "07700",
    "900461",
    "Quarrington",
    "Ulverstone",
]


def test_sending_a_complaint_logs_none_of_its_personal_data(
    client, db, caplog, json_log, caseworker
):
    caplog.set_level(logging.INFO)
    answer_everything(client, **PERSONAL)
    reference, tracking_code = reference_and_code(send_complaint(client).get_data(as_text=True))
    assert tracking_code
    login_as(client, caseworker)
    assert client.get(f"/staff/cases/{reference}/complainant").status_code == 200
    assert any(record.name.startswith("oversight") for record in caplog.records), "nothing logged"
    written = json_log.getvalue()
    assert written
    for word in [*PERSONAL_WORDS, tracking_code]:
        assert word not in caplog.text, word
        assert word not in written, word
