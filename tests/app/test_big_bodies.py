"""A body over the limit gets an answer the client actually receives (issue 13, point 2).

Served by gunicorn, as in production, to a client that is still sending when the app has
answered: without oversight.web.bodies the server closes the connection with the body
half read and the client sees the connection reset instead of the 413 (or 401)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.api.force_api import DEPLOYMENTS, issue
from tests.app.servers import free_port, listening, wait_for

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).parent / "gunicorn"
MEGABYTE = 1024 * 1024


@pytest.fixture(scope="module")
def served(app, tmp_path_factory) -> Iterator[str]:
    """The test app under gunicorn on the test database (two sync workers)."""
    config = {
        "SQLALCHEMY_DATABASE_URI": app.config["SQLALCHEMY_DATABASE_URI"],
        "EVIDENCE_STORAGE_DIR": str(tmp_path_factory.mktemp("served-evidence")),
        "IMPORT_STORAGE_DIR": str(tmp_path_factory.mktemp("served-imports")),
        "MAX_CONTENT_LENGTH": 4 * MEGABYTE,
        "BODY_DRAIN_LIMIT": 64 * MEGABYTE,
    }
    port = free_port()
    env = {**os.environ, "FRR_SERVED_CONFIG": json.dumps(config), "APP_ENV": "test"}
    server = subprocess.Popen(  # noqa: S603  (our own gunicorn, fixed arguments)
        [str(GUNICORN), "--workers", "2", "--bind", f"127.0.0.1:{port}", "tests.app.served:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        if not wait_for(lambda: listening(port) or server.poll() is not None, 30):
            raise RuntimeError("gunicorn did not start")
        if server.poll() is not None:
            raise RuntimeError("gunicorn stopped as it started")
        yield f"127.0.0.1:{port}"
    finally:
        server.terminate()
        server.wait(timeout=30)


def send_slowly(address: str, path: str, headers: dict[str, str], size: int) -> tuple[str, bytes]:
    """POST `size` bytes in small pieces, as a client on a slow line does, then read the
    answer. Returns (the status line, the whole answer); raises if the connection was cut
    while sending."""
    host, port = address.split(":")
    with socket.create_connection((host, int(port)), timeout=30) as connection:
        lines = [f"POST {path} HTTP/1.1", f"Host: {address}", f"Content-Length: {size}"]
        lines += [f"{name}: {value}" for name, value in headers.items()]
        connection.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        piece = b"x" * 64 * 1024
        sent = 0
        while sent < size:
            part = piece[: size - sent]
            connection.sendall(part)
            sent += len(part)
            time.sleep(0.0005)
        answer = b""
        while chunk := connection.recv(65536):
            answer += chunk
    return answer.split(b"\r\n", 1)[0].decode(), answer


def test_an_api_body_over_the_limit_gets_the_apis_413(served, db):
    _, token = issue(db, "south-wales")
    status, answer = send_slowly(
        served,
        DEPLOYMENTS,
        {"Content-Type": "application/json", "Authorization": f"Bearer {token}"},
        8 * MEGABYTE,
    )
    assert status.startswith("HTTP/1.1 413")
    body = json.loads(answer.split(b"\r\n\r\n", 1)[1])
    assert body["message"] == "The request is too large. Send one record at a time."


def test_a_big_api_body_without_a_token_gets_the_401(served):
    status, answer = send_slowly(
        served, DEPLOYMENTS, {"Content-Type": "application/json"}, 8 * MEGABYTE
    )
    assert status.startswith("HTTP/1.1 401")
    assert b"Authorization: Bearer" in answer


def test_a_form_with_a_30_mb_answer_gets_the_413_page(served):
    status, answer = send_slowly(
        served,
        "/complain/description",
        {"Content-Type": "application/x-www-form-urlencoded"},
        30 * MEGABYTE,
    )
    assert status.startswith("HTTP/1.1 413")
    assert b"What you sent is too long" in answer
    assert b'href="/complain/description"' in answer


def test_files_over_the_limit_get_the_413_page_about_files(served):
    status, answer = send_slowly(
        served,
        "/complain/evidence",
        {"Content-Type": "multipart/form-data; boundary=b"},
        6 * MEGABYTE,
    )
    assert status.startswith("HTTP/1.1 413")
    assert b"The files you chose are too big" in answer
    assert b"Go back to uploading files" in answer


def run_drained(environ_body: bytes, declared: str | None, limit: int, **extra: object) -> int:
    """How much of a body the middleware left unread after an app that read 10 bytes."""
    import io

    from oversight.web.bodies import DrainBodies

    stream = io.BytesIO(environ_body)

    def reads_ten(environ, start_response):
        environ["wsgi.input"].read(10)
        start_response("413 REQUEST ENTITY TOO LARGE", [])
        return [b"refused"]

    environ = {"wsgi.input": stream, **extra}
    if declared is not None:
        environ["CONTENT_LENGTH"] = declared
    answer = DrainBodies(reads_ten, limit)(environ, lambda *args: None)
    assert b"".join(answer) == b"refused"
    if hasattr(answer, "close"):
        answer.close()
    return len(environ_body) - stream.tell()


def test_the_rest_of_a_declared_body_is_read_after_the_answer():
    assert run_drained(b"x" * 1000, "1000", limit=5000) == 0


def test_no_more_than_the_declared_length_is_read():
    # The server's input may hold the next request on a kept-alive connection.
    assert run_drained(b"x" * 1000 + b"NEXT", "1000", limit=5000) == 4


def test_a_body_past_the_drain_limit_is_left_for_the_server_to_cut_off():
    assert run_drained(b"x" * 1000, "1000", limit=100) == 990


def test_a_body_of_no_declared_length_is_read_only_where_the_server_ends_it():
    assert run_drained(b"x" * 1000, None, limit=5000) == 990
    assert run_drained(b"x" * 1000, None, limit=5000, **{"wsgi.input_terminated": True}) == 0
