"""Time a statistics release over a million cases and a hundred thousand deployments.

    .venv/bin/python bench/bench_statistics.py                       # SQLite, 1,000,000 cases
    .venv/bin/python bench/bench_statistics.py \\
        --database postgresql://postgres@127.0.0.1:5432/bench_statistics
    .venv/bin/python bench/bench_statistics.py --cases 20000 --deployments 2000

Builds a fresh database from the migrations (a SQLite file by default; PostgreSQL when
given its URL), fills it with --cases complaints received over the last --years years and
--deployments deployment records across forces (Core bulk inserts, batches of 10,000),
then times `services.compute` for the last complete quarter and the last complete
financial year, each with the same period a year before, as `flask statistics prepare`
runs it. Beside each it times every SQL statement compute sent, straight to the driver
(the bare grouped queries), and the peak Python memory of a compute (tracemalloc). Within
compute it times the further measures' queries (compute/measure_queries.py, gathered by
measures.gather_one for each period) apart from the rest, and prints each part, and the
disclosure check, as a ratio to its statements run bare. Prints figures, never judges
them; --explain prints the plans of the slowest statements.

Each complaint carries what the statistics read and what its history implies: force,
technology, channel, relation, one to three concerns; a timeline of status changes (into
triage, the triage decision, requests for information and replies, the decision, the
closure, a review and its reopening) with assignments and notes among them; closures with
their reason and referral body; decisions with the overall finding; and its messages
(the acknowledgement, each request for information, the outcome). Per-concern findings,
contact details and evidence are not made: no statistic reads them. A case's history stops
where today falls, so each status follows from its age.

The database must be empty or hold only what an earlier run made: anything else is
refused, never dropped. --keep-data times an earlier run's data without generating again.
"""

from __future__ import annotations

import argparse
import math
import random
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # generate_cases, beside this

from generate_cases import (
    CLOSURE,
    FINDING,
    PRIORITIES,
    PRIORITY,
    REFERRAL,
    STAFF_DOMAIN,
    UNKNOWN_TOWNS,
    Draw,
    NotABenchDatabase,
    batches,
    bench_staff,
    complaint_forces,
    complaint_row,
    decided_rows,
    due_on,
    force_ids,
    newest,
    settle,
    signer,
    weighted,
    write_without_waiting,
)

from oversight import create_app
from oversight.auth.models import User
from oversight.complaints.models import (
    CaseFinding,
    Complaint,
    ComplaintConcern,
    Decision,
    TimelineEntry,
)
from oversight.config import database_url
from oversight.deployments.records.models import Deployment
from oversight.extensions import db
from oversight.notify.models import OutboxMessage
from oversight.statistics import services
from oversight.statistics.compute import attack, measures
from oversight.statistics.compute.sql import ensure_calendar
from oversight.statistics.periods import Period, financial_year, parse_period
from oversight.statistics.periods import last_complete_quarter as last_quarter

ROOT = Path(__file__).resolve().parent.parent
KEY_PREFIX = "bench-stats-"
ACTOR = "bench"
DEFAULT_DATABASE = f"sqlite:///{ROOT / 'instance' / 'bench-statistics.db'}"
# Live facial recognition is deployed by a few forces, the Met most; the rest rarely.
DEPLOYING_FORCES = {
    "metropolitan": 45,
    "south-wales": 18,
    "essex": 8,
    "hampshire": 5,
    "northamptonshire": 4,
    "bedfordshire": 4,
    "west-midlands": 3,
    "greater-manchester": 3,
    "surrey": 2,
    "sussex": 2,
    "btp": 2,
}
OTHER_DEPLOYING_WEIGHT = 0.15
DEPLOYMENT_TECHNOLOGIES = weighted({"lfr": 90, "oifr": 6, "rfr": 4})
# A named complainant's messages are mailed; an anonymous one's are kept for staff.
NAMED_SHARE = 0.75
MESSAGE_BODY = (
    "Thank you for contacting the Facial Recognition Oversight Register. We will look at "
    "what you have told us and write to you again. You can check progress at any time with "
    "your reference and tracking code. If you need to add anything, reply to this message "
    "or use the link on the tracking page. We publish how we handle complaints on our site."
)


class _Stop(Exception):
    """The case's next step would fall after today: its history ends here."""


