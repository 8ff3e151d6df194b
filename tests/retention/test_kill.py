"""A run killed halfway (SIGKILL, in a real process against the test database, SQLite
file or PostgreSQL) leaves every case either untouched or fully processed, and the next
run finishes the rest, doing no case twice and leaving no evidence file behind."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from oversight.audit import services as audit
from oversight.audit.models import AuditEvent
from oversight.retention.models import RetentionApplied
from oversight.retention.schedule import MONTHS_SETTINGS
from tests.retention.cases import applied, closed_case, files_kept, left, pending_keys, run

ROOT = Path(__file__).resolve().parents[2]
CASES = 6


def _command(app: Any, tmp_path: Path) -> subprocess.Popen[str]:
    env = {
        **os.environ,
        "APP_ENV": "test",
        "TEST_DATABASE_URL": app.config["SQLALCHEMY_DATABASE_URI"],
        "EVIDENCE_STORAGE_DIR": app.config["EVIDENCE_STORAGE_DIR"],
        "INSTANCE_PATH": str(tmp_path),
        "PYTHONUNBUFFERED": "1",
    }
    args = ["retention", "run", "--apply", "--today", "2040-01-01", "--batch-size", "1"]
    return subprocess.Popen(  # noqa: S603  (our own command, no shell)
        [sys.executable, "-m", "flask", "--app", "app", *args, "--pause", "0.4"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def _kill_after(process: subprocess.Popen[str], lines: int) -> list[str]:
    """Read progress until `lines` cases are done, then SIGKILL it inside the next."""
    seen: list[str] = []
    assert process.stdout is not None
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        line = process.stdout.readline()
        if not line:
            break
        seen.append(line)
        if sum(text.startswith("Applied:") for text in seen) >= lines:
            time.sleep(0.2)  # inside the next case's transaction (it waits 0.4 s there)
            process.send_signal(signal.SIGKILL)
            process.wait(30)
            return seen
    process.kill()
    raise AssertionError("the run never got going: " + "".join(seen))


def test_a_run_killed_halfway_leaves_each_case_untouched_or_done(app, db, runner, tmp_path):
    made = [closed_case() for _n in range(CASES)]
    keys = {case.id: [e.storage_key for e in case.evidence] for case in made}
    references = {case.id: case.reference for case in made}
    cases = sorted(references)
    db.session.commit()
    db.session.remove()

    process = _command(app, tmp_path)
    seen = _kill_after(process, 2)
    assert process.returncode == -signal.SIGKILL, "".join(seen)

    db.session.remove()
    done, untouched = [], []
    for case in cases:
        kinds = applied(case)
        remaining = left(case)
        if kinds:
            assert kinds == set(MONTHS_SETTINGS), f"{references[case]} half done: {kinds}"
            assert not any(remaining.values()), f"{references[case]} half done: {remaining}"
            # Its files are gone, or queued for the next run to delete.
            assert set(files_kept(keys[case])) <= pending_keys()
            done.append(case)
        else:
            assert all(remaining.values()), f"{references[case]} half done: {remaining}"
            assert files_kept(keys[case]) == keys[case]
            untouched.append(case)
    assert len(done) >= 2 and untouched, (done, untouched)
    first_run = {r.complaint_id: r.run_id for r in db.session.scalars(sa.select(RetentionApplied))}
    assert not any(
        e.object_id in {references[i] for i in untouched}
        for e in db.session.scalars(
            sa.select(AuditEvent).where(AuditEvent.action == "retention.applied")
        )
    )
    assert not db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "retention.run")
    ).all()

    result = run(runner, "--apply", "--today", "2040-01-01")

    assert f"Applied: {len(untouched)} of {len(untouched)} cases" in result.output
    for case in cases:
        assert applied(case) == set(MONTHS_SETTINGS)
        assert not any(left(case).values())
        assert files_kept(keys[case]) == []
    assert pending_keys() == set()
    # Each case once: the cases the killed run did keep its run's id and one event each.
    rows = db.session.scalars(sa.select(RetentionApplied)).all()
    assert all(first_run[r.complaint_id] == r.run_id for r in rows if r.complaint_id in done)
    events = db.session.scalars(
        sa.select(AuditEvent).where(AuditEvent.action == "retention.applied")
    ).all()
    assert sorted(e.object_id for e in events) == sorted(references.values())
    assert audit.verify().broken_at is None
