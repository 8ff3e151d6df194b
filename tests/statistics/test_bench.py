"""The statistics benchmark at a tiny scale: its generator makes the rows it reports, each
case's history hangs together, and its timing computes the release it says it timed."""

from __future__ import annotations

import importlib.util
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import ModuleType

import pytest
import sqlalchemy as sa

from oversight.auth.models import Role, User
from oversight.complaints.enums import Status, TimelineKind
from oversight.complaints.models import (
    CaseFinding,
    Complaint,
    ComplaintConcern,
    Decision,
    TimelineEntry,
)
from oversight.deployments.records.models import Deployment
from oversight.notify.models import MessageKind, OutboxMessage
from oversight.statistics import services
from oversight.statistics.compute import measures
from oversight.statistics.compute.figures import STEPS
from oversight.statistics.periods import parse_period
from tests.factories import make_complaint, make_deployment, make_user

BENCH = Path(__file__).resolve().parents[2] / "bench" / "bench_statistics.py"
TODAY = date(2026, 6, 30)
CASES, DEPLOYMENTS = 400, 60


@pytest.fixture(scope="module")
def bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_statistics", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def generated(db, bench):
    lines: list[str] = []
    made = bench.generate(
        CASES, DEPLOYMENTS, seed=7, today=TODAY, years=2, batch_size=150, report=lines.append
    )
    return made


def count(db, model, *where) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))


def test_the_generator_makes_the_rows_it_reports(db, generated):
    assert generated.rows == {
        "complaints": count(db, Complaint),
        "concerns": count(db, ComplaintConcern),
        "timeline": count(db, TimelineEntry),
        "outbox": count(db, OutboxMessage),
        "findings": count(db, CaseFinding),
        "decisions": count(db, Decision),
        "deployments": count(db, Deployment),
    }
    assert generated.rows["complaints"] == CASES
    assert generated.rows["deployments"] == DEPLOYMENTS
    assert sum(generated.statuses.values()) == CASES
    assert generated.seconds > 0


def test_generated_cases_span_two_years_with_a_realistic_mix(db, generated):
    received = list(db.session.scalars(sa.select(Complaint.received_at)))
    end = datetime.combine(TODAY, datetime.max.time(), tzinfo=UTC)
    assert all(end - timedelta(days=731) < at <= end for at in received)
    assert min(received) < end - timedelta(days=600)
    for column in (Complaint.channel, Complaint.technology, Complaint.relation):
        assert len(set(db.session.scalars(sa.select(column)))) >= 3
    forces = set(db.session.scalars(sa.select(Complaint.force_id)))
    assert None in forces and len(forces) >= 10
    concerns = db.session.execute(
        sa.select(ComplaintConcern.complaint_id, sa.func.count()).group_by(
            ComplaintConcern.complaint_id
        )
    ).all()
    assert len(concerns) == CASES
    assert {number for _, number in concerns} <= {1, 2, 3}
    statuses = set(generated.statuses)
    assert {"closed", "investigating", "decision_issued"} <= statuses
    assert generated.statuses["closed"] > CASES / 2


def test_each_generated_history_matches_its_case(db, generated):
    cases = {c.id: c for c in db.session.scalars(sa.select(Complaint))}
    seniors = {
        u.id for u in db.session.scalars(sa.select(User)) if Role.SENIOR_CASEWORKER in u.roles
    }
    moves: dict[int, list[TimelineEntry]] = {}
    for entry in db.session.scalars(
        sa.select(TimelineEntry)
        .where(TimelineEntry.kind == TimelineKind.STATUS_CHANGE)
        .order_by(TimelineEntry.complaint_id, TimelineEntry.at, TimelineEntry.id)
    ):
        moves.setdefault(entry.complaint_id, []).append(entry)
    for case in cases.values():
        history = moves.get(case.id, [])
        # Each move starts where the one before ended, and ends at the case's status.
        starts = [Status.RECEIVED, *(m.to_status for m in history)][: len(history)]
        assert [m.from_status for m in history] == starts
        assert (history[-1].to_status if history else Status.RECEIVED) is case.status
        assert all(case.received_at < m.at for m in history)
        if case.status is Status.CLOSED:
            assert history[-1].reason == case.closure_reason
            assert case.closed_at == history[-1].at
            assert (case.referred_to is not None) == (case.closure_reason == "referred")
        decided = [m for m in history if m.to_status is Status.DECISION_ISSUED]
        if decided:
            assert case.overall_outcome is not None
            assert case.decision_issued_at == decided[-1].at
            # Kept as sent, numbered; signed off by another senior than the assignee
            # and the findings' author, who recorded each finding.
            assert [(d.number, d.issued_at) for d in case.decisions] == [
                (n, m.at) for n, m in enumerate(decided, start=1)
            ]
            signers = {d.signed_off_by_id for d in case.decisions}
            assert signers <= seniors
            assert case.findings_by_id is not None
            assert not signers & {case.assignee_id, case.findings_by_id}
            assert sorted(f.concern for f in case.findings) == sorted(
                c.concern for c in case.concerns
            )
            assert {f.recorded_by_id for f in case.findings} == {case.findings_by_id}
            assert {f.finding for f in case.findings} == {case.overall_outcome}
        else:
            assert case.overall_outcome is None
            assert not case.decisions and not case.findings
    outcomes = count(db, OutboxMessage, OutboxMessage.kind == MessageKind.OUTCOME)
    assert outcomes == count(
        db, TimelineEntry, TimelineEntry.to_status == Status.DECISION_ISSUED.value
    )
    acknowledged = db.session.execute(
        sa.select(OutboxMessage.complaint_id, OutboxMessage.created_at).where(
            OutboxMessage.kind == MessageKind.ACKNOWLEDGEMENT
        )
    ).all()
    assert len(acknowledged) == len({case_id for case_id, _ in acknowledged})
    assert all(cases[case_id].received_at < at for case_id, at in acknowledged)
    # Every case but one received in its last minutes before the end of TODAY.
    assert len(acknowledged) >= CASES - 1