@dataclass
class Batch:
    complaints: list[dict[str, Any]] = field(default_factory=list)
    concerns: list[dict[str, Any]] = field(default_factory=list)
    timeline: list[dict[str, Any]] = field(default_factory=list)
    outbox: list[dict[str, Any]] = field(default_factory=list)
    findings: list[dict[str, Any]] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)


class CaseMaker:
    """Complaint i, its concerns, timeline and messages, from its own seeded generator."""

    def __init__(self, seed: int, today: date, years: float, forces: dict[str, int]) -> None:
        self.seed = seed
        self.span_days = int(years * 365)
        self.now = newest(today)
        self.forces = forces
        self.force_table = complaint_forces(forces)
        self.caseworkers: list[int] = []
        self.seniors: list[int] = []

    def case(self, index: int, batch: Batch) -> None:
        rng = random.Random(self.seed * 1_000_003 + index)  # noqa: S311  (test data, not secrets)
        draw = Draw(rng)
        # A little more recent than old: complaints grow year on year.
        age = self.span_days * rng.random() ** 1.3
        received_at = self.now - timedelta(days=age, seconds=rng.randrange(3600))
        row, concerns = complaint_row(
            index,
            received_at,
            draw,
            forces=self.forces,
            force_table=self.force_table,
            key_prefix=KEY_PREFIX,
        )
        batch.complaints.append(row)
        batch.concerns += [{"complaint_id": row["id"], "concern": c} for c in concerns]
        History(self, row, concerns, draw, batch).run()


