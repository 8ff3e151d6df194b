"""Time the case queue for its common filters, beside the bare SQL behind each page.

    DATABASE_URL=sqlite:////tmp/bench.db .venv/bin/python bench/queue_benchmark.py

For each filter it times queries.queue_page (the query, the ORM building the cases and
the selectin loads of force, assignee and concerns, in a fresh session each run) and
then the page's main SELECT alone, sent straight to the driver as the app sent it.
The counts above the queue (queries.queue_counts) are timed as one more line. Prints a
Markdown table; --explain also prints each main query's plan.

Then, in the same run, the desk on the staff home page (oversight.desk.services.desk_for:
every count and list it shows) for the busiest bench caseworker and for a bench senior
caseworker, beside the queue's first page and its counts (what casework.case_list asks
the database for), each as a ratio to the queue, with the statements each sends.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from oversight import create_app
from oversight.auth.models import User
from oversight.casework import queries
from oversight.casework.queries import QueueFilters
from oversight.complaints.models import Complaint
from oversight.desk import services as desk
from oversight.extensions import db
from oversight.models import utcnow
from oversight.workdays import local_date

BUSIEST = "bench-caseworker-01@bench.invalid"
SENIOR = "bench-senior-01@bench.invalid"


@dataclass
class Scenario:
    name: str
    filters: dict[str, Any] = field(default_factory=dict)
    page: int = 1


SCENARIOS = [
    Scenario("default: open cases, newest first"),
    Scenario("assigned to me", {"assignee": "mine"}),
    Scenario("unassigned", {"assignee": "unassigned"}),
    Scenario("overdue", {"overdue": True}),
    Scenario("overdue, sort by due date", {"overdue": True, "sort": "due"}),
    Scenario("one force (Essex)", {"force": "essex"}),
    Scenario("one status (investigating)", {"status": "investigating"}),
    Scenario("one status (closed)", {"status": "closed"}),
    Scenario("all cases", {"status": "all"}),
    Scenario("sort by due date", {"sort": "due"}),
    Scenario("sort by priority", {"sort": "priority"}),
    Scenario("page 20 by cursor", {}, page=20),
    Scenario("page 20 by cursor, sort by due date", {"sort": "due"}, page=20),
    Scenario(
        "technology and concern (LFR, no notice)", {"technology": "lfr", "concern": "no_notice"}
    ),
    Scenario("search words (carnival)", {"q": "carnival"}),
    Scenario("search reference of an open case (typed loosely)", {"q": "{open_reference}"}),
    Scenario(
        "search reference of a closed case, all statuses",
        {"q": "{closed_reference}", "status": "all"},
    ),
    # The queue pages the desk's counts link to (oversight/desk/queries.py).
    Scenario("desk link: assigned to me, sort by due date", {"assignee": "mine", "sort": "due"}),
    Scenario("desk link: due soon, sort by due date", {"due_soon": True, "sort": "due"}),
    Scenario("desk link: unassigned, sort by due date", {"assignee": "unassigned", "sort": "due"}),
    Scenario("desk link: awaiting sign-off, sort by due date", {"sign_off": True, "sort": "due"}),
    Scenario(
        "desk link: reviews requested, sort by due date",
        {"status": "review_requested", "sort": "due"},
    ),
]


def loosely(reference: str | None) -> str:
    """A reference as someone might type it: lower case, spaces for dashes."""
    return (reference or "").lower().replace("-", " ")


def timed(action: Callable[[], Any], runs: int) -> list[float]:
    action()  # warm up caches and the statement cache
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return times


def summary(times: list[float]) -> str:
    p95 = statistics.quantiles(times, n=20, method="inclusive")[18] if len(times) > 1 else times[0]
    return f"{statistics.median(times):8.1f} | {p95:8.1f}"


class Capture:
    """The first SELECT on complaints sent while active: the page's main query."""

    def __init__(self) -> None:
        self.statement: str | None = None
        self.parameters: Any = None

    def __call__(self, conn: Any, cursor: Any, statement: str, parameters: Any, *_: Any) -> None:
        if self.statement is None and "FROM complaints" in statement:
            self.statement, self.parameters = statement, parameters


def cursor_for(filters: QueueFilters, user_id: int, today: Any, page: int) -> str:
    after = ""
    for _ in range(page - 1):
        walked = queries.queue_page(
            QueueFilters(**{**filters.__dict__, "after": after}), user_id, today
        )
        if walked.next_cursor is None:
            break
        after = walked.next_cursor
    db.session.remove()
    return after


def explain(statement: str, parameters: Any) -> str:
    engine = db.engine
    prefix = "EXPLAIN QUERY PLAN " if engine.dialect.name == "sqlite" else "EXPLAIN ANALYZE "
    with engine.connect() as connection:
        rows = connection.exec_driver_sql(prefix + statement, parameters).all()
    if engine.dialect.name == "sqlite":
        return "\n".join(f"    {row[-1]}" for row in rows)
    return "\n".join(f"    {row[0]}" for row in rows)