def test_timing_computes_the_release_it_reports(db, bench, generated):
    period = parse_period("2026-Q1")

    timing = bench.time_compute(period, runs=2, memory=True)

    assert len(timing.seconds) == len(timing.cpu_seconds) == 2
    assert all(seconds > 0 for seconds in timing.seconds)
    assert timing.peak_bytes > 0
    assert timing.content == services.compute(period)
    bounds = period.bounds()
    received = count(
        db, Complaint, Complaint.received_at >= bounds[0], Complaint.received_at < bounds[1]
    )
    assert received >= 10
    assert bench.received_total(timing.content) == received
    # Every step of both periods sent its statements, and each was timed on its own: the
    # first tables' steps, each period's further measures, and the register's first records.
    codes = (period.code, period.year_before().code)
    steps = {f"{code}: {name}" for code in codes for name in (*STEPS, bench.MEASURES_STEP)}
    assert {statement.step for statement in timing.statements} == {*steps, bench.FIRST_RECORDS}
    assert all(statement.seconds > 0 for statement in timing.statements)
    assert timing.bare_seconds == sum(statement.seconds for statement in timing.statements)
    assert any("GROUP BY" in statement.sql for statement in timing.statements)


def test_the_further_measures_queries_are_timed_apart_within_compute(db, bench, generated):
    period = parse_period("2026-Q1")

    timing = bench.time_compute(period, runs=2, memory=False)

    # The statements of the further measures are those measures.gather_one sends, and no
    # other, for each period; and they are timed within each compute run, as a part of it.
    for code, one in ((period.code, period), (period.comparison().code, period.comparison())):
        sent: list[str] = []

        def record(conn, cursor, sql, *_: object, found: list[str] = sent) -> None:
            found.append(sql)

        sa.event.listen(db.engine, "before_cursor_execute", record)
        try:
            measures.gather_one(one)
        finally:
            sa.event.remove(db.engine, "before_cursor_execute", record)
        mine = [s.sql for s in timing.measure_statements if s.step == f"{code}: further measures"]
        assert mine == sent
        assert sent and all(s.startswith(("SELECT", "WITH")) for s in sent)
    assert len(timing.measure_statements) == len(
        [s for s in timing.statements if s.step.endswith("further measures")]
    )
    assert timing.bare_measure_seconds == sum(s.seconds for s in timing.measure_statements)
    assert 0 < timing.bare_measure_seconds < timing.bare_seconds
    assert len(timing.measure_seconds) == 2
    assert all(0 < m < s for m, s in zip(timing.measure_seconds, timing.seconds, strict=True))
    assert timing.fastest == timing.seconds.index(min(timing.seconds))


def test_the_bench_counts_what_it_did_not_make_so_as_never_to_drop_it(db, bench, generated):
    assert bench.others_in(db.engine) == 0
    make_complaint()
    make_deployment()
    make_user({Role.STATISTICIAN}, email="someone@example.test")
    db.session.commit()
    assert bench.others_in(db.engine) == 3


@pytest.mark.parametrize(
    "today, quarter, year",
    [
        (date(2026, 11, 29), "2026-Q3", "FY2025-26"),
        (date(2026, 4, 1), "2026-Q1", "FY2025-26"),
        (date(2026, 3, 31), "2025-Q4", "FY2024-25"),
    ],
)
def test_the_bench_times_the_last_complete_quarter_and_financial_year(bench, today, quarter, year):
    assert bench.last_quarter(today).code == quarter
    assert bench.last_financial_year(today).code == year
