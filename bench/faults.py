"""Killed workers, from the outside: parallel filing journeys against gunicorn on PostgreSQL.

    .venv/bin/python bench/faults.py                       # 50 clients, 60 s, a kill every 1 s
    .venv/bin/python bench/faults.py --seconds 20 --kill-every 3 1 --busy 2

It makes (or empties) a PostgreSQL database of its own (`bench_faults` by default: the name
must begin with `bench`), runs the migrations, and starts gunicorn with the repository's
gunicorn.conf.py on a free port of 127.0.0.1, once per run. Each of --clients threads
files complaints one after another as a browser would (a requests.Session each: the start
page, every question page's GET and POST with its CSRF token, check your answers, its POST,
the confirmation page), retrying a request that is cut off or answered 5xx with backoff,
the same request again (a POST with the same form and token, as a browser's "resend"),
at most --attempts times. No new journey starts after --seconds; one already sending its
complaint finishes.

It runs with no kills first, then once for each --kill-every K, killing a random worker
(SIGKILL of a child of the gunicorn master) every K seconds; with --busy N, N processes
burn CPU throughout every run. It then checks the database against what each client saw
and prints one column a run: journeys completed (reference shown), complaints stored,
lost (a reference shown but not stored, or stored with answers other than those sent),
half-written (a complaint without its concerns, complainant, timeline entry, audit event,
acknowledgement in the outbox, or its draft's link to it), duplicated (two complaints
from one journey), stored but never shown, requests cut off, and throughput beside the
no-kill run. Traffic goes to 127.0.0.1 only; every process it starts is stopped at the end.
"""

from __future__ import annotations

import argparse
import os
import random
import re
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import psycopg
import requests

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')
REFERENCE = re.compile(r'class="app-reference">([A-Z0-9-]+)<')
TRACKING_CODE = re.compile(r'class="app-tracking-code">([A-Z0-9-]+)<')
CONCERNS = ["no_notice", "retention"]
# Backoff jitter and which worker to kill: chance, not secrets.
CHANCE = random.Random()  # noqa: S311


def question_pages(marker: str) -> list[tuple[str, dict[str, str | list[str]]]]:
    """Every question page and its answer; the marker makes the journey's complaint findable."""
    return [
        ("technology", {"technology": "rfr"}),
        ("force", {"force": "south-wales"}),
        (
            "when",
            {"incident_date-day": "3", "incident_date-month": "5", "incident_date-year": "2026"},
        ),
        ("where", {"place": f"Cardiff {marker}"}),
        ("what-happened", {"what_happened": f"Bench journey {marker}: a van scanned faces."}),
        ("concerns", {"concerns": CONCERNS}),
        ("involvement", {"relation": "passer_by"}),
        ("outcome", {"outcome_wanted": f"An explanation for {marker}."}),
        ("evidence", {"action": "continue"}),
        ("contact", {"wants_contact": "yes"}),
        (
            "contact-details",
            {
                "name": "Bench Person",
                "email": f"{marker}@example.com",
                "phone": "",
                "preferred_contact": "email",
            },
        ),
        ("consent", {"consent_to_share": "no"}),
    ]


class GaveUp(Exception):
    """A request still failed after every attempt."""


@dataclass
class Tally:
    lock: threading.Lock = field(default_factory=threading.Lock)
    counts: Counter[str] = field(default_factory=Counter)
    shown: dict[str, tuple[str, str | None]] = field(default_factory=dict)  # marker: ref, code

    def add(self, name: str, amount: int = 1) -> None:
        with self.lock:
            self.counts[name] += amount


