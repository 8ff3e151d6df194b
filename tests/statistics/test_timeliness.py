"""How quickly cases were dealt with, and the open caseload's age, in working days:
the tables of the release in tests/statistics/data.py worked out by hand, then each rule
on a case or two of its own.

Working days are counted after the day of receipt up to and including the day of the
step, leaving out weekends and bank holidays in England and Wales (Good Friday 3 April,
Easter Monday 6 April, 4 and 25 May 2026). Days are London days: 00:30 on 1 April in
summer time is 23:30 on 31 March in UTC, and it is 1 April that counts.
"""

from __future__ import annotations

from typing import Any

import pytest

from oversight.complaints.enums import TimelineKind
from oversight.statistics.compute.figures import gather
from oversight.statistics.compute.queries import Timeliness
from oversight.statistics.periods import parse_period
from tests.statistics.data import (
    CLOSED,
    INV,
    C,
    Case,
    Z,
)
from tests.statistics.register import (  # noqa: F401  (a fixture)
    add_case,
    by_id,
    columns,
    release_fixture,
    shown,
)

QUARTER = parse_period("2026-Q2")

# Acknowledged in the quarter (working days, due within 2):
#   k1 1 Apr 00:30 -> 7 Apr: 2 (2 Apr, then 7 Apr after Easter)   within
#   k2 2 Apr -> 7 Apr: 1 (3 Apr to 6 Apr are Easter and a weekend) within
#   k3 2 Apr -> 00:30 on 9 Apr: 3 (7, 8, 9 Apr)                   late
#   k4 Fri 10 Apr 16:00 -> Mon 13 Apr: 1                           within
#   k5 13 Apr -> 13 Apr: 0 (its second acknowledgement on 20 Apr does not count)
#   k6 14 Apr, anonymous: shown on screen at once: 0               within
#   k7 15 Apr -> 15 Apr: 0                                         within
#   k8 16 Apr -> 21 Apr: 3; k9 20 Apr -> 24 Apr: 4                 late
#   k10 30 Apr -> 8 May: 5 (4 May a bank holiday); k11 1 Jun -> 10 Jun: 7   late
# 11 cases (odd): 0 0 0 1 1 [2] 3 3 4 5 7, median 2; 6 within: 6/11 = 54.5%.
# Triage decisions in the quarter (due within 10):
#   t1 23 Mar -> 8 Apr: 10; k2 -> 9 Apr: 3; k4 -> 17 Apr: 5; k5 -> 20 Apr: 5;
#   k6 -> 16 Apr: 2; k7 -> 27 Apr: 8; k8 -> 29 Apr: 9; k9 20 Apr -> 5 May: 10 (4 May a
#   bank holiday); t9 30 Mar -> 17 Apr: 12 late; k10 30 Apr -> 22 May: 15 late.
# 10 cases (even): 2 3 5 5 [8 9] 10 10 12 15, median 8.5; 2 late, a count from 1 to 4,
# so the share within target is [c].
# Decisions issued in the quarter (due within 60, d8's due date 5 days later for the
# week it waited for the complainant):
#   d1 40, d2 45, d3 50, d7 60, d8 62 (due 65): within; d4 61, d5 64, d10 65, d9 70,
#   d6 141 (received 1 December 2025): late. Median of 10: (61 + 62) / 2 = 61.5; 5 of
#   10 within: 50%. d0 was decided in March; r1's latest decision is in July.
# A year before: c1-c9 acknowledged, 9 cases (fewer than 10: no median, no share); no
# triage decisions ([z]); p2 p3 p4 decided: 3, a count from 1 to 4.


