"""A small register, made by hand, for the further measures of a release (compute/
measures.py and compute/measure_cases.py), whose tables for April to June 2026, with April
to June 2025 beside them, are worked out by hand in tests/statistics/test_measures*.py.

Working days from Monday 2 March 2026 (Good Friday 3 April, Easter Monday 6 April and 4
and 25 May are bank holidays): 29 May is the 60th, 1 June the 61st, 2 June the 62nd, 5
June the 65th, 8 June the 66th and 12 June the 70th. From Monday 1 June: 9 June is the 6th,
10 June the 7th, 11 June the 8th, 12 June the 9th, 15 June the 10th and 22 June the 15th.
A decision is due 60 working days after receipt.

A year before (Good Friday 18 April, Easter Monday 21 April, and 5 and 26 May 2025 are bank
holidays): from Monday 3 March 2025, 30 May is the 60th working day, 2 June the 61st, 3
June the 62nd, 5 June the 64th, 9 June the 66th and 13 June the 70th. From Tuesday 1 April
2025: 9 April is the 6th, 10 April the 7th, 11 April the 8th, 14 April the 9th, 15 April
the 10th and 16 April the 11th. From Thursday 1 May 2025: 12 May is the 6th, 13 May the
7th, 15 May the 9th, 16 May the 10th and 22 May the 14th.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from oversight.complaints.enums import ForceResponse, ReviewOutcome
from oversight.complaints.models import Recommendation, Review
from oversight.extensions import db
from oversight.forces.models import Force
from oversight.statistics.compute.measures import MeasureFigures
from tests.factories import make_deployment, make_usage_return
from tests.statistics.data import DECIDED, ESSEX, INV, MET, MI, NN, PE, SOUTH_WALES, Case, at
from tests.statistics.register import add_case

KENT = "kent"  # usage returns, and no deployment
HAMPSHIRE = "hampshire"  # a deployment a year before, and nothing in 2026
UPHELD, PARTLY, NOT_UPHELD = "upheld", "partly_upheld", "not_upheld"
NOT_HELD = ReviewOutcome.NOT_UPHELD


def _decided(
    key: str,
    force: str,
    received: str,
    decided: str,
    finding: str,
    *,
    closed: bool,
    concerns: tuple[str, ...],
) -> Case:
    moves: list[tuple[str | None, ...]] = [
        (f"{received[:8]}{int(received[8:10]) + 7:02d} 10:00", INV)
    ]
    moves.append((f"{decided} 10:00", DECIDED))
    if closed:
        moves.append((f"{decided} 16:00", "closed", "outcome_issued"))
    return Case(
        key, f"{received} 09:00", force, concerns=concerns, moves=tuple(moves), finding=finding
    )


# South Wales: five received 2 March, decided late (61, 62, 65, 66 and 70 working days) and
# closed: three upheld (no notice), two not upheld (no notice, protest).
LATE = [
    _decided(
        f"s{n}",
        SOUTH_WALES,
        "2026-03-02",
        day,
        UPHELD if n <= 3 else NOT_UPHELD,
        closed=True,
        concerns=(NN,) if n <= 3 else (NN, PE),
    )
    for n, day in enumerate(
        ["2026-06-01", "2026-06-02", "2026-06-05", "2026-06-08", "2026-06-12"], start=1
    )
]
# South Wales: five received 1 June, decided on time (6, 7, 9, 10 and 15 working days), open.
ON_TIME = [
    _decided(f"w{n}", SOUTH_WALES, "2026-06-01", day, UPHELD, closed=False, concerns=(NN,))
    for n, day in enumerate(
        ["2026-06-09", "2026-06-10", "2026-06-12", "2026-06-15", "2026-06-22"], start=1
    )
]
# The Met: ten received 1 June, decided on time (6, 6, 7, 7, 8, 8, 9, 9, 10, 10 working
# days) and closed: six upheld, four partly upheld, all about misidentification.
MET_DAYS = ["09", "09", "10", "10", "11", "11", "12", "12", "15", "15"]
METS = [
    _decided(
        f"m{n}",
        MET,
        "2026-06-01",
        f"2026-06-{day}",
        UPHELD if n <= 6 else PARTLY,
        closed=True,
        concerns=(MI,),
    )
    for n, day in enumerate(MET_DAYS, start=1)
]
# Essex: two complaints received, nothing decided.
ESSEX_CASES = [Case("x1", "2026-05-11 09:00", ESSEX), Case("x2", "2026-05-12 09:00", ESSEX)]

# A year before, April to June 2025, every count 10 or more (or 0), so nothing is withheld.
# South Wales: five received 3 March 2025 (the quarter before), decided late (61, 62, 64,
# 66 and 70 working days); five received 1 May 2025, decided on time (6, 7, 9, 10 and 14):
# all closed, partly upheld, about no notice.
LATE_2025 = [
    _decided(f"t{n}", SOUTH_WALES, "2025-03-03", day, PARTLY, closed=True, concerns=(NN,))
    for n, day in enumerate(
        ["2025-06-02", "2025-06-03", "2025-06-05", "2025-06-09", "2025-06-13"], start=1
    )
]
ON_TIME_2025 = [
    _decided(f"v{n}", SOUTH_WALES, "2025-05-01", day, PARTLY, closed=True, concerns=(NN,))
    for n, day in enumerate(
        ["2025-05-12", "2025-05-13", "2025-05-15", "2025-05-16", "2025-05-22"], start=1
    )
]
# The Met: twelve received 1 April 2025, decided on time (6, 6, 7, 7, 8, 8, 9, 9, 10, 10,
# 11, 11 working days) and closed, all upheld, about misidentification.
MET_DAYS_2025 = ["09", "09", "10", "10", "11", "11", "14", "14", "15", "15", "16", "16"]
METS_2025 = [
    _decided(f"p{n}", MET, "2025-04-01", f"2025-04-{day}", UPHELD, closed=True, concerns=(MI,))
    for n, day in enumerate(MET_DAYS_2025, start=1)
]
CASES = LATE + ON_TIME + METS + ESSEX_CASES + LATE_2025 + ON_TIME_2025 + METS_2025

# Live facial recognition deployments: (force, day, watchlist, faces seen, alerts, true
# alerts, false alerts, engagements, arrests); "" is a figure not recorded.
DEPLOYMENTS = (
    (SOUTH_WALES, "2026-04-11", "1,000", "10,000", "6", "4", "2", "5", "2"),
    (SOUTH_WALES, "2026-05-02", "2,000", "20,000", "4", "3", "1", "3", "1"),
    (SOUTH_WALES, "2026-06-06", "4,000", "30,000", "2", "2", "0", "", ""),
    (SOUTH_WALES, "2026-06-20", "", "", "3", "", "", "2", "0"),
    (ESSEX, "2026-04-25", "500", "5,000", "2", "1", "1", "1", "1"),
    (ESSEX, "2026-05-30", "700", "16,000", "3", "2", "1", "2", "0"),
    (MET, "2026-06-13", "10,000", "", "", "", "", "", ""),
    (SOUTH_WALES, "2026-07-01", "50", "9,000", "9", "0", "9", "9", "9"),  # after the quarter
    (SOUTH_WALES, "2026-03-31", "50", "9,000", "9", "0", "9", "9", "9"),  # before it
    # A year before: Essex, Hampshire (no deployment in 2026) and the Met twice.
    (ESSEX, "2025-05-10", "400", "50,000", "5", "3", "2", "4", "2"),
    (HAMPSHIRE, "2025-04-15", "1,200", "20,000", "2", "2", "0", "2", "1"),
    (MET, "2025-06-14", "8,000", "100,000", "12", "9", "3", "10", "5"),
    (MET, "2025-06-21", "6,000", "30,000", "4", "3", "1", "", ""),
    (ESSEX, "2025-03-31", "50", "9,000", "9", "0", "9", "9", "9"),  # before the year before
)
# Not live facial recognition: counted nowhere here.
OTHER = (SOUTH_WALES, "2026-05-01", "9", "", "", "", "", "9", "7")

# Usage returns: (force, technology, first day, last day, searches, possible matches).
USAGE = (
    (SOUTH_WALES, "rfr", "2026-04-01", "2026-06-30", "1,420", "310"),
    (SOUTH_WALES, "oifr", "2026-04-01", "2026-06-30", "40", ""),
    (KENT, "rfr", "2026-01-01", "2026-04-30", "500", "20"),  # ends in the quarter: counted
    (KENT, "rfr", "2026-05-01", "2026-07-31", "999", "99"),  # ends after it
    ("thames-valley", "oifr", "2026-03-01", "2026-03-31", "77", "7"),  # ends before it
    # A year before: South Wales's retrospective searches, Kent's operator-initiated ones.
    (SOUTH_WALES, "rfr", "2025-04-01", "2025-06-30", "1,000", "200"),
    (KENT, "oifr", "2025-01-01", "2025-05-31", "30", "3"),
)

# Reviews of the Met's decisions: (case, asked for, decided, outcome).
REVIEWS = (
    ("m1", "2026-06-20 10:00", "2026-06-25 10:00", ReviewOutcome.UPHELD),
    ("m2", "2026-06-20 11:00", "2026-06-25 11:00", ReviewOutcome.UPHELD),
    ("m3", "2026-06-20 12:00", "2026-06-26 10:00", ReviewOutcome.NOT_UPHELD),
    ("m4", "2026-06-21 10:00", "2026-06-26 11:00", ReviewOutcome.NOT_UPHELD),
    ("m5", "2026-06-21 11:00", "2026-06-26 12:00", ReviewOutcome.NOT_UPHELD),
    ("m6", "2026-06-22 10:00", None, None),
    ("m7", "2026-06-29 10:00", "2026-07-02 10:00", ReviewOutcome.UPHELD),  # decided after
    # A year before: eleven asked for in May 2025, ten decided (not upheld) in June, one in July.
    *[
        (f"p{n}", f"2025-05-{5 + n:02d} 10:00", f"2025-06-{10 + n:02d} 10:00", NOT_HELD)
        for n in range(1, 11)
    ],
    ("p11", "2025-05-20 10:00", "2025-07-01 10:00", NOT_HELD),
)

# Recommendations: (case, force, made, response, responded).
RECOMMENDATIONS = (
    *[("s1", SOUTH_WALES, "2026-06-02 10:00", ForceResponse.ACCEPTED, "2026-06-25 10:00")] * 5,
    ("s2", SOUTH_WALES, "2026-06-03 10:00", ForceResponse.REJECTED, "2026-06-26 10:00"),
    ("s3", SOUTH_WALES, "2026-06-06 10:00", ForceResponse.ACCEPTED, "2026-07-03 10:00"),
    *[("m1", MET, "2026-06-16 10:00", ForceResponse.IMPLEMENTED, "2026-06-20 10:00")] * 6,
    ("m2", MET, "2026-03-20 10:00", ForceResponse.ACCEPTED, "2026-04-01 10:00"),  # made before
    # A year before: ten to the Met, accepted in May; twelve to South Wales in June 2025,
    # answered only in July (so not yet answered at the end of June).
    *[("p1", MET, "2025-04-20 10:00", ForceResponse.ACCEPTED, "2025-05-20 10:00")] * 10,
    *[("t1", SOUTH_WALES, "2025-06-05 10:00", ForceResponse.IMPLEMENTED, "2025-07-10 10:00")] * 12,
)


def build_register() -> None:
    """Everything above, committed."""
    by_key = {case.key: add_case(case) for case in CASES}
    for number, (force, day, watchlist, faces, alerts, true, false, met, arrests) in enumerate(
        (*DEPLOYMENTS, OTHER), start=1
    ):
        make_deployment(
            force=force,
            technology="oifr" if (force, day) == OTHER[:2] else "lfr",
            force_reference=f"M-{number}",
            deployed_on=day,
            watchlist_size=watchlist,
            faces_seen=faces,
            alerts=alerts,
            true_alerts=true,
            false_alerts=false,
            engagements=met,
            arrests=arrests,
        )
    for force, technology, first, last, searches, matches in USAGE:
        make_usage_return(
            force=force,
            technology=technology,
            period_start=first,
            period_end=last,
            searches=searches,
            possible_matches=matches,
        )
    db.session.flush()
    for key, asked, decided, outcome in REVIEWS:
        complaint = by_key[key]
        complaint.reviews.append(
            Review(
                decision=complaint.decisions[-1],
                reasons="Please look again.",
                requested_at=at(asked),
                outcome=outcome,
                decided_at=at(decided) if decided else None,
            )
        )
    for key, force, made, response, responded in RECOMMENDATIONS:
        force_id = db.session.scalar(sa.select(Force.id).where(Force.slug == force))
        db.session.add(
            Recommendation(
                complaint_id=by_key[key].id,
                force_id=force_id,
                text="Put up signs.",
                due_date=at(made).date(),
                response=response,
                responded_at=at(responded),
                created_by="test",
                created_at=at(made),
            )
        )
    db.session.commit()


def measure_figures(**found: Any) -> MeasureFigures:
    """One period's figures for the further measures: nothing but what is given."""
    empty: dict[Any, Any] = {}
    return MeasureFigures(
        **{
            "use": empty,
            "medians": empty,
            "median_all": None,
            "usage": empty,
            "concern_findings": empty,
            "outcomes": empty,
            "decision_days": empty,
            "reviews": empty,
            "recommendations": empty,
            **found,
        }
    )