class Client:
    def __init__(self, base: str, tally: Tally, attempts: int, timeout: float) -> None:
        self.base, self.tally, self.attempts, self.timeout = base, tally, attempts, timeout
        self.http = requests.Session()

    def request(
        self, method: str, path: str, data: dict[str, str | list[str]] | None = None
    ) -> requests.Response:
        for attempt in range(self.attempts):
            if attempt:
                time.sleep(min(0.2 * 2 ** (attempt - 1), 3.0) * (0.5 + CHANCE.random()))
                self.tally.add("retries")
            for cookie in self.http.cookies:
                # Production's cookies are Secure; the benchmark speaks plain HTTP to 127.0.0.1.
                cookie.secure = False
            try:
                response = self.http.request(
                    method, self.base + path, data=data, allow_redirects=False, timeout=self.timeout
                )
            except requests.Timeout:
                self.tally.add("timed out")
                continue
            except requests.RequestException:  # reset, refused, or the body cut short
                self.tally.add("cut off")
                continue
            self.tally.add("requests")
            if response.status_code >= 500:
                self.tally.add("5xx")
                continue
            return response
        raise GaveUp(f"{method} {path}")

    def page(self, path: str) -> str:
        response = self.request("GET", path)
        if response.status_code != 200:
            raise GaveUp(f"GET {path}: {response.status_code}")
        return response.text

    def post(self, path: str, data: dict[str, str | list[str]]) -> str:
        token = CSRF.search(self.page(path))
        if token is None:
            raise GaveUp(f"no CSRF token on {path}")
        response = self.request("POST", path, {"csrf_token": token.group(1), **data})
        if response.status_code != 302:
            raise GaveUp(f"POST {path}: {response.status_code}")
        return response.headers["Location"]

    def journey(self, marker: str, deadline: float) -> None:
        self.http.cookies.clear()
        self.page("/")
        for slug, answers in question_pages(marker):
            if time.monotonic() > deadline:
                self.tally.add("unfinished at the end")
                return
            self.post(f"/complain/{slug}", answers)
        if self.post("/complain/check-answers", {}) != "/complain/complaint-sent":
            raise GaveUp("check-answers did not lead to complaint-sent")
        html = self.page("/complain/complaint-sent")
        reference, code = REFERENCE.search(html), TRACKING_CODE.search(html)
        if reference is None:
            raise GaveUp("no reference on complaint-sent")
        with self.tally.lock:
            self.tally.shown[marker] = (reference.group(1), code.group(1) if code else None)
            self.tally.counts["completed"] += 1
            self.tally.counts["without tracking code"] += code is None