def test_timeliness_gives_medians_and_shares_within_target(release: dict[str, Any]) -> None:
    table = by_id(release, "timeliness")
    assert columns(table) == [
        ("current_cases", "Cases, April to June 2026", "count", "current"),
        ("current_median", "Median working days, April to June 2026", "days", "current"),
        ("current_within", "Per cent within target, April to June 2026", "percent", "current"),
        ("previous_cases", "Cases, April to June 2025", "count", "previous"),
        ("previous_median", "Median working days, April to June 2025", "days", "previous"),
        ("previous_within", "Per cent within target, April to June 2025", "percent", "previous"),
    ]
    assert shown(table) == [
        ("acknowledge", "Acknowledged (target 2 working days)", 11, 2.0, 54.5, 9, C, C),
        ("triage", "Triage decision made (target 10 working days)", 10, 8.5, C, 0, Z, Z),
        ("decide", "Decision issued (target 60 working days)", 10, 61.5, 50.0, C, C, C),
    ]
    assert table["notes"] == ["N1", "N4", "N5"]
    assert table["chart"] == {"column": 1}


# Open at the end of 30 June 2026, by working days since receipt:
#   up to 10: a18 (16 Jun, 10 days), a22, a27, a28, a32, a33 (23:30 on 30 Jun, 0 days) = 6
#   11 to 60: the other 21 received in the quarter and not closed: k1 (1 Apr: 60 days,
#     not 61 as 31 Mar would give), k2 k3 k9 (reopened in May) k11 a12-a17 (a17 15 Jun: 11)
#     a19-a21 a23-a26 a29-a31; k4-k8 and k10 were closed in the quarter
#   61 to 120: t1 (67), d7 d8 (92), d9 (112), d10 (87) = 5; r1 was closed on 31 March and
#     not reopened until July: closed
#   over 120: c1-c9 (received in 2025, still open) and d6 (144; closed only on 10 July) = 10
# A year before, at 30 June 2025: c6 (10), c7 (6), c8 (1) = 3 [c]; c1 (1 Apr 2025: 60)
#   c2 c3 c4 c5 c9 = 6; e3 (23:30 on 31 Mar 2025: 61) = 1 [c]; p1-p4 were closed in the
#   quarter. Two [c] in the line already hide each other: the 6 can be shown.


def test_open_caseload_by_age_at_the_end_of_the_period(release: dict[str, Any]) -> None:
    table = by_id(release, "open_caseload_by_age")
    assert shown(table) == [
        ("up_to_10", "Up to 10 working days", 6, C),
        ("11_to_60", "11 to 60 working days", 21, 6),
        ("61_to_120", "61 to 120 working days", 5, C),
        ("over_120", "More than 120 working days", 10, C),
        ("total", "Total", 42, 10),
    ]
    assert table["notes"] == ["N1", "N5"]


@pytest.mark.parametrize(
    "received, acknowledged, expected",
    [
        # Good Friday, a weekend and Easter Monday between: 1 working day.
        ("2026-04-02 09:00", "2026-04-07 09:00", Timeliness(1, 1, 1.0)),
        # Friday afternoon to Monday morning: 1 working day.
        ("2026-04-10 16:00", "2026-04-13 09:00", Timeliness(1, 1, 1.0)),
        # 00:30 on 1 April is 1 April in London (31 March in UTC): 2 working days, on time.
        ("2026-04-01 00:30", "2026-04-07 10:00", Timeliness(1, 1, 2.0)),
        # Sent at 00:30 on 9 April (23:30 on the 8th in UTC): 3 working days, late.
        ("2026-04-02 10:00", "2026-04-09 00:30", Timeliness(1, 0, 3.0)),
    ],
)
def test_working_days_to_acknowledge_skip_weekends_and_bank_holidays(
    db: Any, received: str, acknowledged: str, expected: Timeliness
) -> None:
    add_case(Case("one", received, acknowledged=(acknowledged,)))
    db.session.commit()
    assert gather(QUARTER).timeliness["acknowledge"] == expected


def test_a_step_with_no_cases_has_no_median(db: Any) -> None:
    figures = gather(QUARTER)
    assert figures.timeliness == {
        "acknowledge": Timeliness(0, 0, None),
        "triage": Timeliness(0, 0, None),
        "decide": Timeliness(0, 0, None),
    }