class History:
    """Walk one case through the workflow as the casework services would, writing each
    step's timeline entry and message, until the next step would fall after today."""

    def __init__(
        self,
        maker: CaseMaker,
        row: dict[str, Any],
        concerns: list[str],
        draw: Draw,
        batch: Batch,
    ) -> None:
        self.maker, self.row, self.draw, self.batch = maker, row, draw, batch
        self.concerns = concerns
        self.decided = 0
        self.rng = draw.rng
        self.named = draw.chance(NAMED_SHARE)
        self.actor = "system"

    def run(self) -> None:
        row = self.row
        received: datetime = row["received_at"]
        web = row["channel"] == "web"
        # Online complaints are acknowledged at once; others when a caseworker logs them.
        delay = (
            timedelta(seconds=self.rng.randrange(20, 300))
            if web
            else timedelta(days=self.rng.lognormvariate(0, 0.8))
        )
        try:
            self.message("acknowledgement", received + delay)
            self.steps(received)
        except _Stop:
            pass
        row["due_on"] = due_on(row)
        if self.decided:
            # The findings as they stand: those of the latest decision.
            self.batch.findings += decided_rows(row, self.concerns)[0]

    def steps(self, received: datetime) -> None:
        rng, draw, row = self.rng, self.draw, self.row
        at = received + timedelta(hours=rng.triangular(1, 72, 8))
        if draw.chance(0.9):
            row["assignee_id"] = rng.choice(self.maker.caseworkers + self.maker.seniors)
            self.actor = f"user:{row['assignee_id']}"
            self.entry(at, "assignment", body="Allocated")
        self.move(at, "in_triage")
        if draw.chance(0.12):
            at = self.ask_and_wait(at + self.days(0.5, 4), back_to="in_triage")
        at += timedelta(days=min(rng.lognormvariate(math.log(6), 0.7), 90))
        if draw.chance(0.33):
            reason = draw.pick(CLOSURE)
            row["in_remit"] = reason not in ("referred", "out_of_remit")
            self.close(at, reason, draw.pick(REFERRAL) if reason == "referred" else None)
            return
        row["in_remit"] = True
        priority = draw.pick(PRIORITY)
        row["priority"], row["priority_rank"] = priority, PRIORITIES[priority][0]
        self.move(at, "investigating")
        if draw.chance(0.25):
            noted = at + timedelta(hours=rng.uniform(1, 48))
            self.entry(noted, "note", body="Asked the force for its records.")
            at = noted
        if draw.chance(0.3):
            at = self.ask_and_wait(at + self.days(5, 30), back_to="investigating")
        if draw.chance(0.04):
            self.close(at + self.days(10, 60), "withdrawn")
            return
        at = self.decide(at + timedelta(days=min(max(rng.gauss(60, 25), 7), 200)))
        at = self.close(at + self.days(27, 30), "outcome_issued")
        if draw.chance(0.05):
            at += self.days(1, 27)
            self.move(at, "review_requested")
            row["review_requested_at"] = at
            at += self.days(5, 20)
            self.move(at, "investigating")
            row["signed_off_by_id"] = row["signed_off_at"] = None
            at = self.decide(at + self.days(20, 60))
            self.close(at + self.days(27, 30), "outcome_issued")

    def days(self, low: float, high: float) -> timedelta:
        return timedelta(days=self.rng.uniform(low, high))

    def check(self, at: datetime) -> None:
        if at > self.maker.now:
            raise _Stop

    def entry(self, at: datetime, kind: str, **values: Any) -> None:
        self.check(at)
        self.batch.timeline.append(
            {
                "complaint_id": self.row["id"],
                "kind": kind,
                "at": at,
                "actor": self.actor,
                "from_status": None,
                "to_status": None,
                "reason": None,
                "body": None,
                "visible_to_complainant": False,
                **values,
            }
        )
        self.row["updated_at"] = at
        self.row["version"] += 1

    def move(self, at: datetime, status: str, reason: str | None = None) -> None:
        previous = self.row["status"]
        self.entry(
            at,
            "status_change",
            from_status=previous,
            to_status=status,
            reason=reason,
            visible_to_complainant=True,
        )
        self.row["status"] = status

    def message(self, kind: str, at: datetime) -> None:
        self.check(at)
        row = self.row
        sent = at + timedelta(seconds=self.rng.randrange(2, 90)) if self.named else None
        self.batch.outbox.append(
            {
                "complaint_id": row["id"],
                "kind": kind,
                "language": row["language"],
                "recipient": f"complainant-{row['id']}@bench.invalid" if self.named else None,
                "subject": f"About your complaint {row['reference']}",
                "body": MESSAGE_BODY,
                "created_at": at,
                "sent_at": sent if sent is None or sent <= self.maker.now else None,
                "attempts": 1 if sent else 0,
                "last_error": None,
                "next_attempt_at": None,
            }
        )

    def ask_and_wait(self, at: datetime, back_to: str) -> datetime:
        """Ask the complainant for more; the clock stops until they reply."""
        self.move(at, "awaiting_information")
        self.row["awaiting_since"] = at
        self.message("request_for_information", at)
        self.entry(at, "correspondence_out", body="Asked for more information.")
        replied = at + self.days(2, 25)
        self.check(replied)
        self.entry(replied, "correspondence_in", body="The complainant replied.")
        self.move(replied, back_to)
        self.row["awaiting_since"] = None
        self.row["decision_by"] += replied.date() - at.date()  # paused (roughly)
        return replied

    def decide(self, at: datetime) -> datetime:
        """Findings by the caseworker, signed off by a senior who is neither the assignee
        nor their author, issued and kept as the decision with the next number."""
        row, rng = self.row, self.rng
        signed = at - timedelta(hours=rng.randrange(2, 72))
        self.check(at)
        row["overall_outcome"] = self.draw.pick(FINDING)
        row["decision_summary"] = "Our findings on each concern are in the decision letter."
        row["findings_by_id"] = row["assignee_id"] or rng.choice(self.maker.caseworkers)
        row["signed_off_by_id"] = signer(rng, self.maker.seniors, row)
        row["signed_off_at"] = signed
        row["decision_issued_at"] = at
        self.move(at, "decision_issued")
        self.message("outcome", at)
        self.decided += 1
        self.batch.decisions.append(decided_rows(row, self.concerns, self.decided, self.actor)[1])
        return at

    def close(self, at: datetime, reason: str, referred_to: str | None = None) -> datetime:
        self.move(at, "closed", reason)
        self.row.update(closed_at=at, closure_reason=reason, referred_to=referred_to)
        return at


