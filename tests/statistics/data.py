"""A small register, made by hand, whose statistics for April to June 2026 (and the same
quarter of 2025) are worked out by hand in tests/statistics/test_*.py.

Every case is one `Case`: when it was received, where from and about what, and what
happened to it after. Moments are London wall-clock times: in both quarters the
clocks are on summer time, so 00:30 on 1 April is 23:30 on 31 March in UTC.

Bank holidays met on the way: Good Friday 3 April and Easter Monday 6 April 2026, 4 and 25
May 2026; 18 and 21 April, 5 and 26 May 2025. Working days are counted after the day of
receipt, up to and including the day of the step (tests/statistics/test_*.py shows each).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from oversight.workdays import LONDON

ESSEX, MET, SOUTH_WALES, UNKNOWN = "essex", "metropolitan", "south-wales", "unknown"
# An acknowledgement with nowhere to send it, shown on screen a minute after receipt.
ANONYMOUS = "anonymous"


def at(text: str) -> datetime:
    """A London wall-clock time ("2026-04-01 00:30") as the moment it names."""
    return datetime.fromisoformat(text).replace(tzinfo=LONDON)


@dataclass(frozen=True)
class Case:
    """One complaint. `moves` are status changes: (when, to status[, reason[, body]]).
    A move to decision_issued sets decision_issued_at and keeps a Decision (the findings
    on every concern are `finding`, recorded by a caseworker and signed off by a senior);
    a move to closed sets closed_at, closure_reason and referred_to (the body, for a
    referral); a review asked for after a decision is a Review of it, upheld if the case
    was investigated again; all as the casework does."""

    key: str
    received: str
    force: str = SOUTH_WALES
    technology: str = "lfr"
    channel: str = "web"
    relation: str = "passer_by"
    concerns: tuple[str, ...] = ("no_notice",)
    acknowledged: tuple[str, ...] = ()  # when each acknowledgement was sent
    moves: tuple[tuple[str | None, ...], ...] = ()
    finding: str | None = None
    paused: int = 0  # working days the decision clock stood still, waiting for a reply


NN, PE, MI, DS = "no_notice", "protest_or_event", "misidentification", "data_sharing"
INV, CLOSED, DECIDED = "investigating", "closed", "decision_issued"

# Received in April to June 2026: 33 complaints. k1-k11 are acknowledged in the quarter.
RECEIVED_2026 = (
    Case("k1", "2026-04-01 00:30", acknowledged=("2026-04-07 10:00",)),
    Case(
        "k2",
        "2026-04-02 09:00",
        acknowledged=("2026-04-07 09:00",),
        moves=(("2026-04-09 10:00", INV),),
    ),
    Case("k3", "2026-04-02 10:00", concerns=(NN, PE), acknowledged=("2026-04-09 00:30",)),
    Case(
        "k4",
        "2026-04-10 16:00",
        ESSEX,
        relation="subject",
        acknowledged=("2026-04-13 09:00",),
        moves=(("2026-04-17 10:00", INV), ("2026-06-01 10:00", CLOSED, "referred", "iopc")),
    ),
    Case(
        "k5",
        "2026-04-13 09:00",
        ESSEX,
        "rfr",
        relation="subject",
        concerns=(MI,),
        acknowledged=("2026-04-13 09:05", "2026-04-20 09:00"),
        moves=(("2026-04-20 10:00", CLOSED, "referred", "iopc"),),
    ),
    Case(
        "k6",
        "2026-04-14 09:00",
        MET,
        relation="subject",
        acknowledged=(ANONYMOUS,),
        moves=(("2026-04-16 10:00", CLOSED, "referred", "ico"),),
    ),
    Case(
        "k7",
        "2026-04-15 09:00",
        MET,
        "rfr",
        "email",
        "witness",
        (DS,),
        acknowledged=("2026-04-15 09:30",),
        moves=(("2026-04-27 10:00", CLOSED, "out_of_remit"),),
    ),
    Case(
        "k8",
        "2026-04-16 09:00",
        concerns=(NN, PE),
        acknowledged=("2026-04-21 09:00",),
        moves=(("2026-04-29 10:00", INV), ("2026-06-02 10:00", CLOSED, "referred", "iopc")),
    ),
    Case(  # closed as a duplicate, then reopened on review: open at the quarter's end
        "k9",
        "2026-04-20 09:00",
        UNKNOWN,
        "not_sure",
        "phone",
        "witness",
        acknowledged=("2026-04-24 09:00",),
        moves=(
            ("2026-05-05 10:00", CLOSED, "duplicate"),
            ("2026-05-12 10:00", "review_requested"),
            ("2026-05-13 10:00", INV),
        ),
    ),
    Case(
        "k10",
        "2026-04-30 09:00",
        acknowledged=("2026-05-08 09:00",),
        moves=(("2026-05-22 10:00", INV), ("2026-06-15 10:00", CLOSED, "referred", "iopc")),
    ),
    Case("k11", "2026-06-01 09:00", MET, relation="subject", acknowledged=("2026-06-10 09:00",)),
    Case("a12", "2026-05-01 09:00"),
    Case("a13", "2026-05-05 09:00", concerns=(NN, PE)),
    Case("a14", "2026-05-06 09:00", concerns=(NN, PE)),
    Case("a15", "2026-05-07 09:00", channel="email"),
    Case("a16", "2026-05-11 09:00", channel="phone"),
    Case("a17", "2026-06-15 09:00", concerns=(NN, PE)),
    Case("a18", "2026-06-16 09:00"),
    Case("a19", "2026-05-12 09:00", ESSEX, relation="subject"),
    Case("a20", "2026-05-13 09:00", ESSEX, relation="subject", concerns=(NN, PE)),
    Case("a21", "2026-05-14 09:00", ESSEX, channel="email", relation="subject", concerns=(PE,)),
    Case("a22", "2026-06-22 09:00", ESSEX, relation="subject"),
    Case("a23", "2026-05-18 09:00", ESSEX, "rfr", relation="subject", concerns=(MI,)),
    Case("a24", "2026-05-19 09:00", ESSEX, "rfr", "phone", "subject", (MI,)),
    Case("a25", "2026-05-20 09:00", MET, concerns=(NN, PE)),
    Case("a26", "2026-05-21 09:00", MET, concerns=(NN, PE)),
    Case("a27", "2026-06-24 09:00", MET, channel="phone"),
    Case("a28", "2026-06-26 09:00", MET, concerns=(NN, PE)),
    Case("a29", "2026-05-26 09:00", MET, "rfr", "email", "witness", (DS,)),
    Case("a30", "2026-05-27 09:00", UNKNOWN, "not_sure", "phone", "witness", (DS, PE)),
    Case("a31", "2026-05-28 09:00", UNKNOWN, "not_sure", "phone", concerns=(DS, NN)),
    Case("a32", "2026-06-29 09:00", UNKNOWN, "not_sure", concerns=(DS, PE, NN)),
    Case("a33", "2026-06-30 23:30", UNKNOWN, "not_sure", concerns=(NN, PE)),
)

# Received before April 2026, with steps taken in April to June 2026 (or open at its end).
EARLIER_2026 = (
    Case("t1", "2026-03-23 09:00", moves=(("2026-04-08 10:00", INV),)),
    Case(
        "t9",
        "2026-03-30 09:00",
        MET,
        moves=(("2026-04-17 10:00", INV), ("2026-06-03 10:00", CLOSED, "referred", "iopc")),
    ),
)


def _decided(
    key: str,
    received: str,
    decided: str,
    closed: str | None,
    finding: str,
    paused: int = 0,
) -> Case:
    """A case investigated a week after receipt, decided, and perhaps closed."""
    moves: list[tuple[str | None, ...]] = [(week_later(received), INV)]
    if paused:
        moves.append((week_later(received, 2), "awaiting_information"))
        moves.append((week_later(received, 3), INV))
    moves.append((decided, DECIDED))
    if closed:
        moves.append((closed, CLOSED, "outcome_issued"))
    return Case(key, received, moves=tuple(moves), finding=finding, paused=paused)


def week_later(moment: str, weeks: int = 1) -> str:
    day = date.fromisoformat(moment[:10])
    return f"{date.fromordinal(day.toordinal() + 7 * weeks).isoformat()} 10:00"


# Decisions issued in April to June 2026 (d1-d10), and closures with the outcome.
DECISIONS_2026 = (
    _decided("d0", "2026-01-05 09:00", "2026-03-20 10:00", "2026-04-02 10:00", "upheld"),
    _decided("d1", "2026-03-02 09:00", "2026-04-29 10:00", "2026-05-06 10:00", "upheld"),
    _decided("d2", "2026-03-02 09:00", "2026-05-07 10:00", "2026-05-12 10:00", "upheld"),
    _decided("d3", "2026-03-09 09:00", "2026-05-21 10:00", "2026-05-27 10:00", "upheld"),
    _decided("d4", "2026-02-02 09:00", "2026-04-30 10:00", "2026-05-06 10:00", "upheld"),
    _decided("d5", "2026-02-09 09:00", "2026-05-13 10:00", "2026-05-19 10:00", "not_upheld"),
    _decided("d6", "2025-12-01 09:00", "2026-06-25 10:00", "2026-07-10 10:00", "upheld"),
    _decided("d7", "2026-02-16 09:00", "2026-05-14 10:00", None, "upheld"),
    _decided("d8", "2026-02-16 09:00", "2026-05-18 10:00", None, "upheld", paused=5),
    _decided("d9", "2026-01-19 09:00", "2026-04-29 10:00", None, "not_upheld"),
    _decided("d10", "2026-02-23 09:00", "2026-05-29 10:00", None, "partly_upheld"),
    # Closed in March, reopened in July and closed again: closed all through the quarter.
    Case(
        "r1",
        "2026-03-02 09:00",
        moves=(
            ("2026-03-09 10:00", INV),
            ("2026-03-27 10:00", DECIDED),
            ("2026-03-31 10:00", CLOSED, "outcome_issued"),
            ("2026-07-06 10:00", "review_requested"),
            ("2026-07-07 10:00", INV),
            ("2026-07-20 10:00", DECIDED),
            ("2026-07-27 10:00", CLOSED, "outcome_issued"),
        ),
        finding="upheld",
    ),
)

# Received in April to June 2025: 9 complaints, each acknowledged, none yet triaged.
RECEIVED_2025 = (
    Case("c1", "2025-04-01 00:30", acknowledged=("2025-04-01 09:00",)),
    Case("c2", "2025-04-14 09:00", concerns=(NN, PE), acknowledged=("2025-04-14 10:00",)),
    Case("c3", "2025-05-06 09:00", acknowledged=("2025-05-06 10:00",)),
    Case(
        "c4",
        "2025-05-20 09:00",
        relation="subject",
        concerns=(NN, PE),
        acknowledged=("2025-05-21 10:00",),
    ),
    Case("c5", "2025-06-02 09:00", relation="subject", acknowledged=("2025-06-02 10:00",)),
    Case("c6", "2025-06-16 09:00", relation="subject", acknowledged=("2025-06-16 10:00",)),
    Case("c7", "2025-06-20 09:00", acknowledged=("2025-06-23 10:00",)),
    Case("c8", "2025-06-27 09:00", MET, acknowledged=("2025-06-27 10:00",)),
    Case("c9", "2025-06-10 09:00", MET, acknowledged=("2025-06-10 10:00",)),
)

# Steps taken in April to June 2025 on cases received before it.
EARLIER_2025 = (
    Case(  # a referral whose body was not recorded
        "p1",
        "2025-02-03 09:00",
        moves=(("2025-02-10 10:00", INV), ("2025-05-15 10:00", CLOSED, "referred")),
    ),
    _decided("p2", "2025-01-06 09:00", "2025-04-10 10:00", "2025-04-17 10:00", "upheld"),
    _decided("p3", "2025-01-13 09:00", "2025-05-08 10:00", "2025-05-14 10:00", "upheld"),
    _decided("p4", "2025-02-17 09:00", "2025-06-12 10:00", "2025-06-19 10:00", "partly_upheld"),
)

# Just outside the quarters: received 23:30 UTC on 30 June 2026 (1 July in London), and
# 22:30 UTC on 31 March 2025 (still 31 March in London), open until January 2026.
OUTSIDE = (
    Case("e1", "2026-07-01 00:30", acknowledged=("2026-07-01 09:00",)),
    Case("e3", "2025-03-31 23:30", MET, moves=(("2026-01-15 10:00", CLOSED, "withdrawn"),)),
)

CASES = RECEIVED_2026 + EARLIER_2026 + DECISIONS_2026 + RECEIVED_2025 + EARLIER_2025 + OUTSIDE

# Deployments: (force, technology, day, faces seen, alerts, true alerts, false alerts);
# "" is a figure the force did not record.
DEPLOYMENTS = (
    (SOUTH_WALES, "lfr", "2026-04-11", "10,000", "6", "4", "2"),
    (SOUTH_WALES, "lfr", "2026-05-02", "20,000", "4", "3", "1"),
    (SOUTH_WALES, "lfr", "2026-06-06", "30,000", "2", "2", "0"),
    (SOUTH_WALES, "lfr", "2026-06-20", "", "3", "", ""),
    (ESSEX, "lfr", "2026-04-25", "5,000", "2", "1", "1"),
    (ESSEX, "lfr", "2026-05-30", "15,000", "3", "2", "1"),
    (MET, "lfr", "2026-06-13", "", "", "", ""),
    (SOUTH_WALES, "oifr", "2026-05-01", "", "", "", ""),  # not live facial recognition
    (SOUTH_WALES, "lfr", "2026-07-01", "9,000", "9", "0", "9"),  # after the quarter
    (SOUTH_WALES, "lfr", "2026-03-31", "9,000", "9", "0", "9"),  # before it
    (SOUTH_WALES, "lfr", "2025-05-10", "8,000", "0", "0", "0"),
)

# The marks a published table shows in place of a figure: confidential, not available, none.
C, X, Z = "[c]", "[x]", "[z]"