def run_clients(base: str, run: str, args: argparse.Namespace, tally: Tally) -> None:
    deadline = time.monotonic() + args.seconds

    def work(number: int) -> None:
        client = Client(base, tally, args.attempts, args.timeout)
        journey = 0
        # Clients start spread over the first quarter (at most 15 s), so that journeys end
        # at all times rather than in waves of --clients at once.
        time.sleep(number / args.clients * min(args.seconds / 4, 15))
        while time.monotonic() < deadline:
            journey += 1
            try:
                client.journey(f"{run}x{number}x{journey}", deadline)
            except GaveUp as why:
                tally.add("journeys given up")
                tally.add(f"gave up: {str(why)[:60]}")

    threads = [threading.Thread(target=work, args=(n,), daemon=True) for n in range(args.clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        # A journey sending its complaint at the deadline may take its retries' time.
        thread.join(timeout=args.seconds + args.attempts * (args.timeout + 3) + 60)


def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


class OtherWork(threading.Thread):
    """Samples every process's CPU time each second, to tell how much of the machine other
    work took during a run: everything but this benchmark, its gunicorn, its CPU burners
    and the PostgreSQL backends serving its database."""

    def __init__(self, ours: set[int], master: int, database: str) -> None:
        super().__init__(daemon=True)
        self.ours, self.master, self.database = ours, master, database
        self.ticks = 0
        self.started = time.monotonic()
        self.stop = threading.Event()

    def sample(self) -> dict[int, int]:
        others = {}
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
                pid, ppid = int(entry.name), int(fields[1])
                if pid in self.ours or self.master in (pid, ppid):
                    continue
                if self.database in (entry / "cmdline").read_bytes().decode(errors="replace"):
                    continue
            except OSError:
                continue
            others[pid] = int(fields[11]) + int(fields[12])  # utime + stime
        return others

    def run(self) -> None:
        before = self.sample()
        while not self.stop.wait(1):
            now = self.sample()
            self.ticks += sum(t - before.get(pid, t) for pid, t in now.items())
            before = now

    def cores(self) -> float:
        return self.ticks / os.sysconf("SC_CLK_TCK") / (time.monotonic() - self.started)


def killer(master: int, every: float, stop: threading.Event, tally: Tally) -> None:
    while not stop.wait(every):
        workers = children(master)
        if workers:
            try:
                os.kill(CHANCE.choice(workers), signal.SIGKILL)
                tally.add("workers killed")
            except ProcessLookupError:
                pass


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    server = subprocess.Popen(  # noqa: S603  (our own gunicorn, fixed arguments)
        [str(BIN / "gunicorn"), "-c", str(ROOT / "gunicorn.conf.py"), "app:app"],
        cwd=ROOT,
        env={**env, "GUNICORN_BIND": f"127.0.0.1:{port}"},
        stdout=log.open("ab"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    until = time.monotonic() + 60
    while time.monotonic() < until:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}; see {log}")
        try:
            if requests.get(base + "/", timeout=2).status_code == 200:
                return server, base
        except requests.RequestException:
            time.sleep(0.2)
    stop_server(server)
    raise SystemExit(f"gunicorn did not answer within 60 s; see {log}")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()


def prepare_database(url: str, env: dict[str, str]) -> None:
    name = url.rsplit("/", 1)[1]
    if not re.fullmatch(r"bench\w*", name):
        raise SystemExit(f"Give the benchmark a database of its own, named bench…: not {name!r}")
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    subprocess.run(  # noqa: S603  (our own flask, fixed arguments)
        [str(BIN / "flask"), "--app", "app", "db", "upgrade"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )


CHECKS = """
SELECT c.id, c.reference, c.what_happened, c.place, c.outcome_wanted,
  (SELECT count(*) FROM complaint_concerns k WHERE k.complaint_id = c.id),
  (SELECT min(p.email) FROM complainants p WHERE p.complaint_id = c.id),
  (SELECT count(*) FROM timeline_entries t WHERE t.complaint_id = c.id),
  (SELECT count(*) FROM audit_events a WHERE a.action = 'complaint.submitted' AND a.object_id = c.reference),
  (SELECT count(*) FROM outbox_messages o WHERE o.complaint_id = c.id),
  (SELECT count(*) FROM complaint_drafts d WHERE d.complaint_id = c.id)
FROM complaints c WHERE c.what_happened LIKE %s
"""
MARKER = re.compile(r"Bench journey (\S+):")


def check(url: str, run: str, tally: Tally) -> Counter[str]:
    with psycopg.connect(url) as connection:
        rows = connection.execute(CHECKS, (f"Bench journey {run}x%",)).fetchall()
    found: Counter[str] = Counter(tally.counts)
    by_marker: dict[str, list[tuple[object, ...]]] = {}
    for row in rows:
        marker = MARKER.match(str(row[2]))
        by_marker.setdefault(marker.group(1) if marker else "?", []).append(row)
    found["stored"] = len(rows)
    found["duplicated"] = sum(len(found_rows) - 1 for found_rows in by_marker.values())
    for marker, (reference, _code) in tally.shown.items():
        stored = [row for row in by_marker.get(marker, []) if row[1] == reference]
        if not stored:
            found["lost"] += 1
            continue
        _, _, what, place, outcome, concerns, email, *_ = stored[0]
        if (place, outcome, concerns, email) != (
            f"Cardiff {marker}",
            f"An explanation for {marker}.",
            len(CONCERNS),
            f"{marker}@example.com",
        ) or not str(what).startswith(f"Bench journey {marker}:"):
            found["lost"] += 1
    for marker, stored_rows in by_marker.items():
        if marker not in tally.shown:
            found["stored, never shown"] += len(stored_rows)
        for row in stored_rows:
            concerns, email, timeline, audit, outbox, drafts = row[5:]
            if not (concerns and email and timeline and audit == 1 and outbox == 1 and drafts == 1):
                found["half-written"] += 1
    return found


def burn(seconds: float) -> subprocess.Popen[bytes]:
    return subprocess.Popen(  # noqa: S603  (this Python, fixed arguments)
        [
            sys.executable,
            "-c",
            f"import time\nend = time.time() + {seconds}\nwhile time.time() < end: pass",
        ]
    )


def one_run(
    run: str,
    kill_every: float | None,
    args: argparse.Namespace,
    env: dict[str, str],
    log: Path,
    burners: list[subprocess.Popen[bytes]],
) -> tuple[Counter[str], float]:
    tally = Tally()
    server, base = start_server(env, log)
    master = server.pid
    stop = threading.Event()
    ours = {os.getpid(), *(burner.pid for burner in burners)}
    others = OtherWork(ours, master, args.database_url.rsplit("/", 1)[1])
    others.start()
    try:
        if kill_every:
            threading.Thread(
                target=killer, args=(master, kill_every, stop, tally), daemon=True
            ).start()
        run_clients(base, run, args, tally)
        stop.set()
        others.stop.set()
    finally:
        stop.set()
        others.stop.set()
        stop_server(server)
    return check(args.database_url, run, tally), others.cores()


ROWS = [
    ("journeys completed (reference shown)", "completed"),
    ("  without the tracking code", "without tracking code"),
    ("complaints stored", "stored"),
    ("lost", "lost"),
    ("half-written", "half-written"),
    ("duplicated", "duplicated"),
    ("stored, confirmation never shown", "stored, never shown"),
    ("journeys given up (retries exhausted)", "journeys given up"),
    ("journeys unfinished at the deadline", "unfinished at the end"),
    ("requests answered", "requests"),
    ("requests cut off", "cut off"),
    ("requests timed out", "timed out"),
    ("5xx answers", "5xx"),
    ("retries", "retries"),
    ("workers killed", "workers killed"),
]


def report(results: dict[str, Counter[str]], elsewhere: dict[str, list[float]]) -> None:
    names = list(results)
    baseline = results[names[0]]
    print("| | " + " | ".join(names) + " |")
    print("|---|" + "---:|" * len(names))
    for label, key in ROWS:
        print(f"| {label} | " + " | ".join(str(results[name][key]) for name in names) + " |")
    for label, key in (("journeys completed", "completed"), ("requests answered", "requests")):
        ratios = [100 * results[name][key] / (baseline[key] or 1) for name in names]
        print(f"| {label} beside no kills | " + " | ".join(f"{r:.0f} %" for r in ratios) + " |")
    # Other work on the machine takes cores from the server; this divides it out, roughly.
    cores = {name: sum(elsewhere[name]) / len(elsewhere[name]) for name in names}
    print(
        "| cores taken by other work meanwhile | "
        + " | ".join(f"{cores[n]:.1f}" for n in names)
        + " |"
    )
    left = {name: max((os.cpu_count() or 1) - cores[name], 0.1) for name in names}
    per_core = [
        100 * (results[n]["completed"] / left[n]) / ((baseline["completed"] or 1) / left[names[0]])
        for n in names
    ]
    print(
        "| journeys completed beside no kills, per core left to it | "
        + " | ".join(f"{r:.0f} %" for r in per_core)
        + " |"
    )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--database-url", default="postgresql://postgres@127.0.0.1:5432/bench_faults"
    )
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--kill-every", type=float, nargs="+", default=[1.0], metavar="K")
    parser.add_argument("--busy", type=int, default=0, metavar="N", help="CPU-burning processes")
    parser.add_argument("--workers", type=int, help="WEB_CONCURRENCY (default: the config's)")
    parser.add_argument("--rounds", type=int, default=1, help="take turns this many times")
    parser.add_argument("--attempts", type=int, default=8, help="tries of one request")
    parser.add_argument("--timeout", type=float, default=30, help="seconds a request may take")
    args = parser.parse_args()
    if not args.database_url.startswith("postgresql://postgres@127.0.0.1:"):
        raise SystemExit("The benchmark runs on the local PostgreSQL only (127.0.0.1).")
    if not (
        1 <= args.clients <= 500
        and 1 <= args.seconds <= 900
        and 1 <= args.attempts <= 20
        and 1 <= args.rounds <= 5
    ):
        raise SystemExit(
            "Keep it bounded: 1-500 clients, 1-900 seconds, 1-20 attempts, 1-5 rounds."
        )

    workdir = Path(tempfile.mkdtemp(prefix="bench-faults-"))
    env = {
        **os.environ,
        "APP_ENV": "production",
        "SECRET_KEY": secrets.token_hex(32),
        "AUDIT_KEY": secrets.token_hex(32),
        "DATABASE_URL": args.database_url,
        "INSTANCE_PATH": str(workdir),
        "RATELIMIT_STORAGE_URI": "memory://",
        "SUBMIT_RATE_LIMIT": "100000 per minute",
        "ANONYMOUS_POST_RATE_LIMIT": "100000 per minute",
    }
    env.pop("MAIL_SERVER", None)
    if args.workers:
        env["WEB_CONCURRENCY"] = str(args.workers)
    prepare_database(args.database_url, env)
    log = workdir / "gunicorn.log"
    runs = [("no kills", None)] + [(f"kill every {k:g} s", k) for k in args.kill_every]
    burners = [burn(len(runs) * args.rounds * (args.seconds + 120)) for _ in range(args.busy)]
    results: dict[str, Counter[str]] = {}
    elsewhere: dict[str, list[float]] = {}
    try:
        # With --rounds, the runs take turns, so that other work on the machine falls on
        # them alike; each name's figures are summed over its rounds.
        for number, (name, every) in enumerate(runs * args.rounds):
            label = f"{name}, {args.busy} busy" if args.busy else name
            print(
                f"{label}: {args.clients} clients for {args.seconds:g} s …",
                file=sys.stderr,
                flush=True,
            )
            run = f"r{number}{secrets.token_hex(3)}"
            found, other_cores = one_run(run, every, args, env, log, burners)
            for why, times in sorted(found.items()):
                if why.startswith("gave up:"):
                    print(f"  {why} ({times} times)", file=sys.stderr)
            results.setdefault(label, Counter()).update(found)
            elsewhere.setdefault(label, []).append(other_cores)
    finally:
        for process in burners:
            process.kill()
            process.wait()
    print(
        f"\n{args.clients} clients, {args.seconds:g} s a run, {args.rounds} round(s), workers: {args.workers or 'from gunicorn.conf.py'}; gunicorn's log: {log}\n"
    )
    report(results, elsewhere)


if __name__ == "__main__":
    main()