def deployment(index: int, seed: int, today: date, span_days: int, forces: Any) -> dict[str, Any]:
    rng = random.Random(seed * 7_000_003 + index)  # noqa: S311  (test data, not secrets)
    draw = Draw(rng)
    force = draw.pick(forces)
    start = clock(rng.randrange(7, 18), rng.choice((0, 15, 30, 45)))
    faces = None if draw.chance(0.05) else rng.randrange(500, 60_000)
    alerts = None if draw.chance(0.03) else min(int(rng.expovariate(1 / 3)), 40)
    true_alerts = None if alerts is None else rng.randint(0, alerts)
    false_alerts = None if alerts is None else rng.randint(0, alerts - (true_alerts or 0))
    return {
        "force_id": force,
        "technology": draw.pick(DEPLOYMENT_TECHNOLOGIES),
        "force_reference": None,
        "natural_key": f"{KEY_PREFIX}{index}",
        "deployed_on": today - timedelta(days=rng.randrange(span_days)),
        "start_time": start,
        "end_time": clock(min(start.hour + rng.randint(2, 6), 23), start.minute),
        "location_name": f"{rng.choice(UNKNOWN_TOWNS)} {rng.choice(('High Street', 'station'))}",
        "location_area": None,
        "purpose": "Wanted persons",
        "authorising_rank": "Superintendent",
        "watchlist_size": rng.randrange(600, 17_000),
        "faces_seen": faces,
        "alerts": alerts,
        "true_alerts": true_alerts,
        "false_alerts": false_alerts,
        "engagements": true_alerts,
        "arrests": None if true_alerts is None else rng.randint(0, true_alerts),
        "source": "published_record",
        "source_link": None,
        "version": 1,
        "created_by": ACTOR,
        "updated_by": ACTOR,
    }


@dataclass
class Generated:
    rows: dict[str, int]
    seconds: float
    statuses: dict[str, int]


def generate(
    cases: int,
    deployments: int,
    *,
    seed: int = 1,
    today: date,
    years: float = 2,
    batch_size: int = 10_000,
    report: Callable[[str], None] = print,
    fast_sqlite: bool = False,
) -> Generated:
    """Fill the app's (empty) database; the schema must already be there. `fast_sqlite`
    writes a SQLite file without waiting for the disk (for a throwaway bench file only)."""
    engine = db.engine
    started = time.perf_counter()
    rows = dict.fromkeys(
        ("complaints", "concerns", "timeline", "outbox", "findings", "decisions", "deployments"), 0
    )
    tables = {
        "complaints": Complaint.__table__,
        "concerns": ComplaintConcern.__table__,
        "timeline": TimelineEntry.__table__,
        "outbox": OutboxMessage.__table__,
        "findings": CaseFinding.__table__,
        "decisions": Decision.__table__,
    }
    with engine.connect() as connection:
        if fast_sqlite:
            write_without_waiting(connection)
        forces = force_ids(connection)
        maker = CaseMaker(seed, today, years, forces)
        maker.caseworkers, maker.seniors = bench_staff(connection)
        for chunk in batches(0, cases, batch_size):
            batch = Batch()
            for index in chunk:
                maker.case(index, batch)
            for name, table in tables.items():
                values = getattr(batch, name)
                if values:
                    connection.execute(table.insert(), values)
                    rows[name] += len(values)
            connection.commit()
            if chunk.stop % 100_000 == 0:
                report(f"  {chunk.stop:>10,} cases ({time.perf_counter() - started:,.0f} s)")
        deploying = weighted(
            {
                **{force_id: OTHER_DEPLOYING_WEIGHT for force_id in forces.values()},
                **{forces[slug]: w for slug, w in DEPLOYING_FORCES.items() if slug in forces},
            }
        )
        span = int(years * 365)
        for chunk in batches(0, deployments, batch_size):
            values = [deployment(i, seed, today, span, deploying) for i in chunk]
            connection.execute(Deployment.__table__.insert(), values)
            rows["deployments"] += len(values)
            connection.commit()
        statuses = dict(
            connection.execute(
                sa.select(Complaint.status, sa.func.count()).group_by(Complaint.status)
            )
            .tuples()
            .all()
        )
        connection.commit()
    settle(engine)
    return Generated(rows, time.perf_counter() - started, {str(k): v for k, v in statuses.items()})


# Timing --------------------------------------------------------------------------------


MEASURES_STEP = "further measures"  # the statements of measures.gather_one, a period's
FIRST_RECORDS = "the register's first records"  # what compute asks after the last step


@dataclass
class Statement:
    step: str
    sql: str
    parameters: Any
    seconds: float = 0.0
    cpu_seconds: float = 0.0  # this process's: all of it on SQLite, the driver's on PostgreSQL

    @property
    def measures(self) -> bool:
        """Sent by the further measures' queries (measure_queries.py)."""
        return self.step.endswith(f": {MEASURES_STEP}")