def test_medians_of_an_odd_and_an_even_number_of_cases(db: Any) -> None:
    # Acknowledged after 0, 1 and 7 working days: the middle one, 1.
    for number, sent in enumerate(("2026-04-13 10:00", "2026-04-14 10:00", "2026-04-22 10:00")):
        add_case(Case(f"a{number}", "2026-04-13 09:00", acknowledged=(sent,)))
    # Triaged after 3 and 12 working days: halfway, 7.5.
    add_case(Case("t0", "2026-05-05 09:00", moves=(("2026-05-08 10:00", INV),)))
    add_case(Case("t1", "2026-05-05 09:00", moves=(("2026-05-21 10:00", CLOSED, "withdrawn"),)))
    db.session.commit()
    figures = gather(QUARTER)
    assert figures.timeliness["acknowledge"] == Timeliness(3, 2, 1.0)
    assert figures.timeliness["triage"] == Timeliness(2, 1, 7.5)
    assert figures.triage == {"investigating": 1, "withdrawn": 1}


NEW = "2026-04-01 00:30"  # 60 working days old at the end of June: "11 to 60"


@pytest.mark.parametrize(
    "case, expected",
    [
        (Case("open", NEW), {"11_to_60": 1}),
        (Case("closed", NEW, moves=(("2026-06-30 23:30", CLOSED, "withdrawn"),)), {}),
        (Case("later", NEW, moves=(("2026-07-01 00:30", CLOSED, "withdrawn"),)), {"11_to_60": 1}),
        (
            Case(
                "reopened",
                NEW,
                moves=(
                    ("2026-04-20 10:00", CLOSED, "duplicate"),
                    ("2026-05-12 10:00", "review_requested"),
                ),
            ),
            {"11_to_60": 1},
        ),
        (
            Case(
                "reopened after the end and closed again",
                NEW,
                moves=(
                    ("2026-04-20 10:00", CLOSED, "duplicate"),
                    ("2026-07-06 10:00", "review_requested"),
                    ("2026-07-20 10:00", CLOSED, "withdrawn"),
                ),
            ),
            {},
        ),
        (
            Case(
                "closed again in the period",
                NEW,
                moves=(
                    ("2026-04-20 10:00", CLOSED, "duplicate"),
                    ("2026-05-12 10:00", "review_requested"),
                    ("2026-06-01 10:00", CLOSED, "withdrawn"),
                ),
            ),
            {},
        ),
        (Case("received after the end", "2026-07-01 00:30"), {}),
        (Case("received on the last evening", "2026-06-30 23:30"), {"up_to_10": 1}),
        (Case("received the day before", "2026-03-31 23:30"), {"61_to_120": 1}),
        (Case("ten days old", "2026-06-16 09:00"), {"up_to_10": 1}),
        (Case("eleven days old", "2026-06-15 09:00"), {"11_to_60": 1}),
    ],
    ids=lambda value: value.key if isinstance(value, Case) else None,
)
def test_a_case_is_open_at_the_end_unless_closed_then(
    db: Any, case: Case, expected: dict[str, int]
) -> None:
    add_case(case)
    db.session.commit()
    assert gather(QUARTER).caseload == expected


def test_a_reopened_case_with_no_status_changes_recorded_is_judged_by_its_columns(
    db: Any,
) -> None:
    """Closed in April, reopened in May: open at the end, from closed_at and
    review_requested_at alone."""
    reopened = add_case(
        Case(
            "reopened",
            NEW,
            moves=(
                ("2026-04-20 10:00", CLOSED, "duplicate"),
                ("2026-05-12 10:00", "review_requested"),
            ),
        )
    )
    closed = add_case(Case("closed", NEW, moves=(("2026-04-20 10:00", CLOSED, "duplicate"),)))
    for complaint in (reopened, closed):
        complaint.timeline = [e for e in complaint.timeline if e.kind != TimelineKind.STATUS_CHANGE]
    db.session.commit()
    assert reopened.review_requested_at is not None and closed.review_requested_at is None
    assert gather(QUARTER).caseload == {"11_to_60": 1}
