"""The repository's gunicorn.conf.py: its settings, and a real gunicorn on the test's
PostgreSQL database that keeps answering while a worker is killed (SIGKILL)."""

from __future__ import annotations

import os
import runpy
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import requests
import sqlalchemy as sa

from tests.app.servers import free_port, wait_for

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "gunicorn.conf.py"
WORKERS = 2


def settings(monkeypatch, **env: str) -> dict[str, object]:
    for name in ("WEB_CONCURRENCY", "GUNICORN_TIMEOUT", "GUNICORN_BIND"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(CONFIG))


def test_the_app_is_loaded_before_the_workers_fork_with_a_timeout_that_frees_a_stuck_one(
    monkeypatch,
):
    config = settings(monkeypatch)
    assert config["preload_app"] is True
    assert config["timeout"] == 30
    assert config["graceful_timeout"] <= config["timeout"]
    assert config["workers"] == 3 * (os.cpu_count() or 1)
    assert config["bind"] == ["127.0.0.1:8000"]
    assert callable(config["post_fork"])
    assert callable(config["worker_abort"])


def test_workers_timeout_and_address_come_from_the_environment(monkeypatch):
    config = settings(
        monkeypatch, WEB_CONCURRENCY="3", GUNICORN_TIMEOUT="120", GUNICORN_BIND="0.0.0.0:9000"
    )
    assert (config["workers"], config["timeout"], config["bind"]) == (3, 120, ["0.0.0.0:9000"])


def children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


@pytest.fixture
def server(app, tmp_path) -> Iterator[tuple[int, str]]:
    url = sa.make_url(app.config["SQLALCHEMY_DATABASE_URI"])
    if url.get_backend_name() != "postgresql":
        pytest.skip("gunicorn is tried on PostgreSQL only (TEST_DATABASE_URL=postgresql://…)")
    port = free_port()
    env = {
        **os.environ,
        "APP_ENV": "production",
        "SECRET_KEY": "gunicorn-test-" + "k" * 32,
        "AUDIT_KEY": "gunicorn-audit-" + "a" * 32,
        "DATABASE_URL": url.render_as_string(hide_password=False),
        "INSTANCE_PATH": str(tmp_path),
        "WEB_CONCURRENCY": str(WORKERS),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "RATELIMIT_STORAGE_URI": "memory://",
    }
    env.pop("MAIL_SERVER", None)
    process = subprocess.Popen(  # noqa: S603  (our own gunicorn, fixed arguments)
        [str(Path(sys.executable).parent / "gunicorn"), "-c", str(CONFIG), "app:app"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=(tmp_path / "gunicorn.log").open("wb"),
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:

        def answering() -> bool:
            try:
                return requests.get(base + "/", timeout=2).status_code == 200
            except requests.RequestException:
                return False

        if not wait_for(answering, 30):
            pytest.fail("gunicorn did not answer: " + (tmp_path / "gunicorn.log").read_text())
        yield process.pid, base
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def test_a_killed_worker_is_replaced_and_the_service_keeps_answering(server):
    master, base = server
    assert wait_for(lambda: len(children(master)) == WORKERS, 10)
    before = children(master)
    answers: list[tuple[float, int]] = []
    failures: list[str] = []
    stop = threading.Event()

    def browse() -> None:
        with requests.Session() as browser:
            while not stop.is_set():
                # Pages that read the database: the force list, the deployments register.
                for path in ("/complain/force", "/register"):
                    for _attempt in range(3):  # a request cut off by the kill is sent again
                        try:
                            status = browser.get(base + path, timeout=10).status_code
                        except requests.RequestException:
                            continue
                        answers.append((time.monotonic(), status))
                        break
                    else:
                        failures.append(path)

    browsers = [threading.Thread(target=browse) for _ in range(3)]
    for browser in browsers:
        browser.start()
    try:
        time.sleep(1)
        victim = min(before)
        killed_at = time.monotonic()
        os.kill(victim, signal.SIGKILL)
        replaced = wait_for(
            lambda: victim not in children(master) and len(children(master)) == WORKERS, 10
        )
        time.sleep(1.5)
    finally:
        stop.set()
        for browser in browsers:
            browser.join(timeout=15)

    assert replaced, "the master did not replace the killed worker"
    assert failures == []
    assert {status for _, status in answers} == {200}
    assert sum(at > killed_at for at, _ in answers) >= 10
    after = children(master)
    assert victim not in after
    assert len(after - before) == 1