@dataclass
class Timing:
    period: Period
    seconds: list[float]
    cpu_seconds: list[float]
    peak_bytes: int | None
    statements: list[Statement]
    content: dict[str, Any]
    measure_seconds: list[float] = field(default_factory=list)  # within each compute run

    @property
    def bare_seconds(self) -> float:
        return sum(s.seconds for s in self.statements)

    @property
    def measure_statements(self) -> list[Statement]:
        return [s for s in self.statements if s.measures]

    @property
    def bare_measure_seconds(self) -> float:
        return sum(s.seconds for s in self.measure_statements)

    @property
    def fastest(self) -> int:
        """The compute run the ratios are of: the fastest."""
        return min(range(len(self.seconds)), key=self.seconds.__getitem__)


class Recorder:
    """Every statement compute sends, with the step it belongs to (steps report after
    they finish, so what was sent since the last report is that step's; the further
    measures' queries are the step of each measures.gather_one, timed on every run)."""

    def __init__(self) -> None:
        self.pending: list[tuple[str, Any]] = []
        self.statements: list[Statement] = []
        self.measure_seconds = 0.0

    def __call__(self, conn: Any, cursor: Any, sql: str, parameters: Any, *_: Any) -> None:
        self.pending.append((sql, parameters))

    def progress(self, done: int, steps: int, step: str) -> None:
        self.close(step)

    def close(self, step: str) -> None:
        """What was sent since the last step closed is `step`'s."""
        self.statements += [Statement(step, sql, parameters) for sql, parameters in self.pending]
        self.pending = []

    @contextmanager
    def measures_timed(self) -> Iterator[None]:
        """While it lasts, each period's further measures are timed and are a step."""
        gather_one = measures.gather_one

        def timed(period: Period) -> Any:
            self.close(f"{period.code}: before its {MEASURES_STEP}")  # (nothing, as compute is)
            started = time.perf_counter()
            try:
                return gather_one(period)
            finally:
                self.measure_seconds += time.perf_counter() - started
                self.close(f"{period.code}: {MEASURES_STEP}")

        measures.gather_one = timed
        try:
            yield
        finally:
            measures.gather_one = gather_one


def _compute(period: Period, progress: Any = None) -> dict[str, Any]:
    db.session.remove()
    try:
        return services.compute(period, progress)
    finally:
        db.session.rollback()


def time_compute(period: Period, runs: int = 1, memory: bool = True) -> Timing:
    """Time compute for the period (and its year before) in a fresh session each run,
    the further measures' queries within it apart; then each statement it sent on its
    own; then (if asked) its peak Python memory."""
    engine = db.engine
    ensure_calendar(period.end)  # reference data, filled once: not part of the timing
    db.session.commit()
    recorder = Recorder()
    seconds, cpu, within = [], [], []
    content: dict[str, Any] = {}
    for run in range(runs):
        if run == 0:
            sa.event.listen(engine, "before_cursor_execute", recorder)
        recorder.measure_seconds = 0.0
        started, cpu_started = time.perf_counter(), time.process_time()
        try:
            with recorder.measures_timed():
                content = _compute(period, recorder.progress if run == 0 else None)
        finally:
            if run == 0:
                sa.event.remove(engine, "before_cursor_execute", recorder)
                recorder.close(FIRST_RECORDS)
        seconds.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)
        within.append(recorder.measure_seconds)
    with engine.connect() as connection:
        for statement in recorder.statements:
            if not statement.sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            started, cpu_started = time.perf_counter(), time.process_time()
            connection.exec_driver_sql(statement.sql, statement.parameters).all()
            statement.seconds = time.perf_counter() - started
            statement.cpu_seconds = time.process_time() - cpu_started
        connection.rollback()
    peak = None
    if memory:
        tracemalloc.start()
        try:
            _compute(period)
            peak = tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()
    return Timing(period, seconds, cpu, peak, recorder.statements, content, within)


def explain(statement: Statement) -> str:
    postgres = db.engine.dialect.name == "postgresql"
    prefix = "EXPLAIN (ANALYZE, BUFFERS) " if postgres else "EXPLAIN QUERY PLAN "
    with db.engine.connect() as connection:
        rows = connection.exec_driver_sql(prefix + statement.sql, statement.parameters).all()
    return "\n".join(f"    {row[0] if postgres else row[-1]}" for row in rows)