def run(runs: int, show_plans: bool) -> None:
    app = create_app("development")
    with app.app_context():
        engine = db.engine
        total = db.session.scalar(sa.select(sa.func.count()).select_from(Complaint)) or 0
        user_id = db.session.scalar(sa.select(User.id).where(User.email == BUSIEST))
        if not total or user_id is None:
            sys.exit("No bench cases here: run bench/generate_cases.py on this database first.")
        references = {
            f"{label}_reference": loosely(
                db.session.scalar(
                    sa.select(Complaint.reference)
                    .where(Complaint.id >= total // 2, Complaint.status == status)
                    .order_by(Complaint.id)
                    .limit(1)
                )
            )
            for label, status in (("open", "investigating"), ("closed", "closed"))
        }
        today = local_date(utcnow())
        db.session.remove()
        print(
            f"\n{total:,} cases on {engine.dialect.name} "
            f"({engine.url.render_as_string(hide_password=True)}), {runs} runs each, times in ms\n"
        )
        print("| filter | rows | queue_page median | p95 | bare SQL median | p95 |")
        print("|---|---:|---:|---:|---:|---:|")
        plans = []
        for scenario in SCENARIOS:
            filters = {
                k: (v.format(**references) if k == "q" else v) for k, v in scenario.filters.items()
            }
            base = QueueFilters(**filters)
            after = cursor_for(base, user_id, today, scenario.page) if scenario.page > 1 else ""
            wanted = QueueFilters(**{**base.__dict__, "after": after})

            def page(wanted: QueueFilters = wanted) -> int:
                db.session.remove()
                return len(queries.queue_page(wanted, user_id, today).cases)

            capture = Capture()
            sa.event.listen(engine, "before_cursor_execute", capture)
            rows = page()
            sa.event.remove(engine, "before_cursor_execute", capture)
            app_times = timed(page, runs)
            assert capture.statement is not None

            def bare(
                statement: str = capture.statement, parameters: Any = capture.parameters
            ) -> None:
                with engine.connect() as connection:
                    connection.exec_driver_sql(statement, parameters).all()

            sql_times = timed(bare, runs)
            print(
                f"| {scenario.name} | {rows} | {summary(app_times)} | {summary(sql_times)} |",
                flush=True,
            )
            if show_plans:
                plans.append((scenario.name, explain(capture.statement, capture.parameters)))

        def counts() -> None:
            db.session.remove()
            queries.queue_counts(today)

        print(
            f"| counts above the queue (4 figures) | – | {summary(timed(counts, runs))} | – | – |"
        )
        for name, plan in plans:
            print(f"\n{name}:\n{plan}")
        desk_beside_queue(runs, today, user_id)


class Counter:
    """How many statements were sent while active."""

    def __init__(self) -> None:
        self.sent = 0

    def __call__(self, *_: Any) -> None:
        self.sent += 1


def statements_of(action: Callable[[], Any]) -> int:
    counter = Counter()
    sa.event.listen(db.engine, "before_cursor_execute", counter)
    try:
        action()
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", counter)
    return counter.sent


def desk_beside_queue(runs: int, today: Any, caseworker_id: int) -> None:
    """The desk of a caseworker and of a senior, beside the queue's first page and its
    counts, as a ratio of medians; each with a fresh session (the person loaded in it)."""
    senior_id = db.session.scalar(sa.select(User.id).where(User.email == SENIOR))
    db.session.remove()
    if senior_id is None:
        sys.exit(f"No {SENIOR} here: run bench/generate_cases.py on this database first.")

    def queue() -> None:
        db.session.remove()
        queries.queue_page(QueueFilters(), caseworker_id, today)
        queries.queue_counts(today)

    def desk_of(user_id: int) -> Callable[[], Any]:
        def shown() -> Any:
            db.session.remove()
            person = db.session.get(User, user_id)
            assert person is not None
            return desk.desk_for(person, today)

        return shown

    pages: list[tuple[str, Callable[[], Any]]] = [
        ("queue: first page and its counts (casework.case_list)", queue),
        (f"desk: caseworker ({BUSIEST.split('@')[0]})", desk_of(caseworker_id)),
        (f"desk: senior caseworker ({SENIOR.split('@')[0]})", desk_of(senior_id)),
    ]
    print("\n| page | statements | median | p95 | median beside the queue |")
    print("|---|---:|---:|---:|---:|")
    queue_median = None
    for name, action in pages:
        sent = statements_of(action)
        times = timed(action, runs)
        median = statistics.median(times)
        queue_median = queue_median or median
        print(f"| {name} | {sent} | {summary(times)} | {median / queue_median:.2f} |", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs of each (default 9)")
    parser.add_argument("--explain", action="store_true", help="print each main query's plan")
    args = parser.parse_args(argv)
    if not os.environ.get("DATABASE_URL"):
        parser.error("set DATABASE_URL to the database bench/generate_cases.py filled")
    run(args.runs, args.explain)
    return 0


if __name__ == "__main__":
    sys.exit(main())
