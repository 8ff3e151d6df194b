"""`make bench-statistics` prints the time of the disclosure check beside compute's, and
the further measures' queries within compute, each as a ratio to its bare statements."""

from __future__ import annotations

import importlib.util
import sys
from types import ModuleType

import pytest

from oversight.statistics.compute import attack
from oversight.statistics.periods import parse_period
from tests.statistics.test_bench import BENCH, CASES, DEPLOYMENTS, TODAY


@pytest.fixture(name="bench", scope="module")
def bench_fixture() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_statistics", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # its dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


@pytest.fixture(name="generated")
def generated_fixture(db, bench):
    return bench.generate(
        CASES, DEPLOYMENTS, seed=7, today=TODAY, years=2, batch_size=150, report=lambda _: None
    )


def test_the_bench_times_the_disclosure_check_beside_compute(
    db,
    bench,
    generated,
    capsys,
):
    quarter = bench.time_compute(parse_period("2026-Q1"), runs=1, memory=False)
    year = bench.time_compute(parse_period("FY2025-26"), runs=1, memory=False)
    bench.print_timing(year, 0, [quarter.content])
    lines = capsys.readouterr().out.splitlines()
    at = next(i for i, line in enumerate(lines) if line.startswith("- compute: "))
    check = lines[at + 1]
    assert check.startswith("- disclosure check, against 1 release(s) before it: ")
    risks = attack.check(year.content, [quarter.content])
    assert check.endswith(f" s wall-clock ({len(risks)} cells at risk)")
    checked = float(check.split(": ")[1].split(" s ")[0])
    further = lines[at + 2]
    assert further == (
        f"- the further measures' queries (measure_queries.py, "
        f"{len(year.measure_statements)} statements), within compute: "
        f"{year.measure_seconds[0]:.2f} s wall-clock"
    )
    assert lines[at + 3].endswith(
        f"{year.bare_measure_seconds:.2f} s of them the further measures'"
    )
    ratios = lines[at + 4]
    bare, bare_further = year.bare_seconds, year.bare_measure_seconds
    whole, within = year.seconds[0], year.measure_seconds[0]
    assert ratios.startswith("- beside the bare statements (run 1): ")
    for part, value in (
        ("the further measures' queries", within / bare_further),
        ("the rest of compute", (whole - within) / (bare - bare_further)),
        ("all of compute", whole / bare),
    ):
        assert f"{part} {value:.2f} ×" in ratios, part
    # The check's ratio, from the time printed (to the hundredth) beside all bare statements.
    shown = float(ratios.split("the disclosure check ")[1].split(" ×")[0])
    assert shown == pytest.approx(checked / bare, abs=0.01 / bare + 0.01)