def received_total(content: dict[str, Any]) -> int | None:
    """The period's complaints received, as the release's first table totals them."""
    table = next(t for t in content["tables"] if t["id"] == "complaints_by_force")
    total = next(row for row in table["rows"] if row["total"])
    return total["cells"][0]["value"]


def ratio(seconds: float, bare: float) -> str:
    return f"{seconds / bare:.2f} ×" if bare > 0 else "not measured (nothing bare)"


def ratios(timing: Timing, checked: float) -> str:
    """Each part of the fastest compute, and the disclosure check, beside its statements
    run bare: the further measures' beside theirs, the rest beside the rest, the whole
    compute and the check (which sends none) beside all of them."""
    run = timing.fastest
    whole, further = timing.seconds[run], timing.measure_seconds[run]
    bare, bare_further = timing.bare_seconds, timing.bare_measure_seconds
    return (
        f"beside the bare statements (run {run + 1}): the further measures' queries "
        f"{ratio(further, bare_further)}, the rest of compute "
        f"{ratio(whole - further, bare - bare_further)}, all of compute "
        f"{ratio(whole, bare)}, the disclosure check {ratio(checked, bare)}"
    )


def print_timing(timing: Timing, show_plans: int, out: list[Any] | None = None) -> None:
    """Print a period's timings, the disclosure check's beside compute's: the check of its
    release against `out`, the releases timed before it (as if published)."""
    period = timing.period
    started = time.perf_counter()
    risks = attack.check(timing.content, out or [])
    checked = time.perf_counter() - started
    runs = ", ".join(f"{s:.2f}" for s in timing.seconds)
    cpu = ", ".join(f"{s:.2f}" for s in timing.cpu_seconds)
    memory = "not measured" if timing.peak_bytes is None else f"{timing.peak_bytes / 2**20:.1f} MiB"
    print(f"\n### {period.code} ({period.label}), with {period.year_before().code}\n")
    print(f"- compute: {runs} s wall-clock (this process's CPU: {cpu} s)")
    print(
        f"- disclosure check, against {len(out or [])} release(s) before it: {checked:.2f} s "
        f"wall-clock ({len(risks)} cells at risk)"
    )
    within = ", ".join(f"{s:.2f}" for s in timing.measure_seconds)
    print(
        f"- the further measures' queries (measure_queries.py, "
        f"{len(timing.measure_statements)} statements), within compute: {within} s wall-clock"
    )
    print(
        f"- the {len(timing.statements)} statements it sent, each run bare: "
        f"{timing.bare_seconds:.2f} s in all, {timing.bare_measure_seconds:.2f} s of them "
        "the further measures'"
    )
    print(f"- {ratios(timing, checked)}")
    print(f"- peak Python memory during compute (tracemalloc): {memory}")
    print(f"- complaints received in {period.code}: {received_total(timing.content)}\n")
    print("| step | statement | bare seconds | CPU seconds (this process) |")
    print("|---|---|---:|---:|")
    for statement in timing.statements:
        first = " ".join(statement.sql.split())[:60]
        print(
            f"| {statement.step} | `{first}…` | {statement.seconds:.3f} "
            f"| {statement.cpu_seconds:.3f} |"
        )
    slowest = sorted(timing.statements, key=lambda s: s.seconds, reverse=True)[:show_plans]
    for statement in slowest:
        print(
            f"\n{statement.step} ({statement.seconds:.2f} s):\n{statement.sql}\n{explain(statement)}"
        )


# The database ---------------------------------------------------------------------------


def others_in(engine: sa.Engine) -> int:
    """Complaints, deployments and staff accounts in the database the bench did not make."""
    tables = set(sa.inspect(engine).get_table_names())
    theirs = {
        "complaints": sa.or_(
            Complaint.submission_key.is_(None), Complaint.submission_key.not_like(f"{KEY_PREFIX}%")
        ),
        "deployments": Deployment.created_by != ACTOR,
        "users": User.email.not_like(f"%@{STAFF_DOMAIN}"),
    }
    with engine.connect() as connection:
        return sum(
            connection.scalar(sa.select(sa.func.count()).where(where)) or 0
            for table, where in theirs.items()
            if table in tables
        )


# The schema's own functions (trigger functions the migrations made), not extensions'.
SCHEMA_FUNCTIONS = """
    SELECT p.oid::regprocedure::text FROM pg_proc AS p
    WHERE p.pronamespace = current_schema()::regnamespace
      AND NOT EXISTS (SELECT 1 FROM pg_depend AS d WHERE d.objid = p.oid AND d.deptype = 'e')
"""


def fresh_schema(url: str) -> None:
    """Empty the database of what an earlier run made (refusing anything else), so that
    the migrations build it afresh."""
    engine = sa.create_engine(url)
    try:
        if others := others_in(engine):
            raise NotABenchDatabase(
                f"{engine.url.render_as_string()} holds {others:,} complaints, deployments "
                "or staff accounts the bench did not make; give the bench a database of its own."
            )
        if engine.dialect.name == "sqlite":
            engine.dispose()
            path = Path(engine.url.database or "")
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
            path.parent.mkdir(parents=True, exist_ok=True)
        else:
            metadata = sa.MetaData()
            metadata.reflect(bind=engine)
            metadata.drop_all(bind=engine)
            with engine.begin() as connection:
                for (function,) in connection.exec_driver_sql(SCHEMA_FUNCTIONS).all():
                    connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {function} CASCADE")
    finally:
        engine.dispose()


def last_financial_year(today: date) -> Period:
    return financial_year(today.year - (2 if today.month < 4 else 1))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database", default=DEFAULT_DATABASE, help="SQLite (default) or PostgreSQL URL"
    )
    parser.add_argument("--cases", type=int, default=1_000_000, help="complaints to make")
    parser.add_argument("--deployments", type=int, default=100_000, help="deployment records")
    parser.add_argument("--years", type=float, default=2, help="years of complaints (default 2)")
    parser.add_argument("--seed", type=int, default=1, help="the same seed gives the same data")
    parser.add_argument(
        "--today",
        type=date.fromisoformat,
        default=datetime.now(UTC).date(),
        help="the day the newest complaints arrive (default today)",
    )
    parser.add_argument("--quarter", type=parse_period, help="default: the last complete quarter")
    parser.add_argument(
        "--year", type=parse_period, help="default: the last complete financial year"
    )
    parser.add_argument("--runs", type=int, default=1, help="timed computes of each period")
    parser.add_argument(
        "--explain", type=int, default=0, metavar="N", help="plans of the N slowest statements"
    )
    parser.add_argument("--keep-data", action="store_true", help="time an earlier run's data")
    args = parser.parse_args(argv)
    url = database_url(args.database)
    try:
        if not args.keep_data:
            fresh_schema(url)
    except NotABenchDatabase as refused:
        print(refused, file=sys.stderr)
        return 1
    app = create_app("development", {"SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        engine = db.engine
        print(f"{engine.dialect.name} at {engine.url.render_as_string()}")
        if not args.keep_data:
            from flask_migrate import upgrade

            upgrade()
            print(
                f"Generating {args.cases:,} complaints and {args.deployments:,} deployments…",
                flush=True,
            )
            made = generate(
                args.cases,
                args.deployments,
                seed=args.seed,
                today=args.today,
                years=args.years,
                report=lambda line: print(line, flush=True),
                fast_sqlite=True,
            )
            total = sum(made.rows.values())
            print(
                f"\nGenerated {total:,} rows in {made.seconds:,.1f} s ({total / made.seconds:,.0f} a second):"
            )
            for name, count in made.rows.items():
                print(f"- {name}: {count:,}")
            print(
                "- complaints by status: "
                + ", ".join(f"{k} {v:,}" for k, v in sorted(made.statuses.items()))
            )
        elif not sa.inspect(engine).has_table("complaints") or not db.session.scalar(
            sa.select(sa.func.count()).select_from(Complaint)
        ):
            print("No bench data here to time: run without --keep-data first.", file=sys.stderr)
            return 1
        out: list[Any] = []
        for period in (
            args.quarter or last_quarter(args.today),
            args.year or last_financial_year(args.today),
        ):
            timing = time_compute(period, args.runs)
            print_timing(timing, args.explain, out)
            out.append(timing.content)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"\nPeak resident size of this process: {peak:,.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
